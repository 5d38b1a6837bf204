import { newDepartment, newMunicipality, newRegion, newUser, type Sql } from '@yui/db/testing';
import { addDays, todayInJapan } from '@yui/domain';
import type { TestApi } from './helpers';

/**
 * The shared cast of the 職場応援 tests (help-calls, talent, department pages, figures).
 * Helper modules import this file; keep its exports stable.
 *
 * Region R (「テスト広域圏」) with three towns, and a fourth town in another region:
 *  - townA (郡山市): 産業観光部 buA (head: buHeadA) › 観光政策課 deptA — managerA (課長), staffA1..3;
 *    adminA is municipality_admin of A (works in 総務課 deptA2, which has its own manager managerA2)
 *  - townB (三春町): 企画課 deptB — managerB, staffB1, staffB2
 *  - townC (田村市): 総務課 deptC — managerC, staffC1, staffC2
 *  - otherTown (他県村, another region): 総務課 deptOther — managerOther, outsider (a regional
 *    coordinator of the other region): must see nothing of R
 *
 * `call(user, method, url, payload?, lang?)` signs in lazily and returns { status, body, headers, raw }.
 * `day(n)`: a date ~45 days ahead + n (safe for the 20% rule's lead days and past-date checks).
 */
export type HelpUser = Awaited<ReturnType<typeof newUser>>;
export type HelpTown = Awaited<ReturnType<typeof newMunicipality>>;
export type HelpDept = Awaited<ReturnType<typeof newDepartment>>;
type Roles = NonNullable<NonNullable<Parameters<typeof newUser>[2]>['roles']>;
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Work dates for calls: well ahead, inside one month-ish window. */
export const BASE_DAY = addDays(todayInJapan(), 45);
export const day = (n: number): string => addDays(BASE_DAY, n);

