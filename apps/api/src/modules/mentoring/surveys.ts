import type { SurveyInput } from '@yui/contracts';
import type { Db } from '@yui/db';
import { mySurveys, upsertSurvey } from '@yui/db/queries/mentoring-pairs';
import { surveysDue, todayInJapan } from '@yui/domain';
import { invalid } from '../../lib/errors';
import type { MentoringActor } from './access';
import { pairMemberAccess } from './pairs';

/**
 * Short surveys of the pair: mid-point (once half the period has passed) and end (the last 14 days, or
 * once ended). One answer per person and stage; answering again replaces it. Read by the author and,
 * for the figures, the programme's admins (never in the pair's page).
 */
export async function answerSurvey(
  tx: Db, actor: MentoringActor, pairId: string, body: SurveyInput,
): Promise<{ mine: Array<{ stage: 'mid' | 'end'; satisfaction: number; usefulness: number | null; comment: string; answeredAt: string }>; due: Array<'mid' | 'end'> }> {
  const a = await pairMemberAccess(tx, actor, pairId);
  const today = todayInJapan();
  const due = surveysDue({ startsOn: a.pair.startsOn, endsOn: a.pair.endsOn, today, ended: a.pair.status !== 'active' });
  if (!due.includes(body.stage)) throw invalid({ stage: 'survey_not_due' });
  await upsertSurvey(tx, {
    regionId: actor.regionId, programmeId: a.pair.programmeId, mentorshipId: pairId, userId: actor.userId, municipalityId: actor.tenantId,
    role: a.side, stage: body.stage, satisfaction: body.satisfaction, usefulness: body.usefulness ?? null, comment: body.comment,
  });
  return { mine: await mySurveys(tx, { mentorshipId: pairId, userId: actor.userId }), due };
}
