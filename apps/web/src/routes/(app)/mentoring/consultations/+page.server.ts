import { consultationList } from '@yui/contracts';
import { userApi } from '$lib/server/api';
import { pageError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

/** The confidential consultations I take part in (as the mentor who opened them, or as a contact). */
export const load: PageServerLoad = async (event) => {
  try {
    return { consultations: (await userApi(event)('/api/mentoring/consultations', { schema: consultationList })).items };
  } catch (e) {
    pageError(e, event);
  }
};
