import { newUser, type Sql } from '@yui/db/testing';
import { addDays, fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import { helpCast, type HelpTown, type HelpUser } from './help-fixtures';
import type { TestApi } from './helpers';

/**
 * The shared cast of the 職員サポート制度 tests: the 職場応援 cast (help-fixtures.ts: region R with
 * 郡山市 A, 三春町 B, 田村市 C; another region's town) plus
 *  - FY: the current 年度 and its range; new hires of A hired in it (newHireA1, newHireA2, in 観光政策課
 *    deptA; newHireA3 in 総務課 deptA2), a 新任係長 of A (chiefA, 係長 since this 年度), a new hire of B (newHireB1);
 *  - years of service on the seniors (hire dates: staffA1 2010, staffA2 2015, staffA3 2021, staffB1 2008,
 *    staffC1 2012, managerA 2000);
 *  - adminB (自治体管理者 of 三春町) and coordinator (広域コーディネーター of R, works in 田村市).
 * Helper modules import this file; keep its exports stable.
 *
 * The insert* helpers write behind the API's back (as the owner, RLS off) so that the pair tests do
 * not depend on the matching routes.
 */
export async function mentoringCast(t: TestApi) {
  const c = await helpCast(t);
  const o = t.db.owner;
  const today = todayInJapan();
  const fy = fiscalYearOf(new Date(`${today}T12:00:00+09:00`));
  const range = fiscalYearRange(fy);
  const u = (town: HelpTown, deptId: string, name: string, nameKana: string, roles: Array<{ role: 'manager' | 'municipality_admin' | 'regional_coordinator'; departmentId?: string; regionId?: string }> = []) =>
    newUser(o, town.id, { departmentId: deptId, name, nameKana, roles });

  const newHireA1 = await u(c.townA, c.deptA.id, '新人 一花', 'しんじん いちか');
  const newHireA2 = await u(c.townA, c.deptA.id, '新人 二葉', 'しんじん ふたば');
  const newHireA3 = await u(c.townA, c.deptA2.id, '新人 三太', 'しんじん さんた');
  const chiefA = await u(c.townA, c.deptA2.id, '係長 新任', 'かかりちょう しんにん');
  const newHireB1 = await u(c.townB, c.deptB.id, '新人 三春', 'しんじん みはる');
  const adminB = await u(c.townB, c.deptB.id, '管理 三春', 'かんり みはる', [{ role: 'municipality_admin' }]);
  const coordinator = await u(c.townC, c.deptC.id, '広域 調整', 'こういき ちょうせい', [{ role: 'regional_coordinator', regionId: c.region.id }]);

  const hired = (who: { id: string }, date: string) => o`update users set hire_date = ${date} where id = ${who.id}`;
  for (const p of [newHireA1, newHireA2, newHireA3, newHireB1]) await hired(p, range.start);
  await hired(chiefA, '2012-04-01');
  await o`update users set position = '係長', position_since = ${range.start} where id = ${chiefA.id}`;
  await hired(c.staffA1, '2010-04-01');
  await hired(c.staffA2, '2015-04-01');
  await hired(c.staffA3, '2021-04-01');
  await hired(c.staffB1, '2008-04-01');
  await hired(c.staffC1, '2012-04-01');
  await hired(c.managerA, '2000-04-01');

  return { ...c, fy, range, today, newHireA1, newHireA2, newHireA3, chiefA, newHireB1, adminB, coordinator };
}
export type MentoringCast = Awaited<ReturnType<typeof mentoringCast>>;

/** A valid POST /api/mentoring/programmes body (override anything). */
export function programmeBody(fy: number, over: Record<string, unknown> = {}) {
  return {
    scope: 'town', kind: 'new_hire', fiscalYear: fy, title: `新採用職員サポート${Math.random().toString(36).slice(2, 6)}`,
    goals: '職場に早くなじみ、相談できる先輩をつくる。', menteeRule: 'hired_in_year', mentorMinYears: 3,
    departmentPreference: 'near', ...over,
  };
}

export interface InsertProgramme {
  regionId: string; municipalityId: string; createdBy: HelpUser; scope?: 'town' | 'region'; kind?: string; fiscalYear: number;
  title?: string; startsOn?: string; endsOn?: string; nudgeAfterWeeks?: number; escalateAfterWeeks?: number; status?: 'open' | 'closed';
  menteeRule?: string;
}
export async function insertProgramme(o: Sql, p: InsertProgramme): Promise<{ id: string; title: string }> {
  const range = fiscalYearRange(p.fiscalYear);
  const [row] = await o`
    insert into mentoring_programmes (region_id, municipality_id, scope, kind, fiscal_year, title, mentee_rule, starts_on, ends_on,
                                      nudge_after_weeks, escalate_after_weeks, status, created_by)
    values (${p.regionId}, ${p.municipalityId}, ${p.scope ?? 'town'}, ${p.kind ?? 'new_hire'}, ${p.fiscalYear},
            ${p.title ?? `テスト制度${Math.random().toString(36).slice(2, 6)}`}, ${p.menteeRule ?? 'anyone'},
            ${p.startsOn ?? range.start}, ${p.endsOn ?? range.end}, ${p.nudgeAfterWeeks ?? 4}, ${p.escalateAfterWeeks ?? 8},
            ${p.status ?? 'open'}, ${p.createdBy.id})
    returning id, title`;
  return row as { id: string; title: string };
}

export async function insertParticipant(
  o: Sql, p: { regionId: string; programmeId: string; user: HelpUser; role: 'mentor' | 'mentee'; capacity?: number; skills?: string[]; years?: number },
): Promise<{ id: string }> {
  const [row] = await o`
    insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, skills, years_of_service, added_by)
    values (${p.regionId}, ${p.programmeId}, ${p.user.id}, ${p.user.municipalityId}, ${p.role}, ${p.capacity ?? 1}, ${p.skills ?? []},
            ${p.years ?? 0}, ${p.user.id})
    returning id`;
  return row as { id: string };
}

/** A pair (and both participant entries), as if matched by `matchedBy`. */
export async function insertPair(
  o: Sql,
  p: { regionId: string; programmeId: string; mentor: HelpUser; mentee: HelpUser; matchedBy: HelpUser; startsOn?: string; endsOn?: string; lastSessionOn?: string | null },
): Promise<{ id: string }> {
  const today = todayInJapan();
  await o`
    insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, years_of_service, added_by)
    values (${p.regionId}, ${p.programmeId}, ${p.mentor.id}, ${p.mentor.municipalityId}, 'mentor', 3, 10, ${p.matchedBy.id}),
           (${p.regionId}, ${p.programmeId}, ${p.mentee.id}, ${p.mentee.municipalityId}, 'mentee', 1, 0, ${p.matchedBy.id})
    on conflict (programme_id, user_id, role) do nothing`;
  const [row] = await o`
    insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
                             starts_on, ends_on, score, matched_by, last_session_on)
    values (${p.regionId}, ${p.programmeId}, ${p.mentor.id}, ${p.mentor.municipalityId}, ${p.mentee.id}, ${p.mentee.municipalityId},
            ${p.startsOn ?? addDays(today, -14)}, ${p.endsOn ?? addDays(today, 180)}, 70, ${p.matchedBy.id}, ${p.lastSessionOn ?? null})
    returning id`;
  return row as { id: string };
}

/**
 * Runs `requests` while a second (owner) connection holds what `hold` took — row locks, an uncommitted
 * change — and commits only once every request waits on a lock (pg_stat_activity) or has answered:
 * the requests meet the held change exactly at their locks, whatever the timing.
 */
export async function whileHolding<T>(t: TestApi, hold: (tx: Sql) => Promise<unknown>, requests: Array<() => Promise<T>>): Promise<T[]> {
  const o = t.db.owner;
  let pending!: Promise<T[]>;
  await o.begin(async (tx) => {
    await hold(tx as unknown as Sql);
    const [me] = await tx`select pg_backend_pid() as pid`;
    let done = 0;
    pending = Promise.all(requests.map((r) => r().finally(() => { done++; })));
    for (let i = 0; ; i++) {
      const [w] = await o`select count(*)::int as n from pg_stat_activity
                          where datname = current_database() and wait_event_type = 'Lock' and pid <> ${me!.pid}`;
      if (w!.n + done >= requests.length) break;
      if (i > 2000) throw new Error('the requests neither waited nor answered');
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  return pending;
}
