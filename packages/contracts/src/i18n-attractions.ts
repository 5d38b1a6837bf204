import type { Locale } from './common';

/**
 * Words of 地域の魅力 (attraction posts) shared by the API (error messages, CSV), the worker
 * (notifications) and the web (staff pages and the public pages). Merged into the maps of i18n.ts;
 * the API's attraction routes use `config.labels: 'attractions'`, so `attractions.title` is 「タイトル」
 * and `attractions.body` 「紹介文」 there.
 */

type L = Record<Locale, string>;
type Params = Record<string, string | null | undefined>;

export const attractionCategoryLabels: Record<string, L> = {
  spot: { ja: '観光スポット', en: 'Sights' },
  event: { ja: 'イベント', en: 'Events' },
  food: { ja: 'グルメ', en: 'Food' },
  experience: { ja: '体験', en: 'Experiences' },
  product: { ja: '特産品', en: 'Local products' },
  other: { ja: 'その他', en: 'Other' },
};

export const attractionStatusLabels: Record<string, L> = {
  draft: { ja: '下書き', en: 'Draft' },
  in_review: { ja: '審査中', en: 'In review' },
  returned: { ja: '差し戻し', en: 'Returned' },
  rejected: { ja: '見送り', en: 'Rejected' },
  approved: { ja: '承認済み（共有プール）', en: 'Approved (shared pool)' },
  scheduled: { ja: '公開予約済み', en: 'Scheduled' },
  published: { ja: '公開中', en: 'Published' },
  unpublished: { ja: '公開停止', en: 'Unpublished' },
};

export const reviewActionLabels: Record<string, L> = {
  submitted: { ja: '審査に提出', en: 'Submitted for review' },
  approved: { ja: '承認', en: 'Approved' },
  returned: { ja: '差し戻し', en: 'Returned' },
  rejected: { ja: '見送り', en: 'Rejected' },
  withdrawn: { ja: '提出の取り下げ', en: 'Withdrawn' },
};

export const photoPeopleLabels: Record<string, L> = {
  none: { ja: '人物は写っていない', en: 'No people in it' },
  consented: { ja: '写っている人の同意を得ている', en: 'Everyone shown agreed' },
  not_asked: { ja: '同意を確認していない', en: 'Not asked yet' },
};

export const channelKindLabels: Record<string, L> = {
  x: { ja: 'X（旧Twitter）', en: 'X (Twitter)' },
  instagram: { ja: 'Instagram', en: 'Instagram' },
  facebook: { ja: 'Facebook', en: 'Facebook' },
  line: { ja: 'LINE', en: 'LINE' },
  other: { ja: 'その他', en: 'Other' },
};

export const publicationStatusLabels: Record<string, L> = {
  pending: { ja: '送信待ち・再試行中', en: 'Pending / retrying' },
  delivered: { ja: '配信済み', en: 'Delivered' },
  failed: { ja: '配信失敗', en: 'Failed' },
};

