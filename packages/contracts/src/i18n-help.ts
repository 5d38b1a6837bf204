import type { Locale } from './common';

/**
 * Words of 職場応援 (calls for help, talent registry, direct requests, department pages, figures)
 * shared by the API (error messages, CSV), the worker (notifications) and the web. Merged into the
 * maps of i18n.ts after the community words (a label used by both keeps the community wording).
 */

type L = Record<Locale, string>;
type Params = Record<string, string | null | undefined>;

export const helpFieldLabels: Record<string, L> = {
  summary: { ja: '募集概要', en: 'Summary' },
  headcount: { ja: '募集人数', en: 'People needed' },
  publishedOn: { ja: '掲載日', en: 'Published on' },
  deadline: { ja: '募集締切日', en: 'Deadline' },
  workStart: { ja: '活動の開始日', en: 'Work starts' },
  workEnd: { ja: '活動の終了日', en: 'Work ends' },
  hoursNote: { ja: '勤務時間の目安', en: 'Working hours' },
  minutesPerDay: { ja: '1日あたりの時間', en: 'Time per day' },
  skills: { ja: 'スキル', en: 'Skills' },
  notifySkills: { ja: '通知を受けるスキル', en: 'Skills to hear about' },
  contactId: { ja: '募集担当者', en: 'Contact person' },
  contactNote: { ja: '連絡先', en: 'How to reach them' },
  reach: { ja: '募集範囲', en: 'Open to' },
  days: { ja: '日程', en: 'Days' },
  answer: { ja: '回答', en: 'Answer' },
  minutes: { ja: '時間', en: 'Time' },
  thanks: { ja: 'ありがとうメッセージ', en: 'Thank-you message' },
  availability: { ja: '活動できる時間帯', en: 'Availability' },
  introduction: { ja: '自己紹介', en: 'Introduction' },
  emergencyDuties: { ja: '災害時の業務', en: 'Duties in an emergency' },
  photo: { ja: '写真', en: 'Photo' },
  application: { ja: '応募', en: 'Application' },
  call: { ja: '募集', en: 'Call for help' },
  talent: { ja: '人材', en: 'Talent' },
  fy: { ja: '年度', en: 'Fiscal year' },
  // Scoped (the error handler asks `<scope>.<field>` first; see fieldMessage): words other features use differently.
  'help.title': { ja: '募集名', en: 'Call' },
  'help.category': { ja: '業務カテゴリ', en: 'Category' },
  'help.status': { ja: '募集状況', en: 'Status' },
  'talent.title': { ja: '業務名', en: 'Task' },
  'talent.category': { ja: '業務カテゴリ', en: 'Category' },
  'talent.body': { ja: '依頼内容', en: 'What is asked' },
  'talent.request': { ja: '依頼', en: 'Request' },
  'talent.days': { ja: '日程', en: 'Days' },
  'help.days': { ja: '日程', en: 'Days' },
};

