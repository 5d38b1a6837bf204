import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ params, locals, setHeaders }) => {
  // The HTML of the public pages is not for shared caches, nor kept without asking again: the
  // post page counts a view each time it is rendered (a cached copy would hide visits from the
  // towns' figures), and the words follow the visitor's language. What pays to cache here — the
  // photos and the feeds — the API marks public itself.
  setHeaders({ 'cache-control': 'private, no-cache' });
  return { lang: locals.lang, regionSlug: params.region };
};