export const attractionFieldLabels: Record<string, L> = {
  'attractions.category': { ja: 'カテゴリ', en: 'Category' },
  'attractions.title': { ja: 'タイトル', en: 'Title' },
  'attractions.body': { ja: '紹介文', en: 'Description' },
  'attractions.placeName': { ja: '場所の名前', en: 'Place' },
  'attractions.address': { ja: '住所', en: 'Address' },
  'attractions.latitude': { ja: '緯度', en: 'Latitude' },
  'attractions.longitude': { ja: '経度', en: 'Longitude' },
  'attractions.eventStartsOn': { ja: '開催開始日', en: 'Event starts on' },
  'attractions.eventEndsOn': { ja: '開催終了日', en: 'Event ends on' },
  'attractions.eventStartTime': { ja: '開始時刻', en: 'Start time' },
  'attractions.eventEndTime': { ja: '終了時刻', en: 'End time' },
  'attractions.tags': { ja: 'タグ', en: 'Tags' },
  'attractions.linkUrl': { ja: '関連リンク', en: 'Related link' },
  'attractions.version': { ja: '版', en: 'Version' },
  'attractions.photo': { ja: '写真', en: 'Photo' },
  'attractions.photos': { ja: '写真', en: 'Photos' },
  'attractions.photographer': { ja: '撮影者', en: 'Photographer' },
  'attractions.people': { ja: '写っている人の同意', en: 'Consent of people shown' },
  'attractions.mayPublish': { ja: '公開の許諾', en: 'Permission to publish' },
  'attractions.alt': { ja: '代替テキスト', en: 'Alt text' },
  'attractions.caption': { ja: 'キャプション', en: 'Caption' },
  'attractions.keepLocation': { ja: '位置情報を残す', en: 'Keep location' },
  'attractions.decision': { ja: '審査結果', en: 'Decision' },
  'attractions.comment': { ja: 'コメント', en: 'Comment' },
  'attractions.publishAt': { ja: '公開日時', en: 'Publish at' },
  'attractions.channelIds': { ja: '配信先', en: 'Channels' },
  'attractions.socialTexts': { ja: 'SNS向け本文', en: 'Text for social media' },
  'attractions.reason': { ja: '理由', en: 'Reason' },
  'attractions.name': { ja: '配信先の名前', en: 'Channel name' },
  'attractions.kind': { ja: '種類', en: 'Kind' },
  'attractions.url': { ja: '送信先URL', en: 'Webhook URL' },
  'attractions.charLimit': { ja: '文字数の上限', en: 'Character limit' },
  'attractions.description': { ja: '説明', en: 'Description' },
  'attractions.items': { ja: '掲載する投稿', en: 'Posts' },
  'attractions.postId': { ja: '投稿', en: 'Post' },
  'attractions.note': { ja: 'ひとこと', en: 'Note' },
  'attractions.status': { ja: '状態', en: 'Status' },
  'attractions.year': { ja: '年度', en: 'Fiscal year' },
};

/** Issue texts (the API names the field; the text says what is wrong with it). */
export const attractionIssueMessages: Record<string, L> = {
  attraction_not_editable: { ja: 'この状態の投稿は編集できません（下書き・差し戻しのときだけ）', en: 'cannot be edited in this state (only drafts and returned posts)' },
  event_needs_period: { ja: 'イベントには開催日が必要です', en: 'is required for an event' },
  coords_both: { ja: '緯度と経度は両方入力してください', en: 'needs both latitude and longitude' },
  event_end_before_start: { ja: '開催開始日より後の日付にしてください', en: 'must not be before the start' },
  event_time_order: { ja: '開始時刻より後にしてください', en: 'must be after the start time' },
  photo_rights_missing: { ja: 'すべての写真の権利確認（撮影者・写っている人の同意・公開の許諾）が必要です', en: 'need the rights check of every photo (photographer, consent, permission)' },
  photo_processing: { ja: '写真の処理が終わるまでお待ちください', en: 'are still being processed' },
  photo_failed: { ja: '処理できなかった写真があります。削除してからもう一度アップロードしてください', en: 'include one that could not be processed; remove it and upload again' },
  too_many_photos: { ja: '写真は1件につき10枚までです', en: 'at most 10 per post' },
  not_image: { ja: 'JPEG・PNG・WebP の画像を選んでください', en: 'must be a JPEG, PNG or WebP image' },
  photo_too_large: { ja: '写真は10MBまでです', en: 'must be at most 10 MB' },
  review_comment_required: { ja: '差し戻し・見送りには理由を書いてください', en: 'is required when returning or rejecting' },
  own_post_review: { ja: '自分の投稿は審査できません', en: 'cannot be your own post' },
  not_reviewer: { ja: 'この市町村の審査担当者だけが審査できます', en: 'can only be given by a reviewer of this town' },
  not_in_review: { ja: '審査中の投稿ではありません', en: 'is not in review' },
  not_in_pool: { ja: '承認済みの投稿だけを選べます', en: 'must be an approved post' },
  not_coordinator: { ja: '広域コーディネーターだけができます', en: 'can only be done by a regional coordinator' },
  publish_in_past: { ja: '今より後の日時にしてください', en: 'must be in the future' },
  publish_too_far: { ja: '1年以内の日時にしてください', en: 'must be within a year' },
  over_char_limit: { ja: '{name}の上限（{limit}）を超えています（{count}）', en: 'is over {name}’s limit ({count} of {limit})' },
  unknown_channel: { ja: '配信先が見つかりません', en: 'is not a channel of this region' },
  channel_inactive: { ja: '停止中の配信先です', en: 'is a paused channel' },
  not_published: { ja: '公開中・公開予約済みの投稿ではありません', en: 'is not published or scheduled' },
  duplicate_post: { ja: '同じ投稿が2回含まれています', en: 'contains the same post twice' },
  stale_version: { ja: 'ほかの人が先に保存しました。最新の内容を確認してください', en: 'was saved by someone else meanwhile; reload and check' },
  already_published: { ja: '公開中の投稿です。予約し直すには先に公開を停止してください', en: 'is already published; unpublish it before scheduling it again' },
  not_scheduled: { ja: '公開予約済みの投稿ではありません', en: 'is not scheduled' },
  not_unpublisher: { ja: '広域コーディネーターか、この市町村の審査担当者だけが公開を停止できます', en: 'can only be unpublished by a regional coordinator or a reviewer of this town' },
};

