import type { PrivateNote } from '@yui/contracts';
import type { Db } from '@yui/db';
import { deleteNote, getSession, insertNote, listNotes, type NoteRow } from '@yui/db/queries/mentoring-pairs';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import { invalid, notFound } from '../../lib/errors';
import type { MentoringActor } from './access';
import { pairPrivateAccess } from './pairs';

/**
 * 非公開メモ: private notes only the two of the pair read and write. Everyone else — the programme's
 * admins included — gets 404 here, and the database agrees (mentoring_notes is user-level under RLS:
 * even a query for the pair's notes as an admin returns no row). Only the author deletes a note.
 */

export function noteView(n: NoteRow, people: Map<string, RegionPerson>, actor: MentoringActor): PrivateNote {
  return {
    id: n.id, sessionId: n.sessionId, author: { id: n.authorId, name: people.get(n.authorId)?.name ?? '' }, body: n.body,
    mine: n.authorId === actor.userId, createdAt: n.createdAt,
  };
}

export async function readNotes(tx: Db, actor: MentoringActor, pairId: string): Promise<{ items: PrivateNote[] }> {
  await pairPrivateAccess(tx, actor, pairId);
  const rows = await listNotes(tx, { regionId: actor.regionId, mentorshipId: pairId });
  const people = await getRegionPeople(tx, rows.map((n) => n.authorId));
  return { items: rows.map((n) => noteView(n, people, actor)) };
}

/** A note, on the pair or on one of its sessions (another pair's session: 400 sessionId). Ended pairs keep their notebook. */
export async function addNote(tx: Db, actor: MentoringActor, pairId: string, body: { body: string; sessionId?: string | null }): Promise<PrivateNote> {
  const a = await pairPrivateAccess(tx, actor, pairId);
  const sessionId = body.sessionId ?? null;
  if (sessionId && !(await getSession(tx, { regionId: actor.regionId, mentorshipId: pairId, id: sessionId }))) {
    throw invalid({ sessionId: 'not_pair_session' });
  }
  const id = await insertNote(tx, {
    regionId: actor.regionId, mentorshipId: pairId, sessionId, mentorId: a.pair.mentorId, menteeId: a.pair.menteeId,
    authorId: actor.userId, body: body.body,
  });
  const rows = await listNotes(tx, { regionId: actor.regionId, mentorshipId: pairId });
  const people = await getRegionPeople(tx, [actor.userId]);
  return noteView(rows.find((n) => n.id === id)!, people, actor);
}

/** The author deletes their own note; anyone else's (or none): 404. */
export async function removeNote(tx: Db, actor: MentoringActor, pairId: string, noteId: string): Promise<void> {
  await pairPrivateAccess(tx, actor, pairId);
  if (!(await deleteNote(tx, { regionId: actor.regionId, mentorshipId: pairId, id: noteId, authorId: actor.userId }))) throw notFound();
}
