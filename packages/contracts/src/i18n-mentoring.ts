import type { Locale } from './common';

/**
 * Words of 職員サポート制度 (mentoring) shared by the API (error messages, CSV), the worker
 * (notifications) and the web. Merged into the maps of i18n.ts after the help words; labels that
 * other features word differently are scoped: the API's mentoring routes use `config.labels:
 * 'mentoring'`, so `mentoring.title` is 「制度名」 there while communities keep 「タイトル」.
 */

type L = Record<Locale, string>;
type Params = Record<string, string | null | undefined>;

export const mentoringFieldLabels: Record<string, L> = {
  'mentoring.title': { ja: '制度名', en: 'Programme name' },
  'mentoring.kind': { ja: '種類', en: 'Kind' },
  'mentoring.scope': { ja: '対象の範囲', en: 'Scope' },
  'mentoring.fiscalYear': { ja: '年度', en: 'Fiscal year' },
  'mentoring.goals': { ja: '目標', en: 'Goals' },
  'mentoring.menteeRule': { ja: 'サポートを受ける職員', en: 'Who may be a mentee' },
  'mentoring.mentorMinYears': { ja: 'サポート職員の勤続年数（以上）', en: 'Mentors’ minimum years of service' },
  'mentoring.departmentPreference': { ja: '所属の近さ', en: 'Department distance' },
  'mentoring.startsOn': { ja: '開始日', en: 'Starts on' },
  'mentoring.endsOn': { ja: '終了日', en: 'Ends on' },
  'mentoring.nudgeAfterWeeks': { ja: '声かけまでの週数', en: 'Weeks before a nudge' },
  'mentoring.escalateAfterWeeks': { ja: '担当者への連絡までの週数', en: 'Weeks before the admins are told' },
  'mentoring.sessionMinutes': { ja: '1回あたりの時間', en: 'Minutes per session' },
  'mentoring.role': { ja: '参加の形', en: 'Taking part as' },
  'mentoring.capacity': { ja: '受け持てる人数', en: 'Mentees at once' },
  'mentoring.skills': { ja: 'スキル・関心', en: 'Skills and interests' },
  'mentoring.yearsOfService': { ja: '勤続年数', en: 'Years of service' },
  'mentoring.townPreference': { ja: '相手の市町村', en: 'Partner’s town' },
  'mentoring.note': { ja: 'ひとこと', en: 'A few words' },
  'mentoring.userIds': { ja: '職員', en: 'Staff' },
  'mentoring.menteeId': { ja: 'サポートを受ける職員', en: 'Mentee' },
  'mentoring.mentorId': { ja: 'サポート職員', en: 'Mentor' },
  'mentoring.pairs': { ja: 'ペア', en: 'Pairs' },
  'mentoring.status': { ja: '状態', en: 'Status' },
  'mentoring.heldOn': { ja: '実施日', en: 'Date' },
  'mentoring.startTime': { ja: '開始時刻', en: 'Start time' },
  'mentoring.minutes': { ja: '時間（分）', en: 'Minutes' },
  'mentoring.topic': { ja: '話したこと', en: 'Topic' },
  'mentoring.place': { ja: '場所', en: 'Place' },
  'mentoring.body': { ja: '本文', en: 'Text' },
  'mentoring.sessionId': { ja: '面談', en: 'Session' },
  'mentoring.stage': { ja: 'アンケートの時期', en: 'Survey' },
  'mentoring.satisfaction': { ja: '満足度', en: 'Satisfaction' },
  'mentoring.usefulness': { ja: '役に立った度合い', en: 'Usefulness' },
  'mentoring.comment': { ja: 'コメント', en: 'Comment' },
  'mentoring.reason': { ja: '理由', en: 'Reason' },
  'mentoring.subject': { ja: '件名', en: 'Subject' },
  'mentoring.contactIds': { ja: '相談先', en: 'Consulting' },
  'mentoring.participant': { ja: '参加登録', en: 'Entry' },
  'mentoring.mentorship': { ja: 'ペア', en: 'Pair' },
  'mentoring.programme': { ja: 'サポート制度', en: 'Programme' },
  'mentoring.session': { ja: '面談', en: 'Session' },
  'mentoring.time': { ja: '20%申請', en: '20% request' },
  'mentoring.note.body': { ja: 'メモ', en: 'Note' },
  'mentoring.fy': { ja: '年度', en: 'Fiscal year' },
  'mentoring.fileTime': { ja: '20%申請', en: '20% request' },
  'mentoring.consultation': { ja: '相談', en: 'Consultation' },
};