export const attractionNotificationTemplates: Record<string, Record<Locale, (p: Params) => { title: string; body: string }>> = {
  'attraction.submitted': {
    ja: (p) => ({ title: '地域の魅力の投稿が審査に出されました', body: `${p.authorName}さんが「${p.title}」を審査に出しました。` }),
    en: (p) => ({ title: 'An attraction post is waiting for review', body: `${p.authorName} submitted “${p.title}” for review.` }),
  },
  'attraction.reviewed': {
    ja: (p) => ({
      title: p.decision === 'approved' ? '投稿が承認されました' : p.decision === 'returned' ? '投稿が差し戻されました' : '投稿は見送りになりました',
      body: `「${p.title}」を${p.reviewerName}さんが${p.decision === 'approved' ? '承認しました。広域圏の共有プールに入りました。' : p.decision === 'returned' ? '差し戻しました。' : '見送りました。'}${p.comment ? `\nコメント: ${p.comment}` : ''}`,
    }),
    en: (p) => ({
      title: p.decision === 'approved' ? 'Your post was approved' : p.decision === 'returned' ? 'Your post was returned for changes' : 'Your post was rejected',
      body: `${p.reviewerName} ${p.decision === 'approved' ? 'approved' : p.decision === 'returned' ? 'returned' : 'rejected'} “${p.title}”.${p.decision === 'approved' ? ' It is now in the region’s shared pool.' : ''}${p.comment ? `\nComment: ${p.comment}` : ''}`,
    }),
  },
  'attraction.photo_uploaded': {
    ja: () => ({ title: '写真を処理しています', body: '' }),
    en: () => ({ title: 'Processing a photo', body: '' }),
  },
  'attraction.scheduled': {
    ja: (p) => ({ title: '投稿の公開日時が決まりました', body: `「${p.title}」は${p.publishAtText ?? p.publishAt}に広域圏の公開ページで公開されます。` }),
    en: (p) => ({ title: 'Your post is scheduled', body: `“${p.title}” will be published on the region’s public page at ${p.publishAtText ?? p.publishAt}.` }),
  },
  'attraction.published': {
    ja: (p) => ({ title: '投稿が公開されました', body: `「${p.title}」が公開されました。${p.url}` }),
    en: (p) => ({ title: 'Your post is published', body: `“${p.title}” is now public. ${p.url}` }),
  },
  'attraction.unpublished': {
    ja: (p) => ({ title: '投稿の公開が停止されました', body: `「${p.title}」の公開が停止されました。${p.reason ? `\n理由: ${p.reason}` : ''}` }),
    en: (p) => ({ title: 'Your post was unpublished', body: `“${p.title}” is no longer public.${p.reason ? `\nReason: ${p.reason}` : ''}` }),
  },
};
