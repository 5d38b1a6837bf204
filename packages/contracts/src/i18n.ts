import type { Locale } from './common';
import type { ErrorCode } from './errors';
import type { ActivityKind, ReportGroupBy } from './time';
import { communityFieldLabels, communityIssueMessages, communityNotificationTemplates } from './i18n-communities';
export * from './i18n-communities';
import { helpFieldLabels, helpIssueMessages, helpNotificationTemplates } from './i18n-help';
import { mentoringFieldLabels, mentoringIssueMessages } from './i18n-mentoring';
import { mentoringNotificationTemplates } from './i18n-mentoring-notifications';
import { attractionFieldLabels, attractionIssueMessages, attractionNotificationTemplates } from './i18n-attractions';
export * from './i18n-help';
export * from './i18n-mentoring';
export * from './i18n-mentoring-notifications';
export * from './i18n-attractions';

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
  conflict: { ja: 'この操作は完了できませんでした。', en: 'This could not be done.' },
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
  // Community words first: a label already used by another feature keeps its wording there.
  ...communityFieldLabels,
  ...helpFieldLabels,
  ...mentoringFieldLabels,
  ...attractionFieldLabels,
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
  days: { ja: '申請時間', en: 'Requested time' },
  date: { ja: '日付', en: 'Date' },
  minutes: { ja: '時間', en: 'Time' },
  purpose: { ja: '目的', en: 'Purpose' },
  activityKind: { ja: '活動の種類', en: 'Activity' },
  comment: { ja: 'コメント', en: 'Comment' },
  reason: { ja: '理由', en: 'Reason' },
  decision: { ja: '判断', en: 'Decision' },
  capPercent: { ja: '上限（%）', en: 'Cap (%)' },
  period: { ja: '期間', en: 'Period' },
  leadDays: { ja: '事前申請の日数', en: 'Days ahead' },
  maxMinutesPerDay: { ja: '1日の上限', en: 'Daily limit' },
  reminderWorkingDays: { ja: '承認待ちリマインダーの日数', en: 'Days before reminding the approver' },
  actualsReminderDays: { ja: '実績入力リマインダーの日数', en: 'Days before asking for actual hours' },
  note: { ja: '変更のメモ', en: 'Note' },
  deputyId: { ja: '代理承認者', en: 'Deputy' },
  startsOn: { ja: '開始日', en: 'Start' },
  endsOn: { ja: '終了日', en: 'End' },
  weeklyHours: { ja: '週勤務時間', en: 'Weekly hours' },
  departmentName: { ja: '所属名', en: 'Department name' },
  emergencyDuties: { ja: '災害時の役割', en: 'Emergency duties' },
  sortOrder: { ja: '表示順', en: 'Sort order' },
  active: { ja: '有効', en: 'Active' },
  role: { ja: '権限', en: 'Role' },
  introduction: { ja: '自己紹介', en: 'Introduction' },
  q: { ja: '検索語', en: 'Search' },
  // 20%ルール
  approver: { ja: '承認者', en: 'Approver' },
  status: { ja: '状態', en: 'Status' },
  firstDate: { ja: '活動日', en: 'Date' },
  managerId: { ja: '所属長', en: 'Manager' },
  from: { ja: '開始日', en: 'From' },
  to: { ja: '終了日', en: 'To' },
  ids: { ja: '申請', en: 'Requests' },
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
  date_in_past: { ja: '過去の日付は申請できません', en: 'is in the past' },
  too_late_to_file: { ja: '{leadDays}日前までに申請してください', en: 'must be filed at least {leadDays} days ahead' },
  not_positive: { ja: '0より大きい時間を入力してください', en: 'must be more than zero' },
  over_day_limit: { ja: '1日の上限（{max}）を超えています', en: 'is more than a working day allows ({max})' },
  not_quarter_hour: { ja: '15分単位で入力してください', en: 'must be in steps of 15 minutes' },
  duplicate_date: { ja: '同じ日付が重複しています', en: 'appears twice' },
  over_budget: {
    ja: '{period}の残りは{remaining}です（申請は{requested}）',
    en: 'only {remaining} left in {period} (asked for {requested})',
  },
  comment_required: { ja: '理由を入力してください', en: 'needs a reason' },
  not_deputy: { ja: '代理に指定できない職員です', en: 'cannot be named as deputy' },
  // The same texts with a value per language ({xJa} / {xEn}): the API passes both, the reader's is shown.
  over_budget_left: {
    ja: '{periodJa}の残りは{remainingJa}です（申請は{requestedJa}）',
    en: 'is over the budget: only {remainingEn} left in {periodEn} (asked for {requestedEn})',
  },
  over_day_max: { ja: '1日の上限（{maxJa}）を超えています', en: 'is more than a working day allows ({maxEn})' },
  no_approver: {
    ja: '承認する所属長が見つかりません。自治体管理者に所属長の設定を依頼してください',
    en: 'cannot be found: nobody manages your department. Ask your municipality administrator to assign a manager',
  },
  not_approver: { ja: 'この申請を判断する立場にありません', en: 'is not yours to make on this request' },
  already_decided: { ja: '既に判断済みです（{statusJa}）', en: 'has already been decided ({statusEn})' },
  wrong_status: { ja: '{statusJa}の申請にはこの操作はできません', en: 'does not allow this ({statusEn})' },
  already_started: { ja: '活動日を過ぎたため取り消せません', en: 'has come: it can no longer be cancelled or revoked' },
  approval_too_late: { ja: '活動日を過ぎた申請は承認できません（承認は事前に行います）。差し戻すか却下してください', en: 'has passed: approval must come beforehand; return or decline it instead' },
  not_yet_happened: { ja: 'まだ来ていない日の実績は入力できません', en: 'has not come yet: record actual time afterwards' },
  not_in_request: { ja: '申請にない日付です', en: 'is not a date of this request' },
  not_manager: { ja: '所属長ではありません', en: 'is not a manager' },
  before_start: { ja: '開始日より前の日付です', en: 'is before the start' },
  range_too_long: { ja: '期間は{maxDays}日以内にしてください', en: 'must be at most {maxDays} days after the start' },
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
  ...communityIssueMessages,
  ...helpIssueMessages,
  ...mentoringIssueMessages,
  ...attractionIssueMessages,
};

