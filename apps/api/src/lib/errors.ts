import type { ErrorCode, IssueParams } from '@yui/contracts';

/** An issue key, or an issue key with values for its message's placeholders. */
export type FieldIssue = string | { issue: string; params: IssueParams };

/**
 * An error the client may see. `fields` maps a field to the reason (an issue key from
 * contracts/i18n, e.g. 'duplicate'); the error handler turns both into the reader's language.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly fields?: Record<string, FieldIssue>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = () => new AppError(403, 'forbidden');
export const unauthorized = (code: 'unauthorized' | 'invalid_credentials' | 'token_expired' = 'unauthorized') => new AppError(401, code);
export const invalid = (fields: Record<string, FieldIssue>) => new AppError(400, 'validation_failed', fields);
export const conflict = (fields?: Record<string, FieldIssue>) => new AppError(409, 'conflict', fields);
