// 職員サポート制度 (mentoring) of the synthetic region. By default (1,000 staff per town) each town runs
// a 新採用職員 programme of this 年度 with 40 mentors (s1, s26, s51, … — every person the bench signs in
// with the default sizes is one; capacity 1–3, 2–4 skills) and 60 mentees (s3, s7, s13, s53, …): 40
// pairs, one per mentor, each with up to 6 sessions held every three weeks and, for most, one planned,
// the quiet and stalled ones nudged and escalated as the daily job would have; the other 20 mentees are
// unmatched, so the matching board scores 20 mentees × 40 mentors. One cross-town programme pairs
// every s1, s101, … (mentee) with s51, s151, … of the next town (mentor). Loaded set-based like help.ts.
//
// Programme ids are md5 of the town's id shaped as a version 4 uuid (programmeIdOf), so the endpoints can
// name a town's programme without asking the database.
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { SUGGESTED_SKILLS } from '../../packages/contracts/src/help';
import { fiscalYearOf, fiscalYearRange, todayInJapan } from '../../packages/domain/src/index';

/** The id of a town's 新採用職員 programme (as the SQL below makes it: uuidOf('bench-mentoring:' || id)). */
export function programmeIdOf(tenantId: string): string {
  // Version 4 and variant bits set, as the contracts' z.uuid() wants them.
  const m = createHash('md5').update(`bench-mentoring:${tenantId}`).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface MentoringStats {
  steps: Record<string, number>;
  rows: Record<string, number>;
}

const topics = ['配属後の振り返り', '窓口対応で困ったこと', '予算要求の進め方', '決裁文書の書き方', '仕事の優先順位のつけ方', '議会対応の基本', '繁忙期の乗り切り方', '研修の振り返り'];
const reasons = JSON.stringify([
  { code: 'skills', points: 15, max: 35, skills: ['窓口対応'] }, { code: 'experience', points: 20, max: 20, yearsGap: 12 },
  { code: 'department', points: 15, max: 20, distance: 'same_bu' }, { code: 'town', points: 8, max: 15, townWish: 'neutral' },
  { code: 'capacity', points: 10, max: 10, remaining: 0, capacity: 1 },
]);
/** SQL: the uuid programmeIdOf() makes of the text `expr`. */
const uuidOf = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;
const lit = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** Generates the programmes, entries, pairs and sessions of `regionId` (its users and departments must exist). */
export async function generateMentoring(sql: postgres.Sql, regionId: string): Promise<MentoringStats> {
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - s) / 1000;
    return r;
  };
  const today = todayInJapan();
  const fy = fiscalYearOf(new Date(`${today}T00:00:00Z`));
  const { start, end } = fiscalYearRange(fy);
  // Pairs began a month into the 年度 (earlier in April: the 年度's first day).
  const pairStart = [new Date(Date.parse(start) + 30 * 86_400_000).toISOString().slice(0, 10), today].sort()[0]!;
  const townOf = (town: string) => uuidOf(`'bench-mentoring:' || ${town}`);
  const regionProgramme = uuidOf(`'bench-mentoring-region:${regionId}'`);
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local work_mem = '128MB'`);
    await step('people', async () => {
      await tx.unsafe(`
        create temp table bench_mt_people on commit drop as
        select u.id, u.municipality_id as town, m.code::int as tn, split_part(split_part(u.email, '@', 1), 's', 2)::int as i, u.hire_date
        from users u join municipalities m on m.id = u.municipality_id
        where m.region_id = '${regionId}' and u.email ~ '^s[0-9]+@'`);
      await tx.unsafe(`create index on bench_mt_people (tn, i)`);
      await tx.unsafe(`
        create temp table bench_mt_entries on commit drop as
        select p.*, r.role, (row_number() over (partition by p.town, r.role order by p.i) - 1)::int as k,
               (count(*) over (partition by p.town, r.role))::int as n
        from bench_mt_people p
        cross join lateral (select case when p.i % 25 = 1 then 'mentor' when p.i % 50 in (3, 7, 13) then 'mentee' end as role) r
        where r.role is not null`);
    });
    const [{ towns }] = (await tx`select count(distinct town)::int as towns from bench_mt_people`) as unknown as [{ towns: number }];
    if (!towns) throw new Error('generateMentoring: the region has no people');

    await step('programmes', () => tx.unsafe(`
      insert into mentoring_programmes (id, region_id, municipality_id, scope, kind, fiscal_year, title, goals, mentee_rule, mentor_min_years,
                                        department_preference, starts_on, ends_on, session_minutes, created_by, created_at, updated_at)
      select ${townOf('m.id')}, '${regionId}'::uuid, m.id, 'town', 'new_hire', ${fy}, '${fy}年度 新採用職員サポート',
             '新採用職員が身近な先輩に仕事の悩みを相談できるようにする。', 'hired_in_year', 3, 'near', '${start}'::date, '${end}'::date, 45,
             (select p.id from bench_mt_people p where p.town = m.id and p.i = 1), '${start}'::timestamptz - interval '14 days', '${start}'::timestamptz
      from municipalities m where m.region_id = '${regionId}'
      union all
      select ${regionProgramme}, '${regionId}'::uuid, p.town, 'region', 'cross_town', ${fy}, '広域メンタリング',
             '市町村の枠を越えて相談できる先輩をつくる。', 'anyone', 5, 'far', '${start}'::date, '${end}'::date, 60, p.id,
             '${start}'::timestamptz, '${start}'::timestamptz
      from bench_mt_people p where p.tn = (select min(tn) from bench_mt_people) and p.i = 1`));

    const skills = lit(SUGGESTED_SKILLS);
    const nSkills = SUGGESTED_SKILLS.length;
    await step('participants', async () => {
      // The town programmes: mentors volunteered, mentees were enrolled by the town's admin (s1).
      await tx.unsafe(`
        insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, skills, years_of_service,
                                            town_preference, note, added_by, created_at, updated_at)
        select '${regionId}'::uuid, ${townOf('e.town')}, e.id, e.town, e.role,
               case when e.role = 'mentor' then 1 + e.k % 3 else 1 end,
               array(select (${skills})[1 + ((e.i * 31 + j * 7) % ${nSkills})] from generate_series(0, 1 + e.i % 3 - (e.role = 'mentee')::int) j),
               case when e.role = 'mentor' then least(60, greatest(0, extract(year from age('${today}'::date, coalesce(e.hire_date, '${today}')))::int)) else 0 end,
               'any', case when e.role = 'mentor' then '業務のことなら何でも相談してください。' else 'よろしくお願いします。' end,
               case when e.role = 'mentor' then e.id else (select a.id from bench_mt_people a where a.town = e.town and a.i = 1) end,
               '${start}'::timestamptz, '${start}'::timestamptz
        from bench_mt_entries e`);
      // Across towns: s1, s101, … (mentees) and s51, s151, … (mentors).
      await tx.unsafe(`
        insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, skills, years_of_service,
                                            town_preference, note, added_by, created_at, updated_at)
        select '${regionId}'::uuid, ${regionProgramme}, p.id, p.town,
               case when p.i % 100 = 51 then 'mentor' else 'mentee' end, 1,
               array(select (${skills})[1 + ((p.i * 17 + j * 7) % ${nSkills})] from generate_series(0, 2) j),
               least(60, greatest(0, extract(year from age('${today}'::date, coalesce(p.hire_date, '${today}')))::int)),
               'other', '他の市町村の先輩と話してみたいです。', p.id, '${start}'::timestamptz, '${start}'::timestamptz
        from bench_mt_people p where p.i % 100 in (1, 51)`);
    });

    await step('pairs', async () => {
      // Town programmes: mentee k with mentor k, for the first two thirds of the mentees (as far as there are mentors).
      await tx.unsafe(`
        insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id, starts_on, ends_on,
                                 goals, score, reasons, matched_via, matched_by, created_at, updated_at)
        select '${regionId}'::uuid, ${townOf('e.town')}, o.id, o.town, e.id, e.town, '${pairStart}'::date, '${end}'::date,
               '仕事の進め方をつかむ。', 40 + (e.i * 7) % 55, '${reasons}'::jsonb, case when e.k % 2 = 0 then 'assignment' else 'manual' end,
               (select a.id from bench_mt_people a where a.town = e.town and a.i = 1), '${pairStart}'::timestamptz, '${pairStart}'::timestamptz
        from bench_mt_entries e join bench_mt_entries o on o.town = e.town and o.role = 'mentor' and o.k = e.k
        where e.role = 'mentee' and e.k < (2 * e.n) / 3`);
      // Across towns: s<i> of town t with s<i + 50> of the next town (round the region).
      if (towns > 1) {
        await tx.unsafe(`
          insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id, starts_on, ends_on,
                                   goals, score, reasons, matched_via, matched_by, created_at, updated_at)
          select '${regionId}'::uuid, ${regionProgramme}, o.id, o.town, e.id, e.town, '${pairStart}'::date, '${end}'::date,
                 '他の市町村のやり方を知る。', 60 + e.i % 40, '${reasons}'::jsonb, 'manual', e.id, '${pairStart}'::timestamptz, '${pairStart}'::timestamptz
          from bench_mt_people e
          join (select tn, row_number() over (order by tn) as r from (select distinct tn from bench_mt_people) t) te on te.tn = e.tn
          join (select tn, row_number() over (order by tn) as r from (select distinct tn from bench_mt_people) t) tm on tm.r = te.r % ${towns} + 1
          join bench_mt_people o on o.tn = tm.tn and o.i = e.i + 50
          where e.i % 100 = 1`);
      }
    });

    await step('sessions', async () => {
      // Up to six held, three weeks apart, the last 0–69 days ago; most pairs have the next one planned.
      await tx.unsafe(`
        insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, start_time, minutes, topic, place, logged_by, created_at, updated_at)
        select s.region_id, s.programme_id, s.id, x.status, x.on, x.time, 30 + 15 * ((h.v + n) % 3),
               (${lit(topics)})[1 + (h.v + n) % ${topics.length}], '小会議室', case when n % 2 = 0 then s.mentor_id else s.mentee_id end,
               least(now(), x.on::timestamptz), least(now(), x.on::timestamptz)
        from mentorships s
        cross join lateral (select abs(hashtext(s.id::text)) as v) h
        cross join lateral generate_series(0, 6) n
        cross join lateral (select case when n = 6 then 'planned' else 'held' end as status,
                                   case when n = 6 then '${today}'::date + 2 + h.v % 12 else '${today}'::date - h.v % 70 - 21 * n end as on,
                                   case when n = 6 then '15:00' end as time) x
        where s.region_id = '${regionId}' and (n < 6 and x.on >= s.starts_on + 7 or n = 6 and h.v % 4 <> 0)`);
      await tx.unsafe(`
        update mentorships s set last_session_on = l.last,
               nudged_at = case when l.last < '${today}'::date - 28 then (l.last + 28)::timestamptz end,
               escalated_at = case when l.last < '${today}'::date - 56 then (l.last + 56)::timestamptz end,
               updated_at = greatest(s.updated_at, l.last::timestamptz)
        from (select mentorship_id, max(held_on) as last from mentoring_sessions where region_id = '${regionId}' and status = 'held' group by mentorship_id) l
        where l.mentorship_id = s.id`);
    });

    const [rows] = await tx<Record<string, number>[]>`
      select (select count(*)::int from mentoring_programmes where region_id = ${regionId}) as mentoring_programmes,
             (select count(*)::int from mentoring_participants where region_id = ${regionId}) as mentoring_participants,
             (select count(*)::int from mentorships where region_id = ${regionId}) as mentorships,
             (select count(*)::int from mentoring_sessions where region_id = ${regionId}) as mentoring_sessions`;
    return { steps, rows: rows! };
  });
}
