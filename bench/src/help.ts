// 職場応援 of the synthetic region: by default (20 towns × 1,000 staff) 5,000 calls for help over two
// years (a tenth of them still open, one in five for the posting town only), three applications per
// call on average, and one person in ten registered as talent with 1–5 skills (half of them asking to
// hear of new calls). Rendered with the product's own search function (toTsvectorLiteral), loaded
// set-based like communities.ts.
import postgres from 'postgres';
import { SUGGESTED_SKILLS } from '../../packages/contracts/src/help';
import { toTsvectorLiteral } from '../../packages/domain/src/index';

export interface HelpSizes {
  calls: number;
  talent: number;
}

/** 5,000 calls and 2,000 talent for 20,000 people; proportionally for other sizes. */
export function helpSizes(people: number): HelpSizes {
  const env = (k: string) => (process.env[k] ? Number(process.env[k]) : undefined);
  const calls = env('BENCH_HELP_CALLS') ?? Math.max(20, Math.round(people / 4));
  const talent = env('BENCH_TALENT') ?? Math.max(10, Math.round(people / 10));
  if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(talent) || talent < 1) {
    throw new Error('BENCH_HELP_CALLS and BENCH_TALENT must be positive whole numbers');
  }
  return { calls, talent };
}

const callTexts: Array<{ title: string; category: string; summary: string; skills: string[]; hours: string; minutes: number }> = [
  { title: '花火大会の運営スタッフ募集', category: 'operations', summary: '会場の誘導・案内をお願いします。観光客の多いイベントです。', skills: ['イベント運営'], hours: '17:00〜21:00', minutes: 240 },
  { title: 'ワークショップの写真撮影', category: 'operations', summary: '市民向けワークショップの記録写真を撮影してください。', skills: ['写真撮影'], hours: '13:00〜16:00', minutes: 180 },
  { title: '広報動画の撮影と編集', category: 'planning', summary: '観光PR動画（1分）の撮影と編集を一緒に進めてくれる方を募集します。', skills: ['動画編集', '写真撮影'], hours: '9:00〜12:00', minutes: 180 },
  { title: '確定申告受付の応援', category: 'busy_season', summary: '繁忙期の受付補助です。窓口経験のある方歓迎。', skills: ['窓口対応'], hours: '8:30〜12:00', minutes: 210 },
  { title: 'チラシのイラスト作成', category: 'planning', summary: '子育て支援イベントのチラシに載せるイラストを描いてください。', skills: ['イラスト', 'デザイン'], hours: '随時', minutes: 120 },
  { title: '外国人観光客向け案内の翻訳', category: 'planning', summary: '観光案内パンフレットの英訳をチェックしてください。', skills: ['英語'], hours: '随時', minutes: 120 },
  { title: '選挙体験教室の補助', category: 'operations', summary: '小学校での選挙体験教室の運営補助です。', skills: ['司会', 'イベント運営'], hours: '9:30〜12:00', minutes: 150 },
  { title: 'Excel集計表の改善', category: 'learning', summary: '手作業の集計をExcelのテーブルとピボットで効率化したいです。', skills: ['Excel', 'データ分析'], hours: '14:00〜16:00', minutes: 120 },
  { title: '防災訓練の運営補助', category: 'operations', summary: '総合防災訓練の受付と避難所運営の補助です。', skills: ['防災'], hours: '8:30〜12:00', minutes: 210 },
  { title: 'ドローン空撮の協力', category: 'planning', summary: '観光地の空撮に協力できる方を募集します。', skills: ['ドローン', '写真撮影'], hours: '10:00〜12:00', minutes: 120 },
];
const categories = ['planning', 'operations', 'busy_season', 'learning', 'other'];

export interface HelpStats {
  steps: Record<string, number>;
  rows: Record<string, number>;
}

