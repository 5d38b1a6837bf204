import { invalid } from './errors';

/**
 * Keyset cursors: opaque to clients, `(created_at, id)` inside. `at` is the timestamp as PostgreSQL
 * wrote it (ISO 8601 with microseconds): a JS Date keeps milliseconds only, and a cursor cut to the
 * millisecond would skip the rows that fall between it and the last row shown.
 */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw invalid({ cursor: 'invalid_format' });
  return { at, id };
}
