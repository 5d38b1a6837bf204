import { z } from 'zod';

/** The one error shape every API answer uses: `{ error: { code, message, fields? } }`. */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'invalid_credentials',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  'csv_invalid',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
