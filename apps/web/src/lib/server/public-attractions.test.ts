import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPost, proxyFeed, visitLang, VISIT_LANG_COOKIE } from './public-attractions';

// A stand-in API on a real socket: what the proxy sends and passes on is what goes over HTTP.
let server: Server;
let seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const ETAG = '"rss-1"';
const RSS = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>こおりやま広域圏の魅力</title></channel></rss>';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/api/attractions/public/koriyama/feed.rss') {
      res.setHeader('cache-control', 'public, max-age=300');
      res.setHeader('etag', ETAG);
      if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'x-internal': 'not passed' });
      return void res.end(RSS);
    }
    if (req.url?.startsWith('/api/attractions/public/koriyama/posts/') || req.url?.startsWith('/api/attractions/public/nowhere/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 'not_found', message: '見つかりません' } }));
    }
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_INTERNAL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.API_INTERNAL_URL;
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const get = (headers: Record<string, string> = {}) => new Request('http://yui.test/visit/koriyama/feed.xml', { headers });

describe('proxyFeed', () => {
  it('passes the feed on with its type, cache lifetime and ETag, and no token', async () => {
    const res = await proxyFeed(get({ cookie: 'yui_at=secret' }), 'koriyama', 'feed.rss');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(RSS);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toBe(ETAG);
    expect(res.headers.get('x-internal')).toBeNull();
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.headers.cookie).toBeUndefined();
  });

  it('asks with the reader’s If-None-Match and answers 304 without a body', async () => {
    const res = await proxyFeed(get({ 'if-none-match': ETAG }), 'koriyama', 'feed.rss');
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(res.headers.get('etag')).toBe(ETAG);
    expect(seen[0]?.headers['if-none-match']).toBe(ETAG);
  });

  it('is 404 for a region the API does not know, and for a slug it would refuse, without asking', async () => {
    expect((await proxyFeed(get(), 'nowhere', 'feed.rss')).status).toBe(404);
    expect((await proxyFeed(get(), '../admin', 'feed.rss')).status).toBe(404);
    expect(seen.map((s) => s.url)).toEqual(['/api/attractions/public/nowhere/feed.rss']);
  });

  it('says so when the API fails or cannot be reached', async () => {
    expect((await proxyFeed(get(), 'koriyama', 'feed.atom')).status).toBe(502);
    const saved = process.env.API_INTERNAL_URL;
    process.env.API_INTERNAL_URL = 'http://127.0.0.1:1';
    try {
      expect((await proxyFeed(get(), 'koriyama', 'feed.rss')).status).toBe(503);
    } finally {
      process.env.API_INTERNAL_URL = saved;
    }
  });
});

describe('loadPost', () => {
  it('turns the API’s 404 into the page’s 404, and does not ask for an id that cannot be one', async () => {
    await expect(loadPost('koriyama', '0a1b2c3d-0000-4000-8000-00000000abcd', 'ja')).rejects.toMatchObject({ status: 404 });
    await expect(loadPost('koriyama', 'not-a-uuid', 'en')).rejects.toMatchObject({ status: 404 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });
});

describe('visitLang', () => {
  function event(url: string, cookie?: string) {
    const set: { name: string; value: string; path: string }[] = [];
    return {
      set,
      url: new URL(url),
      cookies: {
        get: (name: string) => (name === VISIT_LANG_COOKIE ? cookie : undefined),
        set: (name: string, value: string, opts: { path: string }) => set.push({ name, value, path: opts.path }),
      } as never,
    };
  }

  it('takes ?lang= and remembers it for the public pages only', () => {
    const e = event('http://yui.test/visit/koriyama?lang=en');
    expect(visitLang(e, 'ja')).toBe('en');
    expect(e.set).toEqual([{ name: VISIT_LANG_COOKIE, value: 'en', path: '/visit' }]);
  });

  it('does not write the cookie again when it already says so', () => {
    const e = event('http://yui.test/visit/koriyama?lang=en', 'en');
    expect(visitLang(e, null)).toBe('en');
    expect(e.set).toEqual([]);
  });

  it('falls back to the remembered choice, then the app’s, then Japanese', () => {
    expect(visitLang(event('http://yui.test/visit/koriyama', 'en'), 'ja')).toBe('en');
    expect(visitLang(event('http://yui.test/visit/koriyama?lang=fr'), 'en')).toBe('en');
    expect(visitLang(event('http://yui.test/visit/koriyama'), null)).toBe('ja');
  });
});