export const mentoringIssueMessages: Record<string, L> = {
  programme_closed: { ja: 'この制度は終了しています', en: 'has ended' },
  not_programme_admin: { ja: 'この制度を運営する管理者・コーディネーターだけができます', en: 'can only be done by the people who run this programme' },
  region_scope_coordinator: { ja: '市町村をまたぐ制度は広域コーディネーターが作成します', en: 'across towns can only be created by a regional coordinator' },
  town_scope_admin: { ja: '自分の市町村の制度は自治体管理者が作成します', en: 'for one town can only be created by its municipality admin' },
  escalate_after_nudge: { ja: '声かけまでの週数より長くしてください', en: 'must be longer than the weeks before a nudge' },
  dates_outside_year: { ja: '年度（4月1日〜翌年3月31日）の中の日付にしてください', en: 'must fall within the fiscal year (April 1 – March 31)' },
  not_eligible_mentee: { ja: 'この制度でサポートを受けられる職員の条件に当てはまりません', en: 'does not meet this programme’s rule for mentees' },
  mentor_too_junior: { ja: 'サポート職員には勤続{min}年以上が必要です', en: 'must be at least {min} years for a mentor' },
  other_town_programme: { ja: 'この制度は他の市町村の職員は参加できません', en: 'is open to the staff of its own town only' },
  already_participant: { ja: 'すでにこの制度に参加しています', en: 'is already taking part in this programme' },
  both_roles: { ja: '同じ制度でサポート職員とサポートを受ける職員を兼ねることはできません', en: 'cannot be both a mentor and a mentee in one programme' },
  not_participant: { ja: 'この制度の参加者ではありません', en: 'is not taking part in this programme' },
  not_mentor: { ja: 'サポート職員として登録されていません', en: 'is not a mentor of this programme' },
  not_mentee: { ja: 'サポートを受ける職員として登録されていません', en: 'is not a mentee of this programme' },
  already_matched: { ja: 'すでにペアが決まっています', en: 'already has a mentor' },
  no_capacity: { ja: '受け持てる人数に達しています', en: 'has no place left' },
  own_manager: { ja: '自分の所属長とはペアにできません', en: 'cannot be the mentee’s own manager' },
  same_section: { ja: '同じ係の職員とはペアにできません', en: 'cannot be in the same section as the mentee' },
  previous_mentor: { ja: '以前のペアとは組み合わせません（再マッチングの希望）', en: 'was the mentee’s previous mentor (a new match was asked for)' },
  self_match: { ja: '同じ職員どうしはペアにできません', en: 'cannot be the mentee themselves' },
  duplicate_in_list: { ja: '同じ職員が2回含まれています', en: 'lists one person twice' },
  capacity_below_pairs: { ja: '今のペアの数より少なくできません', en: 'cannot be less than the current pairs' },
  pairs_end_later: { ja: '実施中のペアの終了日（{date}）より前にはできません。先にペアを終了してください', en: 'cannot be before the end of a running pair ({date}); end that pair first' },
  pair_ended: { ja: 'このペアは終了しています', en: 'has ended' },
  not_in_pair: { ja: 'ペアの2人だけができます', en: 'can only be done by the two of the pair' },
  mentee_only: { ja: 'サポートを受ける職員だけができます', en: 'can only be done by the mentee' },
  mentor_only: { ja: 'サポート職員だけができます', en: 'can only be done by the mentor' },
  session_in_future: { ja: '実施済みの面談は今日までの日付にしてください', en: 'must be today or earlier for a session held' },
  session_in_past: { ja: '予定は今日以降の日付にしてください', en: 'must be today or later for a planned session' },
  session_wrong_status: { ja: '{statusJa}の面談にはこの操作はできません', en: 'does not allow this for a session that is {statusEn}' },
  time_already_filed: { ja: 'この面談の20%申請はすでに出しています', en: 'has already been filed for this session' },
  survey_not_due: { ja: 'アンケートはまだ回答できません（中間は期間の半分を過ぎてから）', en: 'is not open yet (the mid-point survey opens halfway through)' },
  not_contact: { ja: '相談先の候補から選んでください', en: 'must be among the people offered' },
  no_contact: { ja: '相談できる相手が見つかりません（所属長・人事担当が未設定）', en: 'has nobody to consult (no manager or HR set up)' },
  consultation_closed: { ja: 'この相談は終了しています', en: 'is closed' },
  unknown_person: { ja: '広域圏の在職中の職員ではありません', en: 'is not active staff of the region' },
  time_for_planned: { ja: '20%申請は予定の面談について出せます', en: 'can only be filed for a planned session' },
  not_pair_session: { ja: 'このペアの面談ではありません', en: 'is not a session of this pair' },
  outside_pair_period: { ja: 'ペアの期間（{startsOn}〜{endsOn}）の中の日付にしてください', en: 'must fall within the pair’s period ({startsOn} – {endsOn})' },
  time_filed_for_date: {
    ja: '20%申請が出ている面談は申請した日付のまま記録してください（別の日にするには申請を取り下げてください）',
    en: 'must stay the date a 20% request was filed for (withdraw the request to change it)',
  },
  time_filed_minutes: {
    ja: '20%申請した{minutes}分を超えて記録できません（実績は20%の画面で記録してください）',
    en: 'cannot exceed the {minutes} minutes filed as 20% time (record actual time in the 20% screens)',
  },
};

