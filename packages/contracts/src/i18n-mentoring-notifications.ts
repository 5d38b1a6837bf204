import type { Locale } from './common';
import { pairEndReasonLabels, surveyStageLabels } from './i18n-mentoring';

/** Notifications of 職員サポート制度 (rendered per reader; events in events.ts, deliveries in the worker). */

type Params = Record<string, string | null | undefined>;

/** A session day ('YYYY-MM-DD', a Japan date) as people write it: 5月12日（火） / Tue 12 May; anything else as given. */
function day(iso: string | null | undefined, lang: Locale): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? '';
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'ja') return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${'日月火水木金土'[d.getUTCDay()]}）`;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(d);
}

/** Why a planned session is off: cancelled by one of the pair, or the pair ended (its reason). */
function cancelWhyJa(reason: string | null | undefined): string {
  if (reason === 'cancelled') return 'ペアの相手が中止した';
  return `ペアが終了した（${pairEndReasonLabels[reason ?? '']?.ja ?? reason}）`;
}
function cancelWhyEn(reason: string | null | undefined): string {
  if (reason === 'cancelled') return 'it was cancelled by the other of the pair';
  return `the pair has ended (${(pairEndReasonLabels[reason ?? '']?.en ?? reason ?? '').toLowerCase()})`;
}

export const mentoringNotificationTemplates: Record<string, Record<Locale, (p: Params) => { title: string; body: string }>> = {
  'mentoring.matched': {
    ja: (p) => ({ title: 'サポートのペアが決まりました', body: `「${p.programmeTitle}」で${p.mentorName}さん（サポート職員）と${p.menteeName}さんのペアが決まりました。最初の面談の予定を立てましょう。` }),
    en: (p) => ({ title: 'Your mentoring pair is set', body: `In “${p.programmeTitle}”, ${p.mentorName} (mentor) and ${p.menteeName} are now a pair. Plan your first session.` }),
  },
  'mentoring.session_planned': {
    ja: (p) => ({ title: '次回の面談が予定されました', body: `${p.byName}さんが${day(p.heldOn, 'ja')}${p.startTime ? ` ${p.startTime}` : ''}に面談を予定しました（${p.programmeTitle}）。` }),
    en: (p) => ({ title: 'Next session planned', body: `${p.byName} planned a session on ${day(p.heldOn, 'en')}${p.startTime ? ` at ${p.startTime}` : ''} (${p.programmeTitle}).` }),
  },
  'mentoring.rematch_requested': {
    ja: (p) => ({ title: '再マッチングの希望があります', body: `「${p.programmeTitle}」で${p.menteeName}さんが新しいペアを希望しています。` }),
    en: (p) => ({ title: 'A new match was asked for', body: `${p.menteeName} asked for a new mentor in “${p.programmeTitle}”.` }),
  },
  'mentoring.pair_ended': {
    ja: (p) => ({ title: 'サポートのペアが終了しました', body: `「${p.programmeTitle}」のペアが終了しました（${pairEndReasonLabels[p.reason ?? '']?.ja ?? p.reason}）。これまでありがとうございました。` }),
    en: (p) => ({ title: 'Your mentoring pair has ended', body: `Your pair in “${p.programmeTitle}” has ended (${pairEndReasonLabels[p.reason ?? '']?.en ?? p.reason}). Thank you.` }),
  },
  'mentoring.nudge': {
    ja: (p) => ({ title: 'しばらく面談していません', body: `「${p.programmeTitle}」の面談が${p.weeks}週間ありません。短い時間でも、次の予定を立ててみませんか。` }),
    en: (p) => ({ title: 'It has been a while', body: `No session for ${p.weeks} weeks in “${p.programmeTitle}”. Even a short one helps: plan the next.` }),
  },
  'mentoring.stalled': {
    ja: (p) => ({ title: '面談が止まっているペアがあります', body: `「${p.programmeTitle}」で${p.pairs}組のペアが${p.weeks}週間以上面談していません。状況を確認してください。` }),
    en: (p) => ({ title: 'Pairs have stalled', body: `${p.pairs} pair(s) in “${p.programmeTitle}” have had no session for ${p.weeks} weeks or more. Please check on them.` }),
  },
  'mentoring.survey_due': {
    ja: (p) => ({ title: `${surveyStageLabels[p.stage ?? '']?.ja ?? 'アンケート'}のお願い`, body: `「${p.programmeTitle}」の${surveyStageLabels[p.stage ?? '']?.ja ?? 'アンケート'}にご協力ください（1分で終わります）。` }),
    en: (p) => ({ title: `Time for the ${(surveyStageLabels[p.stage ?? '']?.en ?? 'survey').toLowerCase()}`, body: `Please answer the ${(surveyStageLabels[p.stage ?? '']?.en ?? 'survey').toLowerCase()} of “${p.programmeTitle}” (one minute).` }),
  },
  'mentoring.consultation_opened': {
    ja: (p) => ({ title: 'サポート職員から相談があります', body: `${p.mentorName}さんから「${p.subject}」の相談が届きました（非公開）。` }),
    en: (p) => ({ title: 'A mentor would like to consult you', body: `${p.mentorName} opened a confidential consultation: “${p.subject}”.` }),
  },
  // Two readers: a person of the pair (their own request is released), and — with `names`, written by
  // the worker — the manager whose inbox or calendar the released request left.
  'mentoring.session_cancelled': {
    ja: (p) => ({
      title: p.names ? '20%ルールの申請が自動で取り消されました' : '面談が中止になりました',
      body: p.names
        ? `${p.names}さんの「${p.programmeTitle}」の面談（${day(p.heldOn, 'ja')}）の申請は、${cancelWhyJa(p.reason)}ため自動で取り消されました。`
        : `「${p.programmeTitle}」の${day(p.heldOn, 'ja')}の面談は${cancelWhyJa(p.reason)}ため中止になりました。この面談の20%申請は自動で取り下げ（承認済みは取消し）ます。当日を迎えた承認済みの申請は20%の画面で確認してください。`,
    }),
    en: (p) => ({
      title: p.names ? 'A 20% request was withdrawn automatically' : 'Session cancelled',
      body: p.names
        ? `${(p.names ?? '').replaceAll('、', ', ')}'s request for the session on ${day(p.heldOn, 'en')} (“${p.programmeTitle}”) was withdrawn automatically: ${cancelWhyEn(p.reason)}.`
        : `The session on ${day(p.heldOn, 'en')} in “${p.programmeTitle}” is off: ${cancelWhyEn(p.reason)}. Your 20% request for it is withdrawn (cancelled if approved); check an approved one whose day has come in the 20% screens.`,
    }),
  },
  'mentoring.consultation_message': {
    ja: (p) => ({ title: '相談に返信がありました', body: `${p.authorName}さんが「${p.subject}」に返信しました。` }),
    en: (p) => ({ title: 'New reply in a consultation', body: `${p.authorName} replied in “${p.subject}”.` }),
  },
};
