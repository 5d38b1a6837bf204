import { searchResult } from '@yui/contracts';
import { isSearchType } from '$lib/communities';
import { userApi } from '$lib/server/api';
import { pageError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

/** Results per group on the first view; one group alone (`?type=posts`) shows more. */
const FIRST = 10;
const MORE = 50;

/** 検索: one box over communities, posts and events (`?q=観光`, `?q=%23育休` for a hashtag, `&type=posts`). */
export const load: PageServerLoad = async (event) => {
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const typeParam = event.url.searchParams.get('type');
  const type = isSearchType(typeParam) ? typeParam : 'all';
  const limit = type === 'all' ? FIRST : MORE;
  const now = new Date().toISOString();
  if (!q) return { q, type, limit, results: null, now };
  try {
    const results = await userApi(event)(`/api/search?${new URLSearchParams({ q, type, limit: String(limit) })}`, { schema: searchResult });
    return { q, type, limit, results, now };
  } catch (e) {
    pageError(e, event);
  }
};
