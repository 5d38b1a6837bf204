import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createTestDatabase, newDepartment, newMunicipality, newTenancyFixture, newUser, type TestDatabase } from '../src/testing/index';
import { createClient, withTenant } from '../src/index';

/**
 * Walks every table in `public`. A table is one of three kinds:
 *  - global reference data, on an explicit list;
 *  - region-owned: it has a NOT NULL region_id (communities and everything in them, 職場応援). It
 *    must hide every row of another region and refuse writes into it. Community tables (community_id)
 *    also hide an invite-only community's rows from people of the same region who are not its
 *    members; the region-owned tables without a community have their own rule, each tested below
 *    (a town-only call, an opted-out talent profile, a request between two towns);
 *  - tenant-owned: it has municipality_id, and must hide other towns' rows and refuse writes into them.
 * A table added later without a policy fails here.
 */
const GLOBAL_TABLES = new Set(['regions', 'municipalities']);
/** Region-owned tables outside any community: each has its own visibility rule and test below. */
const REGION_TABLES_WITH_OWN_RULES = new Set([
  'help_calls', 'help_applications', 'talent_profiles', 'help_direct_requests',
  'mentoring_programmes', 'mentoring_participants', 'mentorships', 'mentoring_sessions', 'mentoring_notes',
  'mentoring_consultations', 'mentoring_consultation_messages', 'mentoring_surveys',
  'attraction_posts', 'attraction_photos', 'attraction_reviews', 'attraction_channels', 'attraction_collections',
  'attraction_collection_items', 'attraction_publications', 'attraction_views',
]);

let db: TestDatabase;
let app: postgres.Sql;
let fx: Awaited<ReturnType<typeof newTenancyFixture>> & { d: Awaited<ReturnType<typeof newMunicipality>> };