/** Generates calls, applications and talent of `regionId` (its users and departments must exist). */
export async function generateHelp(sql: postgres.Sql, regionId: string, sizes: HelpSizes): Promise<HelpStats> {
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - s) / 1000;
    return r;
  };
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local work_mem = '128MB'`);
    await step('variants', async () => {
      await tx.unsafe(`create temp table bench_help_texts (v int primary key, title text, category text, summary text, skills text[], hours text, minutes int, search tsvector) on commit drop`);
      const rows = callTexts.map((c, i) => ({
        v: i + 1, title: c.title, category: c.category, summary: c.summary, skills: c.skills, hours: c.hours, minutes: c.minutes,
        search: toTsvectorLiteral([c.title, c.summary, '本庁舎', c.skills.join(' '), c.hours]),
      }));
      await tx`insert into bench_help_texts ${tx(rows, 'v', 'title', 'category', 'summary', 'skills', 'hours', 'minutes', 'search')}`;
      // 課 of the region (calls are posted by a 課), numbered; people numbered.
      await tx.unsafe(`
        create temp table bench_help_depts on commit drop as
        select row_number() over (order by d.id)::int as dn, d.id, d.municipality_id,
          (select u.id from users u where u.municipality_id = d.municipality_id and u.department_id in
             (select c.id from departments c where c.parent_id = d.id or c.id = d.id) order by u.id limit 1) as poster
        from departments d join municipalities m on m.id = d.municipality_id
        where m.region_id = '${regionId}' and d.kind = 'ka'`);
      await tx.unsafe(`delete from bench_help_depts where poster is null`);
      await tx.unsafe(`create temp table bench_help_people on commit drop as
        select row_number() over (order by u.id)::int as un, u.id, u.municipality_id
        from users u join municipalities m on m.id = u.municipality_id where m.region_id = '${regionId}'`);
      await tx.unsafe(`alter table bench_help_people add primary key (un)`);
    });
    const [{ nd }] = (await tx`select count(*)::int as nd from bench_help_depts`) as unknown as [{ nd: number }];
    const [{ np }] = (await tx`select count(*)::int as np from bench_help_people`) as unknown as [{ np: number }];
    if (!nd || !np) throw new Error('generateHelp: the region has no departments or people');

    // Calls: published steadily over two years; the newest tenth is still open.
    await step('calls', () => tx.unsafe(`
      insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                              work_start, work_end, hours_note, minutes_per_day, place, skills, contact_id, reach, status,
                              created_by, search, created_at, updated_at)
      select '${regionId}', d.municipality_id, d.id, t.title || ' ' || g.k, t.category, t.summary, 1 + (g.k * 7) % 15,
             p.on, p.on + 14, p.on + 21, p.on + 21 + (g.k % 3), t.hours, t.minutes, '本庁舎', t.skills, d.poster,
             case when g.k % 5 = 0 then 'town' else 'region' end,
             case when g.k > ${sizes.calls} * 0.9 then 'open' when g.k % 17 = 0 then 'cancelled' else 'finished' end,
             d.poster, t.search, p.on::timestamptz, p.on::timestamptz
      from generate_series(1, ${sizes.calls}) g(k)
      join bench_help_depts d on d.dn = 1 + (g.k * 7919) % ${nd}
      join bench_help_texts t on t.v = 1 + g.k % ${callTexts.length}
      cross join lateral (select ((now() at time zone 'Asia/Tokyo')::date - 730 + (730 * g.k / ${sizes.calls})::int - 14) as on) p`));

    // Applications: 0–6 per call from anyone of the region (town-only calls: the posting town's people).
    await step('applications', () => tx.unsafe(`
      insert into help_applications (region_id, call_id, user_id, municipality_id, status, planned_minutes, first_date, counted_at, created_at, updated_at)
      select '${regionId}', c.id, p.id, p.municipality_id,
             case when c.status = 'open' then 'applied' when a.j = 0 then 'declined' else 'accepted' end,
             c.minutes_per_day, c.work_start, c.created_at + interval '2 days', c.created_at + interval '1 day', c.created_at + interval '1 day'
      from (select c.*, row_number() over (order by c.id)::int as cn from help_calls c where c.region_id = '${regionId}') c
      cross join lateral generate_series(0, (c.cn % 7) - 1) a(j)
      join bench_help_people p on p.un = 1 + ((c.cn::bigint * 104729 + a.j * 7907) % ${np})
      where c.reach = 'region' or p.municipality_id = c.municipality_id
      on conflict do nothing`));
    await step('call_counts', () => tx.unsafe(`
      update help_calls c set applied_count = s.applied, accepted_count = least(s.accepted, c.headcount)
      from (select call_id, count(*)::int as applied, count(*) filter (where status = 'accepted')::int as accepted
            from help_applications where region_id = '${regionId}' group by call_id) s
      where s.call_id = c.id`));

    // Talent: every tenth person (or BENCH_TALENT of them), 1–5 skills, half of them notified.
    await step('talent', async () => {
      const skills = [...SUGGESTED_SKILLS];
      const skillArray = `array[${skills.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;
      await tx.unsafe(`
        insert into talent_profiles (region_id, user_id, municipality_id, active, skills, notify_skills, introduction, availability, search, opted_in_at, created_at, updated_at)
        select '${regionId}', p.id, p.municipality_id, p.un % 29 <> 0, s.skills, case when p.un % 2 = 0 then s.skills else '{}' end,
               '得意なことで広域圏のお役に立ちたいです。', '平日午後・月2回程度', ''::tsvector, now() - (p.un % 700) * interval '1 day',
               now() - (p.un % 700) * interval '1 day', now()
        from bench_help_people p
        cross join lateral (select array(select (${skillArray})[1 + ((p.un * 31 + i * 7) % ${skills.length})]
                                          from generate_series(0, p.un % 5) i) as skills) s
        where p.un <= ${Math.min(sizes.talent, np)}`);
    });
    const [rows] = await tx<Record<string, number>[]>`
      select (select count(*)::int from help_calls where region_id = ${regionId}) as help_calls,
             (select count(*)::int from help_applications where region_id = ${regionId}) as help_applications,
             (select count(*)::int from talent_profiles where region_id = ${regionId}) as talent_profiles`;
    return { steps, rows: rows! };
  });
}
