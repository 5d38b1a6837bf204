import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The programmes are listed on the 職員サポート page itself. */
export const GET: RequestHandler = () => redirect(303, '/mentoring');