export async function helpCast(t: TestApi) {
  const o = t.db.owner;
  const region = await newRegion(o, { name: 'テスト広域圏' });
  const otherRegion = await newRegion(o, { name: '他県広域圏' });
  const townA = await newMunicipality(o, region.id, { name: '郡山市' });
  const townB = await newMunicipality(o, region.id, { name: '三春町' });
  const townC = await newMunicipality(o, region.id, { name: '田村市' });
  const otherTown = await newMunicipality(o, otherRegion.id, { name: '他県村' });

  const buA = await newDepartment(o, townA.id, { kind: 'bu', name: '産業観光部' });
  const deptA = await newDepartment(o, townA.id, { kind: 'ka', name: '観光政策課', parentId: buA.id });
  const deptA2 = await newDepartment(o, townA.id, { kind: 'ka', name: '総務課' });
  const deptB = await newDepartment(o, townB.id, { kind: 'ka', name: '企画課' });
  const deptC = await newDepartment(o, townC.id, { kind: 'ka', name: '総務課' });
  const deptOther = await newDepartment(o, otherTown.id, { kind: 'ka', name: '総務課' });

  const u = (town: HelpTown, dept: HelpDept, name: string, nameKana: string, roles: Roles = []) =>
    newUser(o, town.id, { departmentId: dept.id, name, nameKana, roles });

  const buHeadA = await u(townA, buA, '部長 一郎', 'ぶちょう いちろう', [{ role: 'manager', departmentId: buA.id }]);
  const managerA = await u(townA, deptA, '課長 花子', 'かちょう はなこ', [{ role: 'manager', departmentId: deptA.id }]);
  const staffA1 = await u(townA, deptA, '郡山 太郎', 'こおりやま たろう');
  const staffA2 = await u(townA, deptA, '郡山 次郎', 'こおりやま じろう');
  const staffA3 = await u(townA, deptA, '郡山 三郎', 'こおりやま さぶろう');
  const managerA2 = await u(townA, deptA2, '総務 課長', 'そうむ かちょう', [{ role: 'manager', departmentId: deptA2.id }]);
  const adminA = await u(townA, deptA2, '管理 恵子', 'かんり けいこ', [{ role: 'municipality_admin' }]);

  const managerB = await u(townB, deptB, '課長 二郎', 'かちょう じろう', [{ role: 'manager', departmentId: deptB.id }]);
  const staffB1 = await u(townB, deptB, '三春 桜', 'みはる さくら');
  const staffB2 = await u(townB, deptB, '三春 梅', 'みはる うめ');

  const managerC = await u(townC, deptC, '課長 三郎', 'かちょう さぶろう', [{ role: 'manager', departmentId: deptC.id }]);
  const staffC1 = await u(townC, deptC, '田村 一', 'たむら はじめ');
  const staffC2 = await u(townC, deptC, '田村 二葉', 'たむら ふたば');

  const managerOther = await u(otherTown, deptOther, '他県 課長', 'たけん かちょう', [{ role: 'manager', departmentId: deptOther.id }]);
  const outsider = await u(otherTown, deptOther, '他県 守', 'たけん まもる', [{ role: 'regional_coordinator', regionId: otherRegion.id }]);

  const tokens = new Map<string, string>();
  async function call(who: HelpUser, method: Method, url: string, payload?: unknown, lang = 'ja') {
    if (!tokens.has(who.id)) tokens.set(who.id, (await t.login(who.email, who.password)).authorization);
    const res = await t.app.inject({
      method, url, payload: payload as object, headers: { authorization: tokens.get(who.id)!, 'accept-language': lang },
    });
    let body: any = null;
    try { body = res.json(); } catch { body = res.body; }
    return { status: res.statusCode, body, headers: res.headers, raw: res };
  }

  /** The applicant's manager approves (or declines) a time request through the time API. */
  async function decideTime(manager: HelpUser, timeRequestId: string, decision: 'approve' | 'decline' | 'return' = 'approve', comment?: string) {
    const res = await call(manager, 'POST', `/api/time-requests/${timeRequestId}/decision`, { decision, ...(comment ? { comment } : {}) });
    if (res.status !== 200) throw new Error(`time decision ${decision}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  return {
    region, otherRegion, townA, townB, townC, otherTown,
    buA, deptA, deptA2, deptB, deptC, deptOther,
    buHeadA, managerA, staffA1, staffA2, staffA3, managerA2, adminA,
    managerB, staffB1, staffB2, managerC, staffC1, staffC2, managerOther, outsider,
    /** Who approves whose time (the applicant's own 課長). */
    managerOf(user: HelpUser): HelpUser {
      const m = new Map<string, HelpUser>([
        ...[staffA1, staffA2, staffA3].map((s) => [s.id, managerA] as const),
        [managerA.id, buHeadA], [adminA.id, managerA2],
        ...[staffB1, staffB2].map((s) => [s.id, managerB] as const),
        ...[staffC1, staffC2].map((s) => [s.id, managerC] as const),
        [outsider.id, managerOther],
      ]);
      const found = m.get(user.id);
      if (!found) throw new Error(`no manager known for ${user.name}`);
      return found;
    },
    call, decideTime,
  };
}
export type HelpCast = Awaited<ReturnType<typeof helpCast>>;

/** A valid POST /api/help-calls body (override anything). */
export function callBody(over: Record<string, unknown> = {}) {
  return {
    title: '観光イベントの運営補助',
    category: 'operations',
    summary: '週末の観光イベントで受付と案内をお願いします。',
    headcount: 2,
    deadline: day(-5),
    workStart: day(0),
    workEnd: day(6),
    hoursNote: '9:00〜12:00',
    minutesPerDay: 180,
    place: '郡山駅前広場',
    skills: ['イベント運営', '英語'],
    reach: 'region',
    ...over,
  };
}

export interface InsertCall {
  regionId: string;
  municipalityId: string;
  departmentId: string;
  createdBy: HelpUser;
  contact?: HelpUser;
  title?: string;
  category?: 'planning' | 'operations' | 'busy_season' | 'learning' | 'other';
  summary?: string;
  headcount?: number;
  publishedOn?: string;
  deadline?: string;
  workStart?: string;
  workEnd?: string;
  minutesPerDay?: number;
  skills?: string[];
  reach?: 'town' | 'region';
  status?: 'open' | 'closed' | 'finished' | 'cancelled';
  appliedCount?: number;
  acceptedCount?: number;
}

/** A call written behind the API's back (owner connection), for tests that are not about posting one. */
export async function insertHelpCall(o: Sql, c: InsertCall): Promise<{ id: string; title: string }> {
  const today = todayInJapan();
  const [row] = await o`
    insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                            work_start, work_end, minutes_per_day, skills, contact_id, reach, status, applied_count, accepted_count, created_by)
    values (${c.regionId}, ${c.municipalityId}, ${c.departmentId}, ${c.title ?? `テスト募集${Math.random().toString(36).slice(2, 8)}`},
            ${c.category ?? 'operations'}, ${c.summary ?? '募集概要です。'}, ${c.headcount ?? 2}, ${c.publishedOn ?? today},
            ${c.deadline ?? day(-5)}, ${c.workStart ?? day(0)}, ${c.workEnd ?? day(6)}, ${c.minutesPerDay ?? 180},
            ${c.skills ?? []}, ${(c.contact ?? c.createdBy).id}, ${c.reach ?? 'region'}, ${c.status ?? 'open'},
            ${c.appliedCount ?? 0}, ${c.acceptedCount ?? 0}, ${c.createdBy.id})
    returning id, title`;
  return row as { id: string; title: string };
}

/**
 * A talent profile written behind the API's back. The search vector is left empty (search by words
 * will not find it: use PUT /api/talent/me for that).
 */
export async function insertTalent(
  o: Sql, regionId: string, user: HelpUser,
  p: { skills: string[]; notifySkills?: string[]; introduction?: string; availability?: string; active?: boolean },
): Promise<void> {
  await o`
    insert into talent_profiles (region_id, user_id, municipality_id, active, skills, notify_skills, introduction, availability, opted_out_at)
    values (${regionId}, ${user.id}, ${user.municipalityId}, ${p.active ?? true}, ${p.skills}, ${p.notifySkills ?? []},
            ${p.introduction ?? ''}, ${p.availability ?? ''}, ${p.active === false ? new Date() : null})
    on conflict (region_id, user_id) do update set active = excluded.active, skills = excluded.skills,
      notify_skills = excluded.notify_skills, introduction = excluded.introduction, availability = excluded.availability,
      opted_out_at = excluded.opted_out_at`;
}