beforeAll(async () => {
  db = await createTestDatabase();
  app = createClient(db.appUrl, { max: 4 });
  fx = { ...(await newTenancyFixture(db.owner)), d: undefined as never };
  // Give every tenant-owned table at least one row in both towns.
  for (const town of [fx.a, fx.b]) {
    const dept = await newDepartment(db.owner, town.id);
    const user = await newUser(db.owner, town.id, { departmentId: dept.id, roles: [{ role: 'manager', departmentId: dept.id }] });
    await db.owner`insert into refresh_tokens (municipality_id, user_id, family_id, token_hash, expires_at)
                   values (${town.id}, ${user.id}, gen_random_uuid(), ${`h-${user.id}`}, now() + interval '1 day')`;
    const [ev] = await db.owner`insert into outbox_events (municipality_id, type, payload) values (${town.id}, 'staff.welcomed', ${db.owner.json({ userId: user.id })}) returning id`;
    await db.owner`insert into notifications (municipality_id, user_id, event_id, kind) values (${town.id}, ${user.id}, ${ev!.id}, 'staff.welcomed')`;
    // The 20% rule: a request with a day and a history step, and a delegation.
    const deputy = await newUser(db.owner, town.id, { departmentId: dept.id });
    const [tr] = await db.owner`insert into time_requests (municipality_id, requester_id, department_id, activity_kind, purpose, status, first_date, last_date, planned_minutes)
      values (${town.id}, ${deputy.id}, ${dept.id}, 'community', 'テスト', 'submitted', '2030-01-07', '2030-01-07', 60) returning id`;
    await db.owner`insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes) values (${town.id}, ${tr!.id}, ${deputy.id}, '2030-01-07', 60)`;
    await db.owner`insert into time_request_history (municipality_id, request_id, actor_id, action) values (${town.id}, ${tr!.id}, ${deputy.id}, 'submitted')`;
    await db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on) values (${town.id}, ${user.id}, ${deputy.id}, '2030-01-01', '2030-01-31')`;
    // Communities: a personal calendar feed and a digest run are the person's own (town-owned).
    await db.owner`insert into calendar_feed_tokens (municipality_id, user_id, token_hash) values (${town.id}, ${user.id}, ${`c-${user.id}`})`;
    await db.owner`insert into community_digest_runs (municipality_id, user_id, digest_date, post_count) values (${town.id}, ${user.id}, '2030-01-07', 1)`;
  }
  // Region-owned: an open and an invite-only community in the region (member: A's person), and one
  // in the other region, each with a row in every community table.
  const dept = await newDepartment(db.owner, fx.c.id);
  memberA = await newUser(db.owner, fx.a.id);
  outsiderB = await newUser(db.owner, fx.b.id);
  const personC = await newUser(db.owner, fx.c.id, { departmentId: dept.id });
  openR = await fillCommunity(fx.region.id, memberA, 'open');
  inviteR = await fillCommunity(fx.region.id, memberA, 'invite');
  openOther = await fillCommunity(fx.otherRegion.id, personC, 'open');

  // 職場応援: in the region, A posts a region-wide and a town-only call (applied to by B's and A's
  // staff), A's person is active talent and B's opted out, A asks B's talent directly; D is a third
  // town of the region. The other region has one of each too.
  fx.d = await newMunicipality(db.owner, fx.region.id, { name: 'D町' });
  deptA = (await newDepartment(db.owner, fx.a.id, { name: '観光政策課' })).id;
  staffD = await newUser(db.owner, fx.d.id);
  talentB = await newUser(db.owner, fx.b.id);
  callRegion = await fillHelp(fx.region.id, { poster: memberA, dept: deptA, applicant: outsiderB, reach: 'region' });
  callTown = await fillHelp(fx.region.id, { poster: memberA, dept: deptA, applicant: memberA, reach: 'town' });
  await talent(fx.region.id, memberA, true);
  await talent(fx.region.id, outsiderB, false);
  requestAB = await directRequest(fx.region.id, { from: memberA, dept: deptA, to: talentB });
  const personC2 = await newUser(db.owner, fx.c.id);
  await fillHelp(fx.otherRegion.id, { poster: personC, dept: dept.id, applicant: personC2, reach: 'region' });
  await talent(fx.otherRegion.id, personC2, true);
  await directRequest(fx.otherRegion.id, { from: personC, dept: dept.id, to: personC2 });

  // 職員サポート制度: A runs a town programme (mentor A ↔ mentee A); the region's coordinator (of D)
  // runs a cross-town one (mentor B ↔ mentee A, a consultation with A's manager). The other region
  // has one too (personC ↔ personC2), which is why its context below names personC.
  adminA = await newUser(db.owner, fx.a.id, { roles: [{ role: 'municipality_admin' }] });
  adminB = await newUser(db.owner, fx.b.id, { roles: [{ role: 'municipality_admin' }] });
  coordD = await newUser(db.owner, fx.d.id, { roles: [{ role: 'regional_coordinator', regionId: fx.region.id }] });
  mentorA = await newUser(db.owner, fx.a.id);
  menteeA = await newUser(db.owner, fx.a.id);
  managerA = await newUser(db.owner, fx.a.id);
  progTown = await fillMentoring(fx.region.id, { runBy: adminA, scope: 'town', mentor: mentorA, mentee: menteeA, consulted: managerA });
  progRegion = await fillMentoring(fx.region.id, { runBy: coordD, scope: 'region', mentor: talentB, mentee: menteeA, consulted: managerA });
  personC_ = personC;
  await fillMentoring(fx.otherRegion.id, { runBy: personC, scope: 'region', mentor: personC, mentee: personC2, consulted: personC });

  // 地域の魅力: A's person writes a draft and a published post (each with a photo, a review step, a
  // publication row, views); the coordinator (of D) has a channel and a collection. The other region
  // has the same, written by personC (its own coordinator too).
  attrR = await fillAttractions(fx.region.id, { author: memberA, coordinator: coordD });
  const coordC = await newUser(db.owner, fx.c.id, { roles: [{ role: 'regional_coordinator', regionId: fx.otherRegion.id }] });
  await fillAttractions(fx.otherRegion.id, { author: personC, coordinator: coordC });
});

type Attractions = { draft: string; published: string; channel: string; collection: string };
let attrR: Attractions;

/** A draft and a published post of the author's town (photo, review, publication, views each), a channel and a published collection. */
async function fillAttractions(regionId: string, c: { author: Person; coordinator: Person }): Promise<Attractions> {
  const o = db.owner;
  const town = c.author.municipalityId;
  const post = async (status: 'draft' | 'published') => {
    const [p] = await o`insert into attraction_posts (region_id, municipality_id, author_id, status, category, title, published_at)
      values (${regionId}, ${town}, ${c.author.id}, ${status}, 'spot', ${`魅力-${status}`}, ${status === 'published' ? new Date() : null}) returning id`;
    const id = p!.id as string;
    await o`insert into attraction_photos (region_id, municipality_id, post_id, uploaded_by, original_key, content_type, byte_size)
      values (${regionId}, ${town}, ${id}, ${c.author.id}, ${`attractions/${id}/original`}, 'image/jpeg', 10)`;
    await o`insert into attraction_reviews (region_id, municipality_id, post_id, action, actor_id) values (${regionId}, ${town}, ${id}, 'submitted', ${c.author.id})`;
    await o`insert into attraction_views (region_id, municipality_id, post_id, day, views) values (${regionId}, ${town}, ${id}, '2030-01-07', 3)`;
    return id;
  };
  const draft = await post('draft');
  const published = await post('published');
  const [ch] = await o`insert into attraction_channels (region_id, municipality_id, name, kind, url, secret, char_limit, created_by)
    values (${regionId}, ${c.coordinator.municipalityId}, 'X', 'x', 'https://relay.example.invalid/x', 's', 280, ${c.coordinator.id}) returning id`;
  await o`insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, status)
    values (${regionId}, ${town}, ${published}, ${ch!.id}, 'publish', 1, 'delivered')`;
  const [col] = await o`insert into attraction_collections (region_id, municipality_id, title, status, created_by)
    values (${regionId}, ${c.coordinator.municipalityId}, '特集', 'published', ${c.coordinator.id}) returning id`;
  await o`insert into attraction_collection_items (region_id, collection_id, post_id, position) values (${regionId}, ${col!.id}, ${published}, 1)`;
  return { draft, published, channel: ch!.id as string, collection: col!.id as string };
}

let adminA: Person, adminB: Person, coordD: Person, mentorA: Person, menteeA: Person, managerA: Person, personC_: Person;
let progTown: Mentoring, progRegion: Mentoring;
type Mentoring = { programme: string; pair: string; consultation: string };

/** A programme with both participants, a pair, a held session, a private note by the mentor, a consultation with a message, a survey. */
async function fillMentoring(
  regionId: string, m: { runBy: Person; scope: 'town' | 'region'; mentor: Person; mentee: Person; consulted: Person },
): Promise<Mentoring> {
  const o = db.owner;
  const [p] = await o`insert into mentoring_programmes (region_id, municipality_id, scope, kind, fiscal_year, title, starts_on, ends_on, created_by)
    values (${regionId}, ${m.runBy.municipalityId}, ${m.scope}, 'new_hire', 2030, ${`制度-${m.scope}`}, '2030-04-01', '2031-03-31', ${m.runBy.id}) returning id`;
  const programme = p!.id as string;
  for (const [who, role] of [[m.mentor, 'mentor'], [m.mentee, 'mentee']] as const) {
    await o`insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, added_by)
      values (${regionId}, ${programme}, ${who.id}, ${who.municipalityId}, ${role}, ${m.runBy.id})`;
  }
  const [pair] = await o`insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id, starts_on, ends_on, matched_by)
    values (${regionId}, ${programme}, ${m.mentor.id}, ${m.mentor.municipalityId}, ${m.mentee.id}, ${m.mentee.municipalityId}, '2030-04-01', '2031-03-31', ${m.runBy.id}) returning id`;
  const pairId = pair!.id as string;
  const [session] = await o`insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, topic, logged_by)
    values (${regionId}, ${programme}, ${pairId}, 'held', '2030-05-01', 60, '窓口対応', ${m.mentor.id}) returning id`;
  await o`insert into mentoring_notes (region_id, mentorship_id, session_id, mentor_id, mentee_id, author_id, body)
    values (${regionId}, ${pairId}, ${session!.id}, ${m.mentor.id}, ${m.mentee.id}, ${m.mentor.id}, '非公開メモ')`;
  const participants = [...new Set([m.mentor.id, m.consulted.id])];
  const [c] = await o`insert into mentoring_consultations (region_id, mentorship_id, mentee_id, opened_by, kind, participant_ids, subject)
    values (${regionId}, ${pairId}, ${m.mentee.id}, ${m.mentor.id}, 'manager', ${participants}, '相談') returning id`;
  await o`insert into mentoring_consultation_messages (region_id, consultation_id, author_id, body) values (${regionId}, ${c!.id}, ${m.mentor.id}, '本文')`;
  await o`insert into mentoring_surveys (region_id, programme_id, mentorship_id, user_id, municipality_id, role, stage, satisfaction)
    values (${regionId}, ${programme}, ${pairId}, ${m.mentor.id}, ${m.mentor.municipalityId}, 'mentor', 'mid', 4)`;
  return { programme, pair: pairId, consultation: c!.id as string };
}

let deptA: string;
let staffD: Person, talentB: Person;
let callRegion: string, callTown: string, requestAB: string;

/** A call of `poster`'s town with one application; returns the call's id. */
async function fillHelp(regionId: string, c: { poster: Person; dept: string; applicant: Person; reach: 'town' | 'region' }): Promise<string> {
  const [call] = await db.owner`
    insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                            work_start, work_end, minutes_per_day, contact_id, created_by, reach)
    values (${regionId}, ${c.poster.municipalityId}, ${c.dept}, ${`募集-${c.reach}`}, 'operations', '概要', 2, '2030-01-01', '2030-01-10',
            '2030-01-15', '2030-01-16', 120, ${c.poster.id}, ${c.poster.id}, ${c.reach})
    returning id`;
  await db.owner`insert into help_applications (region_id, call_id, user_id, municipality_id) values (${regionId}, ${call!.id}, ${c.applicant.id}, ${c.applicant.municipalityId})`;
  return call!.id as string;
}
async function talent(regionId: string, who: Person, active: boolean) {
  await db.owner`insert into talent_profiles (region_id, user_id, municipality_id, active, skills, opted_out_at)
                 values (${regionId}, ${who.id}, ${who.municipalityId}, ${active}, ${['動画編集']}, ${active ? null : new Date()})`;
}
async function directRequest(regionId: string, r: { from: Person; dept: string; to: Person }): Promise<string> {
  const [row] = await db.owner`
    insert into help_direct_requests (region_id, municipality_id, department_id, requested_by, talent_user_id, talent_municipality_id,
                                      title, body, work_start, work_end, minutes_per_day)
    values (${regionId}, ${r.from.municipalityId}, ${r.dept}, ${r.from.id}, ${r.to.id}, ${r.to.municipalityId}, '依頼', '本文', '2030-01-15', '2030-01-15', 60)
    returning id`;
  return row!.id as string;
}

type Person = { id: string; municipalityId: string };
let memberA: Person, outsiderB: Person;
let openR: string, inviteR: string, openOther: string;

/** One community with one row in every community table, `who` its member and author. */
async function fillCommunity(regionId: string, who: Person, visibility: 'open' | 'invite'): Promise<string> {
  const o = db.owner;
  const r = regionId;
  const [c] = await o`insert into communities (region_id, name, category, visibility, created_by, created_by_municipality_id)
    values (${r}, ${`c-${Math.random()}`}, 'learning', ${visibility}, ${who.id}, ${who.municipalityId}) returning id`;
  const cid = c!.id as string;
  await o`insert into community_members (region_id, community_id, user_id, municipality_id, role) values (${r}, ${cid}, ${who.id}, ${who.municipalityId}, 'manager')`;
  const [p] = await o`insert into community_posts (region_id, community_id, author_id, author_municipality_id, body, body_html)
    values (${r}, ${cid}, ${who.id}, ${who.municipalityId}, 'x', '<p>x</p>') returning id`;
  const pid = p!.id as string;
  await o`insert into community_post_revisions (region_id, community_id, post_id, body, edited_by) values (${r}, ${cid}, ${pid}, 'old', ${who.id})`;
  const [cm] = await o`insert into community_comments (region_id, community_id, post_id, author_id, author_municipality_id, body, body_html)
    values (${r}, ${cid}, ${pid}, ${who.id}, ${who.municipalityId}, 'c', '<p>c</p>') returning id`;
  await o`insert into community_likes (region_id, community_id, target_type, target_id, user_id, municipality_id) values (${r}, ${cid}, 'comment', ${cm!.id}, ${who.id}, ${who.municipalityId})`;
  await o`insert into community_post_views (region_id, community_id, post_id, user_id, municipality_id) values (${r}, ${cid}, ${pid}, ${who.id}, ${who.municipalityId})`;
  await o`insert into community_reports (region_id, community_id, post_id, target_type, target_id, reporter_id, reporter_municipality_id, reason, status)
    values (${r}, ${cid}, ${pid}, 'post', ${pid}, ${who.id}, ${who.municipalityId}, 'r', 'resolved')`;
  await o`insert into community_interests (region_id, community_id, post_id, user_id, municipality_id) values (${r}, ${cid}, ${pid}, ${who.id}, ${who.municipalityId})`;
  const [e] = await o`insert into community_events (region_id, community_id, title, starts_at, ends_at, created_by, created_by_municipality_id)
    values (${r}, ${cid}, 'e', now() + interval '1 day', now() + interval '1 day 1 hour', ${who.id}, ${who.municipalityId}) returning id`;
  await o`insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status)
    values (${r}, ${cid}, ${e!.id}, ${who.id}, ${who.municipalityId}, 'registered')`;
  await o`insert into community_files (region_id, community_id, post_id, uploaded_by, uploader_municipality_id, filename, content_type, size_bytes, storage_key)
    values (${r}, ${cid}, ${pid}, ${who.id}, ${who.municipalityId}, 'a.txt', 'text/plain', 1, ${`k/${cid}`})`;
  return cid;
}
afterAll(async () => {
  await app?.end();
  await db?.drop();
});

async function publicTables() {
  const tables = await db.owner<{ table_name: string; has_tenant: boolean; has_region: boolean; has_community: boolean; rls: boolean; forced: boolean }[]>`
    select c.relname as table_name,
           exists (select 1 from information_schema.columns k
                   where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'municipality_id') as has_tenant,
           exists (select 1 from information_schema.columns k
                   where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'region_id' and k.is_nullable = 'NO') as has_region,
           exists (select 1 from information_schema.columns k
                   where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'community_id') as has_community,
           c.relrowsecurity as rls, c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by 1`;
  // Region-owned tables may also name a town (the member's, the author's): the region decides.
  return tables.map((t) => {
    const regionOwned = t.has_region && !GLOBAL_TABLES.has(t.table_name);
    return {
      ...t, region_owned: regionOwned, has_tenant: t.has_tenant && !t.has_region,
      in_community: regionOwned && (t.table_name === 'communities' || t.has_community),
    };
  });
}

describe('row-level security on every table', () => {
  it('every table is known global data or tenant-owned, and has RLS enabled', async () => {
    const tables = await publicTables();
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      expect(t.rls, `${t.table_name} has row-level security`).toBe(true);
      if (!GLOBAL_TABLES.has(t.table_name)) expect(t.has_tenant || t.region_owned, `${t.table_name} has municipality_id or region_id`).toBe(true);
      // A region-owned table outside the communities needs its own visibility rule, tested below.
      if (t.region_owned && !t.in_community) expect(REGION_TABLES_WITH_OWN_RULES.has(t.table_name), `${t.table_name}: community_id, or a rule of its own`).toBe(true);
    }
  });

  it("town A's context sees no row of town B in any table, and cannot write one", async () => {
    const tables = (await publicTables()).filter((t) => t.has_tenant);
    for (const { table_name } of tables) {
      const [{ b }] = (await db.owner.unsafe(`select count(*)::int as b from ${table_name} where municipality_id = $1`, [fx.b.id])) as unknown as [{ b: number }];
      expect(b, `fixture has B rows in ${table_name}`).toBeGreaterThan(0);

      const seen = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`select municipality_id from ${table_name}` as never),
      ) as unknown as { municipality_id: string }[];
      expect(seen.length, `A sees its own rows in ${table_name}`).toBeGreaterThan(0);
      expect(seen.every((r) => r.municipality_id === fx.a.id), `A sees only A in ${table_name}`).toBe(true);

      // Updating B's rows: invisible, so nothing changes.
      const updated = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`update ${table_name} set municipality_id = municipality_id where municipality_id = '${fx.b.id}' returning 1` as never),
      ) as unknown as unknown[];
      expect(updated.length, `A updates no B row in ${table_name}`).toBe(0);
      const deleted = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`delete from ${table_name} where municipality_id = '${fx.b.id}' returning 1` as never),
      ) as unknown as unknown[];
      expect(deleted.length, `A deletes no B row in ${table_name}`).toBe(0);

      // Inserting a row for B (copying one of A's rows, re-labelled): refused by the policy.
      const cols = (await db.owner<{ column_name: string }[]>`
        select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table_name}
          and column_name not in ('id') and is_generated = 'NEVER'`).map((c) => c.column_name);
      const list = cols.map((c) => `"${c}"`).join(', ');
      const select = cols.map((c) => (c === 'municipality_id' ? `'${fx.b.id}'::uuid` : `"${c}"`)).join(', ');
      const err = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`insert into ${table_name} (${list}) select ${select} from ${table_name} limit 1` as never),
      ).then(() => null, (e: Error & { cause?: Error }) => e.cause ?? e);
      expect(err?.message, `A cannot insert a B row into ${table_name}`).toMatch(/row-level security/);
    }
  });

  it("another region's context sees no row of this region in any region-owned table, and cannot write one", async () => {
    const tables = (await publicTables()).filter((t) => t.region_owned);
    expect(tables.length).toBeGreaterThan(5);
    // personC takes part in the other region's mentoring pair: the user-level tables show them their own rows.
    const other = { tenantId: fx.c.id, regionId: fx.otherRegion.id, userId: personC_.id };
    for (const { table_name } of tables) {
      const [{ n }] = (await db.owner.unsafe(`select count(*)::int as n from ${table_name} where region_id = $1`, [fx.region.id])) as unknown as [{ n: number }];
      expect(n, `fixture has region rows in ${table_name}`).toBeGreaterThan(0);
      const seen = await withTenant(app, other, (tx) => tx.execute(`select region_id from ${table_name}` as never)) as unknown as { region_id: string }[];
      expect(seen.length, `the other region sees its own rows in ${table_name}`).toBeGreaterThan(0);
      expect(seen.every((r) => r.region_id === fx.otherRegion.id), `the other region sees none of ours in ${table_name}`).toBe(true);
      const changed = await withTenant(app, other, (tx) =>
        tx.execute(`update ${table_name} set region_id = region_id where region_id = '${fx.region.id}' returning 1` as never)) as unknown as unknown[];
      expect(changed.length, `no update across regions in ${table_name}`).toBe(0);
      const deleted = await withTenant(app, other, (tx) =>
        tx.execute(`delete from ${table_name} where region_id = '${fx.region.id}' returning 1` as never)) as unknown as unknown[];
      expect(deleted.length, `no delete across regions in ${table_name}`).toBe(0);
      const err = await insertCopy(other, table_name, { region_id: fx.region.id, community_id: table_name === 'communities' ? undefined : openR });
      expect(err?.message, `no insert into our region from the other one in ${table_name}`).toMatch(/row-level security/);
    }
  });

  it("an invite-only community's rows are visible to its members only, in every community table", async () => {
    const tables = (await publicTables()).filter((t) => t.in_community);
    expect(tables.length).toBeGreaterThan(5);
    const asMember = { tenantId: fx.a.id, regionId: fx.region.id, userId: memberA.id };
    const asOutsider = { tenantId: fx.b.id, regionId: fx.region.id, userId: outsiderB.id };
    for (const { table_name } of tables) {
      const key = table_name === 'communities' ? 'id' : 'community_id';
      const count = (ctx: typeof asMember, id: string) => withTenant(app, ctx, (tx) =>
        tx.execute(`select count(*)::int as n from ${table_name} where ${key} = '${id}'` as never)) as unknown as Promise<[{ n: number }]>;
      expect((await count(asMember, inviteR))[0].n, `member sees the invite-only community's ${table_name}`).toBeGreaterThan(0);
      expect((await count(asOutsider, inviteR))[0].n, `non-member sees nothing of it in ${table_name}`).toBe(0);
      expect((await count(asOutsider, openR))[0].n, `non-member sees the open community's ${table_name}`).toBeGreaterThan(0);
      const changed = await withTenant(app, asOutsider, (tx) =>
        tx.execute(`update ${table_name} set region_id = region_id where ${key} = '${inviteR}' returning 1` as never)) as unknown as unknown[];
      expect(changed.length, `non-member changes nothing in ${table_name}`).toBe(0);
      if (table_name !== 'communities') {
        const err = await insertCopy(asOutsider, table_name, { community_id: inviteR }, openR);
        expect(err?.message, `non-member cannot write into the invite-only community's ${table_name}`).toMatch(/row-level security/);
      }
    }
  });

  it('without a tenant context nothing tenant- or region-owned is visible', async () => {
    const tables = (await publicTables()).filter((t) => t.has_tenant || t.region_owned);
    for (const { table_name } of tables) {
      const rows = await app.unsafe(`select 1 from ${table_name}`);
      expect(rows.length, table_name).toBe(0);
    }
  });

  it('the application role neither owns tables nor bypasses RLS', async () => {
    const [role] = await app`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user`;
    expect(owned).toEqual([]);
    await expect(app`alter table users disable row level security`).rejects.toThrow();
  });
});

