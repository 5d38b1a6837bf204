import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorMessages, fieldMessage, type ErrorCode, type Locale } from '@yui/contracts';
import { AppError, type FieldIssue } from '../../lib/errors';
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

/** The one error handler: every failure leaves as `{ error: { code, message, fields? } }`. */
export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    const scope = req.routeOptions?.config?.labels;
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send(body(err.code, lang, err.fields, err.extra, scope));
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
