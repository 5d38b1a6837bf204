// The synthetic region the benchmark runs on: one 広域圏 of `towns` municipalities, each with a
// 部 > 課 > 係 tree (5 × 4 × 3 = 85 departments) and `staff` people, every one with `notifications`
// notifications (the newest third unread) and two 20%ルール requests (one approved, one pending).
// Everything is bulk-inserted with generate_series in a few statements as the owner (RLS does not apply
// to the owner), then VACUUM ANALYZE, so that neither a stale plan nor autovacuum waking up mid-run
// skews the figures.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { communitySizes, generateCommunities } from './communities';
import { generateHelp, helpSizes } from './help';
import { generateMentoring } from './mentoring';
import { attractionSizes, generateAttractions } from './attractions';

export interface RegionSizes {
  towns: number;
  staff: number;
  notifications: number;
}

export interface BenchUser {
  id: string;
  email: string;
  tenantId: string;
  regionId: string;
  /** A community the person is an active member of (its timeline is measured). */
  communityId: string;
}

export const BENCH_PASSWORD = 'bench-password-結-2024';
export const BENCH_EMAIL_DOMAIN = 'bench.yui.test';
const BU_PER_TOWN = 5;
const KA_PER_BU = 4;
const KAKARI_PER_KA = 3;
export const DEPARTMENTS_PER_TOWN = BU_PER_TOWN * (1 + KA_PER_BU * (1 + KAKARI_PER_KA));

const slugOf = (town: number) => `town-${String(town).padStart(5, '0')}`;
export const emailOf = (town: number, staffIndex: number) => `s${staffIndex}@${slugOf(town)}.${BENCH_EMAIL_DOMAIN}`;

const family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '斎藤', '清水'];
const familyKana = ['さとう', 'すずき', 'たかはし', 'たなか', 'いとう', 'わたなべ', 'やまもと', 'なかむら', 'こばやし', 'かとう', 'よしだ', 'やまだ', 'ささき', 'やまぐち', 'まつもと', 'いのうえ', 'きむら', 'はやし', 'さいとう', 'しみず'];
const given = ['翔太', '陽菜', '大輔', '美咲', '健一', '結衣', '拓也', '彩', '直樹', '由美', '誠', '真由美', '翼', '恵', '亮', '愛', '浩二', '花子', '優斗', '千尋'];
const givenKana = ['しょうた', 'ひな', 'だいすけ', 'みさき', 'けんいち', 'ゆい', 'たくや', 'あや', 'なおき', 'ゆみ', 'まこと', 'まゆみ', 'つばさ', 'めぐみ', 'りょう', 'あい', 'こうじ', 'はなこ', 'ゆうと', 'ちひろ'];
const bu = ['総務部', '企画財政部', '市民生活部', '健康福祉部', '建設部'];
const buKana = ['そうむぶ', 'きかくざいせいぶ', 'しみんせいかつぶ', 'けんこうふくしぶ', 'けんせつぶ'];
const ka = ['総務課', '人事課', '防災安全課', '情報政策課', '企画課', '財政課', '税務課', '契約管財課', '市民課', '環境課',
  '保険年金課', '協働推進課', '福祉課', '子育て支援課', '健康推進課', '介護保険課', '建設課', '都市計画課', '上下水道課', '農林課'];
const kakari = ['庶務係', '管理係', '企画係'];
const kakariKana = ['しょむかかり', 'かんりかかり', 'きかくかかり'];
const noticeTitles = ['【お知らせ】庁内システムの定期保守', '【研修】新任職員研修の募集', '【依頼】広域連携アンケートへの回答', '【防災】総合防災訓練の実施について', '【共有】窓口業務マニュアル改訂'];
const noticeBodies = [
  '今週土曜日の午前0時から6時まで、庁内システムを停止します。業務への影響がある場合は情報政策課までご連絡ください。',
  '今年度の新任職員研修の参加者を募集します。各課で取りまとめのうえ、人事課まで申し込んでください。',
  '広域圏の連携事業について、各課の意見を伺うアンケートを実施しています。締切は今月末です。',
  '来月の第二日曜日に総合防災訓練を行います。参集訓練の対象となる職員は事前に手順を確認してください。',
  '窓口業務マニュアルを改訂しました。変更点は第3章と第5章です。各係で内容を共有してください。',
];

