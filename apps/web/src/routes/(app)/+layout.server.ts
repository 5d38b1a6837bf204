import { error, redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  if (locals.sessionError) error(503, locals.sessionError);
  // hooks.server.ts already sends signed-out visitors away; this narrows the type for the pages.
  if (!locals.user) redirect(303, '/login');
  return { user: locals.user };
};
