import { errorMessages, fieldMessage, type Locale } from '@yui/contracts';
import type { AppError } from '../../lib/errors';

/**
 * An error as the one line the error handler would answer with (plugins/app/errors.ts): for the bulk
 * decision, whose single 200 answer lists each failure in the reader's language.
 */
export function errorText(err: AppError, lang: Locale): string {
  const base = errorMessages[err.code][lang];
  if (!err.fields) return base;
  const parts = Object.entries(err.fields).map(([f, i]) => (typeof i === 'string' ? fieldMessage(f, i, lang) : fieldMessage(f, i.issue, lang, i.params)));
  return `${base} ${parts.join(lang === 'ja' ? '、' : '; ')}`;
}
