import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { toTsqueryLiteral } from '@yui/domain';
import { seedDemo } from '../src/seed';
import { demoCommunities } from '../src/demo-communities';

// The demo communities as `npm start` seeds them: counters that match the rows, managers everywhere,
// Japanese search that finds two-character words, and invite-only communities hidden by RLS.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.ownerUrl);
});
afterAll(() => db?.drop());

const one = async <T>(q: Promise<readonly T[]>): Promise<T> => (await q)[0]!;

describe('demo communities', () => {
  it('seeds communities of every category, with posts, comments and events', async () => {
    const rows = await db.owner<{ name: string; category: string; visibility: string }[]>`select name, category, visibility from communities order by name`;
    expect(rows.map((r) => r.name).sort()).toEqual(demoCommunities.map((c) => c.name).sort());
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['learning', 'sharing', 'consultation', 'work_life', 'local', 'workplace', 'other']));
    expect(new Set(rows.map((r) => r.visibility))).toEqual(new Set(['open', 'approval', 'invite']));
    const n = await one(db.owner<{ posts: number; questions: number; solved: number; open_q: number; ideas: number; board: number; replies: number; events: number }[]>`
      select (select count(*)::int from community_posts) as posts,
             (select count(*)::int from community_posts where kind = 'question') as questions,
             (select count(*)::int from community_posts where kind = 'question' and accepted_comment_id is not null and solved_at is not null) as solved,
             (select count(*)::int from community_posts where kind = 'question' and solved_at is null) as open_q,
             (select count(*)::int from community_posts where kind = 'idea' and interest_count > 0) as ideas,
             (select count(*)::int from community_posts where kind in ('worry', 'case') and challenge is not null) as board,
             (select count(*)::int from community_comments where parent_id is not null) as replies,
             (select count(*)::int from community_events) as events`);
    expect(n.posts).toBeGreaterThanOrEqual(50);
    expect(n.solved).toBeGreaterThan(0);
    expect(n.open_q).toBeGreaterThan(0);
    expect(n.ideas).toBeGreaterThan(0);
    expect(n.board).toBeGreaterThan(0);
    expect(n.replies).toBeGreaterThan(0);
    expect(n.events).toBeGreaterThanOrEqual(5);
  });

  it('keeps every counter equal to the rows it counts', async () => {
    const communities = await db.owner`
      select c.name from communities c
      where c.member_count <> (select count(*) from community_members m where m.community_id = c.id and m.status = 'active')
         or c.post_count <> (select count(*) from community_posts p where p.community_id = c.id and p.deleted_at is null)
         or c.last_post_at is distinct from (select max(p.created_at) from community_posts p where p.community_id = c.id and p.deleted_at is null)`;
    expect(communities).toEqual([]);
    const posts = await db.owner`
      select p.title from community_posts p
      where p.like_count <> (select count(*) from community_likes l where l.target_type = 'post' and l.target_id = p.id)
         or p.comment_count <> (select count(*) from community_comments c where c.post_id = p.id and c.deleted_at is null)
         or p.view_count <> (select count(*) from community_post_views v where v.post_id = p.id)
         or p.interest_count <> (select count(*) from community_interests i where i.post_id = p.id)`;
    expect(posts).toEqual([]);
    const comments = await db.owner`
      select c.id from community_comments c
      where c.like_count <> (select count(*) from community_likes l where l.target_type = 'comment' and l.target_id = c.id)`;
    expect(comments).toEqual([]);
    const events = await db.owner`
      select e.title from community_events e
      where e.registered_count <> (select count(*) from community_event_registrations r where r.event_id = e.id and r.status = 'registered')
         or e.waitlist_count <> (select count(*) from community_event_registrations r where r.event_id = e.id and r.status = 'waitlisted')
         or (e.capacity is not null and e.registered_count > e.capacity)`;
    expect(events).toEqual([]);
    // Something is counted at all (a seed of zeros would pass the above).
    const sums = await one(db.owner<{ likes: number; views: number; members: number }[]>`
      select sum(like_count)::int as likes, sum(view_count)::int as views, (select sum(member_count)::int from communities) as members from community_posts`);
    expect(sums.likes).toBeGreaterThan(100);
    expect(sums.views).toBeGreaterThan(sums.likes);
    expect(sums.members).toBeGreaterThan(60);
  });

  it('gives every community at least one active manager, managers from two towns, members from several', async () => {
    const rows = await db.owner<{ name: string; managers: number; manager_towns: number; member_towns: number }[]>`
      select c.name,
             count(*) filter (where m.role = 'manager' and m.status = 'active')::int as managers,
             count(distinct m.municipality_id) filter (where m.role = 'manager' and m.status = 'active')::int as manager_towns,
             count(distinct m.municipality_id) filter (where m.status = 'active')::int as member_towns
      from communities c join community_members m on m.community_id = c.id group by c.name`;
    expect(rows).toHaveLength(demoCommunities.length);
    for (const r of rows) {
      expect(r.managers, r.name).toBeGreaterThanOrEqual(1);
      expect(r.manager_towns, r.name).toBe(2);
      expect(r.member_towns, r.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes nothing a member could not have written: authors, commenters, likers and registrants are members', async () => {
    const strangers = await db.owner`
      select 'post' as what, p.id from community_posts p
        where not exists (select 1 from community_members m where m.community_id = p.community_id and m.user_id = p.author_id and m.status = 'active')
      union all
      select 'comment', c.id from community_comments c
        where not exists (select 1 from community_members m where m.community_id = c.community_id and m.user_id = c.author_id and m.status = 'active')
      union all
      select 'like', l.target_id from community_likes l
        where not exists (select 1 from community_members m where m.community_id = l.community_id and m.user_id = l.user_id and m.status = 'active')
      union all
      select 'registration', r.id from community_event_registrations r
        where not exists (select 1 from community_members m where m.community_id = r.community_id and m.user_id = r.user_id and m.status = 'active')`;
    expect(strangers).toEqual([]);
  });

  it('dates posts in the last 60 days and events within 30 days either side, none in the future but events', async () => {
    const r = await one(db.owner<{ oldest: number; future_posts: number; future_comments: number; past_events: number; upcoming: number; far: number }[]>`
      select (select extract(epoch from now() - min(created_at)) / 86400 from community_posts)::float as oldest,
             (select count(*)::int from community_posts where created_at > now()) as future_posts,
             (select count(*)::int from community_comments where created_at > now()) as future_comments,
             (select count(*)::int from community_events where ends_at < now() and materials_note is not null) as past_events,
             (select count(*)::int from community_events where starts_at > now()) as upcoming,
             (select count(*)::int from community_events where abs(extract(epoch from starts_at - now())) > 31 * 86400) as far`);
    expect(r.oldest).toBeLessThanOrEqual(61);
    expect(r.future_posts).toBe(0);
    expect(r.future_comments).toBe(0);
    expect(r.past_events).toBeGreaterThanOrEqual(2);
    expect(r.upcoming).toBeGreaterThanOrEqual(3);
    expect(r.far).toBe(0);
    const attended = await one(db.owner<{ n: number }[]>`select count(*)::int as n from community_event_registrations where attended`);
    expect(attended.n).toBeGreaterThan(0);
    // まなびあい+: a weekday afternoon in working hours (JST), ten places.
    const study = await one(db.owner<{ dow: number; hour: number; capacity: number }[]>`
      select extract(isodow from starts_at at time zone 'Asia/Tokyo')::int as dow,
             extract(hour from starts_at at time zone 'Asia/Tokyo')::int as hour, capacity
      from community_events where title like 'まなびあい+%'`);
    expect(study.dow).toBeLessThanOrEqual(5);
    expect(study.hour).toBeGreaterThanOrEqual(9);
    expect(study.hour).toBeLessThan(17);
    expect(study.capacity).toBe(10);
  });

  it('renders Markdown to HTML and fills hashtags and excerpts', async () => {
    const p = await one(db.owner<{ body_html: string; excerpt: string; hashtags: string[] }[]>`
      select body_html, excerpt, hashtags from community_posts where title = '三春滝桜シーズンの交通渋滞対策、今年の振り返り'`);
    expect(p.body_html).toContain('<table>');
    expect(p.body_html).toContain('<a class="hashtag"');
    expect(p.hashtags).toEqual(['三春滝桜', '観光', '交通']);
    expect(p.excerpt.length).toBeLessThanOrEqual(120);
    expect(p.excerpt).not.toContain('|');
    const [bad] = await db.owner`select id from community_posts where body_html like '%<script%' or body_html = '' or excerpt = ''`;
    expect(bad).toBeUndefined();
  });

  it('finds 観光 and 育休 in posts through the search index, and not a word that is not there', async () => {
    const search = async (q: string) => {
      const lit = toTsqueryLiteral(q)!;
      return db.owner<{ title: string | null }[]>`select title from community_posts where search @@ ${lit}::tsquery`;
    };
    const kanko = await search('観光');
    expect(kanko.length).toBeGreaterThanOrEqual(10);
    expect(kanko.map((r) => r.title)).toContain('外国人観光客向けの多言語パンフ、翻訳はどこに頼んでいますか？');
    expect((await search('育休')).length).toBeGreaterThanOrEqual(3);
    // A hashtag is found by its word.
    expect((await search('男性育休')).map((r) => r.title)).toContain('男性職員の育休、上司に伝えるタイミングはいつが良い？');
    expect(await search('宇宙開発')).toEqual([]);
    const lit = toTsqueryLiteral('相談')!;
    const [c] = await db.owner`select count(*)::int as n from communities where search @@ ${lit}::tsquery`;
    expect(c!.n).toBeGreaterThanOrEqual(1);
    const ev = toTsqueryLiteral('須賀川市役所')!;
    const [e] = await db.owner`select count(*)::int as n from community_events where search @@ ${ev}::tsquery`;
    expect(e!.n).toBe(1);
  });

  it('hides the invite-only community from staff who are not in it (RLS as the app sees it)', async () => {
    const app = postgres(db.appUrl, { max: 1, onnotice: () => {} });
    try {
      const visible = async (email: string) => {
        const u = await one(db.owner<{ id: string; municipality_id: string; region_id: string }[]>`
          select u.id, u.municipality_id, m.region_id from users u join municipalities m on m.id = u.municipality_id where u.email = ${email}`);
        return app.begin(async (tx) => {
          await tx`select set_config('app.tenant_id', ${u.municipality_id}, true), set_config('app.region_id', ${u.region_id}, true), set_config('app.user_id', ${u.id}, true)`;
          const rows = await tx<{ name: string }[]>`select name from communities`;
          const [posts] = await tx<{ n: number }[]>`select count(*)::int as n from community_posts`;
          return { names: rows.map((r) => r.name), posts: posts!.n };
        });
      };
      const staff = await visible('staff.koriyama@demo.yui.example');
      expect(staff.names).toHaveLength(demoCommunities.length - 1);
      expect(staff.names).not.toContain('新任係長の相談室');
      const member = await visible('user011.koriyama@demo.yui.example');
      expect(member.names).toContain('新任係長の相談室');
      expect(member.posts).toBeGreaterThan(staff.posts);
    } finally {
      await app.end();
    }
  });

  it('leaves communities that staff.koriyama and staff.miharu are not in (for the browser test to join)', async () => {
    const rows = await db.owner<{ name: string }[]>`
      select c.name from communities c where c.visibility = 'open' and not exists (
        select 1 from community_members m join users u on u.id = m.user_id
        where m.community_id = c.id and u.email in ('staff.koriyama@demo.yui.example', 'staff.miharu@demo.yui.example'))`;
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});
