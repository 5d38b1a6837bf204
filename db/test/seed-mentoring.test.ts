import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { fiscalYearOf, fiscalYearRange, pairHealth, todayInJapan } from '@yui/domain';
import { seedDemo } from '../src/seed';

// 職員サポート制度 as `npm start` seeds it: the programmes and pairs the README's tour and the browser
// tests rely on, consistent with the rules the API enforces (no pair in one 係, nobody mentors someone
// they manage, capacities, one active pair per mentee), private notes written by the pair only.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.ownerUrl);
});
afterAll(() => db?.drop());

const today = todayInJapan();
const fy = fiscalYearOf(new Date(`${today}T12:00:00+09:00`));

describe('demo 職員サポート制度', () => {
  it("has 郡山市's new-hire programme of this 年度 run by admin.koriyama, last year's closed, 三春町's 新任係長 and the coordinator's cross-town one", async () => {
    const rows = await db.owner<{ title: string; scope: string; kind: string; fiscal_year: number; status: string; creator: string }[]>`
      select p.title, p.scope, p.kind, p.fiscal_year, p.status, split_part(u.email, '@', 1) as creator
      from mentoring_programmes p join users u on u.id = p.created_by order by p.fiscal_year, p.title`;
    const find = (pred: (r: (typeof rows)[number]) => boolean) => rows.find(pred);
    expect(find((r) => r.kind === 'new_hire' && r.fiscal_year === fy && r.status === 'open')?.creator).toBe('admin.koriyama');
    expect(find((r) => r.kind === 'new_hire' && r.fiscal_year === fy - 1)?.status).toBe('closed');
    expect(find((r) => r.kind === 'new_chief')?.creator).toBe('admin.miharu');
    expect(find((r) => r.scope === 'region')?.creator).toBe('coordinator');
  });

  it('pairs the demo sign-ins as the browser tests expect, with every health on the boards', async () => {
    const pairs = await db.owner<{ mentor: string; mentee: string; status: string; starts_on: string; last: string | null; nudge: number; escalate: number }[]>`
      select split_part(a.email, '@', 1) as mentor, split_part(b.email, '@', 1) as mentee, m.status,
             to_char(m.starts_on, 'YYYY-MM-DD') as starts_on, to_char(m.last_session_on, 'YYYY-MM-DD') as last,
             p.nudge_after_weeks as nudge, p.escalate_after_weeks as escalate
      from mentorships m join mentoring_programmes p on p.id = m.programme_id
      join users a on a.id = m.mentor_id join users b on b.id = m.mentee_id
      where p.fiscal_year = ${fy}`;
    const pair = (mentor: string, mentee: string) => pairs.find((p) => p.mentor === mentor && p.mentee === mentee && p.status === 'active');
    expect(pair('staff.koriyama', 'new01.koriyama')).toBeDefined();
    expect(pair('staff.tamura', 'staff2.koriyama')).toBeDefined();
    expect(pair('staff.sukagawa', 'staff2.miharu')).toBeDefined();
    const healths = new Set(pairs.map((p) => pairHealth({
      status: p.status as 'active' | 'ended', startsOn: p.starts_on, lastSessionOn: p.last, today, nudgeAfterWeeks: p.nudge, escalateAfterWeeks: p.escalate,
    }).health));
    for (const h of ['good', 'quiet', 'stalled', 'ended']) expect(healths, h).toContain(h);
  });

  it('breaks none of the matching rules: no pair in one 係, no mentor who manages the mentee, capacities, one active pair per mentee', async () => {
    const sameSection = await db.owner`
      select m.id from mentorships m join users a on a.id = m.mentor_id join users b on b.id = m.mentee_id
      where a.department_id = b.department_id and a.municipality_id = b.municipality_id`;
    expect(sameSection).toEqual([]);
    const manages = await db.owner`
      with recursive up(pair, dept, muni, depth) as (
        select m.id, b.department_id, b.municipality_id, 0 from mentorships m join users b on b.id = m.mentee_id
        union all
        select up.pair, d.parent_id, up.muni, up.depth + 1 from up join departments d on d.id = up.dept and d.municipality_id = up.muni
        where d.parent_id is not null and up.depth < 10)
      select up.pair from up join mentorships m on m.id = up.pair
      join role_grants g on g.user_id = m.mentor_id and g.role = 'manager' and g.department_id = up.dept`;
    expect(manages).toEqual([]);
    const over = await db.owner`
      select pt.id from mentoring_participants pt
      where pt.role = 'mentor' and pt.capacity < (select count(*) from mentorships m where m.programme_id = pt.programme_id and m.mentor_id = pt.user_id and m.status = 'active')`;
    expect(over).toEqual([]);
  });

  it('dates sessions inside their pair, held ones up to today and planned ones ahead, and keeps last_session_on in step', async () => {
    const outside = await db.owner`
      select s.id from mentoring_sessions s join mentorships m on m.id = s.mentorship_id
      where s.held_on < m.starts_on or s.held_on > m.ends_on
         or (s.status = 'held' and s.held_on > ${today}::date) or (s.status = 'planned' and s.held_on < ${today}::date)`;
    expect(outside).toEqual([]);
    const drift = await db.owner`
      select m.id from mentorships m
      where m.last_session_on is distinct from (select max(held_on) from mentoring_sessions s where s.mentorship_id = m.id and s.status = 'held')`;
    expect(drift).toEqual([]);
    const range = fiscalYearRange(fy - 1);
    const [last] = await db.owner<{ n: number }[]>`
      select count(*)::int as n from mentoring_sessions where status = 'held' and held_on between ${range.start} and ${range.end}`;
    expect(last!.n, 'last 年度 has figures too').toBeGreaterThan(0);
  });

  it('writes private notes only by the two of a pair, and a consultation staff2.miharu is not in', async () => {
    const stray = await db.owner`
      select n.id from mentoring_notes n join mentorships m on m.id = n.mentorship_id
      where n.author_id not in (m.mentor_id, m.mentee_id) or n.mentor_id <> m.mentor_id or n.mentee_id <> m.mentee_id`;
    expect(stray).toEqual([]);
    const [c] = await db.owner<{ mentee_in: boolean; people: string[] }[]>`
      select c.mentee_id = any(c.participant_ids) as mentee_in,
             array(select split_part(u.email, '@', 1) from users u where u.id = any(c.participant_ids) order by 1) as people
      from mentoring_consultations c join users b on b.id = c.mentee_id where b.email like 'staff2.miharu@%'`;
    expect(c).toEqual({ mentee_in: false, people: ['manager.miharu', 'staff.sukagawa'] });
  });
});
