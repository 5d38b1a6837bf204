import type { JobPayload } from '@yui/contracts';
import type { Db } from '@yui/db';
import { surveysDue, todayInJapan } from '@yui/domain';
import {
  endMentorshipsPastEnd, escalateStalledMentorships, listProgrammeAdmins, listSurveyCandidates, lockMentoringKeepalive,
  nudgeQuietMentorships, stampSurveyReminders, type KeepalivePair,
} from '@yui/db/queries/mentoring-jobs';
import { cancelPlannedSessionsOfEnded } from '@yui/db/queries/mentoring-pairs';
import { emitEvent } from '@yui/db/queries/outbox';
import { JobProcessor, type JobContext } from '../base';

export interface MentoringKeepaliveResult {
  /** The Japan date the pairs were measured against. */
  today: string;
  /** Pairs asked for the mid-point / final survey in this run. */
  surveys: { mid: string[]; end: string[] };
  /** Pairs whose period was over, ended as 'completed'. */
  ended: string[];
  /** Their sessions still planned from today on, cancelled. */
  cancelledSessions: string[];
  /** Pairs nudged (no session for the nudge weeks). */
  nudged: string[];
  /** Pairs newly stalled (no session for the escalation weeks), told to their programme's admins. */
  escalated: string[];
  /** One mentoring.stalled per programme with newly stalled pairs (and someone to tell). */
  stalledNotices: number;
}

/**
 * mentoring.keepalive: keeps the pairs of the programmes one town runs alive — the earlier 2011–2014
 * scheme faded because nobody noticed pairs that had stopped meeting. Per run, in this order:
 *  1. survey reminders: the mid-point survey once it is open (domain surveysDue), the final survey in
 *     the last two weeks (or once the period is over) — each once per pair, to both;
 *  2. pairs whose period is over end ('completed'), both told (after 1, so a pair that never got its
 *     final-survey reminder gets it with the end, and is not nudged on its way out); their sessions
 *     still planned from today on are cancelled, and the 20% requests standing for them released by
 *     the delivery of mentoring.session_cancelled (in each person's own town);
 *  3. no session held for the nudge weeks → both nudged once;
 *  4. for the escalation weeks → the programme's admins told once per pair, in one notice per
 *     programme (town programme: the town's 自治体管理者; cross-town: the region's coordinators).
 *
 * Each step is a guarded UPDATE … RETURNING with its events emitted in the same transaction (as
 * help.deadlines does), so a failure rolls the stamps back with their events and a retry does both
 * again; a transaction-scoped lock per town serialises overlapping runs, so a second run or worker
 * finds everything stamped and does nothing. The events are delivered region-wide by outbox.deliver:
 * each person's notification in their own town (a cross-town pair, coordinators of other towns).
 */
export class KeepMentorshipsAlive extends JobProcessor<'mentoring.keepalive', MentoringKeepaliveResult> {
  readonly name = 'mentoring.keepalive' as const;

