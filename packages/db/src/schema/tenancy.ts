import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, boolean, date, integer, timestamp, index, uniqueIndex, unique, foreignKey, check, pgPolicy,
} from 'drizzle-orm/pg-core';
import { appRole } from './roles';

/** The tenant of the current transaction, set once per request by withTenant(). */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
export const currentRegion = sql`nullif(current_setting('app.region_id', true), '')::uuid`;
export const currentUser = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/** Policy for a table owned by one municipality: read and write only inside the current tenant. */
export const tenantPolicy = (name: string, column = 'municipality_id') =>
  pgPolicy(`${name}_tenant`, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`${sql.identifier(column)} = ${currentTenant}`,
    withCheck: sql`${sql.identifier(column)} = ${currentTenant}`,
  });

/** created_at / updated_at, as every table that changes has them. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** 広域圏: a group of municipalities that share communities, calls for help, mentoring and tourism posts. */
export const regions = pgTable(
  'regions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull(),
    ...timestamps,
  },
  () => [pgPolicy('regions_read', { for: 'select', to: appRole, using: sql`true` })],
).enableRLS();

/** A municipality is a tenant. Names and codes are public; everything hanging off it is private. */
export const municipalities = pgTable(
  'municipalities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** 全国地方公共団体コード, 5-digit form (the 6-digit form adds a check digit). */
    code: text('code').notNull().unique(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull(),
    ...timestamps,
  },
  (t) => [
    check('municipalities_code_5', sql`${t.code} ~ '^[0-9]{5}$'`),
    index('municipalities_region_idx').on(t.regionId),
    pgPolicy('municipalities_read', { for: 'select', to: appRole, using: sql`true` }),
  ],
).enableRLS();

/** 部 > 課 > 係. parent_id stays inside the same municipality (composite foreign key). */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: ['bu', 'ka', 'kakari'] }).notNull(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull(),
    code: text('code'),
    emergencyDuties: text('emergency_duties'),
    /** 各課広報: what the department does, as it introduces itself to the region. */
    description: text('description'),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    unique('departments_tenant_id_uq').on(t.municipalityId, t.id),
    uniqueIndex('departments_tenant_code_uq').on(t.municipalityId, t.code),
    index('departments_tenant_parent_idx').on(t.municipalityId, t.parentId),
    foreignKey({ name: 'departments_parent_fk', columns: [t.municipalityId, t.parentId], foreignColumns: [t.municipalityId, t.id] }),
    tenantPolicy('departments'),
  ],
).enableRLS();

/** 職員. E-mail is unique across the service: it is how a person signs in. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    departmentId: uuid('department_id'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull(),
    position: text('position'),
    hireDate: date('hire_date'),
    /** Since when they hold their position (a 新任係長 became 係長 on this day; mentoring eligibility). */
    positionSince: date('position_since'),
    /** 週の勤務時間 in minutes; the default is the standard 38h45m. */
    weeklyMinutes: integer('weekly_minutes').notNull().default(2325),
    photoUrl: text('photo_url'),
    /** The stored photo (@yui/storage key); photo_url is the address it is served at. */
    photoKey: text('photo_key'),
    introduction: text('introduction'),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull().default('ja'),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    unique('users_tenant_id_uq').on(t.municipalityId, t.id),
    index('users_tenant_kana_idx').on(t.municipalityId, t.nameKana, t.id),
    index('users_tenant_department_idx').on(t.municipalityId, t.departmentId),
    // The few who have left: yui_inactive_region_people() (talent registry) reads them per statement.
    index('users_inactive_idx').on(t.municipalityId).where(sql`not ${t.active}`),
    foreignKey({ name: 'users_department_fk', columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    check('users_weekly_minutes', sql`${t.weeklyMinutes} between 60 and 3600`),
    tenantPolicy('users'),
  ],
).enableRLS();

/**
 * What a person may do. A manager (所属長) heads one department; a regional coordinator serves a
 * region; an operator runs the service. The grant lives in the person's own municipality.
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: ['staff', 'manager', 'municipality_admin', 'regional_coordinator', 'attraction_reviewer', 'operator'] }).notNull(),
    departmentId: uuid('department_id'),
    regionId: uuid('region_id').references(() => regions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'role_grants_user_fk', columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    foreignKey({ name: 'role_grants_department_fk', columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    // A role without a department or region (staff, municipality_admin, operator) must be unique too:
    // a bare coalesce would be NULL for them, and NULLs never collide in a unique index.
    uniqueIndex('role_grants_uq').on(t.municipalityId, t.userId, t.role, sql`coalesce(${t.departmentId}, ${t.regionId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    index('role_grants_tenant_department_idx').on(t.municipalityId, t.departmentId),
    check('role_grants_manager_department', sql`(${t.role} = 'manager') = (${t.departmentId} is not null)`),
    check('role_grants_coordinator_region', sql`(${t.role} = 'regional_coordinator') = (${t.regionId} is not null)`),
    tenantPolicy('role_grants'),
  ],
).enableRLS();

/** Refresh tokens, stored as SHA-256 hashes. A family is one sign-in; reusing a rotated token revokes it. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    userId: uuid('user_id').notNull(),
    familyId: uuid('family_id').notNull(),
    /** When the sign-in began: rotation never extends a session past YUI_SESSION_MAX_DAYS from here. */
    familyStartedAt: timestamp('family_started_at', { withTimezone: true }).notNull().defaultNow(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.municipalityId, t.familyId),
    foreignKey({ name: 'refresh_tokens_user_fk', columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    tenantPolicy('refresh_tokens'),
  ],
).enableRLS();
