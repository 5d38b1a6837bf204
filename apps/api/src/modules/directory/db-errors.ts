/**
 * The constraint behind a unique violation (SQLSTATE 23505), or null for any other error. drizzle
 * wraps the driver's error, so the cause chain is followed.
 */
export function uniqueViolation(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const pg = e as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (pg.code === '23505') return typeof pg.constraint_name === 'string' ? pg.constraint_name : '';
    e = pg.cause;
  }
  return null;
}
