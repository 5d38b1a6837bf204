// 地域の魅力 (attraction posts) of the synthetic region: by default 100 posts per town (2,000 for 20
// towns), nine in ten published over the last year and one in ten approved in the pool; every sixth an
// event (some past, most ahead), two to four tags each, a body of one to six paragraphs (about 100 to
// 600 characters, each post's own: it names the post), one to three ready photos each (variants as the
// worker records them; the bytes are never read), the publication log of the published ones, their view
// counts of the last 60 days, and five published collections across towns. Loaded set-based like help.ts.
//
// Post ids are md5 of the town's id and the post's number shaped as a version 4 uuid (postIdOf), so the
// endpoints can name a published post of the signed-in person's town without asking the database.
import { createHash } from 'node:crypto';
import postgres from 'postgres';

export interface AttractionSizes {
  /** Posts per town. */
  perTown: number;
}

/** 100 per town; BENCH_ATTRACTIONS sets another number. */
export function attractionSizes(): AttractionSizes {
  const v = process.env.BENCH_ATTRACTIONS ? Number(process.env.BENCH_ATTRACTIONS) : 100;
  if (!Number.isInteger(v) || v < 10) throw new Error('BENCH_ATTRACTIONS must be a whole number of at least 10 (posts per town)');
  return { perTown: v };
}

/** The region's slug (region.ts), which the public addresses carry. */
export const BENCH_REGION_SLUG = 'bench';

