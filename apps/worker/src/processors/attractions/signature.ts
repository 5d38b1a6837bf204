import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a relay delivery (X-Yui-Signature), in the shape relays know from Stripe and
 * GitHub: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The time is signed with
 * the body, so a captured request replayed later fails the tolerance check; the relay drops repeats
 * within it by X-Yui-Delivery.
 */

/** How far a signature's time may be from the receiver's clock (either way). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const mac = (secret: string, body: string, t: number) => createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');

/** The X-Yui-Signature header for `body` (the exact bytes sent) at `nowSeconds`. */
export function sign(secret: string, body: string, nowSeconds: number): string {
  const t = Math.floor(nowSeconds);
  return `t=${t},v1=${mac(secret, body, t)}`;
}

/**
 * Checks a header as a relay should: parses it, refuses a time outside the tolerance, and compares
 * every v1 it carries with the expected one in constant time (a relay rotating its secret may be sent
 * several). Exported for relays written in TypeScript and for the tests.
 */
export function verify(
  secret: string, body: string, header: string | null | undefined, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(Math.floor(nowSeconds) - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, body, t), 'hex');
  let ok = false;
  // No early exit: every candidate is compared, so the time taken says nothing about which matched.
  for (const c of candidates) ok = timingSafeEqual(expected, Buffer.from(c, 'hex')) || ok;
  return ok;
}
