import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorMessages, fieldMessage, type ErrorCode, type Locale } from '@yui/contracts';
import { AppError, invalid, type FieldIssue } from '../../lib/errors';
import { pickLang } from '../../lib/lang';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Whose words name the fields in this route's errors (fieldLabels `<labels>.<field>` first), e.g. 'help'. */
    labels?: string;
  }
}

function body(code: ErrorCode, lang: Locale, fields?: Record<string, FieldIssue>, extra?: Record<string, unknown>, scope?: string) {
  const localized = fields
    ? Object.fromEntries(Object.entries(fields).map(([f, i]) => [
      f, typeof i === 'string' ? fieldMessage(f, i, lang, undefined, scope) : fieldMessage(f, i.issue, lang, i.params, scope),
    ]))
    : undefined;
  const message = localized
    ? `${errorMessages[code][lang]} ${Object.values(localized).join(lang === 'ja' ? '、' : '; ')}`
    : errorMessages[code][lang];
  return { error: { code, message, ...(localized ? { fields: localized } : {}), ...extra } };
}

/** Maps a zod issue to a key of contracts' issueMessages. */
function issueKey(code: string, message: string, params: { minimum?: unknown; origin?: unknown }): string {
  if (message === 'kana') return 'kana';
  if (code === 'invalid_type' && /received undefined/.test(message)) return 'required';
  // An empty text box is "please fill in", not "too short".
  if (code === 'too_small' && params.origin === 'string' && Number(params.minimum) === 1) return 'required';
  return code;
}

/** The SQLSTATE of a PostgreSQL error (drizzle wraps the driver's error: the cause chain is followed), or null. */
export function sqlState(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const pg = e as { code?: unknown; severity?: unknown; cause?: unknown };
    // postgres.js errors carry the SQLSTATE as `code` beside a `severity`; Fastify's own codes are FST_*.
    if (typeof pg.code === 'string' && /^[0-9A-Z]{5}$/.test(pg.code) && pg.severity !== undefined) return pg.code;
    e = pg.cause;
  }
  return null;
}

/**
 * Two transactions that met each other: a deadlock (40P01, the database chose us) or a serialization
 * failure (40001). Nothing was written; the reader may simply try again — a conflict, not a crash.
 */
const RETRYABLE = new Set(['40P01', '40001']);
/** Text the database cannot store (a NUL character, an invalid byte sequence): the reader's input. */
const BAD_TEXT = new Set(['22021', '22P05']);
/**
 * A value that passed the schema but not PostgreSQL: a date or time out of its range (22008: year 0,
 * 2026-02-30), a timestamp it cannot read (22007), a malformed value of a type (22P02) — in practice a
 * cursor or a date the reader made up. 400, never 500; logged, in case one ever comes from our own code.
 */
const BAD_VALUE = new Set(['22007', '22008', '22P02']);

/** The first place in a parsed body or query where a string holds a NUL character (PostgreSQL text cannot), or null. */
export function nulPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? (path.join('.') || 'body') : null;
  // Plain data only (parsed JSON; a parsed query, whose prototype is a bare object): never walk into
  // the streams or files of an upload.
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== null && proto !== Object.prototype && Object.getPrototypeOf(proto) !== null) return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof k === 'string' && k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '')].join('.') || 'body';
    const found = nulPath(v, [...path, String(k)], depth + 1);
    if (found) return found;
  }
  return null;
}

/** The one error handler: every failure leaves as `{ error: { code, message, fields? } }`. */
export default fp(async function errors(app: FastifyInstance) {
  // A NUL character in any text of a body or a query is refused up front, naming the field (400), before
  // it could reach the database (which refuses it with 22021 — mapped below for anything that slips by).
  app.addHook('preValidation', async (req) => {
    const field = nulPath(req.body) ?? nulPath(req.query);
    if (field) throw invalid({ [field]: 'invalid_format' });
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    const scope = req.routeOptions?.config?.labels;
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send(body(err.code, lang, err.fields, err.extra, scope));
    }
    const state = sqlState(err);
    if (state && RETRYABLE.has(state)) {
      req.log.warn({ err, sqlState: state }, 'transaction conflict');
      return reply.code(409).send(body('conflict', lang));
    }
    if (state && BAD_TEXT.has(state)) return reply.code(400).send(body('validation_failed', lang));
    if (state && BAD_VALUE.has(state)) {
      req.log.warn({ err, sqlState: state }, 'a value the database refused');
      return reply.code(400).send(body('validation_failed', lang));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
        fields[path] ??= issueKey(v.keyword, v.message ?? '', (v.params ?? {}) as { minimum?: unknown; origin?: unknown });
      }
      return reply.code(400).send(body('validation_failed', lang, fields, undefined, scope));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send(body('internal', lang));
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return reply.code(429).send(body('rate_limited', lang));
    if (status === 413) return reply.code(413).send(body('payload_too_large', lang));
    if (status === 401) return reply.code(401).send(body('unauthorized', lang));
    if (status === 404) return reply.code(404).send(body('not_found', lang));
    if (status >= 400 && status < 500) return reply.code(status).send(body('bad_request', lang));
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal', lang));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(body('not_found', pickLang(req.headers['accept-language'])));
  });
});
