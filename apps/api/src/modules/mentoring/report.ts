import {
  mentoringKindLabels, pairHealthLabels, type Locale, type PairHealth, type ProgrammeReport,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import { getReportMonths, getReportPairs, getReportPeople, getReportSurveys } from '@yui/db/queries/mentoring-report';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { fiscalYearLabel, fiscalYearRange, pairHealth, todayInJapan, toCsv, type CsvCell } from '@yui/domain';
import type { MentoringActor } from './access';
import { personRefOf } from './pair-view';
import { programmeSummaryView } from './programme-view';
import { adminProgrammeRow } from './programmes';

/**
 * 職員サポート制度: a programme's figures for a 年度 (default: the programme's own), for its admins —
 * pairs (active, ended, rematches), people, sessions held and their minutes per month April–March,
 * how many pairs met each month, average satisfaction per survey stage with the number of answers,
 * each pair's health now (domain pairHealth), and a row per pair. The CSV is the same for Excel.
 */

/** The twelve months of the 年度 as YYYY-MM, April first. */
function monthsOf(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i < 9 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

const HEALTH: readonly PairHealth[] = ['new', 'good', 'quiet', 'stalled', 'ended'];

/** GET /mentoring/programmes/:id/report — the programme's admins (403), those who may see it (else 404). */
export async function buildProgrammeReport(tx: Db, actor: MentoringActor, id: string, q: { fy?: number }): Promise<ProgrammeReport> {
  const p = await adminProgrammeRow(tx, actor, id);
  const today = todayInJapan();
  const fiscalYear = q.fy ?? p.fiscalYear;
  const { start: from, end: to } = fiscalYearRange(fiscalYear);
  const period = { regionId: actor.regionId, programmeId: id, from, to };
  const pairs = await getReportPairs(tx, period);
  const monthRows = await getReportMonths(tx, period);
  const surveys = await getReportSurveys(tx, period);
  const people = await getReportPeople(tx, period);
  const cards = await getRegionPeople(tx, pairs.flatMap((r) => [r.mentorId, r.menteeId]));

  const byMonth = new Map(monthRows.map((m) => [m.month, m]));
  const months = monthsOf(fiscalYear).map((month) => byMonth.get(month) ?? { month, sessions: 0, minutes: 0, pairsMet: 0 });
  const health = Object.fromEntries(HEALTH.map((h) => [h, 0])) as Record<PairHealth, number>;
  const rows = pairs.map((r) => {
    const h = pairHealth({
      status: r.status, startsOn: r.startsOn, lastSessionOn: r.lastSessionOn, today,
      nudgeAfterWeeks: p.nudgeAfterWeeks, escalateAfterWeeks: p.escalateAfterWeeks,
    }).health;
    health[h]++;
    return {
      id: r.id,
      mentor: personRefOf(cards, r.mentorId, r.mentorMunicipalityId),
      mentee: personRefOf(cards, r.menteeId, r.menteeMunicipalityId),
      status: r.status,
      sessions: r.sessions,
      minutes: r.minutes,
      lastSessionOn: r.lastSessionOn,
      health: h,
      satisfaction: r.satisfaction,
    };
  });
  const stage = (s: 'mid' | 'end') => surveys.find((x) => x.stage === s);
  return {
    programme: programmeSummaryView(p, today),
    fiscalYear,
    from,
    to,
    totals: {
      pairs: pairs.length,
      activePairs: pairs.filter((r) => r.status === 'active').length,
      endedPairs: pairs.filter((r) => r.status === 'ended').length,
      rematches: pairs.filter((r) => r.endReason === 'rematch').length,
      mentors: people.mentors,
      mentees: people.mentees,
      sessions: months.reduce((s, m) => s + m.sessions, 0),
      minutes: months.reduce((s, m) => s + m.minutes, 0),
      satisfactionMid: stage('mid')?.average ?? null,
      satisfactionEnd: stage('end')?.average ?? null,
      answersMid: stage('mid')?.answers ?? 0,
      answersEnd: stage('end')?.answers ?? 0,
    },
    months,
    health,
    pairs: rows,
  };
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────

const words: Record<Locale, Record<string, string>> = {
  ja: {
    programme: '制度名', kind: '種類', fiscalYear: '年度', period: '期間', summary: '概要', pairs: 'ペア数', activePairs: '継続中',
    endedPairs: '終了', rematches: '再マッチング', mentors: 'サポート職員', mentees: 'サポートを受ける職員', sessions: '面談回数',
    hours: '面談時間（時間）', satisfactionMid: '満足度（中間）', answersMid: '回答数（中間）', satisfactionEnd: '満足度（終了時）',
    answersEnd: '回答数（終了時）', byMonth: '月別', month: '月', pairsMet: '面談したペア', total: '合計', health: 'ペアの状況',
    count: '件数', pairList: 'ペア一覧', mentor: 'サポート職員', mentorTown: '市町村（サポート職員）', mentee: 'サポートを受ける職員',
    menteeTown: '市町村（サポートを受ける職員）', status: '状態', lastSession: '最後の面談', satisfaction: '満足度',
    active: '継続中', ended: '終了',
  },
  en: {
    programme: 'Programme', kind: 'Kind', fiscalYear: 'Fiscal year', period: 'Period', summary: 'Summary', pairs: 'Pairs',
    activePairs: 'Active', endedPairs: 'Ended', rematches: 'Rematches', mentors: 'Mentors', mentees: 'Mentees', sessions: 'Sessions',
    hours: 'Hours', satisfactionMid: 'Satisfaction (mid)', answersMid: 'Answers (mid)', satisfactionEnd: 'Satisfaction (end)',
    answersEnd: 'Answers (end)', byMonth: 'By month', month: 'Month', pairsMet: 'Pairs met', total: 'Total', health: 'Pair health',
    count: 'Count', pairList: 'Pairs', mentor: 'Mentor', mentorTown: 'Mentor’s town', mentee: 'Mentee', menteeTown: 'Mentee’s town',
    status: 'Status', lastSession: 'Last session', satisfaction: 'Satisfaction', active: 'Active', ended: 'Ended',
  },
};

/** Minutes as decimal hours (7.75), so that Excel adds them up. */
const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * The report as Excel opens it (UTF-8 with BOM, CRLF; cells that look like formulas guarded by
 * toCsv): the programme and 年度, the totals, the months April–March with a 合計 row, the health
 * counts, and a row per pair — each section under its title, a blank row between.
 */
export function programmeReportCsv(r: ProgrammeReport, lang: Locale): string {
  const w = words[lang]!;
  const t = r.totals;
  const rows: CsvCell[][] = [
    [w.programme, r.programme.title, w.kind, mentoringKindLabels[r.programme.kind]?.[lang] ?? r.programme.kind],
    [w.fiscalYear, fiscalYearLabel(r.fiscalYear, lang), r.from, r.to],
    [],
    [w.summary],
    [w.pairs, w.activePairs, w.endedPairs, w.rematches, w.mentors, w.mentees, w.sessions, w.hours, w.satisfactionMid, w.answersMid, w.satisfactionEnd, w.answersEnd],
    [t.pairs, t.activePairs, t.endedPairs, t.rematches, t.mentors, t.mentees, t.sessions, hours(t.minutes), t.satisfactionMid, t.answersMid, t.satisfactionEnd, t.answersEnd],
    [],
    [w.byMonth],
    [w.month, w.sessions, w.hours, w.pairsMet],
    ...r.months.map((m) => [m.month, m.sessions, hours(m.minutes), m.pairsMet]),
    [w.total, t.sessions, hours(t.minutes), null],
    [],
    [w.health],
    [w.status, w.count],
    ...HEALTH.map((h) => [pairHealthLabels[h]?.[lang] ?? h, r.health[h] ?? 0]),
    [],
    [w.pairList],
    [w.mentor, w.mentorTown, w.mentee, w.menteeTown, w.status, w.sessions, w.hours, w.lastSession, w.health, w.satisfaction],
    ...r.pairs.map((x) => [
      x.mentor.name, x.mentor.municipalityName, x.mentee.name, x.mentee.municipalityName, w[x.status], x.sessions, hours(x.minutes),
      x.lastSessionOn, pairHealthLabels[x.health]?.[lang] ?? x.health, x.satisfaction,
    ]),
  ];
  return toCsv(rows, { bom: true });
}

/** 職員サポート制度_令和8年度.csv / mentoring_FY2026.csv, and an ASCII name for old clients. */
export function programmeReportFileName(r: ProgrammeReport, lang: Locale): { name: string; ascii: string } {
  return {
    name: lang === 'ja' ? `職員サポート制度_${fiscalYearLabel(r.fiscalYear, 'ja')}.csv` : `mentoring_${fiscalYearLabel(r.fiscalYear, 'en')}.csv`,
    ascii: `mentoring-${r.fiscalYear}.csv`,
  };
}
