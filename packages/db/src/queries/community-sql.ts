import { sql } from 'drizzle-orm';

/** SQL pieces shared by the community queries (posts, events, members). */

/** A uuid[] / text[] parameter. */
export const uuids = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;
export const texts = (xs: readonly string[]) => sql`${sql.param([...xs])}::text[]`;

/**
 * The community `alias` is one whose posts and events the viewer reads: open to the region, or they
 * are an active member (approval and invite-only; RLS already hides invite-only ones from others).
 * The same rule as requireRead in apps/api (communities/access.ts) and community_post_search().
 */
export const readableBy = (alias: 'c', viewerId: string) => sql`(${sql.raw(alias)}.visibility = 'open'
  or exists (select 1 from community_members m
             where m.community_id = ${sql.raw(alias)}.id and m.user_id = ${viewerId} and m.status = 'active'))`;