/** Values for `{name}` placeholders in issue texts, e.g. how much budget is left. */
export type IssueParams = Record<string, string | number>;

const fill = (text: string, params?: IssueParams) =>
  params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;

/**
 * `days.0.minutes` is labelled as `minutes`: list positions are for the form, not for the words. A
 * `scope` (the feature whose route answered, e.g. 'help') is asked first: `help.title` is 募集名 where
 * a community's `title` is タイトル.
 */
const labelOf = (field: string, lang: Locale, scope?: string) => {
  const leaf = field.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) ?? field;
  return (scope ? fieldLabels[`${scope}.${field}`]?.[lang] ?? fieldLabels[`${scope}.${leaf}`]?.[lang] : undefined)
    ?? fieldLabels[field]?.[lang] ?? fieldLabels[leaf]?.[lang] ?? field;
};

export function fieldMessage(field: string, issue: string, lang: Locale, params?: IssueParams, scope?: string): string {
  const why = fill(issueMessages[issue]?.[lang] ?? issueMessages.custom![lang], params);
  const label = labelOf(field, lang, scope);
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
  'time_request.submitted': {
    ja: (p) => ({ title: '20%ルールの申請が届きました', body: `${p.requesterName}さんから${hoursJa(p.minutes)}（${p.firstDate}〜）の申請があります。承認してください。` }),
    en: (p) => ({ title: 'A 20% time request is waiting', body: `${p.requesterName} asks for ${hoursEn(p.minutes)} (from ${p.firstDate}). Please decide.` }),
  },
  'time_request.approved': {
    ja: (p) => ({ title: '20%ルールの申請が承認されました', body: `${p.deciderName}さんが承認しました。${p.comment ? `コメント: ${p.comment}` : ''}` }),
    en: (p) => ({ title: 'Your 20% time request was approved', body: `${p.deciderName} approved it.${p.comment ? ` Comment: ${p.comment}` : ''}` }),
  },
  'time_request.declined': {
    ja: (p) => ({ title: '20%ルールの申請が却下されました', body: `${p.deciderName}さんが却下しました。${p.comment ? `理由: ${p.comment}` : ''}` }),
    en: (p) => ({ title: 'Your 20% time request was declined', body: `${p.deciderName} declined it.${p.comment ? ` Reason: ${p.comment}` : ''}` }),
  },
  'time_request.returned': {
    ja: (p) => ({ title: '20%ルールの申請が差し戻されました', body: `${p.deciderName}さんから修正の依頼があります。${p.comment ? `コメント: ${p.comment}` : ''}` }),
    en: (p) => ({ title: 'Your 20% time request was returned for changes', body: `${p.deciderName} asks for changes.${p.comment ? ` Comment: ${p.comment}` : ''}` }),
  },
  'time_request.cancelled': {
    ja: (p) => ({ title: '承認済みの申請が取り消されました', body: `${p.requesterName}さんが承認済みの20%ルールの申請を取り消しました。` }),
    en: (p) => ({ title: 'An approved request was cancelled', body: `${p.requesterName} cancelled an approved 20% time request.` }),
  },
  'time_request.withdrawn': {
    ja: (p) => ({ title: '申請が取り下げられました', body: `${p.requesterName}さんが20%ルールの申請を取り下げました。` }),
    en: (p) => ({ title: 'A request was withdrawn', body: `${p.requesterName} withdrew a 20% time request.` }),
  },
  'time_request.revoked': {
    ja: (p) => ({ title: '承認が取り消されました', body: `${p.deciderName}さんが承認を取り消しました。理由: ${p.reason}` }),
    en: (p) => ({ title: 'Your approval was revoked', body: `${p.deciderName} revoked the approval. Reason: ${p.reason}` }),
  },
  'time_request.pending_reminder': {
    ja: (p) => ({ title: '未処理の20%ルールの申請があります', body: `${p.requesterName}さんの申請が${p.workingDays}営業日以上、承認を待っています。` }),
    en: (p) => ({ title: 'A 20% time request is still waiting', body: `${p.requesterName}'s request has waited ${p.workingDays} working days or more.` }),
  },
  'time_request.actuals_reminder': {
    ja: (p) => ({ title: '実績時間を入力してください', body: `${p.firstDate}の活動の実績時間がまだ入力されていません。` }),
    en: (p) => ({ title: 'Please record your actual hours', body: `The actual hours of your activity on ${p.firstDate} are not recorded yet.` }),
  },
  ...communityNotificationTemplates,
  ...helpNotificationTemplates,
  ...mentoringNotificationTemplates,
  ...attractionNotificationTemplates,
};

