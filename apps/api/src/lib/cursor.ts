import { invalid } from './errors';

/** Keyset cursors: opaque to clients, `(created_at, id)` inside. */
export function encodeCursor(at: Date | string, id: string): string {
  const iso = typeof at === 'string' ? new Date(at).toISOString() : at.toISOString();
  return Buffer.from(`${iso}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid({ cursor: 'invalid_format' });
  return { at, id };
}
