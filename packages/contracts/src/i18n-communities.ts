import type { Locale } from './common';

/**
 * Words of 目的別コミュニティ shared by the API (error messages, CSV), the worker (notifications,
 * digest mail) and the web. Merged into the maps of i18n.ts. Keep Japanese first.
 */

type L = Record<Locale, string>;
type Params = Record<string, string | null | undefined>;

export const communityFieldLabels: Record<string, L> = {
  name: { ja: '名前', en: 'Name' },
  category: { ja: '目的', en: 'Purpose' },
  description: { ja: '説明', en: 'Description' },
  visibility: { ja: '公開範囲', en: 'Visibility' },
  managerIds: { ja: '管理者', en: 'Managers' },
  userIds: { ja: '職員', en: 'People' },
  userId: { ja: '職員', en: 'Person' },
  message: { ja: 'メッセージ', en: 'Message' },
  notify: { ja: '通知', en: 'Notifications' },
  kind: { ja: '種類', en: 'Kind' },
  title: { ja: 'タイトル', en: 'Title' },
  body: { ja: '本文', en: 'Text' },
  challenge: { ja: '課題感', en: 'The problem' },
  solution: { ja: 'どうやって解決したか', en: 'How it was solved' },
  anonymous: { ja: '名前を管理者にだけ表示', en: 'Show my name to managers only' },
  attachmentIds: { ja: '添付ファイル', en: 'Attachments' },
  materialIds: { ja: '資料', en: 'Materials' },
  materialsNote: { ja: '資料のメモ', en: 'Notes on the materials' },
  file: { ja: 'ファイル', en: 'File' },
  reason: { ja: '理由', en: 'Reason' },
  commentId: { ja: '回答', en: 'Answer' },
  parentId: { ja: '返信先', en: 'Reply to' },
  startsAt: { ja: '開始日時', en: 'Starts' },
  endsAt: { ja: '終了日時', en: 'Ends' },
  place: { ja: '場所', en: 'Place' },
  onlineUrl: { ja: 'オンラインのURL', en: 'Online link' },
  capacity: { ja: '定員', en: 'Capacity' },
  format: { ja: '開催形式', en: 'Format' },
  purpose: { ja: '目的', en: 'Purpose' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  tag: { ja: 'タグ', en: 'Tag' },
  note: { ja: 'ひとこと', en: 'Note' },
  communityId: { ja: 'コミュニティ', en: 'Community' }, // communities
  event: { ja: 'イベント', en: 'Event' }, // events
  fileTimeRequest: { ja: '20%ルールの申請', en: '20% time request' }, // events
  pinned: { ja: 'ピン留め', en: 'Pinned' }, // posts
  unanswered: { ja: '未解決のみ', en: 'Unanswered only' }, // posts
  type: { ja: '検索対象', en: 'Search in' }, // posts
  postId: { ja: '投稿', en: 'Post' }, // posts
};

export const communityIssueMessages: Record<string, L> = {
  title_required: { ja: 'この種類の投稿にはタイトルが必要です', en: 'is required for this kind of post' },
  challenge_required: { ja: 'お悩み・事例の共有には課題感を書いてください', en: 'is required on the share board' },
  solution_required: { ja: '事例共有には解決した方法を書いてください', en: 'is required for a shared case' },
  anonymous_question_only: { ja: '名前を伏せられるのは相談（質問）だけです', en: 'is only possible for questions' },
  not_in_region: { ja: '広域圏の職員ではありません', en: 'is not a member of staff in this region' },
  not_a_member: { ja: 'このコミュニティのメンバーではありません', en: 'is not a member of this community' },
  already_member: { ja: '既にメンバーです', en: 'is already a member' },
  archived: { ja: 'アーカイブされたコミュニティです', en: 'belongs to an archived community' },
  last_manager: { ja: '管理者が1人もいなくなります', en: 'would leave the community without a manager' },
  not_a_question: { ja: '質問ではない投稿です', en: 'is not a question' },
  not_a_comment_of_post: { ja: 'この投稿のコメントではありません', en: 'is not a comment on this post' },
  not_an_idea: { ja: 'アイデア募集の投稿ではありません', en: 'is not an idea' },
  unknown_file: { ja: 'ファイルが見つかりません', en: 'is not a known file' },
  file_too_large: { ja: 'ファイルが大きすぎます（上限 {max}）', en: 'is too large (limit {max})' },
  file_empty: { ja: 'ファイルが空です', en: 'is empty' },
  ends_before_start: { ja: '開始より後にしてください', en: 'must be after the start' },
  event_ended: { ja: '終了したイベントです', en: 'has already ended' },
  event_cancelled: { ja: '中止されたイベントです', en: 'has been cancelled' },
  capacity_below_registered: { ja: '登録済みの人数（{registered}人）より少なくはできません', en: 'cannot be below the {registered} people already registered' },
  online_url_required: { ja: 'オンライン開催にはURLが必要です', en: 'is required for an online event' },
  place_required: { ja: '会場での開催には場所が必要です', en: 'is required for an event in person' },
  nothing_in_working_hours: { ja: '勤務時間内の時間がありません', en: 'has no time in working hours' },
  deleted: { ja: '削除された投稿です', en: 'has been deleted' },
  not_registered: { ja: 'このイベントに参加登録していません', en: 'is not registered for this event' }, // events
  advice_board_only: { ja: 'アドバイスはお悩み・事例の共有にだけ付けられます', en: 'is only possible on shared problems and cases' }, // posts
  invite_not_member: { ja: '招待制にできるのは、このコミュニティのメンバーか作成者のコーディネーターだけです（招待制にすると、メンバー以外には見えなくなります）', en: 'can be set to invite-only only by a coordinator who is a member or created it (non-members no longer see it)' }, // communities
  hidden: { ja: '非表示の投稿です', en: 'has been hidden' }, // posts
};

export const communityCategoryLabels: Record<string, L> = {
  learning: { ja: '学び合い', en: 'Learning together' },
  sharing: { ja: '経験の共有', en: 'Sharing experience' },
  consultation: { ja: '相談', en: 'Consultation' },
  work_life: { ja: 'ワークライフバランス', en: 'Work–life balance' },
  local: { ja: '地元理解・魅力発信', en: 'Knowing and promoting the area' },
  workplace: { ja: '職場応援', en: 'Workplace support' },
  other: { ja: 'その他', en: 'Other' },
};
export const communityVisibilityLabels: Record<string, L> = {
  open: { ja: '広域圏に公開（誰でも参加）', en: 'Open to the region' },
  approval: { ja: '承認制（参加申請）', en: 'Join on approval' },
  invite: { ja: '招待制（メンバー以外には非表示）', en: 'Invite only (hidden from non-members)' },
};
export const postKindLabels: Record<string, L> = {
  post: { ja: '投稿', en: 'Post' },
  question: { ja: '相談・質問', en: 'Question' },
  worry: { ja: 'お悩み共有', en: 'Shared problem' },
  case: { ja: '事例共有', en: 'Shared case' },
  idea: { ja: 'アイデア募集', en: 'Looking for people' },
};
export const eventKindLabels: Record<string, L> = {
  workshop: { ja: 'ワークショップ', en: 'Workshop' },
  study: { ja: '勉強会（まなびあい+）', en: 'Study session' },
  consultation: { ja: '相談会', en: 'Consultation meetup' },
  first_meeting: { ja: 'キックオフ', en: 'First meeting' },
  other: { ja: 'その他', en: 'Other' },
};
export const eventFormatLabels: Record<string, L> = {
  offline: { ja: '会場', en: 'In person' },
  online: { ja: 'オンライン', en: 'Online' },
  hybrid: { ja: '会場＋オンライン', en: 'In person and online' },
};
export const notifySettingLabels: Record<string, L> = {
  all: { ja: 'すべて通知', en: 'Every post' },
  digest: { ja: '1日1回まとめて', en: 'Daily digest' },
  mute: { ja: '通知しない', en: 'Muted' },
};

/** 2026-05-01T10:00:00+09:00 → 5/1 10:00 / 1 May, 10:00 (Japan time). */
function when(iso: string | null | undefined, lang: Locale): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo', month: lang === 'ja' ? 'numeric' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(d);
}
const who = (name: string | null | undefined, lang: Locale) => name ?? (lang === 'ja' ? '匿名の職員' : 'Someone');

