import { describe, expect, it } from 'vitest';
import { useTestApi } from './helpers';

const t = useTestApi();

describe('API conventions', () => {
  it('publishes OpenAPI, and every route declares its responses', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ path, m, op })));
    expect(ops.map((o) => o.path)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/notifications', '/api/health']));
    for (const { path, m, op } of ops) {
      const ok = Object.keys(op.responses ?? {}).filter((c) => c.startsWith('2'));
      expect(ok.length, `${m.toUpperCase()} ${path} declares a 2xx response schema`).toBeGreaterThan(0);
    }
  });

  it('answers unknown paths with the one error shape, in Japanese by default and English on request', async () => {
    const ja = await t.app.inject({ url: '/api/nope' });
    expect(ja.statusCode).toBe(404);
    expect(ja.json()).toEqual({ error: { code: 'not_found', message: '見つかりません。' } });
    const en = await t.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en' } });
    expect(en.json().error.message).toBe('Not found.');
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeTruthy();
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('limits body size', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('answers malformed JSON with a clear 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });
});
