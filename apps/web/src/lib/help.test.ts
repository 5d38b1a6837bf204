import { describe, expect, it } from 'vitest';
import {
  applyDates, callBody, callFilters, callFiltersHref, callFormValues, callListQuery, dayChoices, dayFieldOf, deadlineHint,
  departmentTree, figuresYear, isCurrentApplication, headcountText, monthSeries, readDays, share, splitParticipation, splitSkills,
  workDatesText, type CallFormValues,
} from './help';
import { translator } from './i18n';

const TOWN = '11111111-1111-4111-8111-111111111111';

function formOf(entries: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('the list filters', () => {
  it('reads the address, ignoring what is not allowed', () => {
    const f = callFilters(new URL(`http://x/help?status=all&category=planning&town=${TOWN}&skill=%EF%BC%A5xcel&q=+受付+&cursor=abc`));
    expect(f).toEqual({ status: 'all', category: 'planning', town: TOWN, skill: 'Excel', q: '受付', cursor: 'abc' });
    const bad = callFilters(new URL('http://x/help?status=nope&category=x&town=kōriyama'));
    expect(bad).toEqual({ status: 'open', category: null, town: null, skill: '', q: '', cursor: null });
  });

  it('writes them back for links, leaving out the defaults and the cursor unless asked', () => {
    const f = callFilters(new URL(`http://x/help?category=learning&cursor=abc`));
    expect(callFiltersHref(f)).toBe('/help?category=learning');
    expect(callFiltersHref(f, { skill: '手話' })).toBe(`/help?category=learning&skill=${encodeURIComponent('手話')}`);
    expect(callFiltersHref(f, { cursor: 'next' })).toBe('/help?category=learning&cursor=next');
    expect(callFiltersHref(callFilters(new URL('http://x/help')))).toBe('/help');
  });

  it('asks the API with its own names', () => {
    const q = callListQuery(callFilters(new URL(`http://x/help?town=${TOWN}&q=観光`)), 20);
    expect(Object.fromEntries(q)).toEqual({ status: 'open', limit: '20', town: TOWN, q: '観光' });
  });
});

describe('the apply form', () => {
  it('offers the work days from today on, capped', () => {
    expect(applyDates({ workStart: '2026-06-01', workEnd: '2026-06-03' }, '2026-05-20')).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(applyDates({ workStart: '2026-06-01', workEnd: '2026-06-03' }, '2026-06-02')).toEqual(['2026-06-02', '2026-06-03']);
    expect(applyDates({ workStart: '2026-06-01', workEnd: '2026-06-03' }, '2026-06-04')).toEqual([]);
    expect(applyDates({ workStart: '2026-04-01', workEnd: '2027-03-31' }, '2026-04-01')).toHaveLength(62);
  });

  it('checks a single day to begin with and keeps what was sent', () => {
    expect(dayChoices(['2026-06-01'], 120)).toEqual([{ date: '2026-06-01', checked: true, minutes: '120' }]);
    const rows = dayChoices(['2026-06-01', '2026-06-02'], 120, [{ date: '2026-06-02', minutes: '90' }]);
    expect(rows).toEqual([
      { date: '2026-06-01', checked: false, minutes: '120' },
      { date: '2026-06-02', checked: true, minutes: '90' },
    ]);
  });

  it('reads the ticked days in date order with their minutes, only days offered', () => {
    const form = formOf([
      ['day', '2026-06-03'], ['day', '2026-06-01'], ['day', '2026-07-01'], ['day', '2026-06-01'],
      ['minutes-2026-06-01', '120'], ['minutes-2026-06-03', '45'], ['minutes-2026-07-01', '60'],
    ]);
    const r = readDays(form, ['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(r.days).toEqual([{ date: '2026-06-01', minutes: 120 }, { date: '2026-06-03', minutes: 45 }]);
    expect(r.fields).toEqual({});
  });

  it('names what is wrong: no day, a time not in quarter hours', () => {
    expect(readDays(formOf([]), ['2026-06-01']).fields).toEqual({ days: 'none' });
    const r = readDays(formOf([['day', '2026-06-01'], ['minutes-2026-06-01', '50']]), ['2026-06-01']);
    expect(r.fields).toEqual({ 'day-2026-06-01': 'minutes' });
    expect(r.sent).toEqual([{ date: '2026-06-01', minutes: '50' }]);
  });

  it("maps the API's days.N to the row of the N-th day sent", () => {
    const sent = ['2026-06-01', '2026-06-03'];
    expect(dayFieldOf('days.1.date', sent)).toBe('day-2026-06-03');
    expect(dayFieldOf('days.0', sent)).toBe('day-2026-06-01');
    expect(dayFieldOf('days.5.minutes', sent)).toBeNull();
    expect(dayFieldOf('message', sent)).toBeNull();
  });
});

describe('the call form', () => {
  const suggested = ['英語', '手話', 'Excel'];
  const base: CallFormValues = {
    ...callFormValues(null, suggested, { departmentId: TOWN, contactId: TOWN }),
    title: '受付の応援',
    summary: '受付をお願いします',
    headcount: '２',
    deadline: '2026-06-01',
    workStart: '2026-06-05',
    workEnd: '2026-06-06',
    skills: ['英語'],
    otherSkills: '着付け、英語, ポスター制作 ',
  };

  it('turns the typed strings into the API body', () => {
    const { body, fields } = callBody(base, 'create');
    expect(fields).toEqual({});
    expect(body).toMatchObject({
      title: '受付の応援', headcount: 2, minutesPerDay: 120, reach: 'region', category: 'operations',
      skills: ['英語', '着付け', 'ポスター制作'], hoursNote: null, place: null, departmentId: TOWN, contactId: TOWN,
    });
    expect(body).not.toHaveProperty('publishedOn');
  });

  it('leaves out what cannot change when editing', () => {
    const { body } = callBody({ ...base, publishedOn: '2026-05-01' }, 'edit');
    expect(body).not.toHaveProperty('departmentId');
    expect(body).not.toHaveProperty('publishedOn');
  });

  it('names numbers and dates that are not', () => {
    const { fields } = callBody({ ...base, headcount: '0', minutesPerDay: '50', deadline: '', workEnd: '2026-02-30x', title: '' }, 'create');
    expect(fields).toEqual({ headcount: 'number', minutesPerDay: 'number', deadline: 'missing', workEnd: 'date', title: 'missing' });
  });

  it('splits skills on either comma and 、 without repeats', () => {
    expect(splitSkills('英語、手話，excel, Excel ;;  #SNS発信 ')).toEqual(['英語', '手話', 'excel', 'SNS発信']);
  });

  it('fills the form from a call, suggested skills ticked and the rest typed', () => {
    const v = callFormValues(
      {
        title: 't', category: 'learning', summary: 's', headcount: 3, publishedOn: '2026-05-01', deadline: '2026-05-10',
        workStart: '2026-05-12', workEnd: '2026-05-12', hoursNote: null, minutesPerDay: 90, place: '本庁舎', skills: ['英語', '着付け'],
        contactNote: null, reach: 'town', department: { id: 'd' }, contact: { id: 'c' },
      },
      suggested,
    );
    expect(v).toMatchObject({ headcount: '3', minutesPerDay: '90', skills: ['英語'], otherSkills: '着付け', departmentId: 'd', contactId: 'c', reach: 'town' });
  });
});

describe('words and numbers', () => {
  const ja = translator('ja');
  it('counts places', () => {
    expect(headcountText({ headcount: 2, appliedCount: 3, acceptedCount: 1 }, ja)).toBe('2人（応募3人・採用1人）');
  });

  it('says when the deadline is near', () => {
    expect(deadlineHint({ deadline: '2026-06-01', status: 'open' }, ja, '2026-06-01')).toBe('本日締切');
    expect(deadlineHint({ deadline: '2026-06-04', status: 'open' }, ja, '2026-06-01')).toBe('締切まであと3日');
    expect(deadlineHint({ deadline: '2026-07-01', status: 'open' }, ja, '2026-06-01')).toBeNull();
    expect(deadlineHint({ deadline: '2026-06-04', status: 'closed' }, ja, '2026-06-01')).toBeNull();
  });

  it('writes the work dates with the year once', () => {
    expect(workDatesText({ workStart: '2026-06-03', workEnd: '2026-06-10' }, 'ja')).toBe('2026年6月3日（水）〜6月10日（水）');
    expect(workDatesText({ workStart: '2026-06-03', workEnd: '2026-06-03' }, 'en')).toBe('Wed, 3 Jun 2026');
  });

  it('puts department trees in order with depth', () => {
    const tree = departmentTree([
      { id: 'k1', parentId: 'b1' }, { id: 'b1', parentId: null }, { id: 'x', parentId: 'gone' }, { id: 'g1', parentId: 'k1' },
    ]);
    expect(tree.map((d) => `${d.id}:${d.depth}`)).toEqual(['b1:0', 'k1:1', 'g1:2', 'x:0']);
  });

  it('reads the 年度 and lays months April first', () => {
    expect(figuresYear(new URL('http://x/help/figures?fy=2025'), '2026-05-01')).toEqual({ fy: 2025, currentFy: 2026 });
    expect(figuresYear(new URL('http://x/help/figures?fy=1999'), '2026-03-31')).toEqual({ fy: 2025, currentFy: 2025 });
    const s = monthSeries([{ month: '2026-04', calls: 2 }, { month: '2027-03', calls: 5 }, { month: '2025-04', calls: 9 }], 2026, 'calls');
    expect(s).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(share(1, 4)).toBe('25%');
    expect(share(1, 0)).toBe('—');
  });

  it('current applications: in play and the work not over', () => {
    const call = (status: string, workEnd: string) => ({ status, workEnd });
    expect(isCurrentApplication({ status: 'accepted', call: call('open', '2026-12-07') }, '2026-11-22')).toBe(true);
    expect(isCurrentApplication({ status: 'pending_time', call: call('closed', '2026-11-22') }, '2026-11-22')).toBe(true);
    expect(isCurrentApplication({ status: 'accepted', call: call('finished', '2025-08-12') }, '2026-11-22')).toBe(false);
    expect(isCurrentApplication({ status: 'accepted', call: call('closed', '2026-11-21') }, '2026-11-22')).toBe(false);
    expect(isCurrentApplication({ status: 'declined', call: call('open', '2026-12-07') }, '2026-11-22')).toBe(false);
  });

  it('splits participation into hours and quarter hours', () => {
    expect(splitParticipation(150)).toEqual({ hours: '2', mins: '30' });
    expect(splitParticipation(50)).toEqual({ hours: '0', mins: '45' });
  });
});
