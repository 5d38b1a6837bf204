import { z } from 'zod';
import { page } from './common';
import { roleName } from './auth';

/** 部 > 課 > 係 */
export const departmentKind = z.enum(['bu', 'ka', 'kakari']);
export type DepartmentKind = z.infer<typeof departmentKind>;

/** ふりがな in hiragana, katakana or half-width kana (NFKC first); the API stores hiragana. */
const kana = z
  .string()
  .trim()
  .overwrite((s) => s.normalize('NFKC'))
  .min(1)
  .max(100)
  .regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s　]+$/u, { error: 'kana' });

const optionalText = (max: number) => z.string().trim().max(max).nullable();

// ── departments ─────────────────────────────────────────────────────────────────────────────────

/** A department as the admin screen lists it: in tree order, with its path and what hangs off it. */
export const department = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: departmentKind,
  name: z.string(),
  nameKana: z.string(),
  code: z.string().nullable(),
  emergencyDuties: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  depth: z.number().int(),
  /** Names from the top: ['総務部', '人事課', '人事係']. */
  path: z.array(z.string()),
  activeStaff: z.number().int(),
});
export type Department = z.infer<typeof department>;
export const departmentList = z.object({ items: z.array(department) });

const departmentFields = {
  parentId: z.uuid().nullable(),
  kind: departmentKind,
  name: z.string().trim().min(1).max(100),
  nameKana: kana,
  code: z.string().trim().min(1).max(20).nullable(),
  emergencyDuties: optionalText(2000),
  sortOrder: z.number().int().min(-100000).max(100000),
};
export const departmentCreate = z.object({
  ...departmentFields,
  parentId: departmentFields.parentId.default(null),
  code: departmentFields.code.default(null),
  emergencyDuties: departmentFields.emergencyDuties.default(null),
  sortOrder: departmentFields.sortOrder.default(0),
});
export type DepartmentCreate = z.infer<typeof departmentCreate>;
/** Rename, move (parentId), reorder, or deactivate (active: false). Absent fields stay as they are. */
export const departmentUpdate = z.object({
  parentId: departmentFields.parentId.optional(),
  kind: departmentFields.kind.optional(),
  name: departmentFields.name.optional(),
  nameKana: departmentFields.nameKana.optional(),
  code: departmentFields.code.optional(),
  emergencyDuties: departmentFields.emergencyDuties.optional(),
  sortOrder: departmentFields.sortOrder.optional(),
  active: z.boolean().optional(),
});
export type DepartmentUpdate = z.infer<typeof departmentUpdate>;

/** The town's organisation chart for everyone: active departments, nested, 各課広報 included. */
export interface DepartmentNode {
  id: string;
  kind: DepartmentKind;
  name: string;
  nameKana: string;
  code: string | null;
  emergencyDuties: string | null;
  children: DepartmentNode[];
}
/**
 * Spelled out level by level rather than as a recursive schema: the OpenAPI document has no shared
 * components to point a recursive `$ref` at. Three levels are 部 > 課 > 係 (the API keeps kinds in
 * that order); a fourth takes anything deeper that older data may hold.
 */
const nodeLevel = (children: z.ZodType) => z.object({
  id: z.uuid(),
  kind: departmentKind,
  name: z.string(),
  nameKana: z.string(),
  code: z.string().nullable(),
  emergencyDuties: z.string().nullable(),
  children: z.array(children),
});
export const departmentNode: z.ZodType<DepartmentNode> = nodeLevel(nodeLevel(nodeLevel(nodeLevel(
  z.unknown().meta({ description: 'A deeper department, same shape' }),
)))) as z.ZodType<DepartmentNode>;
export const departmentTree = z.object({ items: z.array(departmentNode) });

// ── people ──────────────────────────────────────────────────────────────────────────────────────

/** A colleague of one's own town, as any staff may see them. */
export const person = z.object({
  id: z.uuid(),
  name: z.string(),
  nameKana: z.string(),
  position: z.string().nullable(),
  department: z.object({ id: z.uuid(), name: z.string(), path: z.array(z.string()) }).nullable(),
  photoUrl: z.string().nullable(),
  introduction: z.string().nullable(),
});
export type Person = z.infer<typeof person>;

