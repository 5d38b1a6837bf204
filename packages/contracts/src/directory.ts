import { z } from 'zod';

/** 部 > 課 > 係 */
export const departmentKind = z.enum(['bu', 'ka', 'kakari']);
export type DepartmentKind = z.infer<typeof departmentKind>;

const kana = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s　]+$/u, { error: 'kana' });

export const department = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: departmentKind,
  name: z.string(),
  nameKana: z.string(),
  code: z.string().nullable(),
  active: z.boolean(),
  emergencyDuties: z.string().nullable(),
});
export type Department = z.infer<typeof department>;

export const departmentCreate = z.object({
  parentId: z.uuid().nullable().default(null),
  kind: departmentKind,
  name: z.string().trim().min(1).max(100),
  nameKana: kana,
  code: z.string().trim().max(20).nullable().default(null),
});
export const departmentUpdate = departmentCreate.partial().extend({ active: z.boolean().optional() });

/** Standard working week of local public servants: 38h45m. */
export const DEFAULT_WEEKLY_MINUTES = 38 * 60 + 45;

export const staff = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  nameKana: z.string(),
  position: z.string().nullable(),
  hireDate: z.string().nullable(),
  weeklyMinutes: z.number().int(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  photoUrl: z.string().nullable(),
  active: z.boolean(),
});
export type Staff = z.infer<typeof staff>;

export const staffCreate = z.object({
  email: z.email().max(254).transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1).max(100),
  nameKana: kana,
  position: z.string().trim().max(50).nullable().default(null),
  hireDate: z.iso.date().nullable().default(null),
  weeklyMinutes: z.number().int().min(60).max(60 * 60).default(DEFAULT_WEEKLY_MINUTES),
  departmentId: z.uuid().nullable().default(null),
});
export type StaffCreate = z.infer<typeof staffCreate>;
export const staffUpdate = staffCreate.partial().extend({ active: z.boolean().optional() });

export const staffListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().max(100).optional(),
  departmentId: z.uuid().optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
});

export const csvImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
});
/** A CSV that fails names each bad row: `rows: [{ row: 3, field: 'email', message }]`. */
export const csvRowError = z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() });
export const csvImportError = z.object({
  error: z.object({
    code: z.literal('csv_invalid'),
    message: z.string(),
    rows: z.array(csvRowError),
  }),
});