/** One argon2id hash for everybody, made with the product's own parameters (apps/api ARGON2). */
async function passwordHash(): Promise<string> {
  // @node-rs/argon2 is a dependency of @yui/db (and of the API), not of the bench: resolve it from there
  // rather than adding a dependency (and a lockfile change) for one call.
  const require = createRequire(fileURLToPath(import.meta.resolve('@yui/db')));
  const argon2 = require('@node-rs/argon2') as { hash(pw: string, o: object): Promise<string> };
  return argon2.hash(BENCH_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export interface RegionStats {
  seconds: number;
  steps: Record<string, number>;
  rows: Record<string, number>;
}

export async function generateRegion(ownerUrl: string, sizes: RegionSizes, say: (m: string) => void): Promise<RegionStats> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const steps: Record<string, number> = {};
  const t0 = performance.now();
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - s) / 1000;
    return r;
  };
  try {
    const hash = await step('hash', passwordHash);
    const [region] = await step('region', () => sql<{ id: string }[]>`
      insert into regions (slug, name, name_kana) values ('bench', 'ベンチ広域圏', 'べんちこういきけん') returning id`);
    await step('municipalities', () => sql`
      insert into municipalities (region_id, code, slug, name, name_kana)
      select ${region!.id}, lpad(t::text, 5, '0'), 'town-' || lpad(t::text, 5, '0'), '結' || t || '町', 'ゆい' || t || 'ちょう'
      from generate_series(1, ${sizes.towns}::int) t`);
    await step('departments', async () => {
      await sql`
        insert into departments (municipality_id, parent_id, kind, name, name_kana, code, sort_order)
        select m.id, null, 'bu', (${bu}::text[])[b], (${buKana}::text[])[b], 'b' || b, b
        from municipalities m, generate_series(1, ${BU_PER_TOWN}::int) b`;
      await sql`
        insert into departments (municipality_id, parent_id, kind, name, name_kana, code, sort_order, emergency_duties)
        select d.municipality_id, d.id, 'ka', (${ka}::text[])[(d.sort_order - 1) * ${KA_PER_BU}::int + k],
               'か' || d.sort_order || '-' || k, d.code || '-k' || k, k, case when k = 1 then '災害対策本部の設置・運営' end
        from departments d, generate_series(1, ${KA_PER_BU}::int) k where d.kind = 'bu'`;
      await sql`
        insert into departments (municipality_id, parent_id, kind, name, name_kana, code, sort_order)
        select d.municipality_id, d.id, 'kakari', (${kakari}::text[])[j], (${kakariKana}::text[])[j], d.code || '-j' || j, j
        from departments d, generate_series(1, ${KAKARI_PER_KA}::int) j where d.kind = 'ka'`;
    });
    await step('users', () => sql`
      with units as (
        select municipality_id, array_agg(id order by code) as ids from departments where kind = 'kakari' group by municipality_id
      )
      insert into users (municipality_id, department_id, email, name, name_kana, position, hire_date, password_hash)
      select m.id, u.ids[1 + i % cardinality(u.ids)],
             's' || i || '@' || m.slug || '.' || ${BENCH_EMAIL_DOMAIN}::text,
             (${family}::text[])[1 + i % 20] || ' ' || (${given}::text[])[1 + (i / 20 + m.code::int) % 20],
             (${familyKana}::text[])[1 + i % 20] || ' ' || (${givenKana}::text[])[1 + (i / 20 + m.code::int) % 20],
             case when i % 50 = 1 then '課長' when i % 10 = 1 then '係長' else '主事' end,
             date '1995-04-01' + (i % 28) * 365,
             ${hash}
      from municipalities m join units u on u.municipality_id = m.id, generate_series(1, ${sizes.staff}::int) i`);
    await step('role_grants', async () => {
      await sql`insert into role_grants (municipality_id, user_id, role) select municipality_id, id, 'staff' from users`;
      // One 所属長 per 課 (the first person of its first 係), one municipality admin per town.
      await sql`
        insert into role_grants (municipality_id, user_id, role, department_id)
        select distinct on (d.parent_id) u.municipality_id, u.id, 'manager', d.parent_id
        from users u join departments d on d.id = u.department_id
        order by d.parent_id, u.created_at, u.id`;
      await sql`
        insert into role_grants (municipality_id, user_id, role)
        select u.municipality_id, u.id, 'municipality_admin' from users u where u.email like 's1@%'`;
      // Every 課長 heads the 課 above their 係 too, so the people the bench signs in (s1, s101, s201, … by
      // default: every one a 課長) have a manager's inbox to read.
      await sql`
        insert into role_grants (municipality_id, user_id, role, department_id)
        select u.municipality_id, u.id, 'manager', d.parent_id
        from users u join departments d on d.id = u.department_id
        where u.position = '課長'
        on conflict do nothing`;
    });
    // 20%ルール: each person has approved time earlier this month and a request waiting for a decision
    // (so every 課 has a full inbox page and every budget has something to sum). Dates in Japan time.
    await step('time_requests', () => sql`
      with filed as (
        insert into time_requests (municipality_id, requester_id, department_id, policy_id, activity_kind, purpose, status,
                                   first_date, last_date, planned_minutes, submitted_at, decided_at, created_at)
        select u.municipality_id, u.id, u.department_id, p.id, k.kind, k.purpose, k.status, k.on_date, k.on_date, k.minutes,
               now() - k.age, case when k.status = 'approved' then now() - k.age + interval '1 day' end, now() - k.age
        from users u
        join time_policies p on p.municipality_id = u.municipality_id and p.version = 1
        cross join lateral (select (now() at time zone 'Asia/Tokyo')::date as today, abs(hashtext(u.id::text)) as h) x
        cross join lateral (values
          ('event', '広域圏の勉強会', 'approved', date_trunc('month', x.today)::date + (x.h % 20), 120, interval '20 days' + (x.h % 3600) * interval '1 second'),
          ('community', '観光PRの打合せ', 'submitted', x.today + 7 + (x.h % 14)::int, 60, (x.h % 86400) * interval '1 second')
        ) k(kind, purpose, status, on_date, minutes, age)
        returning id, municipality_id, requester_id, first_date, planned_minutes
      )
      insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes)
      select municipality_id, id, requester_id, first_date, planned_minutes from filed`);
    await step('notifications', () => sql`
      insert into notifications (municipality_id, user_id, kind, params, link, read_at, created_at)
      select u.municipality_id, u.id, k.kind,
             case k.kind
               when 'notice.posted' then jsonb_build_object('title', (${noticeTitles}::text[])[1 + n % 5], 'body', (${noticeBodies}::text[])[1 + n % 5])
               when 'role.granted' then jsonb_build_object('role', 'staff')
               else '{}'::jsonb end,
             case when k.kind = 'notice.posted' then '/notices/' || n end,
             case when n > ${sizes.notifications}::int / 3 then t.at + interval '1 hour' end,
             t.at
      from users u, generate_series(1, ${sizes.notifications}::int) n
      cross join lateral (select case when n = ${sizes.notifications}::int then 'staff.welcomed'
                                      when n % 7 = 0 then 'role.granted' else 'notice.posted' end as kind) k
      cross join lateral (select now() - n * interval '9 hours' - (abs(hashtext(u.id::text)) % 3600) * interval '1 second' as at) t`);
    // 目的別コミュニティ: communities, memberships and posts (communities.ts; its own steps are listed as communities.*).
    const people = sizes.towns * sizes.staff;
    const communities = await step('communities', () => generateCommunities(sql, region!.id, communitySizes(people), say));
    for (const [k, v] of Object.entries(communities.steps)) steps[`communities.${k}`] = v;
    // 職場応援: calls for help, applications and the talent registry (help.ts; steps listed as help.*).
    const help = await step('help', () => generateHelp(sql, region!.id, helpSizes(people)));
    for (const [k, v] of Object.entries(help.steps)) steps[`help.${k}`] = v;
    // 職員サポート制度: programmes, their mentors and mentees, pairs and sessions (mentoring.ts; steps listed as mentoring.*).
    const mentoring = await step('mentoring', () => generateMentoring(sql, region!.id));
    for (const [k, v] of Object.entries(mentoring.steps)) steps[`mentoring.${k}`] = v;
    // 地域の魅力: published posts with photos, tags, events, views and collections (attractions.ts; steps listed as attractions.*).
    const attractions = await step('attractions', () => generateAttractions(sql, region!.id, attractionSizes()));
    for (const [k, v] of Object.entries(attractions.steps)) steps[`attractions.${k}`] = v;
    await step('vacuum_analyze', () => sql.unsafe('vacuum (analyze)'));
    const [counts] = await sql<Record<string, number>[]>`
      select (select count(*)::int from municipalities) as municipalities, (select count(*)::int from departments) as departments,
             (select count(*)::int from users) as users, (select count(*)::int from role_grants) as role_grants,
             (select count(*)::int from notifications) as notifications, (select count(*)::int from time_requests) as time_requests,
             (select count(*)::int from communities) as communities, (select count(*)::int from community_members) as community_members,
             (select count(*)::int from community_posts) as community_posts, (select count(*)::int from help_calls) as help_calls,
             (select count(*)::int from help_applications) as help_applications, (select count(*)::int from talent_profiles) as talent_profiles,
             (select count(*)::int from mentorships) as mentorships, (select count(*)::int from mentoring_sessions) as mentoring_sessions,
             (select count(*)::int from attraction_posts) as attraction_posts, (select count(*)::int from attraction_views) as attraction_views`;
    const seconds = Math.round(performance.now() - t0) / 1000;
    say(`region: ${Object.entries(counts!).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')} in ${seconds.toFixed(1)} s`);
    return { seconds, steps, rows: { ...counts! } };
  } finally {
    await sql.end();
  }
}

