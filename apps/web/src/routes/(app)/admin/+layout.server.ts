import { requireAdmin } from '$lib/server/admin';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  requireAdmin(event);
  return {};
};
