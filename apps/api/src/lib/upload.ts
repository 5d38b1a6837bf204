import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalid } from './errors';

/** One uploaded file, read whole into memory (uploads are limited: YUI_UPLOAD_LIMIT, photos 2 MB). */
export interface Upload {
  bytes: Buffer;
  filename: string | undefined;
  /** What the browser said; the type we trust is decided by the bytes (@yui/storage sniffContentType). */
  declaredType: string;
}

/** The body schema of a multipart upload route: documents the file field and checks what readUpload put there. */
export const uploadBody = z.object({
  file: z.custom<Upload>((v) => typeof v === 'object' && v !== null && Buffer.isBuffer((v as Upload).bytes)).meta({ type: 'string', format: 'binary' }),
});

/**
 * A preValidation hook reading the multipart field "file" into `req.body.file` before validation, so
 * the route's body schema both checks and documents it. No file: 400 on `field` (the name the form
 * shows, e.g. `photo`); beyond the plugin's size limit: `tooLarge()` — and never half a file, which
 * @fastify/multipart may hand back cut at the limit instead of throwing.
 */
export function readUpload(opts: { field: string; tooLarge: () => Error }) {
  return async (req: FastifyRequest): Promise<void> => {
    // A body that is not well-formed multipart (no boundary, cut short) is the sender's mistake: the
    // parser throws plain errors for it, which would otherwise leave as a 500.
    const malformed = () => invalid({ [opts.field]: 'invalid_format' });
    let part;
    try {
      part = req.isMultipart() ? await req.file() : undefined;
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw opts.tooLarge();
      throw malformed();
    }
    if (!part || part.fieldname !== 'file') throw invalid({ [opts.field]: 'required' });
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw opts.tooLarge();
      throw malformed();
    }
    if (part.file.truncated) throw opts.tooLarge();
    req.body = { file: { bytes, filename: part.filename, declaredType: part.mimetype } satisfies Upload };
  };
}
