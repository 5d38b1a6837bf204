import type { z } from 'zod';
import type { AttractionSummary, collection, collectionInput, collectionSummary, collectionUpdate } from '@yui/contracts';
import type { Db } from '@yui/db';
import { regionSlug } from '@yui/db/queries/attractions';
import {
  deleteCollection, getCollection, getCollectionByKey, getCollectionItems, insertCollection, listCollections, postStatuses,
  replaceCollectionItems, updateCollection, type CollectionItemRow, type CollectionRow,
} from '@yui/db/queries/attractions-curation';
import { publicCollectionPath } from '@yui/domain';
import { conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import type { AttractionActor } from './access';
import { requireCoordinator } from './channels';
import { readSummaries } from './view';

/**
 * 特集 (collections): a route through pooled posts of any towns, in order, with a note per stop
 * (「ここから車で15分」). The region's coordinators make, change, publish and delete them; every
 * staff member of the region reads them (drafts too), the public pages read published ones — and in
 * them only the posts that are published themselves (row-level security: no town, published only).
 *
 * A stop must be a pooled post (approved or later) when it is added; the same post twice is refused.
 * Changing the stops replaces them all, in the order given.
 */

type CollectionInput = z.infer<typeof collectionInput>;
type CollectionUpdate = z.infer<typeof collectionUpdate>;
type CollectionSummary = z.infer<typeof collectionSummary>;
type Collection = z.infer<typeof collection>;

export interface CollectionOptions {
  /** YUI_PUBLIC_URL. */
  publicUrl: string;
}

const POOL = new Set(['approved', 'scheduled', 'published', 'unpublished']);
const isoOrNull = (t: string | null) => (t ? new Date(t).toISOString() : null);

/** The stops as asked: each a pooled post the reader sees, none twice (400 items.N.postId). */
async function checkItems(tx: Db, actor: AttractionActor, items: CollectionInput['items']): Promise<CollectionInput['items']> {
  const statuses = await postStatuses(tx, { regionId: actor.regionId, ids: items.map((i) => i.postId) });
  const issues: Record<string, FieldIssue> = {};
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.postId)) issues[`items.${i}.postId`] = 'duplicate_post';
    else if (!POOL.has(statuses.get(item.postId) ?? '')) issues[`items.${i}.postId`] = 'not_in_pool';
    seen.add(item.postId);
  });
  if (Object.keys(issues).length) throw invalid(issues);
  return items.map((i) => ({ postId: i.postId, note: i.note.trim() }));
}

