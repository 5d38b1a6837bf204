import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { uuids } from './community-sql';

/**
 * Queries of 目的別コミュニティ: the directory, one community, membership and the coordinators'
 * figures. Every query names its region and filters by it; row-level security is the backstop and
 * also hides invite-only communities from non-members, so nothing here has to ask about that.
 * Membership changes are made under the community's row lock (`communityAccess(…, { lock: 'update' })`)
 * and `member_count` is recounted under it, so concurrent joins never lose a count.
 */

type Category = 'learning' | 'sharing' | 'consultation' | 'work_life' | 'local' | 'workplace' | 'other';
type Visibility = 'open' | 'approval' | 'invite';
type Role = 'manager' | 'member';
type MemberStatus = 'active' | 'pending' | 'invited';
type Notify = 'all' | 'digest' | 'mute';

export type CommunitySort = 'activity' | 'members' | 'name' | 'newest';

export type CommunityRow = {
  id: string;
  name: string;
  category: Category;
  visibility: Visibility;
  status: 'active' | 'archived';
  description: string;
  descriptionHtml: string;
  memberCount: number;
  postCount: number;
  lastPostAt: Date | null;
  createdAt: Date;
  archivedAt: Date | null;
  createdBy: string;
  /** Names of the towns of active members, most members first (at most 6). */
  towns: string[];
  role: Role | null;
  memberStatus: MemberStatus | null;
  notify: Notify | null;
  /** The sort key of the directory as text (timestamps with microseconds), for the cursor; '' for the name sort. */
  sortKey: string;
};

/** Directory order: the key, then id in the same direction. */
const sortKeys: Record<CommunitySort, { key: SQL; text: SQL; cast: SQL; desc: boolean }> = {
  activity: {
    key: sql`coalesce(c.last_post_at, c.created_at)`,
    text: sql`to_json(coalesce(c.last_post_at, c.created_at)) #>> '{}'`,
    cast: sql`timestamptz`,
    desc: true,
  },
  members: { key: sql`c.member_count`, text: sql`c.member_count::text`, cast: sql`integer`, desc: true },
  newest: { key: sql`c.created_at`, text: sql`to_json(c.created_at) #>> '{}'`, cast: sql`timestamptz`, desc: true },
  name: { key: sql`c.name`, text: sql`''`, cast: sql`text`, desc: false },
};

const communityColumns = sql`
  c.id, c.name, c.category, c.visibility, c.status, c.description, c.description_html as "descriptionHtml",
  c.member_count as "memberCount", c.post_count as "postCount", c.last_post_at as "lastPostAt",
  c.created_at as "createdAt", c.archived_at as "archivedAt", c.created_by as "createdBy",
  array(
    select mu.name from community_members tm join municipalities mu on mu.id = tm.municipality_id
    where tm.community_id = c.id and tm.status = 'active'
    group by mu.id, mu.name order by count(*) desc, mu.code limit 6
  ) as towns,
  m.role, m.status as "memberStatus", m.notify`;

export interface CommunityFilter {
  regionId: string;
  userId: string;
  category?: Category;
  municipalityId?: string;
  activity?: 'active' | 'quiet';
  mine?: boolean;
  includeArchived?: boolean;
  sort: CommunitySort;
  after?: { key: string; id: string } | null;
  limit: number;
}

/** The directory of the region: the communities the reader may see (RLS), filtered and sorted. */
export async function listCommunities(tx: Db, f: CommunityFilter): Promise<CommunityRow[]> {
  const s = sortKeys[f.sort];
  const where: SQL[] = [sql`c.region_id = ${f.regionId}`];
  if (!f.includeArchived) where.push(sql`c.status = 'active'`);
  if (f.category) where.push(sql`c.category = ${f.category}`);
  if (f.municipalityId) {
    where.push(sql`exists (select 1 from community_members tm where tm.community_id = c.id
      and tm.municipality_id = ${f.municipalityId} and tm.status = 'active')`);
  }
  if (f.activity === 'active') where.push(sql`c.last_post_at >= now() - interval '30 days'`);
  if (f.activity === 'quiet') where.push(sql`(c.last_post_at is null or c.last_post_at < now() - interval '30 days')`);
  if (f.mine) where.push(sql`m.status = 'active'`);
  if (f.after) {
    // A name can be 80 characters of Japanese, too long for a cursor: the name sort looks it up by id.
    const k = f.sort === 'name'
      ? sql`(select x.name from communities x where x.region_id = ${f.regionId} and x.id = ${f.after.id}::uuid)`
      : sql`${f.after.key}::${s.cast}`;
    where.push(s.desc ? sql`(${s.key}, c.id) < (${k}, ${f.after.id}::uuid)` : sql`(${s.key}, c.id) > (${k}, ${f.after.id}::uuid)`);
  }
  const dir = s.desc ? sql`desc` : sql`asc`;
  return tx.execute<CommunityRow>(sql`
    select ${communityColumns}, ${s.text} as "sortKey"
    from communities c
    left join community_members m on m.community_id = c.id and m.user_id = ${f.userId}
    where ${sql.join(where, sql` and `)}
    order by ${s.key} ${dir}, c.id ${dir}
    limit ${f.limit}`);
}

