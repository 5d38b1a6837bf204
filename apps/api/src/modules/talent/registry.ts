import type { z } from 'zod';
import {
  SUGGESTED_SKILLS, type PersonProfile, type TalentCard, type TalentProfileInput,
  type talentPage, type talentSearchQuery,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  getTalent, helpGivenBy, optOutTalent, popularSkills, searchTalent, upsertTalent,
} from '@yui/db/queries/talent';
import { peopleCards } from '@yui/db/queries/region-people';
import { normalizeSkills, toTsqueryLiteral, toTsvectorLiteral } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { invalid, notFound } from '../../lib/errors';
import { personRefs } from '../communities/access';
import { iso, talentView, type TalentActor } from './view';

/**
 * The talent registry (人材): opting in and out, finding people by skill, town and words, and the
 * person page. Visibility is RLS's (an opted-out entry is seen by its owner only); every query also
 * says `active` so the owner's own opted-out entry never turns up in search.
 */

/** My entry, also when opted out (the form offers to come back with the skills kept). */
export async function myTalent(tx: Db, actor: TalentActor) {
  const row = await getTalent(tx, { regionId: actor.regionId, userId: actor.userId });
  return { profile: row ? talentView(row) : null };
}

/** Opt in or update. Skills are spelled one way (normalizeSkills); notifySkills must be among them. */
export async function saveMyTalent(tx: Db, actor: TalentActor, body: TalentProfileInput) {
  const skills = normalizeSkills(body.skills, SUGGESTED_SKILLS);
  if (!skills.length) throw invalid({ skills: 'required' });
  const byLower = new Map(skills.map((s) => [s.toLowerCase(), s]));
  const notify: string[] = [];
  for (const raw of normalizeSkills(body.notifySkills, SUGGESTED_SKILLS)) {
    const s = byLower.get(raw.toLowerCase());
    if (!s) throw invalid({ notifySkills: 'not_in_skills' });
    notify.push(s);
  }
  // The name is written into the search vector now; the registry is searched by it (ふりがな too).
  const me = (await personRefs(tx, [actor.userId])).get(actor.userId);
  if (!me) throw notFound();
  const row = await upsertTalent(tx, {
    regionId: actor.regionId,
    userId: actor.userId,
    municipalityId: actor.tenantId,
    skills,
    notifySkills: notify,
    introduction: body.introduction,
    availability: body.availability,
    search: toTsvectorLiteral([me.name, me.nameKana, skills.join(' '), body.introduction]),
  });
  return { profile: talentView(row) };
}

/** Opt out: gone from search, suggestions and matching at once. Never registered: profile null. */
export async function optOut(tx: Db, actor: TalentActor) {
  const row = await optOutTalent(tx, { regionId: actor.regionId, userId: actor.userId });
  return { profile: row ? talentView(row) : null };
}

/** Cards for talent rows: person, photo, counts — one query each for the whole page. */
async function cards(
  tx: Db, regionId: string, rows: Array<{ userId: string; skills: string[]; introduction: string; availability: string; helpedCount: number; thanksCount: number }>,
): Promise<TalentCard[]> {
  const ids = rows.map((r) => r.userId);
  const [people, photos] = await Promise.all([personRefs(tx, ids), peopleCards(tx, ids)]);
  // Someone who has left (no active card) drops out of the page.
  return rows.filter((r) => people.has(r.userId)).map((r) => ({
    person: people.get(r.userId)!,
    photoUrl: photos.get(r.userId)?.photoUrl ?? null,
    skills: r.skills,
    introduction: r.introduction,
    availability: r.availability,
    helpedCount: r.helpedCount,
    thanksCount: r.thanksCount,
  }));
}

export async function searchRegistry(tx: Db, actor: TalentActor, q: z.infer<typeof talentSearchQuery>): Promise<z.infer<typeof talentPage>> {
  const tsquery = q.q ? toTsqueryLiteral(q.q) : null;
  // Words that hold nothing searchable (only punctuation) find nobody rather than everybody.
  if (q.q && !tsquery) return { items: [], nextCursor: null };
  const skill = q.skill ? normalizeSkills([q.skill], SUGGESTED_SKILLS)[0] : undefined;
  const rows = await searchTalent(tx, {
    regionId: actor.regionId, skill, municipalityId: q.town, tsquery, after: decodeCursor(q.cursor), limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await cards(tx, actor.regionId, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sortKey, last.userId) : null,
  };
}

export async function skillSuggestions(tx: Db, actor: TalentActor) {
  return { suggested: [...SUGGESTED_SKILLS], popular: await popularSkills(tx, { regionId: actor.regionId, limit: 50 }) };
}

/**
 * A person's page, for anyone of the region: who they are (card, photo, introduction), their talent
 * entry (null when not registered or opted out — also for themselves here), and the help they gave
 * as far as the reader may see it. Another region, or no such active person: 404.
 */
export async function personProfile(tx: Db, actor: TalentActor, userId: string): Promise<PersonProfile> {
  const person = (await personRefs(tx, [userId])).get(userId);
  const card = (await peopleCards(tx, [userId])).get(userId);
  // region_people_cards lists active people of the region only: someone who left has no page.
  if (!person || !card) throw notFound();
  const row = await getTalent(tx, { regionId: actor.regionId, userId });
  const talent = row?.active ? talentView(row) : null;
  const given = await helpGivenBy(tx, { regionId: actor.regionId, tenantId: actor.tenantId, userId, limit: 200 });
  return {
    person,
    photoUrl: card.photoUrl,
    introduction: card.introduction,
    talent: talent && (({ notifySkills: _n, ...t }) => t)(talent),
    helpGiven: given.map((g) => ({
      kind: g.kind,
      id: g.id,
      title: g.title,
      town: { id: g.municipalityId, name: g.townName },
      department: { id: g.departmentId, name: g.departmentName ?? '', path: g.departmentPath },
      date: g.date,
      minutes: g.minutes,
      thanks: g.thanks,
      thankedAt: iso(g.thankedAt),
    })),
    totals: {
      count: given.length,
      minutes: given.reduce((s, g) => s + (g.minutes ?? 0), 0),
      thanks: given.filter((g) => g.thanks).length,
    },
    can: { request: !!talent && userId !== actor.userId },
  };
}