function hoursJa(m: string | null | undefined) {
  const n = Number(m ?? 0);
  return n % 60 ? `${Math.floor(n / 60)}時間${n % 60}分` : `${n / 60}時間`;
}
function hoursEn(m: string | null | undefined) {
  const n = Number(m ?? 0);
  return n % 60 ? `${Math.floor(n / 60)}h ${n % 60}m` : `${n / 60}h`;
}

/** 20%ルールの活動の種類 (time_requests.activity_kind). */
export const activityKindLabels: Record<ActivityKind, Record<Locale, string>> = {
  community: { ja: 'コミュニティ活動', en: 'Community activity' },
  event: { ja: 'イベント・勉強会', en: 'Event or study session' },
  help_call: { ja: '職場応援', en: 'Call for help' },
  mentoring: { ja: 'メンター', en: 'Mentoring' },
  handover: { ja: '引継ぎ・経験共有', en: 'Handover and shared experience' },
  other: { ja: 'その他', en: 'Other' },
};

/** Words of the 20%ルール reports (年度): the CSV header, and the page's table and chart. */
export interface TimeReportLabels {
  /** The first part of the CSV file name. */
  title: string;
  groupBy: Record<ReportGroupBy, string>;
  department: string;
  name: string;
  nameKana: string;
  activity: string;
  /** April first, as in the report's months. */
  months: string[];
  quarters: string[];
  halves: string[];
  totalHours: string;
  requests: string;
  approved: string;
  declined: string;
  approvalRate: string;
  medianHoursToDecision: string;
  /** The label of the totals row. */
  total: string;
  /** The row of requests filed by someone without a department. */
  noDepartment: string;
}
export const timeReportLabels: Record<Locale, TimeReportLabels> = {
  ja: {
    title: '20%ルール',
    groupBy: { department: '所属別', person: '個人別', activity: '活動別' },
    department: '所属',
    name: '氏名',
    nameKana: 'ふりがな',
    activity: '活動の種類',
    months: ['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月'],
    quarters: ['第1四半期', '第2四半期', '第3四半期', '第4四半期'],
    halves: ['上半期', '下半期'],
    totalHours: '合計(時間)',
    requests: '申請数',
    approved: '承認',
    declined: '却下',
    approvalRate: '承認率(%)',
    medianHoursToDecision: '決定までの時間(中央値・時間)',
    total: '合計',
    noDepartment: '所属なし',
  },
  en: {
    title: '20% rule',
    groupBy: { department: 'by department', person: 'by person', activity: 'by activity' },
    department: 'Department',
    name: 'Name',
    nameKana: 'Furigana',
    activity: 'Activity',
    months: ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'],
    quarters: ['Q1 (Apr-Jun)', 'Q2 (Jul-Sep)', 'Q3 (Oct-Dec)', 'Q4 (Jan-Mar)'],
    halves: ['H1 (Apr-Sep)', 'H2 (Oct-Mar)'],
    totalHours: 'Total (hours)',
    requests: 'Requests',
    approved: 'Approved',
    declined: 'Declined',
    approvalRate: 'Approval rate (%)',
    medianHoursToDecision: 'Median hours to decision',
    total: 'Total',
    noDepartment: 'No department',
  },
};

