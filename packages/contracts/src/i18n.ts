import type { Locale } from './common';
import type { ErrorCode } from './errors';

/** Error messages, Japanese first. The API picks one by Accept-Language. */
export const errorMessages: Record<ErrorCode, Record<Locale, string>> = {
  bad_request: { ja: 'リクエストが正しくありません。', en: 'The request is not valid.' },
  validation_failed: { ja: '入力内容に誤りがあります。', en: 'Some fields are not valid.' },
  unauthorized: { ja: 'サインインしてください。', en: 'Please sign in.' },
  invalid_credentials: {
    ja: 'メールアドレスまたはパスワードが正しくありません。',
    en: 'The e-mail address or password is incorrect.',
  },
  token_expired: { ja: 'セッションの有効期限が切れました。もう一度サインインしてください。', en: 'Your session has expired. Please sign in again.' },
  forbidden: { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  not_found: { ja: '見つかりません。', en: 'Not found.' },
  conflict: { ja: '他の変更と競合しました。', en: 'This conflicts with another change.' },
  rate_limited: {
    ja: '試行回数が多すぎます。しばらく待ってからもう一度お試しください。',
    en: 'Too many attempts. Please wait a moment and try again.',
  },
  payload_too_large: { ja: '送信データが大きすぎます。', en: 'The request is too large.' },
  csv_invalid: { ja: 'CSVに誤りがあるため、取り込みませんでした。', en: 'The CSV has errors; nothing was imported.' },
  internal: { ja: 'サーバーでエラーが発生しました。', en: 'Something went wrong on the server.' },
};

/** Field names as people read them, for messages such as 「メールアドレス: 形式が正しくありません」. */
export const fieldLabels: Record<string, Record<Locale, string>> = {
  email: { ja: 'メールアドレス', en: 'E-mail' },
  password: { ja: 'パスワード', en: 'Password' },
  name: { ja: '氏名', en: 'Name' },
  nameKana: { ja: 'ふりがな', en: 'Furigana' },
  position: { ja: '職名', en: 'Position' },
  hireDate: { ja: '採用日', en: 'Hire date' },
  weeklyMinutes: { ja: '週の勤務時間', en: 'Weekly working time' },
  departmentId: { ja: '所属', en: 'Department' },
  departmentCode: { ja: '所属コード', en: 'Department code' },
  parentId: { ja: '上位組織', en: 'Parent department' },
  kind: { ja: '種別', en: 'Kind' },
  code: { ja: 'コード', en: 'Code' },
  locale: { ja: '表示言語', en: 'Language' },
  limit: { ja: '件数', en: 'Limit' },
  cursor: { ja: 'カーソル', en: 'Cursor' },
  id: { ja: 'ID', en: 'ID' },
  file: { ja: 'ファイル', en: 'File' },
};

/** Why a field failed, by zod issue code. */
export const issueMessages: Record<string, Record<Locale, string>> = {
  required: { ja: '入力してください', en: 'is required' },
  invalid_type: { ja: '形式が正しくありません', en: 'has the wrong type' },
  invalid_format: { ja: '形式が正しくありません', en: 'is not in a valid format' },
  too_small: { ja: '短すぎるか小さすぎます', en: 'is too short or too small' },
  too_big: { ja: '長すぎるか大きすぎます', en: 'is too long or too large' },
  invalid_value: { ja: '選択肢にない値です', en: 'is not one of the allowed values' },
  kana: { ja: 'ひらがなまたはカタカナで入力してください', en: 'must be written in kana' },
  duplicate: { ja: '既に使われています', en: 'is already in use' },
  unknown_department: { ja: '存在しない所属です', en: 'is not a known department' },
  custom: { ja: '値が正しくありません', en: 'is not valid' },
};

export function fieldMessage(field: string, issue: string, lang: Locale): string {
  const label = fieldLabels[field]?.[lang] ?? field;
  const why = issueMessages[issue]?.[lang] ?? issueMessages.custom![lang];
  return lang === 'ja' ? `${label}: ${why}` : `${label} ${why}`;
}

type Params = Record<string, string | null | undefined>;
/** Notification texts. Stored as kind + params; rendered in the reader's language. */
export const notificationTemplates: Record<string, Record<Locale, (p: Params) => { title: string; body: string }>> = {
  'staff.welcomed': {
    ja: () => ({ title: 'Yuiへようこそ', body: '広域圏の職員どうしで学び合い、助け合うための場所です。プロフィールを確認しましょう。' }),
    en: () => ({ title: 'Welcome to Yui', body: 'A place for staff across the region to learn from and help each other. Check your profile.' }),
  },
  'role.granted': {
    ja: (p) => ({ title: '権限が付与されました', body: `${roleLabels[p.role ?? '']?.ja ?? p.role}${p.departmentName ? `（${p.departmentName}）` : ''}の権限が付与されました。` }),
    en: (p) => ({ title: 'You have a new role', body: `You are now ${roleLabels[p.role ?? '']?.en ?? p.role}${p.departmentName ? ` (${p.departmentName})` : ''}.` }),
  },
  'notice.posted': {
    ja: (p) => ({ title: p.title ?? '', body: p.body ?? '' }),
    en: (p) => ({ title: p.title ?? '', body: p.body ?? '' }),
  },
};

export const roleLabels: Record<string, Record<Locale, string>> = {
  staff: { ja: '職員', en: 'staff' },
  manager: { ja: '所属長', en: 'manager' },
  municipality_admin: { ja: '自治体管理者', en: 'municipality administrator' },
  regional_coordinator: { ja: '広域コーディネーター', en: 'regional coordinator' },
  operator: { ja: '運用者', en: 'operator' },
};

export function renderNotification(kind: string, params: Params, lang: Locale) {
  const t = notificationTemplates[kind]?.[lang];
  return t ? t(params) : { title: kind, body: '' };
}