/** Contexts of the region (a town, a person) and statements run in them (the region-owned tables' own rules). */
const as = (town: { id: string }, who?: Person) => ({ tenantId: town.id, regionId: fx.region.id, userId: who?.id });
const q = <T = Record<string, unknown>>(ctx: ReturnType<typeof as>, text: string) =>
  withTenant(app, ctx, (tx) => tx.execute(text as never)) as unknown as Promise<T[]>;
const fails = (ctx: ReturnType<typeof as>, text: string) =>
  withTenant(app, ctx, (tx) => tx.execute(text as never)).then(() => null, (e: Error & { cause?: Error }) => e.cause ?? e);
const count = async (ctx: ReturnType<typeof as>, table: string, where: string) =>
  (await q<{ n: number }>(ctx, `select count(*)::int as n from ${table} where ${where}`))[0]!.n;

describe('職場応援: the region-owned tables outside communities', () => {

  it("a town-only call and its applications are invisible and unwritable for another town of the region", async () => {
    const own = as(fx.a, memberA);
    for (const other of [as(fx.b, outsiderB), as(fx.d, staffD), as(fx.b)]) {
      expect(await count(other, 'help_calls', `id = '${callTown}'`), 'town-only call hidden').toBe(0);
      expect(await count(other, 'help_applications', `call_id = '${callTown}'`), "its applications hidden").toBe(0);
      expect(await count(other, 'help_calls', `id = '${callRegion}'`), 'region-wide call visible').toBe(1);
      expect(await count(other, 'help_applications', `call_id = '${callRegion}'`), 'its applications visible').toBe(1);
      expect(await q(other, `update help_calls set title = 'x' where id = '${callTown}' returning 1`)).toHaveLength(0);
      expect(await q(other, `delete from help_calls where id = '${callTown}' returning 1`)).toHaveLength(0);
      expect(await q(other, `update help_applications set status = 'withdrawn' where call_id = '${callTown}' returning 1`)).toHaveLength(0);
      expect(await q(other, `delete from help_applications where call_id = '${callTown}' returning 1`)).toHaveLength(0);
    }
    // Writing into it from B: an application (a copy of a visible one, moved onto the hidden call)…
    const b = as(fx.b, outsiderB);
    expect((await insertCopy(b, 'help_applications', { call_id: callTown, user_id: staffD.id }))?.message).toMatch(/row-level security/);
    // …a town-only call in A's name, or turning A's region-wide call into a town-only one.
    const copyTownOnly = `insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
        work_start, work_end, minutes_per_day, contact_id, created_by, reach)
      select region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
        work_start, work_end, minutes_per_day, contact_id, created_by, 'town' from help_calls where id = '${callRegion}'`;
    expect((await fails(b, copyTownOnly))?.message).toMatch(/row-level security/);
    expect((await fails(b, `update help_calls set reach = 'town' where id = '${callRegion}'`))?.message).toMatch(/another town may only change the counts/);
    // The posting town sees both, unchanged.
    expect(await count(own, 'help_calls', `id in ('${callTown}', '${callRegion}')`)).toBe(2);
    expect(await count(own, 'help_applications', `call_id in ('${callTown}', '${callRegion}')`)).toBe(2);
    expect((await db.owner`select title, reach from help_calls where id = ${callTown}`)[0]).toEqual({ title: '募集-town', reach: 'town' });
    expect((await db.owner`select reach from help_calls where id = ${callRegion}`)[0]).toEqual({ reach: 'region' });
  });

  it("an opted-out talent profile is invisible to everyone but its owner, and only the owner writes a profile", async () => {
    const owner = as(fx.b, outsiderB);
    for (const other of [as(fx.a, memberA), as(fx.b, talentB), as(fx.d, staffD), as(fx.b)]) {
      expect(await count(other, 'talent_profiles', `user_id = '${outsiderB.id}'`), 'opted out: hidden').toBe(0);
      expect(await count(other, 'talent_profiles', `user_id = '${memberA.id}'`), 'active: visible').toBe(1);
      expect(await q(other, `update talent_profiles set introduction = 'x' where user_id = '${outsiderB.id}' returning 1`)).toHaveLength(0);
      expect(await q(other, `delete from talent_profiles where user_id = '${outsiderB.id}' returning 1`)).toHaveLength(0);
    }
    expect(await count(owner, 'talent_profiles', `user_id = '${outsiderB.id}'`), 'the owner sees their own').toBe(1);
    // Someone else's visible (active) profile cannot be changed, nor one written in another's name.
    const d = as(fx.d, staffD);
    expect(await q(d, `update talent_profiles set introduction = 'x' where user_id = '${memberA.id}' returning 1`)).toHaveLength(0);
    expect(await q(d, `delete from talent_profiles where user_id = '${memberA.id}' returning 1`)).toHaveLength(0);
    expect((await insertCopy(d, 'talent_profiles', { user_id: talentB.id, municipality_id: fx.b.id }))?.message).toMatch(/row-level security/);
    // Nor one of one's own in another town's name.
    expect((await insertCopy(d, 'talent_profiles', { user_id: staffD.id, municipality_id: fx.a.id }))?.message).toMatch(/row-level security/);
    // The owner opts back in and out again.
    expect(await q(owner, `update talent_profiles set active = true where user_id = '${outsiderB.id}' returning 1`)).toHaveLength(1);
    expect(await count(d, 'talent_profiles', `user_id = '${outsiderB.id}'`)).toBe(1);
    expect(await q(owner, `update talent_profiles set active = false where user_id = '${outsiderB.id}' returning 1`)).toHaveLength(1);
    expect(await count(d, 'talent_profiles', `user_id = '${outsiderB.id}'`)).toBe(0);
  });

  it('what another town sees of a region-wide call it cannot delete or rewrite; only the counts move, and only the two towns change an application', async () => {
    const b = as(fx.b, talentB);
    const d = as(fx.d, staffD);
    expect(await count(d, 'help_calls', `id = '${callRegion}'`)).toBe(1);
    // No DELETE policy: nobody deletes a call or an application, not even the posting town.
    for (const ctx of [d, as(fx.a, memberA)]) {
      expect(await q(ctx, `delete from help_calls where id = '${callRegion}' returning 1`)).toHaveLength(0);
      expect(await q(ctx, `delete from help_applications where call_id = '${callRegion}' returning 1`)).toHaveLength(0);
      expect(await q(ctx, `delete from help_direct_requests where id = '${requestAB}' returning 1`)).toHaveLength(0);
    }
    // Another town may move the counts (its applicant's time was approved) but not the call itself.
    expect((await fails(d, `update help_calls set title = 'hijack' where id = '${callRegion}'`))?.message).toMatch(/another town may only change the counts/);
    expect((await fails(d, `update help_calls set accepted_count = 0, headcount = 500 where id = '${callRegion}'`))?.message).toMatch(/another town may only change the counts/);
    expect(await q(d, `update help_calls set applied_count = applied_count + 1 where id = '${callRegion}' returning 1`)).toHaveLength(1);
    expect(await q(as(fx.a, memberA), `update help_calls set title = title || '', applied_count = applied_count - 1 where id = '${callRegion}' returning 1`)).toHaveLength(1);
    // An application is changed by the applicant's town (B) or the call's town (A), not by a third town.
    expect(await q(d, `update help_applications set status = 'accepted' where call_id = '${callRegion}' returning 1`)).toHaveLength(0);
    expect(await q(b, `update help_applications set updated_at = now() where call_id = '${callRegion}' returning 1`)).toHaveLength(1);
    expect(await q(as(fx.a, memberA), `update help_applications set updated_at = now() where call_id = '${callRegion}' returning 1`)).toHaveLength(1);
    // A town files applications for its own staff only.
    expect((await insertCopy(d, 'help_applications', { call_id: callRegion, user_id: staffD.id }))?.message).toMatch(/row-level security/);
    // Someone deactivated drops out of the registry for everyone else at once.
    await db.owner`update users set active = false where id = ${memberA.id}`;
    try {
      expect(await count(d, 'talent_profiles', `user_id = '${memberA.id}'`)).toBe(0);
    } finally {
      await db.owner`update users set active = true where id = ${memberA.id}`;
    }
    expect(await count(d, 'talent_profiles', `user_id = '${memberA.id}'`)).toBe(1);
  });

  it('a direct request is visible to the two towns concerned only', async () => {
    expect(await count(as(fx.a, memberA), 'help_direct_requests', `id = '${requestAB}'`), 'requesting town').toBe(1);
    expect(await count(as(fx.b, talentB), 'help_direct_requests', `id = '${requestAB}'`), "the talent's town").toBe(1);
    const third = as(fx.d, staffD);
    expect(await count(third, 'help_direct_requests', `id = '${requestAB}'`), 'a third town').toBe(0);
    expect(await q(third, `update help_direct_requests set status = 'withdrawn' where id = '${requestAB}' returning 1`)).toHaveLength(0);
    expect(await q(third, `delete from help_direct_requests where id = '${requestAB}' returning 1`)).toHaveLength(0);
    // A request between A and B written from D: refused; from A it goes in.
    const insert = `insert into help_direct_requests (region_id, municipality_id, department_id, requested_by, talent_user_id, talent_municipality_id,
        title, body, work_start, work_end, minutes_per_day)
      values ('${fx.region.id}', '${fx.a.id}', '${deptA}', '${memberA.id}', '${talentB.id}', '${fx.b.id}', '偽の依頼', '本文', '2030-01-15', '2030-01-15', 60)`;
    expect((await fails(third, insert))?.message).toMatch(/row-level security/);
    expect((await fails(as(fx.a, memberA), insert))).toBeNull();
    // Moving a visible request out of one's reach is refused too.
    expect((await fails(as(fx.b, talentB), `update help_direct_requests set municipality_id = '${fx.d.id}', talent_municipality_id = '${fx.d.id}' where id = '${requestAB}'`))?.message)
      .toMatch(/row-level security|violates foreign key|who asked whom/);
    // Each town changes only its own steps: the talent's town cannot thank itself or rewrite the request,
    // the requesting town cannot answer for the talent.
    const talentTown = as(fx.b, talentB);
    const asker = as(fx.a, memberA);
    expect((await fails(talentTown, `update help_direct_requests set thanks = '自分にありがとう', participated_minutes = 600 where id = '${requestAB}'`))?.message)
      .toMatch(/the talent's town answers, nothing else/);
    expect((await fails(talentTown, `update help_direct_requests set municipality_id = '${fx.b.id}', department_id = department_id where id = '${requestAB}'`))?.message)
      .toMatch(/who asked whom/);
    expect((await fails(asker, `update help_direct_requests set status = 'accepted', confirmed_at = now() where id = '${requestAB}'`))?.message)
      .toMatch(/the requesting town withdraws and records/);
    expect(await q(talentTown, `update help_direct_requests set response_note = 'はい' where id = '${requestAB}' returning 1`)).toHaveLength(1);
    expect(await q(asker, `update help_direct_requests set thanks = 'ありがとう' where id = '${requestAB}' returning 1`)).toHaveLength(1);
  });

  it("an application's two towns each change only their own steps; a call stays with its town", async () => {
    const applicantTown = as(fx.b, outsiderB);
    const callTown = as(fx.a, memberA);
    // The applicant's town cannot accept itself, thank itself or move the application.
    expect((await fails(applicantTown, `update help_applications set status = 'accepted' where call_id = '${callRegion}'`))?.message)
      .toMatch(/applicant's town applies and withdraws/);
    expect((await fails(applicantTown, `update help_applications set thanks = '自分に', participated_minutes = 600 where call_id = '${callRegion}'`))?.message)
      .toMatch(/applicant's town applies and withdraws/);
    expect((await fails(applicantTown, `update help_applications set municipality_id = '${fx.d.id}' where call_id = '${callRegion}'`))?.message)
      .toMatch(/row-level security|who applied to which call/);
    // …but may withdraw (and clear the poster's fields, applying afresh).
    expect(await q(applicantTown, `update help_applications set message = message where call_id = '${callRegion}' returning 1`)).toHaveLength(1);
    // The call's town answers and records, but does not file time or rewrite the message.
    expect((await fails(callTown, `update help_applications set time_request_id = gen_random_uuid() where call_id = '${callRegion}'`))?.message)
      .toMatch(/call's town answers and records/);
    expect(await q(callTown, `update help_applications set thanks = 'ありがとう' where call_id = '${callRegion}' returning 1`)).toHaveLength(1);
    // A call never changes hands, even in its own town.
    expect((await fails(callTown, `update help_calls set municipality_id = '${fx.b.id}' where id = '${callRegion}'`))?.message)
      .toMatch(/row-level security|violates foreign key|stays with its town/);
  });
});

/**
 * Copies one visible row of `table` (of community `from` when given) with some columns replaced,
 * inside `ctx`; returns the error (or null when the insert went through).
 */
describe('職員サポート制度: programmes, pairs, private notes, consultations, surveys', () => {
  const byProgramme = ['mentoring_participants', 'mentorships', 'mentoring_sessions'];

  it("a town programme and everything in it is invisible and unwritable for another town; a cross-town one is seen by the region", async () => {
    for (const ctx of [as(fx.b, adminB), as(fx.d, coordD)]) {
      expect(await count(ctx, 'mentoring_programmes', `id = '${progTown.programme}'`), 'town programme hidden').toBe(0);
      expect(await count(ctx, 'mentoring_programmes', `id = '${progRegion.programme}'`), 'cross-town programme seen').toBe(1);
      for (const table of byProgramme) {
        expect(await count(ctx, table, `programme_id = '${progTown.programme}'`), `${table} of the town programme hidden`).toBe(0);
        expect(await count(ctx, table, `programme_id = '${progRegion.programme}'`), `${table} of the cross-town programme seen`).toBeGreaterThan(0);
        expect(await q(ctx, `update ${table} set updated_at = now() where programme_id = '${progTown.programme}' returning 1`)).toHaveLength(0);
        expect(await q(ctx, `delete from ${table} where programme_id = '${progTown.programme}' returning 1`)).toHaveLength(0);
      }
    }
    const own = as(fx.a, mentorA);
    for (const table of byProgramme) expect(await count(own, table, `programme_id = '${progTown.programme}'`), `own town sees ${table}`).toBeGreaterThan(0);
    expect((await insertCopy(as(fx.b, adminB), 'mentoring_participants', { programme_id: progTown.programme, user_id: adminB.id, municipality_id: fx.b.id }))?.message)
      .toMatch(/row-level security/);
    expect((await insertCopy(as(fx.b, talentB), 'mentorships', { programme_id: progTown.programme }))?.message).toMatch(/row-level security/);
  });

  it('only the people who run a programme change it: the town admin its own, the coordinators a cross-town one', async () => {
    const rename = (id: string) => `update mentoring_programmes set title = title where id = '${id}' returning 1`;
    expect(await q(as(fx.a, mentorA), rename(progTown.programme)), 'staff of the town').toHaveLength(0);
    expect(await q(as(fx.a, adminA), rename(progTown.programme)), 'its admin').toHaveLength(1);
    expect(await q(as(fx.a, adminA), rename(progRegion.programme)), "a town admin, a cross-town programme").toHaveLength(0);
    expect(await q(as(fx.b, adminB), rename(progRegion.programme)), 'another town admin').toHaveLength(0);
    expect(await q(as(fx.d, coordD), rename(progRegion.programme)), 'a coordinator of the region').toHaveLength(1);
    expect(await q(as(fx.d, coordD), rename(progTown.programme)), "a coordinator, a town's own programme").toHaveLength(0);
    const newRegional = (by: Person, town: { id: string }) => `insert into mentoring_programmes (region_id, municipality_id, scope, kind, fiscal_year, title, starts_on, ends_on, created_by)
      values ('${fx.region.id}', '${town.id}', 'region', 'cross_town', 2030, '広域', '2030-04-01', '2031-03-31', '${by.id}')`;
    expect((await fails(as(fx.a, adminA), newRegional(adminA, fx.a)))?.message, 'only a coordinator makes a cross-town programme').toMatch(/row-level security/);
    expect(await fails(as(fx.d, coordD), newRegional(coordD, fx.d))).toBeNull();
    // An entry is written by its person, or by the programme's admins.
    const enter = (who: Person, prog: string) => `insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, added_by)
      values ('${fx.region.id}', '${prog}', '${who.id}', '${who.municipalityId}', 'mentor', '${who.id}')`;
    expect((await fails(as(fx.b, adminB), enter(outsiderB, progRegion.programme)))?.message, "someone else's entry").toMatch(/row-level security/);
    expect(await fails(as(fx.b, outsiderB), enter(outsiderB, progRegion.programme)), 'volunteering oneself').toBeNull();
    expect(await fails(as(fx.d, coordD), enter(staffD, progRegion.programme)), 'the coordinator enrols').toBeNull();
  });

  it("a pair is changed by its two people, the programme's admins, and the programme town's jobs only", async () => {
    const touch = (p: Mentoring) => `update mentorships set updated_at = now() where id = '${p.pair}' returning 1`;
    expect(await q(as(fx.a, managerA), touch(progTown)), 'a colleague of the town').toHaveLength(0);
    expect(await q(as(fx.a, menteeA), touch(progTown)), 'the mentee').toHaveLength(1);
    expect(await q(as(fx.a, adminA), touch(progTown)), 'its admin').toHaveLength(1);
    expect(await q(as(fx.a), touch(progTown)), "the programme town's job (no person)").toHaveLength(1);
    expect(await q(as(fx.b, adminB), touch(progRegion)), 'another town admin, a cross-town pair').toHaveLength(0);
    expect(await q(as(fx.b), touch(progRegion)), "a job of a town that does not run the programme").toHaveLength(0);
    expect(await q(as(fx.b, talentB), touch(progRegion)), 'the cross-town mentor in their own town').toHaveLength(1);
    expect(await q(as(fx.d), touch(progRegion)), "the coordinator's town's job").toHaveLength(1);
  });

  it('private notes are read by the two of the pair only: not the programme admins, not their colleagues', async () => {
    const notes = (p: Mentoring) => `mentorship_id = '${p.pair}'`;
    expect(await count(as(fx.a, mentorA), 'mentoring_notes', notes(progTown)), 'the mentor').toBe(1);
    expect(await count(as(fx.a, menteeA), 'mentoring_notes', notes(progTown)), 'the mentee').toBe(1);
    expect(await count(as(fx.a, adminA), 'mentoring_notes', notes(progTown)), 'the programme admin').toBe(0);
    expect(await count(as(fx.a, managerA), 'mentoring_notes', notes(progTown)), "the mentee's manager").toBe(0);
    expect(await count(as(fx.a), 'mentoring_notes', notes(progTown)), 'the town without a person').toBe(0);
    expect(await count(as(fx.b, talentB), 'mentoring_notes', notes(progRegion)), 'a cross-town mentor, in their own town').toBe(1);
    expect(await count(as(fx.d, coordD), 'mentoring_notes', notes(progRegion)), 'the coordinator').toBe(0);
    expect(await q(as(fx.a, menteeA), `update mentoring_notes set body = 'x' where ${notes(progTown)} returning 1`), 'not the author').toHaveLength(0);
    expect(await q(as(fx.a, adminA), `delete from mentoring_notes where ${notes(progTown)} returning 1`)).toHaveLength(0);
    const forged = `insert into mentoring_notes (region_id, mentorship_id, mentor_id, mentee_id, author_id, body)
      values ('${fx.region.id}', '${progTown.pair}', '${mentorA.id}', '${menteeA.id}', '${mentorA.id}', '偽')`;
    expect((await fails(as(fx.a, adminA), forged))?.message, 'written only as oneself').toMatch(/row-level security/);
  });

  it('a consultation and its messages are seen by the people in it only: never the mentee or the programme admins', async () => {
    for (const [who, town, p, n] of [
      [managerA, fx.a, progTown, 1], [mentorA, fx.a, progTown, 1], [menteeA, fx.a, progTown, 0], [adminA, fx.a, progTown, 0],
      [talentB, fx.b, progRegion, 1], [managerA, fx.a, progRegion, 1], [coordD, fx.d, progRegion, 0], [menteeA, fx.a, progRegion, 0],
    ] as const) {
      expect(await count(as(town, who), 'mentoring_consultations', `id = '${p.consultation}'`)).toBe(n);
      expect(await count(as(town, who), 'mentoring_consultation_messages', `consultation_id = '${p.consultation}'`)).toBe(n);
    }
    expect(await q(as(fx.a, menteeA), `update mentoring_consultations set participant_ids = participant_ids || '${menteeA.id}'::uuid where id = '${progTown.consultation}' returning 1`))
      .toHaveLength(0);
    const write = (who: Person) => `insert into mentoring_consultation_messages (region_id, consultation_id, author_id, body)
      values ('${fx.region.id}', '${progTown.consultation}', '${who.id}', '返信')`;
    expect((await fails(as(fx.a, menteeA), write(menteeA)))?.message, 'the mentee cannot write into it').toMatch(/row-level security/);
    expect(await fails(as(fx.a, managerA), write(managerA)), 'a participant replies').toBeNull();
  });

  it('a survey answer is read by its author and the programme admins', async () => {
    const of = (p: Mentoring) => `mentorship_id = '${p.pair}'`;
    expect(await count(as(fx.a, mentorA), 'mentoring_surveys', of(progTown)), 'the author').toBe(1);
    expect(await count(as(fx.a, menteeA), 'mentoring_surveys', of(progTown)), 'the other of the pair').toBe(0);
    expect(await count(as(fx.a, adminA), 'mentoring_surveys', of(progTown)), 'the town admin').toBe(1);
    expect(await count(as(fx.d, coordD), 'mentoring_surveys', of(progRegion)), 'the coordinator').toBe(1);
    expect(await count(as(fx.b, adminB), 'mentoring_surveys', of(progRegion)), 'another town admin').toBe(0);
    expect(await q(as(fx.a, adminA), `update mentoring_surveys set satisfaction = 1 where ${of(progTown)} returning 1`), 'admins read, never write').toHaveLength(0);
  });
});

describe('地域の魅力: posts, photos, reviews, channels, collections, the publication log, views', () => {
  const publicCtx = () => ({ tenantId: '', regionId: fx.region.id, userId: undefined });

  it("a draft is its town's only; once published every town of the region and the public pages see it", async () => {
    expect(await count(as(fx.a, memberA), 'attraction_posts', `id = '${attrR.draft}'`), 'its town').toBe(1);
    expect(await count(as(fx.b, outsiderB), 'attraction_posts', `id = '${attrR.draft}'`), 'another town').toBe(0);
    expect(await count(as(fx.b, outsiderB), 'attraction_photos', `post_id = '${attrR.draft}'`), "another town: the draft's photo").toBe(0);
    expect(await count(publicCtx(), 'attraction_posts', `id = '${attrR.draft}'`), 'the public pages').toBe(0);
    expect(await count(as(fx.b, outsiderB), 'attraction_posts', `id = '${attrR.published}'`), 'published: another town').toBe(1);
    expect(await count(as(fx.b, outsiderB), 'attraction_photos', `post_id = '${attrR.published}'`), "published: its photo").toBe(1);
    expect(await count(publicCtx(), 'attraction_posts', `id = '${attrR.published}'`), 'published: the public pages').toBe(1);
    expect(await count(as(fx.b, outsiderB), 'attraction_reviews', `post_id = '${attrR.published}'`), 'the review history stays in its town').toBe(0);
    expect(await count(publicCtx(), 'attraction_publications', 'true'), 'the public pages: no log').toBe(0);
    expect(await count(publicCtx(), 'attraction_views', 'true'), 'the public pages: no figures').toBe(0);
    // Another town cannot write into the post or its photos, nor the draft's author's town in its name.
    expect(await q(as(fx.b, outsiderB), `update attraction_posts set title = 'x' where id = '${attrR.published}' returning 1`)).toHaveLength(0);
    expect(await q(as(fx.b, outsiderB), `update attraction_photos set caption = 'x' where post_id = '${attrR.published}' returning 1`)).toHaveLength(0);
    expect((await fails(as(fx.b, outsiderB), `insert into attraction_posts (region_id, municipality_id, author_id, category, title)
      values ('${fx.region.id}', '${fx.a.id}', '${outsiderB.id}', 'spot', 'x')`))?.message).toMatch(/row-level security/);
    expect((await fails(as(fx.a, memberA), `insert into attraction_posts (region_id, municipality_id, author_id, category, title)
      values ('${fx.region.id}', '${fx.a.id}', '${outsiderB.id}', 'spot', 'x')`))?.message, 'in someone else’s name').toMatch(/row-level security/);
  });

  it("a coordinator of another town schedules and takes down a pooled post, and changes nothing else of it", async () => {
    const [p] = await db.owner`insert into attraction_posts (region_id, municipality_id, author_id, status, category, title, approved_at)
      values (${fx.region.id}, ${fx.a.id}, ${memberA.id}, 'approved', 'spot', '共有プール', now()) returning id`;
    const id = p!.id as string;
    const schedule = `update attraction_posts set status = 'scheduled', publish_at = now() + interval '1 day', schedule_seq = schedule_seq + 1 where id = '${id}' returning 1`;
    expect(await q(as(fx.b, outsiderB), schedule), 'staff of another town').toHaveLength(0);
    expect(await q(as(fx.d, coordD), schedule), 'the coordinator').toHaveLength(1);
    expect((await fails(as(fx.d, coordD), `update attraction_posts set title = '書き換え' where id = '${id}'`))?.message, 'the content').toMatch(/another town schedules/);
    expect((await fails(as(fx.d, coordD), `update attraction_posts set status = 'published' where id = '${id}'`))?.message, 'publishing is the worker’s, in the town').toMatch(/another town schedules/);
    expect((await fails(as(fx.a, memberA), `update attraction_posts set author_id = '${outsiderB.id}' where id = '${id}'`))?.message, 'the author').toMatch(/never changes/);
    expect(await q(as(fx.a), `update attraction_posts set status = 'published', published_at = now() where id = '${id}' returning 1`), 'the worker in the town').toHaveLength(1);
    expect(await q(as(fx.d, coordD), `update attraction_posts set status = 'unpublished', unpublished_at = now() where id = '${id}' returning 1`), 'taken down').toHaveLength(1);
    expect(await q(as(fx.d, coordD), `update attraction_posts set status = 'scheduled' where id = '${attrR.draft}' returning 1`), "a draft: invisible to the coordinator").toHaveLength(0);
  });

  it('channels and collections are written by the coordinators; the log by the post’s town; views counted for published posts only', async () => {
    expect(await count(as(fx.b, outsiderB), 'attraction_channels', `id = '${attrR.channel}'`), 'staff read channels').toBe(1);
    expect(await q(as(fx.b, outsiderB), `update attraction_channels set url = 'https://evil.example' where id = '${attrR.channel}' returning 1`)).toHaveLength(0);
    expect(await q(as(fx.d, coordD), `update attraction_channels set name = name where id = '${attrR.channel}' returning 1`)).toHaveLength(1);
    expect(await q(as(fx.b, outsiderB), `update attraction_collections set title = 'x' where id = '${attrR.collection}' returning 1`)).toHaveLength(0);
    expect((await fails(as(fx.b, outsiderB), `insert into attraction_collection_items (region_id, collection_id, post_id, position)
      values ('${fx.region.id}', '${attrR.collection}', '${attrR.draft}', 2)`))?.message).toMatch(/row-level security/);
    const [draftCol] = await db.owner`insert into attraction_collections (region_id, municipality_id, title, created_by)
      values (${fx.region.id}, ${fx.d.id}, '下書きの特集', ${coordD.id}) returning id`;
    expect(await count(publicCtx(), 'attraction_collections', `id = '${draftCol!.id}'`), 'a draft collection: not public').toBe(0);
    expect(await count(publicCtx(), 'attraction_collections', `id = '${attrR.collection}'`), 'a published one: public').toBe(1);
    expect(await count(as(fx.b, outsiderB), 'attraction_publications', `post_id = '${attrR.published}'`), 'staff read the log').toBe(1);
    expect(await q(as(fx.d, coordD), `update attraction_publications set status = 'failed' where post_id = '${attrR.published}' returning 1`), 'not the coordinator’s town').toHaveLength(0);
    expect(await q(as(fx.a), `update attraction_publications set status = status where post_id = '${attrR.published}' returning 1`), 'the post’s town (worker)').toHaveLength(1);
    const view = (post: string, day: string) => `insert into attraction_views (region_id, municipality_id, post_id, day, views) values ('${fx.region.id}', '${fx.a.id}', '${post}', '${day}', 1)`;
    expect(await fails(publicCtx(), view(attrR.published, '2030-01-08')), 'a published post').toBeNull();
    expect((await fails(publicCtx(), view(attrR.draft, '2030-01-08')))?.message, 'a draft').toMatch(/row-level security/);
  });
});

async function insertCopy(
  ctx: { tenantId: string; regionId: string; userId?: string }, table: string, set: Record<string, string | undefined>, from?: string,
) {
  const cols = (await db.owner<{ column_name: string }[]>`
    select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table}
      and column_name not in ('id') and is_generated = 'NEVER'`).map((c) => c.column_name);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const select = cols.map((c) => (set[c] !== undefined ? `'${set[c]}'::uuid` : `"${c}"`)).join(', ');
  const where = from ? `where community_id = '${from}'` : '';
  return withTenant(app, ctx, (tx) => tx.execute(`insert into ${table} (${list}) select ${select} from ${table} ${where} limit 1` as never))
    .then((rows) => ((rows as unknown as unknown[]).length === 0 && !from ? new Error('nothing to copy') : null), (e: Error & { cause?: Error }) => e.cause ?? e);
}

describe('tenant context', () => {
  it('is transaction-local: a pooled connection never carries it into the next transaction', async () => {
    const one = createClient(db.appUrl, { max: 1 });
    try {
      await withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
        await tx.execute('select 1' as never);
      });
      const [after] = await one`select current_setting('app.tenant_id', true) as t`;
      expect(after!.t ?? '').toBe('');
      const users = await one`select id from users`;
      expect(users).toEqual([]);
    } finally {
      await one.end();
    }
  });

  it('rolls back on error and the connection is usable afterwards', async () => {
    const one = createClient(db.appUrl, { max: 1 });
    try {
      await expect(withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
        await tx.execute(`update users set position = 'X' where municipality_id = '${fx.a.id}'` as never);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      const [{ n }] = (await db.owner`select count(*)::int as n from users where position = 'X'`) as unknown as [{ n: number }];
      expect(n).toBe(0);
      const ok = await withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) => tx.execute('select 1 as x' as never));
      expect(ok).toHaveLength(1);
    } finally {
      await one.end();
    }
  });

  it('does not report success when the transaction was rolled back (an error caught inside fn)', async () => {
    const [alice] = (await db.owner`select id from users where municipality_id = ${fx.a.id} limit 1`) as unknown as [{ id: string }];
    const outcome = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
      await tx.execute(sql`update users set position = 'lost' where id = ${alice.id}`);
      // A failed statement aborts the transaction even if its error is caught; COMMIT then rolls back.
      await tx.execute(sql`select 1 / 0`).catch(() => {});
      return 'ok';
    }).then((v) => v, (e: Error) => e);
    const [row] = (await db.owner`select position from users where id = ${alice.id}`) as unknown as [{ position: string | null }];
    expect(row.position).not.toBe('lost');
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/rolled back/);
    // The connection is clean for the next one.
    await expect(withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) => tx.execute(sql`select 1`))).resolves.toHaveLength(1);
  });

  it('runs a nested tx.transaction() as a savepoint, inside the tenant context and the outer transaction', async () => {
    const [alice] = (await db.owner`select id from users where municipality_id = ${fx.a.id} limit 1`) as unknown as [{ id: string }];
    const ctx = { tenantId: fx.a.id, regionId: fx.region.id };
    // The inner part fails: only it is undone, the outer work commits.
    const seen = await withTenant(app, ctx, async (tx) => {
      await tx.execute(sql`update users set position = 'outer' where id = ${alice.id}`);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`update users set introduction = 'inner' where id = ${alice.id}`);
        throw new Error('inner fails');
      }).catch(() => {});
      return tx.transaction(async (inner) => inner.execute(sql`select current_setting('app.tenant_id', true) as t`));
    });
    expect(seen[0]).toEqual({ t: fx.a.id });
    let [row] = (await db.owner`select position, introduction from users where id = ${alice.id}`) as unknown as [{ position: string; introduction: string | null }];
    expect(row).toMatchObject({ position: 'outer' });
    expect(row.introduction).not.toBe('inner');
    // The outer transaction fails after a nested one succeeded: nothing of either is left.
    await expect(withTenant(app, ctx, async (tx) => {
      await tx.transaction((inner) => inner.execute(sql`update users set position = 'nested' where id = ${alice.id}`));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    [row] = (await db.owner`select position, introduction from users where id = ${alice.id}`) as unknown as [{ position: string; introduction: string | null }];
    expect(row.position).toBe('outer');
  });

  it('refuses a context that is not a uuid (never inlines text)', async () => {
    await expect(withTenant(app, { tenantId: "x'; drop table users; --", regionId: fx.region.id }, async () => 1)).rejects.toThrow(/uuid/);
  });
});
