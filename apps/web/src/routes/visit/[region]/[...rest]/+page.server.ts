import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

// Any other address under a region (a mistyped or cut-off link) gets the public 404 inside the
// public header and footer, rather than the staff app's error page.
export const load: PageServerLoad = ({ locals }) => error(404, translator(locals.lang)('visit.error.notFound'));
