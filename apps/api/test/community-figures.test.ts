import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@yui/domain';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

const t = useTestApi();
let s: CommunityCast;
let open: { id: string };
let second: { id: string };

/** A post written behind the API's back, at a given instant. */
async function post(c: { id: string }, author: CastUser, at: string, over: { kind?: string; solvedAt?: string; deletedAt?: string } = {}) {
  await t.db.owner`
    insert into community_posts (region_id, community_id, author_id, author_municipality_id, kind, title, body, body_html, created_at, solved_at, deleted_at)
    values (${s.region.id}, ${c.id}, ${author.id}, ${author.municipalityId}, ${over.kind ?? 'post'}, 't', 'b', '<p>b</p>', ${at},
            ${over.solvedAt ?? null}, ${over.deletedAt ?? null})`;
}

async function event(c: { id: string }, startsAt: string, registrations: Array<[CastUser, 'registered' | 'waitlisted' | 'cancelled', boolean | null]>, status = 'scheduled') {
  const [e] = await t.db.owner`
    insert into community_events (region_id, community_id, title, starts_at, ends_at, created_by, created_by_municipality_id, status)
    values (${s.region.id}, ${c.id}, '勉強会', ${startsAt}, ${startsAt}::timestamptz + interval '2 hours', ${s.managerA.id}, ${s.a.id}, ${status})
    returning id`;
  for (const [u, st, attended] of registrations) {
    await t.db.owner`
      insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status, attended)
      values (${s.region.id}, ${c.id}, ${e!.id}, ${u.id}, ${u.municipalityId}, ${st}, ${attended})`;
  }
}

beforeAll(async () => {
  s = await communityCast(t);
  const r = s.region.id;
  open = await insertCommunity(t.db.owner, { regionId: r, createdBy: s.coordinator, name: '集計A' }, [[s.managerA, 'manager'], [s.staffA], [s.staffB], [s.staffA2, 'member', 'pending']]);
  second = await insertCommunity(t.db.owner, { regionId: r, createdBy: s.coordinator, name: '集計B', visibility: 'approval' }, [[s.managerB, 'manager'], [s.staffB]]);
  // Invisible to the coordinator (invite-only, neither member nor creator): never counted for them.
  const hidden = await insertCommunity(t.db.owner, { regionId: r, createdBy: s.managerA, name: '集計秘', visibility: 'invite' }, [[s.managerA, 'manager'], [s.staffA2]]);

  // 年度 2025 = 2025-04-01 .. 2026-03-31, Japan time.
  await post(open, s.staffA, '2025-04-01T00:05:00+09:00'); // first minutes of April (still March in UTC)
  await post(open, s.staffB, '2025-04-20T10:00:00+09:00', { kind: 'question', solvedAt: '2025-04-20T12:00:00+09:00' }); // 2 h
  await post(open, s.staffA, '2025-04-21T10:00:00+09:00', { kind: 'question', solvedAt: '2025-04-21T16:00:00+09:00' }); // 6 h
  await post(open, s.staffA, '2025-04-22T10:00:00+09:00', { kind: 'question' }); // unanswered
  await post(open, s.staffA, '2025-04-23T10:00:00+09:00', { deletedAt: '2025-04-24T10:00:00+09:00' }); // deleted: not counted
  await post(second, s.staffB, '2025-06-10T09:00:00+09:00', { kind: 'question', solvedAt: '2025-06-11T09:00:00+09:00' }); // 24 h
  await post(second, s.staffB, '2026-03-31T23:59:00+09:00'); // last minute of the year
  await post(open, s.staffA, '2026-04-01T00:00:00+09:00'); // next year
  await post(open, s.staffA, '2025-03-31T23:59:00+09:00'); // last year
  await post(hidden, s.staffA2, '2025-05-01T10:00:00+09:00');
  await event(open, '2025-07-15T13:30:00+09:00', [[s.staffA, 'registered', true], [s.staffB, 'registered', false], [s.staffA2, 'waitlisted', null]]);
  await event(second, '2025-07-20T13:30:00+09:00', [[s.staffB, 'registered', true]]);
  await event(open, '2025-08-01T13:30:00+09:00', [[s.staffA, 'registered', null]], 'cancelled');
  await event(hidden, '2025-07-01T13:30:00+09:00', [[s.staffA2, 'registered', true]]);
});