/**
 * The people the load is spread over: `count` of them, as evenly over the towns as the sizes allow
 * (user k is in town 1 + k % towns), each town's picks spread over its staff list.
 */
export async function pickUsers(ownerUrl: string, sizes: RegionSizes, count: number): Promise<BenchUser[]> {
  const n = Math.min(count, sizes.towns * sizes.staff);
  const perTown = Math.ceil(n / sizes.towns);
  const stride = Math.max(1, Math.floor(sizes.staff / perTown));
  const emails: string[] = [];
  for (let k = 0; k < n; k++) emails.push(emailOf(1 + (k % sizes.towns), 1 + Math.floor(k / sizes.towns) * stride));
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    // Each person's community for the timeline: one of theirs, picked by a hash (not always the biggest).
    const rows = await sql<BenchUser[]>`
      select u.id, u.email, u.municipality_id as "tenantId", m.region_id as "regionId",
             (select cm.community_id from community_members cm where cm.user_id = u.id and cm.status = 'active'
              order by hashtext(cm.community_id::text) limit 1) as "communityId"
      from users u join municipalities m on m.id = u.municipality_id
      where u.email = any(${emails}::text[])`;
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const users = emails.map((e) => byEmail.get(e)).filter((u): u is BenchUser => !!u);
    if (users.length !== emails.length) throw new Error(`picked ${emails.length} users but found ${users.length}`);
    const lonely = users.find((u) => !u.communityId);
    if (lonely) throw new Error(`${lonely.email} is in no community (communities.ts gives everyone 5–15)`);
    return users;
  } finally {
    await sql.end();
  }
}
