import { healthBoard } from '@yui/contracts';
import { byHealth } from '$lib/mentoring';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { programmePath, requireProgrammeAdmin } from '$lib/server/mentoring';
import type { PageServerLoad } from './$types';

/** 状況: every pair of the programme with how it is doing; stalled ones first. */
export const load: PageServerLoad = async (event) => {
  const { programme } = await event.parent();
  requireProgrammeAdmin(event, programme);
  try {
    const board = await userApi(event)(programmePath(programme.id, 'health'), { schema: healthBoard });
    return { items: byHealth(board.items), counts: board.counts };
  } catch (e) {
    pageError(e, event);
  }
};
