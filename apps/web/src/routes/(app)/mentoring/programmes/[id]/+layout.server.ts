import { idParam, loadProgramme } from '$lib/server/mentoring';
import type { LayoutServerLoad } from './$types';

/** A programme as the reader may see it, for its header and tabs (404 when it is not theirs to see). */
export const load: LayoutServerLoad = async (event) => {
  const programme = await loadProgramme(event, idParam(event));
  return { programme };
};
