import type { Consultation, ConsultationCreate, ConsultationSummary } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  closeConsultation, consultContacts, consultationByKey, insertConsultation, insertConsultationMessage, listConsultationMessages,
  listConsultations, lockConsultation, touchConsultation, type ConsultationRow, type ConsultContactRow,
} from '@yui/db/queries/mentoring-pairs';
import { emitEvent } from '@yui/db/queries/outbox';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import { conflict, invalid, notFound } from '../../lib/errors';
import type { MentoringActor } from './access';
import { activeOr409, pairAccess, refused } from './pairs';
import { personRefOf } from './pair-view';

/**
 * Confidential consultations: the mentor consults the mentee's 所属長 (kind 'manager') or the 人事 of
 * the mentee's town (kind 'hr', its 自治体管理者) about the mentee. Only its participants (the mentor and
 * the people consulted) ever see it — RLS is per person (participant_ids). The mentee, the programme's
 * admins and anyone else get 404 for it and find none in their lists; opening one is the mentor's
 * (the mentee and an admin of the pair: 403 mentor_only, which says nothing of any consultation).
 */

/** The pair's mentor only (403 mentor_only); `lock` when a consultation is opened (a write). */
async function mentorOfPair(tx: Db, actor: MentoringActor, pairId: string, opts: { lock: boolean }) {
  const a = await pairAccess(tx, actor, pairId, opts);
  if (a.side !== 'mentor') throw refused('mentorship', 'mentor_only');
  return a;
}

/**
 * Whom the mentor may consult about the mentee (never the mentor themselves). Only while the pair is
 * active, as opening one: a former mentor no longer learns who manages the mentee (409 pair_ended).
 */
export async function readContacts(tx: Db, actor: MentoringActor, pairId: string): Promise<{ items: ConsultContactRow[] }> {
  const a = await mentorOfPair(tx, actor, pairId, { lock: false });
  activeOr409(a);
  return { items: (await consultContacts(tx, a.pair.menteeId)).filter((c) => c.id !== actor.userId) };
}

function summaryOf(c: ConsultationRow, people: Map<string, RegionPerson>): ConsultationSummary {
  const ref = (id: string) => personRefOf(people, id, people.get(id)?.municipalityId ?? '00000000-0000-0000-0000-000000000000');
  return {
    id: c.id, mentorshipId: c.mentorshipId, subject: c.subject, kind: c.kind, status: c.status,
    mentee: ref(c.menteeId), openedBy: ref(c.openedBy), participants: c.participantIds.map(ref),
    messageCount: c.messageCount, lastMessageAt: c.lastMessageAt, createdAt: c.createdAt,
  };
}

/** The consultations I take part in, open ones and the latest message first. */
export async function listMyConsultations(tx: Db, actor: MentoringActor): Promise<{ items: ConsultationSummary[] }> {
  const rows = await listConsultations(tx, { regionId: actor.regionId, userId: actor.userId });
  const people = await getRegionPeople(tx, rows.flatMap((c) => [c.menteeId, ...c.participantIds]));
  return { items: rows.map((c) => summaryOf(c, people)) };
}

/** One consultation with its messages: its participants only, anyone else 404. */
export async function readConsultation(tx: Db, actor: MentoringActor, id: string): Promise<Consultation> {
  const [c] = await listConsultations(tx, { regionId: actor.regionId, userId: actor.userId, ids: [id] });
  if (!c) throw notFound();
  const messages = await listConsultationMessages(tx, { regionId: actor.regionId, consultationId: id });
  const people = await getRegionPeople(tx, [c.menteeId, ...c.participantIds, ...messages.map((m) => m.authorId)]);
  return {
    ...summaryOf(c, people),
    messages: messages.map((m) => ({
      id: m.id, author: { id: m.authorId, name: people.get(m.authorId)?.name ?? '' }, body: m.body, mine: m.authorId === actor.userId,
      createdAt: m.createdAt,
    })),
  };
}

/**
 * The mentor opens a consultation with the contacts of one kind (all of them, or the chosen ones among
 * those offered); its first message is `body`. The people consulted are told.
 */