  protected async handle({ tenantId }: JobPayload<'mentoring.keepalive'>, ctx: JobContext): Promise<MentoringKeepaliveResult> {
    const today = todayInJapan(this.deps.now?.() ?? new Date());
    const town = { tenantId, regionId: ctx.tenant.regionId };
    const step = <T>(fn: (tx: Db) => Promise<T>) => ctx.inTenant(async (tx) => {
      await lockMentoringKeepalive(tx, { tenantId });
      return fn(tx);
    });
    const both = (p: KeepalivePair) => ({ mentorshipId: p.id, programmeTitle: p.programmeTitle, recipientIds: [p.mentorId, p.menteeId] });

    // 1. Survey reminders. Mid is left out once the final survey is due (the last two weeks or later):
    // one request, not two at once, and the final one is what counts by then.
    const surveys = await step(async (tx) => {
      const due = { mid: [] as string[], end: [] as string[] };
      for (const c of await listSurveyCandidates(tx, town)) {
        const stages = surveysDue({ startsOn: c.startsOn, endsOn: c.endsOn, today, ended: false });
        if (stages.includes('end')) {
          if (!c.endNotified) due.end.push(c.id);
        } else if (stages.includes('mid') && !c.midNotified) {
          due.mid.push(c.id);
        }
      }
      const sent = { mid: [] as string[], end: [] as string[] };
      for (const stage of ['mid', 'end'] as const) {
        for (const p of await stampSurveyReminders(tx, { ...town, stage, ids: due[stage] })) {
          await emitEvent(tx, { tenantId, type: 'mentoring.survey_due', payload: { ...both(p), stage } });
          sent[stage].push(p.id);
        }
      }
      return sent;
    });

    // 2. The period is over.
    const cancelledSessions: string[] = [];
    const ended = await step(async (tx) => {
      const pairs = await endMentorshipsPastEnd(tx, { ...town, today });
      for (const p of pairs) {
        await emitEvent(tx, { tenantId, type: 'mentoring.pair_ended', payload: { ...both(p), reason: 'completed' } });
      }
      // As the API's pair-end.ts: sessions still planned from today on are off, and the 20% requests
      // standing for them are released by the worker in each person's town (outbox.deliver).
      const sessions = await cancelPlannedSessionsOfEnded(tx, { regionId: town.regionId, mentorshipIds: pairs.map((p) => p.id), from: today });
      for (const s of sessions) {
        if (!s.liveTimeIds.length) continue;
        await emitEvent(tx, {
          tenantId, type: 'mentoring.session_cancelled',
          payload: {
            mentorshipId: s.mentorshipId, programmeTitle: s.programmeTitle, recipientIds: s.liveTimeIds, sessionId: s.id, heldOn: s.heldOn,
            reason: 'completed',
          },
        });
      }
      cancelledSessions.push(...sessions.map((s) => s.id));
      return pairs.map((p) => p.id);
    });

    // 3. Quiet pairs: both are nudged.
    const nudged = await step(async (tx) => {
      const pairs = await nudgeQuietMentorships(tx, { ...town, today });
      for (const p of pairs) {
        await emitEvent(tx, { tenantId, type: 'mentoring.nudge', payload: { ...both(p), weeks: p.weeks } });
      }
      return pairs.map((p) => p.id);
    });

    // 4. Stalled pairs: one notice per programme to the people who run it.
    const { escalated, stalledNotices } = await step(async (tx) => {
      const pairs = await escalateStalledMentorships(tx, { ...town, today });
      const byProgramme = new Map<string, typeof pairs>();
      for (const p of pairs) byProgramme.set(p.programmeId, [...(byProgramme.get(p.programmeId) ?? []), p]);
      let notices = 0;
      for (const [programmeId, list] of byProgramme) {
        const first = list[0]!;
        const admins = await listProgrammeAdmins(tx, { tenantId, scope: first.scope });
        if (!admins.length) {
          // Still stamped: the health board shows the pairs; nobody to tell by notice.
          ctx.log.warn({ programmeId, pairs: list.length }, 'stalled mentoring pairs but no programme admin to tell');
          continue;
        }
        await emitEvent(tx, {
          tenantId,
          type: 'mentoring.stalled',
          payload: { programmeId, programmeTitle: first.programmeTitle, recipientIds: admins, pairs: list.length, weeks: first.escalateAfterWeeks },
        });
        notices++;
      }
      return { escalated: pairs.map((p) => p.id), stalledNotices: notices };
    });

    const result = { today, surveys, ended, cancelledSessions, nudged, escalated, stalledNotices };
    ctx.log.info({
      today, mid: surveys.mid.length, end: surveys.end.length, ended: ended.length, nudged: nudged.length, escalated: escalated.length, stalledNotices,
    }, 'mentoring keepalive');
    return result;
  }
}