export const communityNotificationTemplates: Record<string, Record<Locale, (p: Params) => { title: string; body: string }>> = {
  'community.post_created': {
    ja: (p) => ({ title: `${p.communityName}に新しい投稿`, body: `${who(p.authorName, 'ja')}さん: ${p.title ?? postKindLabels[p.kind ?? 'post']?.ja ?? ''}` }),
    en: (p) => ({ title: `New post in ${p.communityName}`, body: `${who(p.authorName, 'en')}: ${p.title ?? postKindLabels[p.kind ?? 'post']?.en ?? ''}` }),
  },
  'community.mentioned': {
    ja: (p) => ({ title: 'メンションされました', body: `${who(p.authorName, 'ja')}さんが${p.communityName}であなたをメンションしました。` }),
    en: (p) => ({ title: 'You were mentioned', body: `${who(p.authorName, 'en')} mentioned you in ${p.communityName}.` }),
  },
  'community.replied': {
    ja: (p) => ({ title: '返信がありました', body: `${who(p.authorName, 'ja')}さんが${p.communityName}で返信しました。` }),
    en: (p) => ({ title: 'New reply', body: `${who(p.authorName, 'en')} replied in ${p.communityName}.` }),
  },
  'community.answer_accepted': {
    ja: (p) => ({ title: 'あなたの回答が解決に選ばれました', body: `${p.communityName}の相談で、あなたの回答が「解決した回答」に選ばれました。` }),
    en: (p) => ({ title: 'Your answer solved a question', body: `Your answer in ${p.communityName} was marked as the one that solved it.` }),
  },
  'community.join_requested': {
    ja: (p) => ({ title: '参加申請があります', body: `${p.requesterName}さんが${p.communityName}への参加を申請しました。` }),
    en: (p) => ({ title: 'Request to join', body: `${p.requesterName} asked to join ${p.communityName}.` }),
  },
  'community.join_approved': {
    ja: (p) => ({ title: '参加が承認されました', body: `${p.communityName}に参加しました。` }),
    en: (p) => ({ title: 'You have joined', body: `You are now a member of ${p.communityName}.` }),
  },
  'community.invited': {
    ja: (p) => ({ title: 'コミュニティに招待されました', body: `${p.inviterName}さんが${p.communityName}に招待しています。` }),
    en: (p) => ({ title: 'You are invited', body: `${p.inviterName} invited you to ${p.communityName}.` }),
  },
  'community.reported': {
    ja: (p) => ({ title: '通報がありました', body: `${p.communityName}の投稿が通報されました。内容を確認してください。` }),
    en: (p) => ({ title: 'A post was reported', body: `A post in ${p.communityName} was reported. Please review it.` }),
  },
  'community.interested': {
    ja: (p) => ({ title: '「興味あり」が届きました', body: `${p.personName}さんがあなたのアイデアに興味を持っています（${p.communityName}）。` }),
    en: (p) => ({ title: 'Someone is interested', body: `${p.personName} is interested in your idea (${p.communityName}).` }),
  },
  'community.event_created': {
    ja: (p) => ({ title: `イベントのお知らせ: ${p.title}`, body: `${p.communityName}で${when(p.startsAt, 'ja')}から開催します。` }),
    en: (p) => ({ title: `New event: ${p.title}`, body: `${p.communityName}, ${when(p.startsAt, 'en')}.` }),
  },
  'community.event_promoted': {
    ja: (p) => ({ title: 'キャンセル待ちから参加が確定しました', body: `「${p.title}」（${when(p.startsAt, 'ja')}）に参加できます。` }),
    en: (p) => ({ title: 'You have a place', body: `A place opened up: you are now registered for "${p.title}" (${when(p.startsAt, 'en')}).` }),
  },
  'community.event_reminder': {
    ja: (p) => ({ title: `明日のイベント: ${p.title}`, body: `${when(p.startsAt, 'ja')}から（${p.communityName}）。` }),
    en: (p) => ({ title: `Tomorrow: ${p.title}`, body: `${when(p.startsAt, 'en')} (${p.communityName}).` }),
  },
  'community.event_cancelled': {
    ja: (p) => ({ title: `イベントが中止になりました: ${p.title}`, body: `${when(p.startsAt, 'ja')}の予定は中止です（${p.communityName}）。` }),
    en: (p) => ({ title: `Cancelled: ${p.title}`, body: `The event on ${when(p.startsAt, 'en')} is cancelled (${p.communityName}).` }),
  },
};

