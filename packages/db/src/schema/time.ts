import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, integer, numeric, date, timestamp, boolean, index, uniqueIndex, unique, foreignKey, check,
} from 'drizzle-orm/pg-core';
import { municipalities, users, departments, tenantPolicy } from './tenancy';

/**
 * The municipality's 20% rule, versioned: a change inserts a new version, and every request keeps
 * the version that was in force when it was submitted.
 */
export const timePolicies = pgTable(
  'time_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    version: integer('version').notNull(),
    capPercent: numeric('cap_percent', { precision: 5, scale: 2, mode: 'number' }).notNull().default(20),
    period: text('period', { enum: ['week', 'month'] }).notNull().default('month'),
    leadDays: integer('lead_days').notNull().default(1),
    maxMinutesPerDay: integer('max_minutes_per_day').notNull().default(465),
    /** Remind the approver after this many working days pending. */
    reminderWorkingDays: integer('reminder_working_days').notNull().default(2),
    /** Remind the requester this many days after the date when actual hours are missing. */
    actualsReminderDays: integer('actuals_reminder_days').notNull().default(3),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('time_policies_version_uq').on(t.municipalityId, t.version),
    unique('time_policies_tenant_id_uq').on(t.municipalityId, t.id),
    check('time_policies_cap', sql`${t.capPercent} > 0 and ${t.capPercent} <= 100`),
    check('time_policies_lead', sql`${t.leadDays} between 0 and 60`),
    check('time_policies_day', sql`${t.maxMinutesPerDay} between 15 and 720`),
    tenantPolicy('time_policies'),
  ],
).enableRLS();

/** A manager away: their deputy decides for them between two dates (代理承認). */
export const approvalDelegations = pgTable(
  'approval_delegations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    managerId: uuid('manager_id').notNull(),
    deputyId: uuid('deputy_id').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'approval_delegations_manager_fk', columns: [t.municipalityId, t.managerId], foreignColumns: [users.municipalityId, users.id] }),
    foreignKey({ name: 'approval_delegations_deputy_fk', columns: [t.municipalityId, t.deputyId], foreignColumns: [users.municipalityId, users.id] }),
    check('approval_delegations_dates', sql`${t.startsOn} <= ${t.endsOn}`),
    check('approval_delegations_not_self', sql`${t.managerId} <> ${t.deputyId}`),
    index('approval_delegations_deputy_idx').on(t.municipalityId, t.deputyId, t.endsOn),
    tenantPolicy('approval_delegations'),
  ],
).enableRLS();

export const timeActivityKinds = ['community', 'event', 'help_call', 'mentoring', 'handover', 'other'] as const;
export const timeRequestStatuses = ['draft', 'submitted', 'approved', 'declined', 'returned', 'withdrawn', 'cancelled', 'revoked'] as const;

/** 20%ルールの申請: time asked for, its purpose, and the manager's decision. */
export const timeRequests = pgTable(
  'time_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    requesterId: uuid('requester_id').notNull(),
    /** The requester's department when the request was made: whose manager decides. */
    departmentId: uuid('department_id'),
    policyId: uuid('policy_id'),
    activityKind: text('activity_kind', { enum: timeActivityKinds }).notNull(),
    /** What the time is for, when it is a thing in Yui (a call for help, an event, a mentorship…). */
    refType: text('ref_type'),
    refId: uuid('ref_id'),
    refTitle: text('ref_title'),
    purpose: text('purpose').notNull(),
    status: text('status', { enum: timeRequestStatuses }).notNull().default('draft'),
    firstDate: date('first_date').notNull(),
    lastDate: date('last_date').notNull(),
    plannedMinutes: integer('planned_minutes').notNull(),
    actualMinutes: integer('actual_minutes'),
    actualsExceed: boolean('actuals_exceed').notNull().default(false),
    approverId: uuid('approver_id'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Double submits with the same key return the first request. */
    idempotencyKey: text('idempotency_key'),
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    actualsReminderSentAt: timestamp('actuals_reminder_sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('time_requests_tenant_id_uq').on(t.municipalityId, t.id),
    foreignKey({ name: 'time_requests_requester_fk', columns: [t.municipalityId, t.requesterId], foreignColumns: [users.municipalityId, users.id] }),
    foreignKey({ name: 'time_requests_department_fk', columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    foreignKey({ name: 'time_requests_policy_fk', columns: [t.municipalityId, t.policyId], foreignColumns: [timePolicies.municipalityId, timePolicies.id] }),
    uniqueIndex('time_requests_idempotency_uq').on(t.municipalityId, t.requesterId, t.idempotencyKey),
    index('time_requests_requester_idx').on(t.municipalityId, t.requesterId, t.createdAt.desc(), t.id.desc()),
    index('time_requests_pending_idx').on(t.municipalityId, t.departmentId, t.submittedAt).where(sql`${t.status} = 'submitted'`),
    index('time_requests_ref_idx').on(t.municipalityId, t.refType, t.refId),
    check('time_requests_dates', sql`${t.firstDate} <= ${t.lastDate}`),
    check('time_requests_minutes', sql`${t.plannedMinutes} > 0`),
    tenantPolicy('time_requests'),
  ],
).enableRLS();

/** The dates of a request, each with planned minutes and, afterwards, the actual minutes. */
export const timeRequestDays = pgTable(
  'time_request_days',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    requestId: uuid('request_id').notNull(),
    /** Denormalised from the request so budget sums need no join. */
    requesterId: uuid('requester_id').notNull(),
    workDate: date('work_date').notNull(),
    plannedMinutes: integer('planned_minutes').notNull(),
    actualMinutes: integer('actual_minutes'),
  },
  (t) => [
    foreignKey({ name: 'time_request_days_request_fk', columns: [t.municipalityId, t.requestId], foreignColumns: [timeRequests.municipalityId, timeRequests.id] }).onDelete('cascade'),
    unique('time_request_days_date_uq').on(t.requestId, t.workDate),
    index('time_request_days_budget_idx').on(t.municipalityId, t.requesterId, t.workDate),
    check('time_request_days_planned', sql`${t.plannedMinutes} > 0`),
    check('time_request_days_actual', sql`${t.actualMinutes} is null or ${t.actualMinutes} >= 0`),
    tenantPolicy('time_request_days'),
  ],
).enableRLS();

/** Every step in a request's life, for its history and for time-to-decision figures. */
export const timeRequestHistory = pgTable(
  'time_request_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    requestId: uuid('request_id').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'time_request_history_request_fk', columns: [t.municipalityId, t.requestId], foreignColumns: [timeRequests.municipalityId, timeRequests.id] }).onDelete('cascade'),
    index('time_request_history_request_idx').on(t.municipalityId, t.requestId, t.at),
    tenantPolicy('time_request_history'),
  ],
).enableRLS();