/** 20%ルールの申請の状態. */
export const timeRequestStatusLabels: Record<string, Record<Locale, string>> = {
  draft: { ja: '下書き', en: 'draft' },
  submitted: { ja: '承認待ち', en: 'pending' },
  approved: { ja: '承認済み', en: 'approved' },
  declined: { ja: '却下', en: 'declined' },
  returned: { ja: '差し戻し', en: 'returned for changes' },
  withdrawn: { ja: '取り下げ', en: 'withdrawn' },
  cancelled: { ja: '取り消し', en: 'cancelled' },
  revoked: { ja: '承認取り消し', en: 'approval revoked' },
};

export const roleLabels: Record<string, Record<Locale, string>> = {
  staff: { ja: '職員', en: 'staff' },
  manager: { ja: '所属長', en: 'manager' },
  municipality_admin: { ja: '自治体管理者', en: 'municipality administrator' },
  regional_coordinator: { ja: '広域コーディネーター', en: 'regional coordinator' },
  attraction_reviewer: { ja: '地域の魅力の審査担当', en: 'attraction post reviewer' },
  operator: { ja: '運用者', en: 'operator' },
};

export function renderNotification(kind: string, params: Params, lang: Locale) {
  const t = notificationTemplates[kind]?.[lang];
  return t ? t(params) : { title: kind, body: '' };
}