export type CommunityDetailRow = CommunityRow & { managerIds: string[]; pendingCount: number; openReportCount: number };

/** One community as the reader sees it, with its managers and the counts its managers need. */
export async function getCommunity(
  tx: Db, { regionId, userId, communityId }: { regionId: string; userId: string; communityId: string },
): Promise<CommunityDetailRow | null> {
  const [row] = await tx.execute<CommunityDetailRow>(sql`
    select ${communityColumns}, '' as "sortKey",
      array(select mm.user_id from community_members mm
            where mm.community_id = c.id and mm.role = 'manager' and mm.status = 'active'
            order by mm.joined_at nulls last, mm.user_id) as "managerIds",
      (select count(*)::int from community_members pm where pm.community_id = c.id and pm.status = 'pending') as "pendingCount",
      (select count(*)::int from community_reports r where r.community_id = c.id and r.status = 'open') as "openReportCount"
    from communities c
    left join community_members m on m.community_id = c.id and m.user_id = ${userId}
    where c.region_id = ${regionId} and c.id = ${communityId}`);
  return row ?? null;
}

export interface CommunityWrite {
  name: string;
  category: Category;
  description: string;
  descriptionHtml: string;
  visibility: Visibility;
  /** A tsvector literal (toTsvectorLiteral). */
  search: string;
}

/**
 * Inserts a community. The id is made by the caller: RETURNING would have to pass the SELECT policy,
 * and an invite-only community is not visible to the statement that creates it.
 */
export async function insertCommunity(
  tx: Db, c: CommunityWrite & { id: string; regionId: string; createdBy: string; createdByMunicipalityId: string },
): Promise<void> {
  await tx.execute(sql`
    insert into communities (id, region_id, name, category, description, description_html, visibility, search,
                             created_by, created_by_municipality_id)
    values (${c.id}, ${c.regionId}, ${c.name}, ${c.category}, ${c.description}, ${c.descriptionHtml}, ${c.visibility},
            ${c.search}::tsvector, ${c.createdBy}, ${c.createdByMunicipalityId})`);
}

export async function updateCommunity(
  tx: Db, { regionId, communityId, set }: { regionId: string; communityId: string; set: Partial<CommunityWrite> },
): Promise<void> {
  const cols: SQL[] = [sql`updated_at = now()`];
  if (set.name !== undefined) cols.push(sql`name = ${set.name}`);
  if (set.category !== undefined) cols.push(sql`category = ${set.category}`);
  if (set.description !== undefined) cols.push(sql`description = ${set.description}`);
  if (set.descriptionHtml !== undefined) cols.push(sql`description_html = ${set.descriptionHtml}`);
  if (set.visibility !== undefined) cols.push(sql`visibility = ${set.visibility}`);
  if (set.search !== undefined) cols.push(sql`search = ${set.search}::tsvector`);
  await tx.execute(sql`update communities set ${sql.join(cols, sql`, `)} where region_id = ${regionId} and id = ${communityId}`);
}

export async function setCommunityStatus(
  tx: Db, { regionId, communityId, archived }: { regionId: string; communityId: string; archived: boolean },
): Promise<void> {
  await tx.execute(sql`
    update communities
    set status = ${archived ? 'archived' : 'active'}, archived_at = ${archived ? sql`coalesce(archived_at, now())` : sql`null`},
        updated_at = now()
    where region_id = ${regionId} and id = ${communityId}`);
}

/**
 * member_count = the active members, recounted. Call it under the community's row lock. `excluding`
 * leaves one person out: a person leaving an invite-only community can no longer see (and so not
 * update) it once their row is gone, so the count is written first.
 */
export async function recountMembers(
  tx: Db, { regionId, communityId, excluding }: { regionId: string; communityId: string; excluding?: string },
): Promise<void> {
  await tx.execute(sql`
    update communities c set member_count = (
      select count(*) from community_members m
      where m.community_id = c.id and m.status = 'active' ${excluding ? sql`and m.user_id <> ${excluding}` : sql``})
    where c.region_id = ${regionId} and c.id = ${communityId}`);
}