export const helpIssueMessages: Record<string, L> = {
  request_not_withdrawable: { ja: '{statusJa}の依頼は取り下げられません', en: 'cannot be withdrawn: it is {statusEn}' },
  call_wrong_status: { ja: '{statusJa}の募集にはこの操作はできません', en: 'does not allow this for a call that is {statusEn}' },
  application_wrong_status: { ja: '{statusJa}の応募にはこの操作はできません', en: 'does not allow this for an application that is {statusEn}' },
  call_not_open: { ja: 'この募集は受付を終了しています', en: 'is no longer taking applications' },
  deadline_passed: { ja: '募集締切日を過ぎています', en: 'has passed its deadline' },
  call_full: { ja: '募集人数に達したため、応募を締め切りました', en: 'is full: all places are taken' },
  own_call: { ja: '自分が担当する募集には応募できません', en: 'is your own call' },
  already_applied: { ja: '既に応募しています', en: 'has already been made' },
  not_applied_yet: { ja: '所属長の承認後に採否を決められます', en: 'can be decided once the applicant’s manager has approved the time' },
  headcount_below_accepted: { ja: '採用済みの人数より少なくできません', en: 'cannot be less than the people already accepted' },
  reach_narrowing: { ja: '他の市町村から応募があるため、自所属の市町村のみにはできません', en: 'cannot be narrowed: people of other towns have applied' },
  date_outside_work: { ja: '活動期間の外の日付です', en: 'is outside the dates of the work' },
  work_dates_in_use: { ja: '応募した人の日程があるため、活動期間は短くできません（延ばすことはできます）', en: 'cannot shrink: people have filed days within it (it may grow)' },
  deadline_after_work: { ja: '募集締切日は活動の終了日までにしてください', en: 'must be on or before the last day of the work' },
  before_published: { ja: '掲載日より前の日付です', en: 'is before the publication date' },
  not_in_town: { ja: '自分の市町村の職員を選んでください', en: 'must be a member of staff of your own town' },
  not_in_skills: { ja: '登録したスキルから選んでください', en: 'must be one of your skills' },
  not_talent: { ja: '人材登録していない職員です', en: 'is not registered as talent' },
  own_request: { ja: '自分には依頼できません', en: 'cannot be yourself' },
  days_required: { ja: '承諾するには日程を選んでください', en: 'are required to accept' },
  not_accepted: { ja: '採用された応募だけ記録できます', en: 'can only be recorded for accepted people' },
  not_yet_started: { ja: '活動が始まってから記録できます', en: 'can be recorded once the work has begun' },
  photo_type: { ja: 'JPEG・PNG・WebPの画像を選んでください', en: 'must be a JPEG, PNG or WebP image' },
  not_editor: { ja: 'この所属のページを編集できるのは所属長と管理者です', en: 'can be edited by its manager and the admins' },
};

export const helpCategoryLabels: Record<string, L> = {
  planning: { ja: '企画参画', en: 'Planning' },
  operations: { ja: '運営補助', en: 'Event support' },
  busy_season: { ja: '繁忙期応援', en: 'Busy-season help' },
  learning: { ja: 'まなびあい', en: 'Learning together' },
  other: { ja: 'その他', en: 'Other' },
};
export const helpCallStatusLabels: Record<string, L> = {
  open: { ja: '募集中', en: 'Open' },
  closed: { ja: '締切', en: 'Closed' },
  finished: { ja: '終了', en: 'Finished' },
  cancelled: { ja: '中止', en: 'Cancelled' },
};
export const helpReachLabels: Record<string, L> = {
  town: { ja: '自市町村のみ', en: 'Own town only' },
  region: { ja: '広域圏全体', en: 'Whole region' },
};
export const helpApplicationStatusLabels: Record<string, L> = {
  pending_time: { ja: '所属長の承認待ち', en: 'Waiting for manager' },
  applied: { ja: '応募中', en: 'Applied' },
  accepted: { ja: '採用', en: 'Accepted' },
  declined: { ja: '見送り', en: 'Not this time' },
  withdrawn: { ja: '取り下げ', en: 'Withdrawn' },
  time_declined: { ja: '所属長が承認せず', en: 'Manager declined' },
  cancelled: { ja: '募集中止', en: 'Call cancelled' },
};
export const helpDirectStatusLabels: Record<string, L> = {
  sent: { ja: '回答待ち', en: 'Awaiting answer' },
  pending_time: { ja: '所属長の承認待ち', en: 'Waiting for manager' },
  accepted: { ja: '成立', en: 'Agreed' },
  declined: { ja: '辞退', en: 'Declined' },
  time_declined: { ja: '所属長が承認せず', en: 'Manager declined' },
  withdrawn: { ja: '取り下げ', en: 'Withdrawn' },
};

/**
 * When help falls through on the poster's side (call cancelled, application declined, direct request
 * withdrawn), the worker releases the helper's 20% request in the helper's own town: a pending one is
 * withdrawn, approved time is cancelled — but only before its first day (the time rule forbids
 * cancelling from then on), so time already begun is left to the helper and their manager.
 */