/** Words of the coordinators' figures CSV (年度). */
export const communityFigureLabels: Record<Locale, Record<string, string>> = {
  ja: {
    month: '月', posts: '投稿数', questions: '相談数', answered: '解決数', medianHoursToAnswer: '解決までの時間（中央値・時間）',
    events: 'イベント数', registered: '参加登録', attended: '出席', town: '市町村', members: 'メンバー数', total: '合計',
    title: 'コミュニティ集計', // communities: CSV file name
  },
  en: {
    month: 'Month', posts: 'Posts', questions: 'Questions', answered: 'Answered', medianHoursToAnswer: 'Median hours to answer',
    events: 'Events', registered: 'Registered', attended: 'Attended', town: 'Town', members: 'Members', total: 'Total',
    title: 'Community figures', // communities: CSV file name
  },
};

// ---------- the daily digest mail (worker: community.digest) ----------

/** '2026-05-01' → 5月1日 / 1 May. */
function digestDay(date: string, lang: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'UTC', month: lang === 'ja' ? 'long' : 'short', day: 'numeric' })
    .format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export interface CommunityDigestWords {
  subject: (count: number, date: string) => string;
  intro: (count: number) => string;
  /** Shown instead of the name of someone who asked with their name hidden. */
  anonymous: string;
  /** A post without a title or text (attachments only). */
  untitled: string;
  more: (count: number) => string;
  settings: string;
}
export const communityDigestWords: Record<Locale, CommunityDigestWords> = {
  ja: {
    subject: (n, date) => `コミュニティの新着投稿 ${n}件（${digestDay(date, 'ja')}）`,
    intro: (n) => `参加しているコミュニティに、新しい投稿が${n}件あります。`,
    anonymous: '匿名',
    untitled: '（本文なし）',
    more: (n) => `ほかに${n}件あります。Yuiでご覧ください。`,
    settings: '通知の受け取り方（すべて通知・1日1回まとめて・通知しない）は、コミュニティごとに変えられます',
  },
  en: {
    subject: (n, date) => `${n} new ${n === 1 ? 'post' : 'posts'} in your communities (${digestDay(date, 'en')})`,
    intro: (n) => `There ${n === 1 ? 'is 1 new post' : `are ${n} new posts`} in the communities you belong to.`,
    anonymous: 'Anonymous',
    untitled: '(no text)',
    more: (n) => `${n} more in Yui.`,
    settings: 'How you hear from each community (every post, daily digest, muted) can be changed on its page',
  },
};