// ── members ─────────────────────────────────────────────────────────────────────────────────────

export type MemberRow = {
  userId: string;
  municipalityId: string;
  role: Role;
  status: MemberStatus;
  notify: Notify;
  message: string | null;
  joinedAt: Date | null;
  createdAt: Date;
  createdAtText: string;
};

const memberColumns = sql`m.user_id as "userId", m.municipality_id as "municipalityId", m.role, m.status, m.notify, m.message,
  m.joined_at as "joinedAt", m.created_at as "createdAt", to_json(m.created_at) #>> '{}' as "createdAtText"`;

export async function getMember(
  tx: Db, { communityId, userId }: { communityId: string; userId: string },
): Promise<MemberRow | null> {
  const [row] = await tx.execute<MemberRow>(sql`
    select ${memberColumns} from community_members m where m.community_id = ${communityId} and m.user_id = ${userId}`);
  return row ?? null;
}

/** Members of one status, oldest first (keyset on created_at, user_id). */
export async function listMembers(
  tx: Db,
  f: { communityId: string; status: MemberStatus; municipalityId?: string; after?: { at: string; id: string } | null; limit: number },
): Promise<MemberRow[]> {
  return tx.execute<MemberRow>(sql`
    select ${memberColumns} from community_members m
    where m.community_id = ${f.communityId} and m.status = ${f.status}
      ${f.municipalityId ? sql`and m.municipality_id = ${f.municipalityId}` : sql``}
      ${f.after ? sql`and (m.created_at, m.user_id) > (${f.after.at}::timestamptz, ${f.after.id}::uuid)` : sql``}
    order by m.created_at, m.user_id
    limit ${f.limit}`);
}

/** People per town among the members of one status, most first. */
export async function memberTowns(
  tx: Db, { communityId, status }: { communityId: string; status: MemberStatus },
): Promise<Array<{ municipalityId: string; municipalityName: string; count: number }>> {
  return tx.execute(sql`
    select m.municipality_id as "municipalityId", mu.name as "municipalityName", count(*)::int as count
    from community_members m join municipalities mu on mu.id = m.municipality_id
    where m.community_id = ${communityId} and m.status = ${status}
    group by m.municipality_id, mu.name, mu.code
    order by count(*) desc, mu.code`);
}