/** A uuid (version 4 and variant bits set, as z.uuid() wants them) made of `text`, as the SQL's uuidOf(). */
export function uuidFrom(text: string): string {
  const m = createHash('md5').update(text).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const uuidOf = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;

/** Post n (1…perTown) of a town. n % 10 = 0: approved (pool only); the others are published. */
export const postIdOf = (tenantId: string, n: number) => uuidFrom(`bench-attraction:${tenantId}:${n}`);
/** A published post of the town, picked by `key` (each signed-in person reads another one). */
export function publishedPostOf(tenantId: string, key: string, perTown: number): string {
  const h = createHash('md5').update(key).digest().readUInt32BE(0);
  let n = 1 + (h % perTown);
  if (n % 10 === 0) n -= 1;
  return postIdOf(tenantId, n);
}

const places = ['城跡公園', '湖畔の散策路', '里山の展望台', '駅前通り', '渓谷の遊歩道', '歴史資料館', '道の駅', '温泉街', '花の丘', '古い町並み'];
const things = ['桜並木', '紅葉', '夏まつり', '朝市', '地酒', 'そば', '郷土玩具', '星空観察', '花火大会', '雪景色'];
const tags = ['桜', '紅葉', '祭り', '体験', 'グルメ', 'おみやげ', '歴史', '自然', '星空', '温泉', '夏', '冬', '家族向け', '雨の日'];
// Paragraphs of the bodies: post n takes 1 + n % 6 of them, from paragraph n % 6 on (real posts run from a
// few lines to a few screens; the cards cut an excerpt of each, which costs by its length).
const paragraphs = [
  '地元の人に長く親しまれてきた場所です。季節ごとに違った景色を楽しむことができ、週末には多くの人が訪れます。朝の早い時間は人も少なく、ゆっくり散策できます。',
  'アクセスや開館時間などの最新の情報は、各施設の案内をご確認ください。周辺には食事処やおみやげの店もあり、半日ほどかけてめぐるのがおすすめです。',
  '春は桜、夏は新緑、秋は紅葉、冬は雪景色と、一年を通じて表情が変わります。写真を撮るなら、日の傾く夕方の時間帯がとくにきれいです。',
  '駐車場は近くに二か所あります（無料）。路線バスの場合は最寄りの停留所から歩いて十分ほどです。車いすでも通れる道が整備されています。',
  '地域のボランティアガイドが、土日の午前中に無料で案内をしています。歴史や言い伝えを聞きながら歩くと、いっそう楽しめます。',
  'イベントの日は混み合いますので、時間に余裕をもってお出かけください。雨の日は足もとが滑りやすくなります。歩きやすい靴がおすすめです。',
];
const categories = ['spot', 'food', 'experience', 'product', 'event', 'other'];
const lit = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

export interface AttractionStats {
  steps: Record<string, number>;
  rows: Record<string, number>;
}

/** Generates the posts, photos, publication log, views and collections of `regionId` (its users must exist). */
export async function generateAttractions(sql: postgres.Sql, regionId: string, sizes: AttractionSizes): Promise<AttractionStats> {
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - s) / 1000;
    return r;
  };
  const N = sizes.perTown;
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local work_mem = '128MB'`);
    await step('people', async () => {
      // Authors are s2…s51 of their town (fewer with a small --staff); s1 (the town's admin) reviewed, approved and scheduled.
      await tx.unsafe(`
        create temp table bench_at_people on commit drop as
        select u.id, u.municipality_id as town, split_part(split_part(u.email, '@', 1), 's', 2)::int as i
        from users u join municipalities m on m.id = u.municipality_id
        where m.region_id = '${regionId}' and u.email ~ '^s[0-9]+@'`);
      await tx.unsafe(`create index on bench_at_people (town, i)`);
    });
    await step('posts', () => tx.unsafe(`
      insert into attraction_posts (id, region_id, municipality_id, author_id, status, category, title, body, place_name, latitude, longitude,
                                    event_starts_on, event_ends_on, event_start_time, tags, submitted_at, reviewed_by, reviewed_at, approved_at,
                                    publish_at, scheduled_by, schedule_seq, published_at, created_at, updated_at)
      select ${uuidOf(`'bench-attraction:' || m.id || ':' || g.n`)}, m.region_id, m.id, a.id,
             case when g.n % 10 = 0 then 'approved' else 'published' end,
             c.category,
             (${lit(places)})[1 + g.n % ${places.length}] || 'の' || (${lit(things)})[1 + (g.n / ${places.length}) % ${things.length}] || ' ' || g.n,
             (${lit(places)})[1 + g.n % ${places.length}] || 'の' || (${lit(things)})[1 + (g.n / ${places.length}) % ${things.length}]
               || '（' || g.n || '）をご紹介します。' || E'\n\n'
               || array_to_string(array(select (${lit(paragraphs)})[1 + (g.n + j) % ${paragraphs.length}]
                                        from generate_series(0, g.n % ${paragraphs.length}) j), E'\n\n'),
             (${lit(places)})[1 + g.n % ${places.length}],
             37.2 + (abs(hashtext(m.id::text || g.n)) % 5000) / 10000.0, 140.1 + (abs(hashtext(g.n || m.id::text)) % 6000) / 10000.0,
             case when c.category = 'event' then t.today + (g.n * 13) % 150 - 30 end,
             case when c.category = 'event' then t.today + (g.n * 13) % 150 - 28 end,
             case when c.category = 'event' and g.n % 2 = 0 then time '18:00' end,
             array(select (${lit(tags)})[1 + (g.n * 7 + k * 5) % ${tags.length}] from generate_series(0, 1 + g.n % 3) k),
             p.at - interval '10 days', r.id, p.at - interval '7 days', p.at - interval '7 days',
             case when g.n % 10 <> 0 then p.at end, case when g.n % 10 <> 0 then r.id end, (g.n % 10 <> 0)::int,
             case when g.n % 10 <> 0 then p.at end, p.at - interval '12 days', p.at
      from municipalities m
      cross join generate_series(1, ${N}) g(n)
      cross join lateral (select (now() at time zone 'Asia/Tokyo')::date as today) t
      cross join lateral (select (${lit(categories)})[1 + g.n % ${categories.length}] as category) c
      -- Published steadily over the last year, newest first by number; a little apart per town.
      cross join lateral (select now() - (g.n * 365.0 / ${N}) * interval '1 day' - (abs(hashtext(m.id::text)) % 3600) * interval '1 second' as at) p
      cross join lateral (select max(i) as staff from bench_at_people where town = m.id) s
      join bench_at_people a on a.town = m.id and a.i = 2 + g.n % greatest(1, least(50, s.staff - 1))
      join bench_at_people r on r.town = m.id and r.i = 1
      where m.region_id = '${regionId}'`));
    await step('photos', () => tx.unsafe(`
      insert into attraction_photos (id, region_id, municipality_id, post_id, uploaded_by, original_key, content_type, byte_size, status,
                                     had_location, width, height, variants, photographer, people, may_publish, alt, caption, sort_order,
                                     created_at, updated_at)
      select x.photo, p.region_id, p.municipality_id, p.id, p.author_id, 'attractions/' || p.region_id || '/' || x.photo || '/original',
             'image/jpeg', 2400000, 'ready', false, 4000, 3000,
             jsonb_build_object(
               'large', jsonb_build_object('key', 'attractions/' || p.region_id || '/' || x.photo || '/1-large', 'width', 1600, 'height', 1200, 'bytes', 320000),
               'medium', jsonb_build_object('key', 'attractions/' || p.region_id || '/' || x.photo || '/1-medium', 'width', 800, 'height', 600, 'bytes', 95000),
               'thumb', jsonb_build_object('key', 'attractions/' || p.region_id || '/' || x.photo || '/1-thumb', 'width', 400, 'height', 300, 'bytes', 28000),
               'card', jsonb_build_object('key', 'attractions/' || p.region_id || '/' || x.photo || '/1-card', 'width', 1200, 'height', 630, 'bytes', 150000)),
             '観光担当', 'none', true, p.title || 'の写真', '', k.k - 1, p.created_at, p.created_at
      from attraction_posts p
      -- One to three photos a post; the first keeps the id it had when every post had one.
      cross join lateral generate_series(1, 1 + abs(hashtext(p.id::text)) % 3) k(k)
      cross join lateral (select case when k.k = 1 then ${uuidOf(`'bench-attraction-photo:' || p.id`)}
                                      else ${uuidOf(`'bench-attraction-photo:' || p.id || ':' || k.k`)} end as photo) x
      where p.region_id = '${regionId}'`));
    await step('publications', () => tx.unsafe(`
      insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, status, delivered_at, created_at, updated_at)
      select region_id, municipality_id, id, null, 'publish', 1, 'delivered', published_at, published_at, published_at
      from attraction_posts where region_id = '${regionId}' and status = 'published'`));
    await step('views', () => tx.unsafe(`
      insert into attraction_views (region_id, municipality_id, post_id, day, views)
      select p.region_id, p.municipality_id, p.id, d.day::date, 1 + abs(hashtext(p.id::text || d.day::date)) % 40
      from attraction_posts p
      cross join lateral generate_series(greatest((p.published_at at time zone 'Asia/Tokyo')::date, (now() at time zone 'Asia/Tokyo')::date - 60),
                                         (now() at time zone 'Asia/Tokyo')::date - 1, interval '1 day') d(day)
      where p.region_id = '${regionId}' and p.status = 'published'`));
    await step('collections', async () => {
      // Five published collections of the region, six stops each from different towns.
      await tx.unsafe(`
        insert into attraction_collections (id, region_id, municipality_id, title, description, status, created_by, published_at, created_at, updated_at)
        select ${uuidOf(`'bench-collection:${regionId}:' || k`)}, '${regionId}', r.town, '広域めぐり ' || k,
               '広域圏の町をめぐるおすすめのコースです。', 'published', r.id, now() - k * interval '20 days', now() - k * interval '21 days', now() - k * interval '20 days'
        from generate_series(1, 5) k
        cross join lateral (select town, id from bench_at_people where i = 1 order by town limit 1) r`);
      await tx.unsafe(`
        insert into attraction_collection_items (region_id, collection_id, post_id, position, note)
        select '${regionId}', ${uuidOf(`'bench-collection:${regionId}:' || k`)}, p.id, s.j, ''
        from generate_series(1, 5) k
        cross join generate_series(0, 5) s(j)
        cross join lateral (select p.id from attraction_posts p
                            where p.region_id = '${regionId}' and p.status = 'published'
                            order by p.municipality_id, p.published_at desc offset (k * 6 + s.j) * 7 limit 1) p
        on conflict do nothing`);
    });
    const [rows] = await tx<Record<string, number>[]>`
      select (select count(*)::int from attraction_posts where region_id = ${regionId}) as attraction_posts,
             (select count(*)::int from attraction_photos where region_id = ${regionId}) as attraction_photos,
             (select count(*)::int from attraction_views where region_id = ${regionId}) as attraction_views`;
    return { steps, rows: rows! };
  });
}