export const mentoringKindLabels: Record<string, L> = {
  new_hire: { ja: '新採用職員サポート', en: 'New hires' },
  new_chief: { ja: '新任係長サポート', en: 'New section chiefs' },
  cross_town: { ja: '広域メンタリング', en: 'Cross-town mentoring' },
  other: { ja: 'その他', en: 'Other' },
};
export const mentoringRoleLabels: Record<string, L> = {
  mentor: { ja: 'サポート職員', en: 'Mentor' },
  mentee: { ja: 'サポートを受ける職員', en: 'Mentee' },
};
export const pairHealthLabels: Record<string, L> = {
  new: { ja: '開始したばかり', en: 'Just started' },
  good: { ja: '順調', en: 'Going well' },
  quiet: { ja: '声かけ済み', en: 'Nudged' },
  stalled: { ja: '要フォロー', en: 'Needs follow-up' },
  ended: { ja: '終了', en: 'Ended' },
};
export const mentoringSessionStatusLabels: Record<string, L> = {
  planned: { ja: '予定', en: 'Planned' },
  held: { ja: '実施済み', en: 'Held' },
  cancelled: { ja: '中止', en: 'Cancelled' },
};
export const surveyStageLabels: Record<string, L> = {
  mid: { ja: '中間アンケート', en: 'Mid-point survey' },
  end: { ja: '終了時アンケート', en: 'Final survey' },
};
export const pairEndReasonLabels: Record<string, L> = {
  completed: { ja: '期間満了', en: 'Completed' },
  rematch: { ja: '再マッチングの希望', en: 'New match asked for' },
  withdrawn: { ja: '参加取りやめ', en: 'Withdrawn' },
  closed: { ja: '制度の終了', en: 'Programme closed' },
};
