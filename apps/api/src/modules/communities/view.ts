import type { z } from 'zod';
import type { Community, CommunitySummary, member, PersonRef } from '@yui/contracts';
import type { CommunityDetailRow, CommunityRow, MemberRow } from '@yui/db/queries/communities';
import { excerpt, renderMarkdown } from '@yui/domain';

/** Rows → contract shapes of the communities module. */

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

/** The directory card's text: the start of the description as plain text. Only its head is rendered. */
export const descriptionExcerpt = (markdown: string) => excerpt(renderMarkdown(markdown.slice(0, 600)).text, 120);

export function membershipOf(r: Pick<CommunityRow, 'role' | 'memberStatus' | 'notify'>): CommunitySummary['membership'] {
  return r.role && r.memberStatus && r.notify ? { role: r.role, status: r.memberStatus, notify: r.notify } : null;
}

export function summaryView(r: CommunityRow): CommunitySummary {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    visibility: r.visibility,
    status: r.status,
    excerpt: descriptionExcerpt(r.description),
    memberCount: r.memberCount,
    postCount: r.postCount,
    lastPostAt: iso(r.lastPostAt),
    towns: r.towns,
    membership: membershipOf(r),
  };
}

export interface CommunityViewer {
  /** A regional coordinator of the region (asked of the database). */
  coordinator: boolean;
}

/** What the reader may do, from the row alone: the same rules as `communityAccess`. */
export function canOf(r: CommunityDetailRow, viewer: CommunityViewer): Community['can'] {
  const m = membershipOf(r);
  const active = m?.status === 'active';
  const archived = r.status === 'archived';
  return {
    post: active && !archived,
    manage: active && m?.role === 'manager' && !archived,
    administer: viewer.coordinator,
    // open and approval: anyone not yet in (or asked); invite-only: only on an invitation.
    join: !archived && (m === null ? r.visibility !== 'invite' : m.status === 'invited'),
  };
}

export function communityView(r: CommunityDetailRow, managers: Map<string, PersonRef>, viewer: CommunityViewer): Community {
  const m = membershipOf(r);
  const manager = m?.status === 'active' && m.role === 'manager';
  return {
    ...summaryView(r),
    description: r.description,
    descriptionHtml: r.descriptionHtml,
    managers: r.managerIds.flatMap((id) => managers.get(id) ?? []),
    createdAt: iso(r.createdAt)!,
    archivedAt: iso(r.archivedAt),
    // Requests to join and reports are the managers' business.
    pendingCount: manager ? r.pendingCount : 0,
    openReportCount: manager ? r.openReportCount : 0,
    can: canOf(r, viewer),
  };
}

export function memberView(r: MemberRow, person: PersonRef): z.infer<typeof member> {
  return {
    person,
    role: r.role,
    status: r.status,
    message: r.message,
    joinedAt: iso(r.joinedAt),
    requestedAt: iso(r.createdAt)!,
  };
}