/** Active managers of the community (for notifications and the last-manager rule). */
export async function activeManagerIds(tx: Db, { communityId }: { communityId: string }): Promise<string[]> {
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from community_members
    where community_id = ${communityId} and role = 'manager' and status = 'active'
    order by user_id`);
  return rows.map((r) => r.userId);
}

export interface MemberWrite {
  userId: string;
  municipalityId: string;
  role: Role;
  status: MemberStatus;
  message?: string | null;
  invitedBy?: string | null;
}

/** Adds a person, or changes the row they already have (role, status; joined_at set on becoming active). */
export async function upsertMember(tx: Db, { regionId, communityId, m }: { regionId: string; communityId: string; m: MemberWrite }): Promise<void> {
  await tx.execute(sql`
    insert into community_members (region_id, community_id, user_id, municipality_id, role, status, message, invited_by, joined_at)
    values (${regionId}, ${communityId}, ${m.userId}, ${m.municipalityId}, ${m.role}, ${m.status}, ${m.message ?? null},
            ${m.invitedBy ?? null}, ${m.status === 'active' ? sql`now()` : sql`null`})
    on conflict (community_id, user_id) do update
      set role = excluded.role, status = excluded.status,
          message = coalesce(excluded.message, community_members.message),
          invited_by = coalesce(community_members.invited_by, excluded.invited_by),
          joined_at = case when excluded.status = 'active' then coalesce(community_members.joined_at, now()) else null end,
          updated_at = now()`);
}

/** Makes the listed people the managers and every other manager a member. */
export async function demoteOtherManagers(tx: Db, { communityId, keep }: { communityId: string; keep: string[] }): Promise<void> {
  await tx.execute(sql`
    update community_members set role = 'member', updated_at = now()
    where community_id = ${communityId} and role = 'manager' and user_id <> all(${uuids(keep)})`);
}

export async function setMemberNotify(
  tx: Db, { communityId, userId, notify }: { communityId: string; userId: string; notify: Notify },
): Promise<void> {
  await tx.execute(sql`
    update community_members set notify = ${notify}, updated_at = now() where community_id = ${communityId} and user_id = ${userId}`);
}

export async function deleteMember(tx: Db, { communityId, userId }: { communityId: string; userId: string }): Promise<void> {
  await tx.execute(sql`delete from community_members where community_id = ${communityId} and user_id = ${userId}`);
}

// ── figures for coordinators ─────────────────────────────────────────────────────────────────────

export type FigureMonthRow = {
  /** YYYY-MM in Japan time; null on the year's totals row. */
  month: string | null;
  posts: number;
  questions: number;
  answered: number;
  medianSeconds: number | null;
  events: number;
  registered: number;
  attended: number;
};

export type FigureTownRow = { municipalityId: string | null; municipalityName: string | null; members: number };

export interface CommunityFigureRows {
  communities: number;
  months: FigureMonthRow[];
  /** Per town, in 団体コード order, and a totals row (municipalityId null): distinct people. */
  towns: FigureTownRow[];
}

/**
 * The 年度's figures over the communities the reader sees in the region (or one of them): posts,
 * questions and answers by the month they were asked (Japan time), events and their registrations by
 * the month the event starts; the year's totals come from the same grouping (`grouping sets`), so the
 * median over the year is a real median, not a mean of medians.
 */
export async function getCommunityFigures(
  tx: Db, { regionId, communityId, from, to }: { regionId: string; communityId?: string; from: string; to: string },
): Promise<CommunityFigureRows> {
  const scope = sql`select c.id from communities c where c.region_id = ${regionId} ${communityId ? sql`and c.id = ${communityId}` : sql``}`;
  const month = (col: SQL) => sql`to_char(${col} at time zone 'Asia/Tokyo', 'YYYY-MM')`;
  const [counted] = await tx.execute<{ communities: number }>(sql`select count(*)::int as communities from (${scope}) s`);
  const months = await tx.execute<FigureMonthRow>(sql`
    with scope as (${scope}),
    p as (
      select ${month(sql`p.created_at`)} as month,
        count(*)::int as posts,
        count(*) filter (where p.kind = 'question')::int as questions,
        count(*) filter (where p.kind = 'question' and p.solved_at is not null)::int as answered,
        percentile_cont(0.5) within group (order by extract(epoch from p.solved_at - p.created_at))
          filter (where p.kind = 'question' and p.solved_at is not null) as "medianSeconds",
        grouping(${month(sql`p.created_at`)}) as total
      from community_posts p
      where p.region_id = ${regionId} and p.community_id in (select id from scope) and p.deleted_at is null
        and p.created_at >= ${from}::timestamptz and p.created_at < ${to}::timestamptz
      group by grouping sets ((${month(sql`p.created_at`)}), ())
    ),
    e as (
      select ${month(sql`e.starts_at`)} as month, count(*)::int as events,
        coalesce(sum(r.registered), 0)::int as registered, coalesce(sum(r.attended), 0)::int as attended,
        grouping(${month(sql`e.starts_at`)}) as total
      from community_events e
      left join lateral (
        select count(*) filter (where g.status = 'registered') as registered, count(*) filter (where g.attended) as attended
        from community_event_registrations g where g.event_id = e.id
      ) r on true
      where e.region_id = ${regionId} and e.community_id in (select id from scope) and e.status <> 'cancelled'
        and e.starts_at >= ${from}::timestamptz and e.starts_at < ${to}::timestamptz
      group by grouping sets ((${month(sql`e.starts_at`)}), ())
    ),
    keys as (select month, total from p union select month, total from e)
    select case when k.total = 1 then null else k.month end as month,
      coalesce(p.posts, 0) as posts, coalesce(p.questions, 0) as questions, coalesce(p.answered, 0) as answered,
      p."medianSeconds"::float8 as "medianSeconds",
      coalesce(e.events, 0) as events, coalesce(e.registered, 0) as registered, coalesce(e.attended, 0) as attended
    from keys k
    left join p on p.total = k.total and p.month is not distinct from k.month
    left join e on e.total = k.total and e.month is not distinct from k.month`);
  const towns = await tx.execute<FigureTownRow>(sql`
    select m.municipality_id as "municipalityId", mu.name as "municipalityName", count(distinct m.user_id)::int as members
    from community_members m join municipalities mu on mu.id = m.municipality_id
    where m.region_id = ${regionId} and m.community_id in (${scope}) and m.status = 'active'
    group by grouping sets ((m.municipality_id, mu.name, mu.code), ())
    order by grouping(m.municipality_id, mu.name, mu.code), mu.code`);
  return { communities: counted?.communities ?? 0, months, towns };
}
