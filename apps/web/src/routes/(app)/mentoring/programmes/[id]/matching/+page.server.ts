import { fail } from '@sveltejs/kit';
import { assignmentProposal, matchingBoard, mentorshipList, mentorshipSummary } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { readPairs } from '$lib/mentoring';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { apiFailure, done, doneOf, field, idParam, keyOf, newKey, programmePath, requireProgrammeAdmin } from '$lib/server/mentoring';
import type { Actions, PageServerLoad } from './$types';

/** Suggestions shown per mentee (the API's limit is 1–20). */
const SUGGESTIONS = 3;

/**
 * マッチング: every mentee without a pair with their best suggestions and why, confirmed one pair
 * at a time; and the optimal assignment for everyone (`?proposal=1`: asked of the API, which writes
 * nothing), compared with first come, first served, confirmed all at once.
 */
export const load: PageServerLoad = async (event) => {
  const { programme } = await event.parent();
  requireProgrammeAdmin(event, programme);
  const api = userApi(event);
  const wantProposal = event.url.searchParams.get('proposal') === '1' && programme.status === 'open';
  try {
    const [board, proposal] = await Promise.all([
      api(programmePath(programme.id, `matching?limit=${SUGGESTIONS}`), { schema: matchingBoard }),
      wantProposal ? api(programmePath(programme.id, 'assignment'), { method: 'POST', body: {}, schema: assignmentProposal }) : null,
    ]);
    return {
      board,
      proposal,
      matchKey: newKey(),
      done: doneOf(event.url, ['matched', 'assigned'] as const),
    };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  /** この組み合わせで決定: one suggested pair. */
  match: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const menteeId = field(form, 'menteeId');
    const mentorId = field(form, 'mentorId');
    if (!isUuid(menteeId) || !isUuid(mentorId)) {
      return fail(400, { op: 'match' as const, menteeId, message: translator(event.locals.lang)('error.generic'), fields: {} });
    }
    try {
      await userApi(event)(programmePath(id, 'matches'), {
        method: 'POST', body: { menteeId, mentorId, idempotencyKey: keyOf(form) }, schema: mentorshipSummary,
      });
    } catch (e) {
      return apiFailure(e, event, { op: 'match' as const, menteeId });
    }
    done(`/mentoring/programmes/${id}/matching`, 'matched');
  },

  /** この提案で決定: the proposal's pairs, all or none (the API checks each again under locks). */
  confirmAll: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const pairs = readPairs(form.getAll('pair'));
    if (pairs.length === 0) {
      return fail(400, { op: 'confirmAll' as const, message: translator(event.locals.lang)('mentoring.match.emptyProposal'), fields: {} });
    }
    let created: number;
    try {
      created = (await userApi(event)(programmePath(id, 'assignment/confirm'), { method: 'POST', body: { pairs }, schema: mentorshipList })).items.length;
    } catch (e) {
      return apiFailure(e, event, { op: 'confirmAll' as const });
    }
    done(`/mentoring/programmes/${id}/matching`, 'assigned', created);
  },
};
