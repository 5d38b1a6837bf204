import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { newTenancyFixture, newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';

const t = useTestApi();
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let alice: Awaited<ReturnType<typeof newUser>>;

beforeAll(async () => {
  fx = await newTenancyFixture(t.db.owner);
  alice = await newUser(t.db.owner, fx.a.id, { name: '郡山 花子', nameKana: 'こおりやま はなこ' });
});

const cookieOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'yui_rt')?.value;

describe('sign-in', () => {
  it('signs in, sets an httpOnly refresh cookie, and /api/me answers', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: alice.email.toUpperCase(), password: alice.password } });
    expect(res.statusCode).toBe(200);
    const rt = res.cookies.find((c) => c.name === 'yui_rt')!;
    expect(rt.httpOnly).toBe(true);
    expect(rt.sameSite).toBe('Lax');
    const me = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: alice.id, name: '郡山 花子', nameKana: 'こおりやま はなこ', municipality: { id: fx.a.id } });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('gives one generic answer for a wrong password and an unknown e-mail, in Japanese and English', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: alice.email, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@test.yui.example', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toEqual({ code: 'invalid_credentials', message: 'メールアドレスまたはパスワードが正しくありません。' });
    const en = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: { email: alice.email, password: 'nope' } });
    expect(en.json().error.message).toBe('The e-mail address or password is incorrect.');
  });

  it('refuses a deactivated account with the same answer', async () => {
    const off = await newUser(t.db.owner, fx.a.id, { active: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: off.email, password: off.password } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
  });

  it('names the bad field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email', password: '' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields.email).toBe('メールアドレス: 形式が正しくありません');
    expect(body.error.fields.password).toContain('パスワード');
  });

  it('rejects a missing, forged or expired access token', async () => {
    expect((await t.app.inject({ url: '/api/me' })).statusCode).toBe(401);
    const forged = createSigner({ key: 'another-secret-another-secret-000000' })({ sub: alice.id, tid: fx.a.id, rid: fx.region.id, roles: ['staff'] });
    expect((await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
    const expired = createSigner({ key: 'test-secret-test-secret-test-secret-0123', expiresIn: 1000, clockTimestamp: Date.now() - 60_000 })({
      sub: alice.id, tid: fx.a.id, rid: fx.region.id, roles: ['staff'],
    });
    const res = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${expired}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('token_expired');
  });
});

describe('refresh tokens', () => {
  it('rotates, and reuse of an old token revokes the whole sign-in', async () => {
    const s = await t.login(alice.email, alice.password);
    const first = s.cookie.split('=')[1]!;
    const r1 = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: first } });
    expect(r1.statusCode).toBe(200);
    const second = cookieOf(r1)!;
    expect(second).not.toBe(first);

    // The old token comes back later (a stolen copy): refused, and the family is revoked…
    const hashOfFirst = createHash('sha256').update(first).digest('base64url');
    await t.db.owner`update refresh_tokens set rotated_at = now() - interval '1 minute' where token_hash = ${hashOfFirst}`;
    const reuse = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: first } });
    expect(reuse.statusCode).toBe(401);
    // …so the legitimate newer token no longer works either.
    const after = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: second } });
    expect(after.statusCode).toBe(401);
    const hashOf = (v: string) => createHash('sha256').update(v).digest('base64url');
    const [{ n }] = (await t.db.owner`select count(*)::int as n from refresh_tokens
      where revoked_at is null and family_id = (select family_id from refresh_tokens where token_hash = ${hashOf(first)})`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it('lets two tabs refresh with the same cookie at once without ending the sign-in', async () => {
    const s = await t.login(alice.email, alice.password);
    const token = s.cookie.split('=')[1]!;
    const [r1, r2] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: token } }),
      t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: token } }),
    ]);
    const codes = [r1.statusCode, r2.statusCode].sort();
    expect(codes).toEqual([200, 401]);
    const winner = cookieOf(r1.statusCode === 200 ? r1 : r2)!;
    const next = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: winner } });
    expect(next.statusCode).toBe(200);
  });

  it('signs out: the refresh cookie stops working', async () => {
    const s = await t.login(alice.email, alice.password);
    const token = s.cookie.split('=')[1]!;
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { yui_rt: token } });
    expect(out.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: token } });
    expect(again.statusCode).toBe(401);
  });

  it('refuses an unknown token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: 'made-up' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('session lifetime', () => {
  it('rotation never extends a sign-in past YUI_SESSION_MAX_DAYS from when it began', async () => {
    const s = await t.login(alice.email, alice.password);
    const token = s.cookie.split('=')[1]!;
    const hashOf = (v: string) => createHash('sha256').update(v).digest('base64url');
    // The sign-in began 89 days and 23 hours ago: one more rotation is allowed, but it expires in an hour.
    await t.db.owner`update refresh_tokens set family_started_at = now() - interval '89 days 23 hours' where token_hash = ${hashOf(token)}`;
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: token } });
    expect(r.statusCode).toBe(200);
    const next = cookieOf(r)!;
    const [row] = (await t.db.owner`select expires_at, family_started_at from refresh_tokens where token_hash = ${hashOf(next)}`) as unknown as [{ expires_at: Date; family_started_at: Date }];
    expect(row.expires_at.getTime() - Date.now()).toBeLessThan(2 * 3600_000);
    expect(Date.now() - row.family_started_at.getTime()).toBeGreaterThan(89 * 86400_000);
    // Once that hour is over, the sign-in is over.
    await t.db.owner`update refresh_tokens set expires_at = now() - interval '1 second' where token_hash = ${hashOf(next)}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { yui_rt: next } })).statusCode).toBe(401);
  });
});

describe('rate limit', () => {
  const limited = useTestApi({ YUI_LOGIN_RATE_MAX: '3' });
  it('answers 429 after too many attempts, with a Japanese message', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'someone@test.yui.example', password: 'x' } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error.code).toBe('rate_limited');
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts per address and e-mail: one person\'s failures do not lock out a colleague behind the same address', async () => {
    const attempt = (email: string, remoteAddress = '192.0.2.10') =>
      limited.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password: 'x' } });
    for (let i = 0; i < 3; i++) expect((await attempt('typo@test.yui.example')).statusCode).toBe(401);
    expect((await attempt('typo@test.yui.example')).statusCode).toBe(429);
    expect((await attempt('TYPO@test.yui.example')).statusCode).toBe(429);
    // A colleague in the same office (same address) still gets to try.
    expect((await attempt('colleague@test.yui.example')).statusCode).toBe(401);
    // The same e-mail from another address has its own count.
    expect((await attempt('typo@test.yui.example', '192.0.2.11')).statusCode).toBe(401);
  });
});

describe('rate limit per address', () => {
  const limited = useTestApi({ YUI_LOGIN_RATE_MAX: '100', YUI_LOGIN_RATE_MAX_PER_ADDRESS: '4' });
  it('limits one address trying many e-mails, with a looser limit than per e-mail', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `spray${i}@test.yui.example`, password: 'x' } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