function summaryOf(c: CollectionRow, items: Array<{ note: string; post: AttractionSummary }>): CollectionSummary {
  const towns = new Map<string, { id: string; name: string }>();
  for (const { post } of items) if (!towns.has(post.town.id)) towns.set(post.town.id, post.town);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    status: c.status,
    towns: [...towns.values()],
    count: items.length,
    cover: items.find((i) => i.post.cover)?.post.cover ?? null,
    publishedAt: isoOrNull(c.publishedAt),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** The stops of these collections with their posts' summaries (posts read once for all). */
async function stopsOf(tx: Db, actor: AttractionActor, rows: readonly CollectionRow[]): Promise<Map<string, Array<{ note: string; post: AttractionSummary }>>> {
  const items = await getCollectionItems(tx, rows.map((c) => c.id));
  const posts = await readSummaries(tx, [...new Set(items.map((i) => i.postId))], { regionId: actor.regionId });
  const byId = new Map(posts.map((p) => [p.id, p]));
  const out = new Map<string, Array<{ note: string; post: AttractionSummary }>>(rows.map((c) => [c.id, []]));
  for (const i of items as CollectionItemRow[]) {
    const post = byId.get(i.postId);
    if (post) out.get(i.collectionId)?.push({ note: i.note, post });
  }
  return out;
}

async function collectionOr404(tx: Db, actor: AttractionActor, id: string, lock = false): Promise<CollectionRow> {
  const c = await getCollection(tx, { regionId: actor.regionId, id, lock });
  if (!c) throw notFound();
  return c;
}

/**
 * A collection to change: 404 when not the reader's region's, 403 for staff who read it but are no
 * coordinator, then locked (row-level security lets FOR UPDATE see only what the reader may change).
 */
async function lockForCoordinator(tx: Db, actor: AttractionActor, id: string): Promise<CollectionRow> {
  await collectionOr404(tx, actor, id);
  await requireCoordinator(tx);
  return collectionOr404(tx, actor, id, true);
}

async function view(tx: Db, actor: AttractionActor, c: CollectionRow, opts: CollectionOptions): Promise<Collection> {
  const [stops, slug] = await Promise.all([
    stopsOf(tx, actor, [c]),
    c.status === 'published' ? regionSlug(tx, actor.regionId) : Promise.resolve(null),
  ]);
  const items = stops.get(c.id) ?? [];
  return {
    ...summaryOf(c, items),
    items,
    publicUrl: slug ? `${opts.publicUrl.replace(/\/+$/, '')}${publicCollectionPath(slug, c.id)}` : null,
  };
}

/** GET /attractions/collections — the region's collections, drafts too (every staff member of the region). */
export async function listCollectionSummaries(tx: Db, actor: AttractionActor): Promise<{ items: CollectionSummary[] }> {
  const rows = await listCollections(tx, { regionId: actor.regionId });
  const stops = await stopsOf(tx, actor, rows);
  return { items: rows.map((c) => summaryOf(c, stops.get(c.id) ?? [])) };
}

export async function readCollection(tx: Db, actor: AttractionActor, id: string, opts: CollectionOptions): Promise<Collection> {
  return view(tx, actor, await collectionOr404(tx, actor, id), opts);
}

/** A new collection (a draft). The same idempotency key again: `created: false` and the first one. */
export async function createCollection(
  tx: Db, actor: AttractionActor, body: CollectionInput, opts: CollectionOptions,
): Promise<{ created: boolean; collection: Collection }> {
  await requireCoordinator(tx);
  const key = body.idempotencyKey ?? null;
  const again = async () => {
    const first = key ? await getCollectionByKey(tx, { regionId: actor.regionId, createdBy: actor.userId, key }) : null;
    return first ? { created: false, collection: await view(tx, actor, first, opts) } : null;
  };
  const before = await again();
  if (before) return before;
  const items = await checkItems(tx, actor, body.items);
  const id = await insertCollection(tx, {
    regionId: actor.regionId, tenantId: actor.tenantId, title: body.title, description: body.description, createdBy: actor.userId, idempotencyKey: key,
  });
  if (!id) {
    // Two submits at once: the other committed the collection with this key while we waited on it.
    const after = await again();
    if (after) return after;
    throw conflict();
  }
  await replaceCollectionItems(tx, { regionId: actor.regionId, collectionId: id, items });
  return { created: true, collection: await view(tx, actor, await collectionOr404(tx, actor, id), opts) };
}

/** Title, description, the stops (all replaced, in order) and draft ↔ published. */
export async function editCollection(
  tx: Db, actor: AttractionActor, id: string, body: CollectionUpdate, opts: CollectionOptions,
): Promise<Collection> {
  await lockForCoordinator(tx, actor, id);
  const items = body.items ? await checkItems(tx, actor, body.items) : null;
  await updateCollection(tx, { id, title: body.title, description: body.description, status: body.status });
  if (items) await replaceCollectionItems(tx, { regionId: actor.regionId, collectionId: id, items });
  return view(tx, actor, await collectionOr404(tx, actor, id), opts);
}

export async function removeCollection(tx: Db, actor: AttractionActor, id: string): Promise<{ ok: true }> {
  await lockForCoordinator(tx, actor, id);
  await deleteCollection(tx, id);
  return { ok: true };
}