const RELEASED_JA = '20%ルールの申請は自動で取り下げ（承認済みのものは取り消し）ました。すでに始まっている時間は、20%ルールの画面で所属長と調整してください。';
const RELEASED_EN = 'Your 20% request has been withdrawn (or, if approved, cancelled) automatically. Time that has already begun must be dealt with in the 20% screens with your manager.';

const releaseReasonJa: Record<string, string> = {
  call_cancelled: '応援募集が中止された', application_declined: '応募が見送られた', direct_withdrawn: '応援依頼が取り下げられた',
};
const releaseReasonEn: Record<string, string> = {
  call_cancelled: 'the call for help was cancelled', application_declined: 'the application was declined', direct_withdrawn: 'the request was withdrawn',
};

export const helpNotificationTemplates: Record<string, Record<Locale, (p: Params) => { title: string; body: string }>> = {
  'help.call_matched': {
    ja: (p) => ({ title: 'スキルに合う応援募集があります', body: `${p.townName} ${p.departmentName}「${p.title}」（${p.skills}）` }),
    en: (p) => ({ title: 'A call for help matches your skills', body: `${p.townName} ${p.departmentName}: “${p.title}” (${p.skills})` }),
  },
  'help.application_counted': {
    ja: (p) => ({ title: '応募がありました', body: `${p.applicantName}さんが「${p.title}」に応募しました（所属長の承認済み）。採否を決めてください。` }),
    en: (p) => ({ title: 'New application', body: `${p.applicantName} applied to “${p.title}” (approved by their manager). Please decide.` }),
  },
  'help.application_withdrawn': {
    ja: (p) => ({ title: '応募が取り下げられました', body: `${p.applicantName}さんが「${p.title}」への応募を取り下げました。` }),
    en: (p) => ({ title: 'Application withdrawn', body: `${p.applicantName} withdrew from “${p.title}”.` }),
  },
  'help.application_accepted': {
    ja: (p) => ({ title: '応募が採用されました', body: `「${p.title}」に採用されました。よろしくお願いします。` }),
    en: (p) => ({ title: 'You were accepted', body: `You were accepted for “${p.title}”.` }),
  },
  'help.application_declined': {
    ja: (p) => ({ title: '今回は見送りとなりました', body: `「${p.title}」は今回は見送りとなりました。${p.note ?? ''}${RELEASED_JA}` }),
    en: (p) => ({ title: 'Not this time', body: `“${p.title}” will go ahead without you this time. ${p.note ? `${p.note} ` : ''}${RELEASED_EN}` }),
  },
  'help.call_cancelled': {
    ja: (p) => ({ title: '応援募集が中止になりました', body: `「${p.title}」は中止になりました（${p.reason}）。${RELEASED_JA}` }),
    en: (p) => ({ title: 'Call for help cancelled', body: `“${p.title}” was cancelled (${p.reason}). ${RELEASED_EN}` }),
  },
  'help.call_closed': {
    ja: (p) => ({ title: '募集を締め切りました', body: `「${p.title}」の募集締切日を過ぎました。募集${p.headcount}人に対して応募${p.appliedCount}人です。` }),
    en: (p) => ({ title: 'Call closed', body: `The deadline of “${p.title}” has passed: ${p.appliedCount} applied for ${p.headcount} places.` }),
  },
  'help.thanked': {
    ja: (p) => ({ title: 'ありがとうが届きました', body: `${p.fromName}さんから「${p.title}」のお礼が届きました。プロフィールに表示されます。` }),
    en: (p) => ({ title: 'You got a thank-you', body: `${p.fromName} thanked you for “${p.title}”. It shows on your profile.` }),
  },
  'help.direct_requested': {
    ja: (p) => ({ title: 'あなたへの応援依頼が届きました', body: `${p.departmentName}の${p.fromName}さんから「${p.title}」の依頼です。` }),
    en: (p) => ({ title: 'A request for your help', body: `${p.fromName} (${p.departmentName}) asks: “${p.title}”.` }),
  },
  'help.direct_answered': {
    ja: (p) => ({
      title: p.accepted === 'true' ? '依頼が承諾されました' : '依頼が辞退されました',
      body: p.accepted === 'true'
        ? `${p.talentName}さんが「${p.title}」を承諾しました（所属長の承認待ち）。`
        : `${p.talentName}さんが「${p.title}」を辞退しました。${p.note ?? ''}`,
    }),
    en: (p) => ({
      title: p.accepted === 'true' ? 'Request accepted' : 'Request declined',
      body: p.accepted === 'true'
        ? `${p.talentName} accepted “${p.title}” (waiting for their manager).`
        : `${p.talentName} declined “${p.title}”. ${p.note ?? ''}`,
    }),
  },
  'help.direct_confirmed': {
    ja: (p) => ({ title: '依頼が成立しました', body: `${p.talentName}さんの所属長が「${p.title}」の時間を承認しました。` }),
    en: (p) => ({ title: 'Request agreed', body: `${p.talentName}'s manager approved the time for “${p.title}”.` }),
  },
  // Written by the worker (no outbox event of its own) when it releases a helper's 20% time.
  'time_request.released': {
    ja: (p) => ({
      title: '20%ルールの申請が自動で取り消されました',
      body: `${p.names}さんの「${p.title}」の申請は、${releaseReasonJa[p.reason ?? ''] ?? '職場応援の予定が変わった'}ため自動で取り消されました。`,
    }),
    en: (p) => ({
      title: 'A 20% request was withdrawn automatically',
      body: `${(p.names ?? '').replaceAll('、', ', ')}'s request for “${p.title}” was withdrawn automatically: ${releaseReasonEn[p.reason ?? ''] ?? 'the help changed'}.`,
    }),
  },
  'help.direct_fell_through': {
    ja: (p) => ({
      title: '依頼が成立しませんでした',
      body: p.reason === 'time_declined'
        ? `${p.talentName}さんの所属長が「${p.title}」の時間を承認しませんでした。`
        : `${p.talentName}さんの「${p.title}」の時間が取り下げられました。`,
    }),
    en: (p) => ({
      title: 'Request fell through',
      body: p.reason === 'time_declined'
        ? `${p.talentName}'s manager did not approve the time for “${p.title}”.`
        : `${p.talentName}'s time for “${p.title}” was withdrawn.`,
    }),
  },
  'help.direct_withdrawn': {
    ja: (p) => ({ title: '依頼が取り下げられました', body: `${p.fromName}さんが「${p.title}」の依頼を取り下げました。${RELEASED_JA}` }),
    en: (p) => ({ title: 'Request withdrawn', body: `${p.fromName} withdrew “${p.title}”. ${RELEASED_EN}` }),
  },
  'help.direct_thanked': {
    ja: (p) => ({ title: 'ありがとうが届きました', body: `${p.fromName}さんから「${p.title}」のお礼が届きました。プロフィールに表示されます。` }),
    en: (p) => ({ title: 'You got a thank-you', body: `${p.fromName} thanked you for “${p.title}”. It shows on your profile.` }),
  },
};

/** CSV headers of the figures (データ保管庫). */
export const helpReportLabels: Record<Locale, Record<string, string>> = {
  ja: {
    fiscalYear: '年度', town: '市町村', department: '依頼所属', calls: '依頼件数', headcount: '募集', applications: '応募',
    accepted: '採用', directRequests: '人材宛依頼', publishedOn: '掲載日', title: '募集名', status: '状況', total: '合計',
    month: '月', talentActive: '人材登録者数', talentNew: '年度内の新規登録', helpers: '応援した職員', hours: '応援時間',
  },
  en: {
    fiscalYear: 'Fiscal year', town: 'Town', department: 'Department', calls: 'Calls', headcount: 'Places', applications: 'Applications',
    accepted: 'Accepted', directRequests: 'Direct requests', publishedOn: 'Published', title: 'Call', status: 'Status', total: 'Total',
    month: 'Month', talentActive: 'Talent registered', talentNew: 'Registered this year', helpers: 'Helpers', hours: 'Hours helped',
  },
};
