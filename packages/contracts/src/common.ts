import { z } from 'zod';

export const uuid = z.uuid();
export const locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof locale>;

/** Cursor pagination: `?cursor=…&limit=…` in, `{ items, nextCursor }` out. */
export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const idParams = z.object({ id: uuid });
export const okBody = z.object({ ok: z.literal(true) });