export async function openConsultation(
  tx: Db, actor: MentoringActor, pairId: string, body: ConsultationCreate,
): Promise<{ created: boolean; consultation: Consultation }> {
  const a = await mentorOfPair(tx, actor, pairId, { lock: true });
  if (body.idempotencyKey) {
    const existing = await consultationByKey(tx, { openedBy: actor.userId, key: body.idempotencyKey });
    if (existing) return { created: false, consultation: await readConsultation(tx, actor, existing) };
  }
  activeOr409(a);
  const offered = (await consultContacts(tx, a.pair.menteeId)).filter((c) => c.kind === body.kind && c.id !== actor.userId);
  if (!offered.length) throw invalid({ kind: 'no_contact' });
  const offeredIds = new Set(offered.map((c) => c.id));
  const chosen = body.contactIds?.length ? [...new Set(body.contactIds)] : [...offeredIds];
  if (chosen.some((id) => !offeredIds.has(id))) throw invalid({ contactIds: 'not_contact' });

  const id = await insertConsultation(tx, {
    regionId: actor.regionId, mentorshipId: pairId, menteeId: a.pair.menteeId, openedBy: actor.userId, kind: body.kind,
    participantIds: [actor.userId, ...chosen], subject: body.subject, idempotencyKey: body.idempotencyKey ?? null,
  });
  if (!id) throw conflict({ consultation: 'duplicate' }); // the same key, at the same moment, for another pair
  await insertConsultationMessage(tx, { regionId: actor.regionId, consultationId: id, authorId: actor.userId, body: body.body, idempotencyKey: null });
  const mentorName = (await getRegionPeople(tx, [actor.userId])).get(actor.userId)?.name ?? '';
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'mentoring.consultation_opened', actorId: actor.userId,
    payload: { consultationId: id, subject: body.subject, recipientIds: chosen, mentorName },
  });
  return { created: true, consultation: await readConsultation(tx, actor, id) };
}

/** A message from a participant; the others are told. A closed consultation takes none (409). */
export async function replyConsultation(
  tx: Db, actor: MentoringActor, id: string, body: { body: string; idempotencyKey?: string },
): Promise<{ created: boolean; consultation: Consultation }> {
  const c = await lockConsultation(tx, { regionId: actor.regionId, userId: actor.userId, id });
  if (!c) throw notFound();
  const messageId = await insertConsultationMessageOnce(tx, actor, c, body);
  if (!messageId) return { created: false, consultation: await readConsultation(tx, actor, id) };
  await touchConsultation(tx, id);
  const recipientIds = c.participantIds.filter((p) => p !== actor.userId);
  if (recipientIds.length) {
    const authorName = (await getRegionPeople(tx, [actor.userId])).get(actor.userId)?.name ?? '';
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.consultation_message', actorId: actor.userId,
      payload: { consultationId: id, subject: c.subject, recipientIds, authorName },
    });
  }
  return { created: true, consultation: await readConsultation(tx, actor, id) };
}

async function insertConsultationMessageOnce(
  tx: Db, actor: MentoringActor, c: { id: string; status: 'open' | 'closed' }, body: { body: string; idempotencyKey?: string },
): Promise<string | null> {
  const key = body.idempotencyKey ?? null;
  const id = await insertConsultationMessage(tx, { regionId: actor.regionId, consultationId: c.id, authorId: actor.userId, body: body.body, idempotencyKey: key });
  if (!id) return null; // the same key again: the first message stands
  if (c.status === 'closed') throw conflict({ consultation: 'consultation_closed' });
  return id;
}

/** Any participant closes it (again: nothing changes). */
export async function closeConsultationBy(tx: Db, actor: MentoringActor, id: string): Promise<Consultation> {
  const c = await lockConsultation(tx, { regionId: actor.regionId, userId: actor.userId, id });
  if (!c) throw notFound();
  if (c.status === 'open') await closeConsultation(tx, id);
  return readConsultation(tx, actor, id);
}
