import { describe, expect, it } from 'vitest';
import type { MatchReason } from '@yui/contracts';
import {
  byHealth, creatableScopes, exclusionsText, healthLabel, healthTone, joinBody, joinFormValues, menteeRuleText, mentorRuleText,
  problemText, programmeBody, programmeFormValues, proposalComparison, readPairs, reasonBeside, reasonsInOrder, reasonText, reportYear,
  splitSkills,
} from './mentoring';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

describe('match reasons in words', () => {
  const reasons: MatchReason[] = [
    { code: 'skills', points: 25, max: 35, skills: ['Excel', '文章作成'] },
    { code: 'experience', points: 20, max: 20, yearsGap: 12 },
    { code: 'department', points: 14, max: 20, distance: 'same_bu' },
    { code: 'town', points: 15, max: 15, townWish: 'met' },
    { code: 'capacity', points: 10, max: 10, remaining: 2, capacity: 3 },
  ];

  it('says each part with its points, in Japanese', () => {
    expect(reasons.map((r) => reasonText(r, 'ja'))).toEqual([
      '共通のスキル・関心: Excel・文章作成（+25）',
      '経験年数の差 12年（+20）',
      '同じ部（+14）',
      '相手の市町村の希望に合う（+15）',
      '受け入れ枠 残り2（+10）',
    ]);
  });

  it('and in English', () => {
    expect(reasons.map((r) => reasonText(r, 'en'))).toEqual([
      'Shared skills and interests: Excel, 文章作成 (+25)',
      '12 years more experience (+20)',
      'Same department (+14)',
      'Meets the town wishes (+15)',
      '2 places left (+10)',
    ]);
  });

  it('says what is missing when a part scores nothing', () => {
    expect(reasonText({ code: 'skills', points: 0, max: 35, skills: [] }, 'ja')).toBe('共通のスキル・関心なし（+0）');
    expect(reasonText({ code: 'experience', points: 0, max: 20, yearsGap: -3 }, 'ja')).toBe('経験年数の差なし（+0）');
    expect(reasonText({ code: 'town', points: 0, max: 15, townWish: 'unmet' }, 'en')).toBe('Does not meet a town wish (+0)');
    expect(reasonText({ code: 'department', points: 0, max: 20, distance: 'other_town' }, 'ja')).toBe('別の市町村（+0）');
  });

  it('puts the strongest first, ties in the order of the score parts', () => {
    const order = reasonsInOrder([
      { code: 'capacity', points: 10, max: 10 },
      { code: 'town', points: 10, max: 15 },
      { code: 'skills', points: 30, max: 35 },
    ]).map((r) => r.code);
    expect(order).toEqual(['skills', 'town', 'capacity']);
  });

  it('counts the mentors left out per reason, leaving out zeros', () => {
    const excluded = [
      { reason: 'own_manager' as const, count: 1 },
      { reason: 'same_section' as const, count: 2 },
      { reason: 'no_capacity' as const, count: 0 },
    ];
    expect(exclusionsText(excluded, 'ja')).toBe('自分の所属長 1人・同じ係 2人');
    expect(exclusionsText(excluded, 'en')).toBe('own manager 1, same section 2');
  });

  it('compares the optimal proposal with first come, first served', () => {
    const p = (pairs: number, total: number, greedyPairs: number, greedy: number) => ({
      pairs: Array.from({ length: pairs }), totalScore: total, greedyTotalScore: greedy, greedyPairs,
    });
    expect(proposalComparison(p(3, 210, 2, 150), 'ja')).toBe('先着順より1組多く、合計点が60点高い提案です。');
    expect(proposalComparison(p(3, 210, 3, 200), 'en')).toBe('As many pairs as first come, first served, and 10 more points.');
    expect(proposalComparison(p(3, 200, 3, 200), 'ja')).toBe('先着順と同じ結果です。');
  });
});

describe('pairs and their health', () => {
  it('labels and colours each state', () => {
    expect(healthLabel('stalled', 'ja')).toBe('要フォロー');
    expect(healthLabel('good', 'en')).toBe('Going well');
    expect(healthTone('stalled')).toBe('off');
    expect(healthTone('quiet')).toBe('wait');
    expect(healthTone('good')).toBe('ok');
    expect(healthTone('ended')).toBe('');
  });

  it('puts stalled pairs first, the longest quiet first within a state', () => {
    const items = [
      { id: 'a', health: 'good' as const, weeksQuiet: 1 },
      { id: 'b', health: 'stalled' as const, weeksQuiet: 9 },
      { id: 'c', health: 'quiet' as const, weeksQuiet: 5 },
      { id: 'd', health: 'stalled' as const, weeksQuiet: 12 },
      { id: 'e', health: 'ended' as const, weeksQuiet: 0 },
    ];
    expect(byHealth(items).map((x) => x.id)).toEqual(['d', 'b', 'c', 'a', 'e']);
  });

  it('reads the proposal back from its hidden fields, dropping tampered and repeated ones', () => {
    expect(readPairs([`${A}:${B}`, `${A}:${C}`, 'x:y', `${C}:${B}:${A}`, 7, `${C}:${B}`])).toEqual([
      { menteeId: A, mentorId: B },
      { menteeId: C, mentorId: B },
    ]);
  });
});

