import { mentorshipList, participant, participantList } from '@yui/contracts';
import { isRole, joinBody, joinFormValues, MENTORING_TOPICS, whole } from '$lib/mentoring';
import { ApiError, userApi } from '$lib/server/api';
import {
  apiFailure, done, doneOf, field, idParam, invalidHere, programmePath, readJoinForm,
} from '$lib/server/mentoring';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['created', 'saved', 'closed', 'joined', 'updated', 'withdrawn'] as const;

/**
 * A programme: what it is for and its rules in words, the counts, my entry (my pairs here, how many
 * mentees I take, leaving) or the forms to join as サポート職員 / サポートを受ける職員.
 */
export const load: PageServerLoad = async (event) => {
  const { programme } = await event.parent();
  // My pairs of this programme: not needed to show the page.
  const pairs = programme.me.roles.length
    ? await userApi(event)('/api/mentoring/mentorships', { schema: mentorshipList })
        .then((l) => l.items.filter((m) => m.programme.id === programme.id && m.myRole !== null))
        .catch((e: unknown) => {
          if (!(e instanceof ApiError)) throw e;
          return [];
        })
    : [];
  // My entry as I gave it (skills, years, wishes, note): shown, and the capacity preselected.
  const entries = programme.me.roles.length
    ? await userApi(event)(programmePath(programme.id, 'participants/me'), { schema: participantList })
        .then((l) => l.items.filter((x) => x.status === 'active'))
        .catch((e: unknown) => {
          if (!(e instanceof ApiError)) throw e;
          return [];
        })
    : [];
  return {
    pairs,
    entries,
    suggestions: MENTORING_TOPICS,
    joinMentor: joinFormValues('mentor'),
    joinMentee: joinFormValues('mentee'),
    done: doneOf(event.url, DONE),
  };
};

export const actions: Actions = {
  /** Volunteering as a mentor or joining as a mentee; the API says whether the rule admits me. */
  join: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const rawRole = field(form, 'role');
    const role = isRole(rawRole) ? rawRole : 'mentee';
    const values = readJoinForm(form, role);
    const { body, fields } = joinBody(values);
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, { op: 'join' as const, role, values });
    try {
      await userApi(event)(programmePath(id, 'participants'), { method: 'POST', body, schema: participant });
    } catch (e) {
      return apiFailure(e, event, { op: 'join' as const, role, values });
    }
    done(`/mentoring/programmes/${id}`, 'joined');
  },

  /** A mentor changes how many mentees they take (never below the pairs they have). */
  capacity: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const raw = field(form, 'capacity');
    const capacity = whole(raw);
    if (capacity === null || capacity < 1 || capacity > 10) {
      return invalidHere({ capacity: 'number' }, event.locals.lang, { op: 'capacity' as const, capacity: raw });
    }
    try {
      await userApi(event)(programmePath(id, 'participants/me'), { method: 'PATCH', body: { capacity }, schema: participant });
    } catch (e) {
      return apiFailure(e, event, { op: 'capacity' as const, capacity: raw });
    }
    done(`/mentoring/programmes/${id}`, 'updated');
  },

  /** Leaving the programme, in two steps: the first POST asks to confirm. */
  withdraw: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'withdraw' as const, confirm: true };
    try {
      await userApi(event)(programmePath(id, 'participants/me/withdraw'), { method: 'POST' });
    } catch (e) {
      return apiFailure(e, event, { op: 'withdraw' as const, confirm: true });
    }
    done(`/mentoring/programmes/${id}`, 'withdrawn');
  },
};

