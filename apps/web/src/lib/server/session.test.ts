import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { passRefreshCookie, refreshCookieHeader } from './session';

/** Just enough of SvelteKit's cookie jar to see what was set; it URI-encodes like the real one. */
function jar() {
  const set = new Map<string, { value: string; opts: Record<string, unknown> }>();
  const deleted: string[] = [];
  const cookies = {
    get: (name: string) => set.get(name)?.value,
    set: (name: string, value: string, opts: Record<string, unknown>) => set.set(name, { value, opts }),
    delete: (name: string) => {
      set.delete(name);
      deleted.push(name);
    },
  } as unknown as Cookies;
  return { cookies, set, deleted };
}

describe('the refresh cookie pass-through', () => {
  it('keeps the value exactly as the API wrote it', () => {
    const { cookies, set } = jar();
    const raw = 'abc.def%2F%2B%3D';
    passRefreshCookie({ cookies, url: new URL('https://yui.example/login') }, [
      `yui_rt=${raw}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax`,
      'other=1; Path=/',
    ]);
    const rt = set.get('yui_rt');
    expect(rt?.value).toBe('abc.def/+=');
    expect(rt?.opts).toMatchObject({ path: '/', httpOnly: true, sameSite: 'lax', secure: true, maxAge: 600 });
    expect(set.has('other')).toBe(false);
    // Sent back to the API in the form it set it.
    expect(refreshCookieHeader(cookies)).toBe(`yui_rt=${raw}`);
  });

  it('defaults to 30 days and to non-secure cookies over http', () => {
    const { cookies, set } = jar();
    passRefreshCookie({ cookies, url: new URL('http://localhost:3000/login') }, ['yui_rt=x; Path=/; HttpOnly']);
    expect(set.get('yui_rt')?.opts).toMatchObject({ maxAge: 60 * 60 * 24 * 30, secure: false });
  });

  it('deletes the cookie when the API clears it', () => {
    const { cookies, deleted } = jar();
    passRefreshCookie({ cookies, url: new URL('http://localhost/') }, ['yui_rt=; Max-Age=0; Path=/']);
    expect(deleted).toContain('yui_rt');
  });
});
