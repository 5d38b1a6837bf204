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
  weeklyHours: { ja: '週勤務時間', en: 'Weekly hours' },
  departmentName: { ja: '所属名', en: 'Department name' },
  emergencyDuties: { ja: '災害時の役割', en: 'Emergency duties' },
  sortOrder: { ja: '表示順', en: 'Sort order' },
  active: { ja: '有効', en: 'Active' },
  role: { ja: '権限', en: 'Role' },
  introduction: { ja: '自己紹介', en: 'Introduction' },
  q: { ja: '検索語', en: 'Search' },
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
  // 組織 (departments)
  cycle: { ja: '自分自身やその下位組織の下には移動できません', en: 'cannot be the department itself or one below it' },
  kind_order: { ja: '部 > 課 > 係 の順になるようにしてください（上位組織より下の種別に限ります）', en: 'must keep the order 部 > 課 > 係 (a department ranks below its parent)' },
  inactive_department: { ja: '廃止された所属は指定できません', en: 'is a deactivated department' },
  has_active_staff: { ja: '在籍中の職員がいるため廃止できません。先に職員の所属を変更してください', en: 'cannot be turned off while active staff belong to the department; move them first' },
  has_active_children: { ja: '有効な下位組織があるため廃止できません。先に下位組織を廃止または移動してください', en: 'cannot be turned off while active departments sit below it; deactivate or move them first' },
  // 職員 (staff) and roles
  email_unavailable: { ja: 'このメールアドレスは使用できません', en: 'cannot be used' },
  self_deactivate: { ja: '自分自身を無効にすることはできません', en: 'cannot be turned off for yourself' },
  last_admin: { ja: '自治体管理者が一人もいなくなるため外せません', en: 'cannot be removed from the last municipality administrator' },
  // CSV import
  duplicate_in_file: { ja: 'ファイル内で重複しています', en: 'appears more than once in the file' },
  unknown_column: { ja: '不明な列です（使える列: メールアドレス, 氏名, ふりがな, 職名, 採用日, 所属コード, 週勤務時間）', en: 'is not a known column (use: email, name, nameKana, position, hireDate, departmentCode, weeklyHours)' },
  missing_column: { ja: '必須の列がありません', en: 'column is missing' },
  duplicate_column: { ja: '列が重複しています', en: 'column appears twice' },
  invalid_date: { ja: '日付として読めません（例: 2024/4/1、2024-04-01）', en: 'is not a date (e.g. 2024-04-01 or 2024/4/1)' },
  invalid_hours: { ja: '1〜60時間で入力してください（例: 38:45、38.75）', en: 'must be 1 to 60 hours (e.g. 38:45 or 38.75)' },
  // Issues of a whole row or file (field = null): full sentences.
  empty_file: { ja: 'ファイルが空です。', en: 'The file is empty.' },
  no_rows: { ja: '見出し行の下にデータがありません。', en: 'There are no rows below the header.' },
  too_many_rows: { ja: '一度に取り込めるのは10,000行までです。', en: 'At most 10,000 rows can be imported at once.' },
  too_many_cells: { ja: '見出し行より多くの列があります。', en: 'This row has more cells than the header.' },
  unclosed_quote: { ja: '引用符（"）が閉じられていません。', en: 'A quote (") is not closed.' },
  not_csv: { ja: 'CSVファイルとして読めません。', en: 'The file cannot be read as CSV.' },
  xlsx: {
    ja: 'Excelブック（.xlsx）は取り込めません。Excelで「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」で保存したファイルを選んでください。',
    en: 'An Excel workbook (.xlsx) cannot be imported. In Excel, use Save As → "CSV UTF-8 (Comma delimited)" and upload that file.',
  },
};

export function fieldMessage(field: string, issue: string, lang: Locale): string {
  const label = fieldLabels[field]?.[lang] ?? field;
  const why = issueMessages[issue]?.[lang] ?? issueMessages.custom![lang];
  return lang === 'ja' ? `${label}: ${why}` : `${label} ${why}`;
}

/** A message for one problem; `field` null means the whole row or file (issue texts are then full sentences). */
export function issueMessage(field: string | null, issue: string, lang: Locale): string {
  return field ? fieldMessage(field, issue, lang) : (issueMessages[issue]?.[lang] ?? issueMessages.custom![lang]);
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
