import { fail } from '@sveltejs/kit';
import { eligibleList, enrolResult, participantList } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { apiFailure, done, doneOf, idParam, programmePath, requireProgrammeAdmin } from '$lib/server/mentoring';
import type { Actions, PageServerLoad } from './$types';

/**
 * 参加者: the mentors (town, department, skills, places and pairs) and mentees (interests, matched or
 * not, a new match asked for), and the staff the programme's rule makes eligible, to enrol all at
 * once or some of them.
 */
export const load: PageServerLoad = async (event) => {
  const { programme } = await event.parent();
  requireProgrammeAdmin(event, programme);
  const api = userApi(event);
  try {
    const [participants, eligible] = await Promise.all([
      api(programmePath(programme.id, 'participants'), { schema: participantList }),
      // The eligible list helps enrolling; the page stands without it.
      api(programmePath(programme.id, 'eligible'), { schema: eligibleList }).catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status === 401) throw e;
        return null;
      }),
    ]);
    const items = participants.items;
    return {
      mentors: items.filter((x) => x.role === 'mentor'),
      mentees: items.filter((x) => x.role === 'mentee'),
      eligible: eligible?.items ?? null,
      done: doneOf(event.url, ['enrolled'] as const),
    };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  /** 対象者を一括登録 (nobody listed: everyone eligible), or the ticked people. */
  enrol: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const all = form.get('all') === '1';
    const userIds = [...new Set(form.getAll('userId').map(String).filter(isUuid))].slice(0, 500);
    if (!all && userIds.length === 0) {
      return fail(400, { op: 'enrol' as const, message: translator(event.locals.lang)('mentoring.people.noneChosen'), fields: {} });
    }
    let added: number;
    try {
      ({ added } = await userApi(event)(programmePath(id, 'enrol'), {
        method: 'POST', body: all ? {} : { userIds }, schema: enrolResult,
      }));
    } catch (e) {
      return apiFailure(e, event, { op: 'enrol' as const });
    }
    done(`/mentoring/programmes/${id}/participants`, 'enrolled', added);
  },
};
