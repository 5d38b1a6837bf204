import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { SUGGESTED_SKILLS } from '@yui/contracts';
import { fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import { seedDemo } from '../src/seed';
import { demoCalls, demoTalent } from '../src/demo-help';

// 職場応援 as `npm start` seeds it: department pages, calls of every status and category, applications
// in every status whose 20% requests agree with them (as the time module stores them), counters that
// match the rows, the talent registry, direct requests, thanks — over this 年度 and the last.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.ownerUrl);
});
afterAll(() => db?.drop());

describe('demo 職場応援', () => {
  it('writes department pages for the tourism 課 of every town, and self-introductions', async () => {
    const rows = await db.owner<{ slug: string; described: number; kanko: boolean }[]>`
      select m.slug, count(*) filter (where d.description is not null)::int as described,
             bool_or(d.code = 'kanko' and d.description is not null) as kanko
      from municipalities m join departments d on d.municipality_id = m.id group by m.slug`;
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.kanko, r.slug).toBe(true);
      expect(r.described, r.slug).toBeGreaterThanOrEqual(2);
    }
    const [intro] = await db.owner<{ n: number }[]>`select count(*)::int as n from users where introduction is not null`;
    expect(intro!.n).toBeGreaterThanOrEqual(5);
  });

  it('posts calls in every town, category and status, including 郡山市 観光政策課\'s open call for two', async () => {
    const calls = await db.owner<{ slug: string; dept: string; title: string; category: string; status: string; reach: string; headcount: number }[]>`
      select m.slug, d.name as dept, c.title, c.category, c.status, c.reach, c.headcount
      from help_calls c join municipalities m on m.id = c.municipality_id join departments d on d.id = c.department_id`;
    expect(calls.length).toBe(demoCalls.length);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    expect(new Set(calls.map((c) => c.slug)).size).toBe(6);
    expect(new Set(calls.map((c) => c.category))).toEqual(new Set(['planning', 'operations', 'busy_season', 'learning', 'other']));
    expect(new Set(calls.map((c) => c.status))).toEqual(new Set(['open', 'closed', 'finished', 'cancelled']));
    expect(calls.some((c) => c.reach === 'town')).toBe(true);
    const koriyama = calls.filter((c) => c.slug === 'koriyama' && c.dept === '観光政策課' && c.status === 'open' && c.reach === 'region' && c.headcount === 2);
    expect(koriyama).toHaveLength(1);
    // Open calls can still be applied to: the deadline is ahead.
    const stale = await db.owner`select title from help_calls where status = 'open' and deadline < ${todayInJapan()}::date`;
    expect(stale).toEqual([]);
    const blank = await db.owner`select title from help_calls where search = ''::tsvector`;
    expect(blank).toEqual([]);
  });

  it('has applications in every status and counters that match them', async () => {
    const statuses = await db.owner<{ status: string }[]>`select distinct status from help_applications`;
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['pending_time', 'applied', 'accepted', 'declined', 'withdrawn', 'time_declined', 'cancelled']));
    const off = await db.owner`
      select c.title from help_calls c
      where c.applied_count <> (select count(*) from help_applications a where a.call_id = c.id and a.status in ('applied', 'accepted', 'declined'))
         or c.accepted_count <> (select count(*) from help_applications a where a.call_id = c.id and a.status = 'accepted')
         or c.accepted_count > c.headcount`;
    expect(off).toEqual([]);
    // Counted exactly when the time was approved.
    const counted = await db.owner`
      select a.id from help_applications a
      where (a.counted_at is not null) <> (a.status in ('applied', 'accepted', 'declined', 'cancelled'))`;
    expect(counted).toEqual([]);
    // Nobody applies to a town-only call of another town.
    const crossed = await db.owner`
      select a.id from help_applications a join help_calls c on c.id = a.call_id
      where c.reach = 'town' and a.municipality_id <> c.municipality_id`;
    expect(crossed).toEqual([]);
  });

  it('files each application\'s 20% request as the time module does, approved by the applicant\'s manager', async () => {
    const rows = await db.owner<{
      status: string; time_status: string | null; ref_ok: boolean; requester_ok: boolean; planned_ok: boolean; days_ok: boolean;
      approver_is_manager: boolean; decided_ok: boolean; history: number; key_ok: boolean; policy: boolean; first_date: string;
    }[]>`
      select a.status, t.status as time_status,
             t.ref_type = 'help_application' and t.ref_id = a.id and t.activity_kind = 'help_call' as ref_ok,
             t.requester_id = a.user_id and t.municipality_id = a.municipality_id as requester_ok,
             t.planned_minutes = a.planned_minutes and t.first_date = a.first_date as planned_ok,
             (select sum(planned_minutes) from time_request_days x where x.request_id = t.id) = t.planned_minutes as days_ok,
             exists (select 1 from role_grants g where g.municipality_id = t.municipality_id and g.user_id = t.approver_id and g.role = 'manager') as approver_is_manager,
             (t.status in ('approved', 'declined', 'cancelled')) = (t.decided_by is not null and t.decided_at is not null) as decided_ok,
             (select count(*)::int from time_request_history h where h.request_id = t.id) as history,
             t.idempotency_key = 'help_application:' || a.id || ':1' as key_ok,
             t.policy_id is not null as policy, a.first_date::text as first_date
      from help_applications a left join time_requests t on t.id = a.time_request_id`;
    const expected: Record<string, string> = {
      pending_time: 'submitted', applied: 'approved', accepted: 'approved',
      withdrawn: 'withdrawn', time_declined: 'declined', cancelled: 'cancelled',
    };
    const today = todayInJapan();
    for (const r of rows) {
      // Declined: the time given back (cancelled) while the work is ahead, as the worker does; kept once it began.
      const want = r.status === 'declined' ? (r.first_date > today ? 'cancelled' : 'approved') : expected[r.status];
      expect(r.time_status, r.status).toBe(want);
      expect(r).toMatchObject({ ref_ok: true, requester_ok: true, planned_ok: true, days_ok: true, approver_is_manager: true, decided_ok: true, key_ok: true, policy: true });
      expect(r.history).toBeGreaterThanOrEqual(1);
    }
    // The time screens list them under the person's own requests.
    const [time] = await db.owner<{ n: number }[]>`select count(*)::int as n from time_requests where activity_kind = 'help_call'`;
    expect(time!.n).toBeGreaterThanOrEqual(rows.length);
  });

  it('records participation and thanks after the work, never before', async () => {
    const [r] = await db.owner<{ thanked: number; recorded: number; early: number }[]>`
      select count(*) filter (where a.thanks is not null)::int as thanked,
             count(*) filter (where a.participated_minutes is not null)::int as recorded,
             count(*) filter (where a.participated_minutes is not null and (c.work_start > ${todayInJapan()}::date or a.status <> 'accepted'))::int as early
      from help_applications a join help_calls c on c.id = a.call_id`;
    expect(r!.thanked).toBeGreaterThanOrEqual(5);
    expect(r!.recorded).toBeGreaterThanOrEqual(r!.thanked);
    expect(r!.early).toBe(0);
    // Approved time of past work has its actual minutes.
    const missing = await db.owner`
      select a.id from help_applications a join time_requests t on t.id = a.time_request_id
      where a.participated_minutes is not null and t.actual_minutes is null`;
    expect(missing).toEqual([]);
  });

  it('registers about 25 talent with suggested skills; the opted-out are inactive', async () => {
    const rows = await db.owner<{ active: boolean; skills: string[]; notify_skills: string[]; search: string; opted_out_at: Date | null }[]>`
      select active, skills, notify_skills, search::text as search, opted_out_at from talent_profiles`;
    expect(rows.length).toBe(demoTalent.length);
    expect(rows.length).toBeGreaterThanOrEqual(25);
    for (const r of rows) {
      for (const s of r.skills) expect(SUGGESTED_SKILLS as readonly string[]).toContain(s);
      for (const s of r.notify_skills) expect(r.skills).toContain(s);
      expect(r.search).not.toBe('');
      expect(r.active).toBe(r.opted_out_at === null);
    }
    expect(rows.filter((r) => !r.active).length).toBeGreaterThanOrEqual(1);
    const towns = await db.owner`select distinct municipality_id from talent_profiles`;
    expect(towns).toHaveLength(6);
  });

  it('sends direct requests to active talent, in several statuses, with their time where answered yes', async () => {
    const rows = await db.owner<{ status: string; talent_active: boolean; time_status: string | null; ref_ok: boolean | null; thanks: string | null }[]>`
      select r.status, tp.active as talent_active, t.status as time_status,
             t.ref_type = 'help_direct_request' and t.ref_id = r.id and t.requester_id = r.talent_user_id as ref_ok, r.thanks
      from help_direct_requests r
      join talent_profiles tp on tp.region_id = r.region_id and tp.user_id = r.talent_user_id
      left join time_requests t on t.id = r.time_request_id`;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['sent', 'pending_time', 'accepted', 'declined', 'withdrawn']));
    for (const r of rows) {
      expect(r.talent_active).toBe(true);
      const expected = { pending_time: 'submitted', accepted: 'approved', time_declined: 'declined' }[r.status as 'accepted'] ?? null;
      expect(r.time_status, r.status).toBe(expected);
      if (expected) expect(r.ref_ok).toBe(true);
    }
    expect(rows.some((r) => r.thanks)).toBe(true);
    const crossTown = await db.owner`select id from help_direct_requests where municipality_id <> talent_municipality_id`;
    expect(crossTown.length).toBeGreaterThanOrEqual(5);
  });

  it('spreads the calls over this 年度 and the last', async () => {
    const fy = fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`));
    const { start } = fiscalYearRange(fy);
    const [r] = await db.owner<{ recent: number; last_year: number; direct_last_year: number }[]>`
      select count(*) filter (where published_on >= ${todayInJapan()}::date - 30)::int as recent,
             count(*) filter (where published_on < ${start}::date and published_on >= ${fiscalYearRange(fy - 1).start}::date)::int as last_year,
             (select count(*)::int from help_direct_requests where created_at < ${start}::date and created_at >= ${fiscalYearRange(fy - 1).start}::date) as direct_last_year
      from help_calls`;
    // The open calls are fresh whatever the day of seeding; some calls are always in last year's figures.
    expect(r!.recent).toBeGreaterThanOrEqual(5);
    expect(r!.last_year).toBeGreaterThanOrEqual(3);
    expect(r!.direct_last_year).toBeGreaterThanOrEqual(1);
  });

  it('hides a town-only call and its applications from the other towns (as the app sees them)', async () => {
    const app = postgres(db.appUrl, { max: 1, onnotice: () => {} });
    try {
      const [town] = await db.owner<{ region_id: string; municipality_id: string; id: string }[]>`
        select region_id, municipality_id, id from help_calls where reach = 'town' limit 1`;
      const [other] = await db.owner<{ id: string }[]>`
        select id from municipalities where region_id = ${town!.region_id} and id <> ${town!.municipality_id} limit 1`;
      const seen = async (tenant: string) => app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${tenant}, true), set_config('app.region_id', ${town!.region_id}, true)`;
        const calls = await tx`select id from help_calls where id = ${town!.id}`;
        const apps = await tx`select id from help_applications where call_id = ${town!.id}`;
        return { calls: calls.length, apps: apps.length };
      });
      expect(await seen(town!.municipality_id)).toMatchObject({ calls: 1 });
      expect((await seen(town!.municipality_id)).apps).toBeGreaterThan(0);
      expect(await seen(other!.id)).toEqual({ calls: 0, apps: 0 });
    } finally {
      await app.end();
    }
  });
});