describe('figures for regional coordinators', () => {
  it('counts per 年度 and month in Japan time, over the communities the coordinator sees', async () => {
    const res = await s.call(s.coordinator, 'GET', '/api/community-reports?fiscalYear=2025');
    expect(res.status).toBe(200);
    const f = res.body;
    expect(f).toMatchObject({ fiscalYear: 2025, from: '2025-04-01', to: '2026-03-31' });
    expect(f.months.map((m: { month: string }) => m.month)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    const month = (m: string) => f.months.find((x: { month: string }) => x.month === m);
    expect(month('2025-04')).toEqual({ month: '2025-04', posts: 4, questions: 3, answered: 2, medianHoursToAnswer: 4, events: 0, registered: 0, attended: 0 });
    expect(month('2025-05')).toMatchObject({ posts: 0 }); // the invite-only community's post is not theirs to count
    expect(month('2025-06')).toMatchObject({ posts: 1, questions: 1, answered: 1, medianHoursToAnswer: 24 });
    expect(month('2025-07')).toEqual({ month: '2025-07', posts: 0, questions: 0, answered: 0, medianHoursToAnswer: null, events: 2, registered: 3, attended: 2 });
    expect(month('2025-08')).toMatchObject({ events: 0, registered: 0 }); // cancelled
    expect(month('2026-03')).toMatchObject({ posts: 1 });
    expect(f.totals).toEqual({
      communities: 2, members: 4, posts: 6, questions: 4, answered: 3,
      // median of 2, 6 and 24 hours: the year's own median, not a mean of the months'
      medianHoursToAnswer: 6,
      events: 2, registered: 3, attended: 2,
    });
    // Active members, each person once per town, 団体コード order.
    expect(f.membersByTown).toEqual([
      { municipalityId: s.a.id, municipalityName: 'A町', members: 2 },
      { municipalityId: s.b.id, municipalityName: 'B町', members: 2 },
    ]);
  });

  it('for one community', async () => {
    const res = await s.call(s.coordinator, 'GET', `/api/community-reports?fiscalYear=2025&communityId=${second.id}`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ communities: 1, members: 2, posts: 2, questions: 1, answered: 1, medianHoursToAnswer: 24, events: 1, registered: 1, attended: 1 });
    expect(res.body.membersByTown).toEqual([{ municipalityId: s.b.id, municipalityName: 'B町', members: 2 }]);
    const other = await s.call(s.coordinator, 'GET', '/api/community-reports?fiscalYear=2026');
    expect(other.body.totals).toMatchObject({ posts: 1, events: 0 });
    expect(other.body.months[0]).toMatchObject({ month: '2026-04', posts: 1 });
  });

  it('is for regional coordinators only', async () => {
    for (const who of [s.staffA, s.managerA, s.managerB]) {
      expect((await s.call(who, 'GET', '/api/community-reports?fiscalYear=2025')).status).toBe(403);
      expect((await s.call(who, 'GET', '/api/community-reports.csv?fiscalYear=2025')).status).toBe(403);
    }
    const bad = await s.call(s.coordinator, 'GET', '/api/community-reports?fiscalYear=1999');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.fiscalYear).toMatch(/^年度: /);
  });

  it('a coordinator of another region sees nothing of this one', async () => {
    const res = await s.call(s.outsiderC, 'GET', '/api/community-reports?fiscalYear=2025');
    expect(res.status).toBe(200);
    expect(res.body.membersByTown).toEqual([]);
    expect(res.body.totals).toEqual({
      communities: 0, members: 0, posts: 0, questions: 0, answered: 0, medianHoursToAnswer: null, events: 0, registered: 0, attended: 0,
    });
    expect(res.body.months.every((m: { posts: number; events: number }) => m.posts === 0 && m.events === 0)).toBe(true);
    const csv = await s.call(s.outsiderC, 'GET', '/api/community-reports.csv?fiscalYear=2025');
    expect(csv.status).toBe(200);
    expect(csv.raw.body).not.toContain('A町');
  });

  it('as CSV for Excel: BOM, CRLF, Japanese headers, April to March, totals; English on request', async () => {
    const res = await s.call(s.coordinator, 'GET', '/api/community-reports.csv?fiscalYear=2025');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.raw.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('コミュニティ集計_2025年度.csv')}`);
    expect(res.headers['content-disposition']).toContain('filename="community-figures_FY2025.csv"');
    const text = res.raw.body;
    expect(text.replace(/^\ufeff/, '').split('\r\n').length).toBeGreaterThan(15);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const { records } = parseCsv(text);
    expect(records[0]).toEqual(['月', '投稿数', '相談数', '解決数', '解決までの時間（中央値・時間）', 'イベント数', '参加登録', '出席']);
    expect(records.slice(1, 13).map((r) => r[0])).toEqual([
      '2025年4月', '2025年5月', '2025年6月', '2025年7月', '2025年8月', '2025年9月', '2025年10月', '2025年11月', '2025年12月',
      '2026年1月', '2026年2月', '2026年3月',
    ]);
    expect(records[1]).toEqual(['2025年4月', '4', '3', '2', '4', '0', '0', '0']);
    expect(records[2]).toEqual(['2025年5月', '0', '0', '0', '', '0', '0', '0']);
    expect(records[13]).toEqual(['合計', '6', '4', '3', '6', '2', '3', '2']);
    expect(records.slice(15)).toEqual([['市町村', 'メンバー数'], ['A町', '2'], ['B町', '2'], ['合計', '4']]);

    const en = await s.call(s.coordinator, 'GET', '/api/community-reports.csv?fiscalYear=2025', undefined, 'en');
    const enRecords = parseCsv(en.raw.body).records;
    expect(enRecords[0]![0]).toBe('Month');
    expect(enRecords[1]![0]).toBe('2025-04');
    expect(en.headers['content-disposition']).toContain(encodeURIComponent('Community figures_FY2025.csv'));
  });
});