describe('programmes', () => {
  it('offers the scopes a person may create in', () => {
    expect(creatableScopes({ roles: [{ role: 'staff' }] })).toEqual([]);
    expect(creatableScopes({ roles: [{ role: 'municipality_admin' }] })).toEqual(['town']);
    expect(creatableScopes({ roles: [{ role: 'regional_coordinator' }, { role: 'municipality_admin' }] })).toEqual(['town', 'region']);
  });

  it('words the rules', () => {
    expect(menteeRuleText('hired_in_year', 2026, 'ja')).toBe('令和8年度に採用された職員');
    expect(menteeRuleText('chief_in_year', 2026, 'en')).toBe('Staff who became section chiefs in FY2026');
    expect(mentorRuleText(5, 'ja')).toBe('勤続5年以上の職員');
    expect(mentorRuleText(0, 'en')).toBe('Anyone who wishes (no minimum years)');
  });

  it('starts a new form as a new-hire programme of this 年度', () => {
    const v = programmeFormValues(null, ['town'], '2027-02-10');
    expect(v).toMatchObject({ scope: 'town', kind: 'new_hire', fiscalYear: '2026', menteeRule: 'hired_in_year', nudgeAfterWeeks: '4' });
  });

  it('turns the form into the API body, with full-width digits', () => {
    const v = { ...programmeFormValues(null, ['region'], '2026-05-01'), title: ' 広域メンタリング ', kind: 'cross_town', mentorMinYears: '１０' };
    const { body, fields } = programmeBody(v, 'create');
    expect(fields).toEqual({});
    expect(body).toMatchObject({ scope: 'region', kind: 'cross_town', fiscalYear: 2026, title: '広域メンタリング', mentorMinYears: 10 });
    expect(body).not.toHaveProperty('startsOn');
  });

  it('names what it cannot send', () => {
    const v = { ...programmeFormValues(null, ['town']), title: '', nudgeAfterWeeks: 'four', startsOn: '2026-13-01' };
    expect(programmeBody(v, 'create').fields).toEqual({ title: 'missing', nudgeAfterWeeks: 'number', startsOn: 'date' });
    expect(problemText('title', 'missing', 'ja')).toBe('制度名: 入力してください');
    expect(problemText('nudgeAfterWeeks', 'number', 'en')).toBe('Weeks before a nudge: please enter a number');
    expect(reasonBeside('title', '制度名: 入力してください', 'ja')).toBe('入力してください');
    expect(reasonBeside('title', 'Programme name: please fill this in', 'en')).toBe('Programme name: please fill this in');
  });

  it('edits leave out what is set once', () => {
    const { body } = programmeBody({ ...programmeFormValues(null, ['town']), title: 'x' }, 'edit');
    expect(body).not.toHaveProperty('kind');
    expect(body).not.toHaveProperty('scope');
    expect(body).not.toHaveProperty('fiscalYear');
  });

  it('takes the report year from the address within bounds', () => {
    expect(reportYear(new URL('http://x/r?fy=2025'), 2026, '2026-06-01')).toBe(2025);
    expect(reportYear(new URL('http://x/r?fy=2031'), 2026, '2026-06-01')).toBe(2026);
    expect(reportYear(new URL('http://x/r'), 2026, '2026-06-01')).toBe(2026);
  });
});

describe('joining', () => {
  it('sends a mentor’s places and skills; years left empty are the API’s to count', () => {
    const { body, fields } = joinBody({ ...joinFormValues('mentor'), capacity: '2', skills: 'Excel、文章作成, excel' });
    expect(fields).toEqual({});
    expect(body).toEqual({ role: 'mentor', capacity: 2, skills: ['Excel', '文章作成'], townPreference: 'any', note: '' });
  });

  it('sends years when typed and refuses what is not a number', () => {
    expect(joinBody({ ...joinFormValues('mentor'), yearsOfService: '１２' }).body).toMatchObject({ yearsOfService: 12 });
    expect(joinBody({ ...joinFormValues('mentor'), yearsOfService: 'ten', capacity: '11' }).fields).toEqual({
      yearsOfService: 'number', capacity: 'number',
    });
  });

  it('a mentee takes one place whatever is sent', () => {
    expect(joinBody({ ...joinFormValues('mentee'), capacity: '5' }).body.capacity).toBe(1);
  });

  it('splits skills on either comma and 、', () => {
    expect(splitSkills('英語，手話、 #Excel ,, 英語')).toEqual(['英語', '手話', 'Excel']);
  });
});