/** Standard working week of local public servants: 38h45m. */
export const DEFAULT_WEEKLY_MINUTES = 38 * 60 + 45;

export const staffRole = z.object({
  role: roleName,
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
});

/** A member of staff as the municipality admin manages them. */
export const staff = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  nameKana: z.string(),
  position: z.string().nullable(),
  hireDate: z.iso.date().nullable(),
  weeklyMinutes: z.number().int(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  departmentCode: z.string().nullable(),
  photoUrl: z.string().nullable(),
  active: z.boolean(),
  roles: z.array(staffRole),
});
export type Staff = z.infer<typeof staff>;
export const staffPage = page(staff);

const staffFields = {
  email: z.email().max(254).toLowerCase(),
  name: z.string().trim().min(1).max(100),
  nameKana: kana,
  position: optionalText(50),
  hireDate: z.iso.date().nullable(),
  weeklyMinutes: z.number().int().min(60).max(60 * 60),
  departmentId: z.uuid().nullable(),
};
export const staffCreate = z.object({
  ...staffFields,
  position: staffFields.position.default(null),
  hireDate: staffFields.hireDate.default(null),
  weeklyMinutes: staffFields.weeklyMinutes.default(DEFAULT_WEEKLY_MINUTES),
  departmentId: staffFields.departmentId.default(null),
});
export type StaffCreate = z.infer<typeof staffCreate>;
/** Absent fields stay as they are; `active: false` deactivates and signs the person out everywhere. */
export const staffUpdate = z.object({
  email: staffFields.email.optional(),
  name: staffFields.name.optional(),
  nameKana: staffFields.nameKana.optional(),
  position: staffFields.position.optional(),
  hireDate: staffFields.hireDate.optional(),
  weeklyMinutes: staffFields.weeklyMinutes.optional(),
  departmentId: staffFields.departmentId.optional(),
  active: z.boolean().optional(),
});
export type StaffUpdate = z.infer<typeof staffUpdate>;

const staffFilters = {
  /** Part of the name, ふりがな (any kana) or e-mail. */
  q: z.string().trim().max(100).optional(),
  /** This department and everything below it. */
  departmentId: z.uuid().optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
};
export const staffListQuery = z.object({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  ...staffFilters,
});
export type StaffListQuery = z.infer<typeof staffListQuery>;
export const staffExportQuery = z.object(staffFilters);
export type StaffExportQuery = z.infer<typeof staffExportQuery>;

/**
 * Roles a municipality admin hands out inside the town: 所属長 of a department, 自治体管理者, or
 * 地域の魅力の審査担当 (reviews the town's attraction posts; the town's admins review them too).
 */
export const roleChange = z.discriminatedUnion('role', [
  z.object({ role: z.literal('manager'), departmentId: z.uuid() }),
  z.object({ role: z.literal('municipality_admin') }),
  z.object({ role: z.literal('attraction_reviewer') }),
]);
export type RoleChange = z.infer<typeof roleChange>;
/** The same, as a query string for DELETE. */
export const roleChangeQuery = z.object({
  role: z.enum(['manager', 'municipality_admin', 'attraction_reviewer']),
  departmentId: z.uuid().optional(),
});
export type RoleChangeQuery = z.infer<typeof roleChangeQuery>;

// ── CSV import ──────────────────────────────────────────────────────────────────────────────────

export const csvImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
});
export type CsvImportResult = z.infer<typeof csvImportResult>;
/**
 * A CSV that fails names each bad row: `rows: [{ row: 3, field: 'email', message }]`. `row` is the
 * row number Excel shows (the header is row 1); `field` a column (email, name, nameKana, position,
 * hireDate, departmentCode, weeklyHours), a header as written, or null for the whole row or file.
 */
export const csvRowError = z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() });
export type CsvRowError = z.infer<typeof csvRowError>;
export const csvImportError = z.object({
  error: z.object({
    code: z.literal('csv_invalid'),
    message: z.string(),
    rows: z.array(csvRowError),
  }),
});
