import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, integer, boolean, timestamp, date, index, uniqueIndex, unique, foreignKey, check, pgPolicy, primaryKey,
} from 'drizzle-orm/pg-core';
import { appRole } from './roles';
import { tsvector } from './communities';
import { currentRegion, currentTenant, currentUser, departments, municipalities, regions, timestamps } from './tenancy';

/**
 * 職場応援 / たすけあい+: calls for help (募集), applications, the talent registry (人材) and requests
 * sent to one person (人材宛依頼). Region-owned: staff of every town of the region take part.
 *
 * Row-level security:
 *  - a call is visible in its region; a call with reach 'town' only to its own town. Everything that
 *    hangs off a call (applications) uses "not in a town-only call of another town"
 *    (`yui_hidden_help_calls()`, SECURITY DEFINER, migration 0006, computed once per statement);
 *  - a talent profile is visible in its region while it is active (opted in) and its person still on
 *    the staff; its owner always sees it, and only its owner writes it;
 *  - a direct request is visible to the two towns concerned (the requester's and the talent's);
 *  - policies are per command: nothing here is ever deleted by the app (no DELETE policy) except a
 *    person's own talent entry, and each row is created by the town it belongs to.
 */

export const helpCategories = ['planning', 'operations', 'busy_season', 'learning', 'other'] as const;
export const helpCallStatuses = ['open', 'closed', 'finished', 'cancelled'] as const;
export const helpReaches = ['town', 'region'] as const;
/**
 * pending_time: filed, waiting for the applicant's own manager (the 20% request); applied: the time is
 * approved, the application counts (応募); accepted / declined: the poster's answer; withdrawn: the
 * applicant took it back (or their time was cancelled/revoked); time_declined: the manager said no;
 * cancelled: the call was cancelled.
 */
export const helpApplicationStatuses = ['pending_time', 'applied', 'accepted', 'declined', 'withdrawn', 'time_declined', 'cancelled'] as const;
/**
 * sent: waiting for the person's answer; pending_time: they said yes, their manager decides;
 * accepted: the time is approved (成立); declined: they said no; time_declined: the manager said no;
 * withdrawn: the requester took it back (or the time was cancelled/revoked).
 */
export const helpDirectStatuses = ['sent', 'pending_time', 'accepted', 'declined', 'time_declined', 'withdrawn'] as const;

/** A town-only call of another town is hidden (yui_hidden_help_calls, migration 0006). */
const visibleCall = sql`call_id not in (select yui_hidden_help_calls())`;
/** A call in the region that the current town may see: region-wide, or its own town-only call. */
const callInReach = sql`region_id = ${currentRegion} and (reach = 'region' or municipality_id = ${currentTenant})`;
/** The person's own talent entry, in their own town. */
const ownProfile = sql`region_id = ${currentRegion} and user_id = ${currentUser} and municipality_id = ${currentTenant}`;
/** A direct request's two towns: the requesting one and the talent's. */
const directParties = sql`region_id = ${currentRegion} and (municipality_id = ${currentTenant} or talent_municipality_id = ${currentTenant})`;

/** After the work: who took part, for how long, and the poster's thank-you (shown on the helper's profile). */
const afterWork = {
  participatedMinutes: integer('participated_minutes'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }),
  recordedBy: uuid('recorded_by'),
  thanks: text('thanks'),
  thankedAt: timestamp('thanked_at', { withTimezone: true }),
  thankedBy: uuid('thanked_by'),
};

/** 募集: a department asks for hands. */
export const helpCalls = pgTable(
  'help_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The posting town and department (依頼所属). */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    departmentId: uuid('department_id').notNull(),
    title: text('title').notNull(),
    category: text('category', { enum: helpCategories }).notNull(),
    /** 募集概要, plain text. */
    summary: text('summary').notNull(),
    headcount: integer('headcount').notNull(),
    publishedOn: date('published_on').notNull(),
    deadline: date('deadline').notNull(),
    workStart: date('work_start').notNull(),
    workEnd: date('work_end').notNull(),
    /** 勤務時間の目安 as written (「9:00〜12:00」) and in minutes per day (prefills the 20% request). */
    hoursNote: text('hours_note'),
    minutesPerDay: integer('minutes_per_day').notNull(),
    place: text('place'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** 募集担当者: a person of the posting town, and how to reach them (内線…). */
    contactId: uuid('contact_id').notNull(),
    contactNote: text('contact_note'),
    reach: text('reach', { enum: helpReaches }).notNull().default('region'),
    status: text('status', { enum: helpCallStatuses }).notNull().default('open'),
    cancelReason: text('cancel_reason'),
    /** Applications whose time is approved (応募), and those accepted (never above headcount). */
    appliedCount: integer('applied_count').notNull().default(0),
    acceptedCount: integer('accepted_count').notNull().default(0),
    createdBy: uuid('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    ...timestamps,
  },
  (t) => [
    unique('help_calls_region_id_uq').on(t.regionId, t.id),
    foreignKey({ name: 'help_calls_department_fk', columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    uniqueIndex('help_calls_idempotency_uq').on(t.createdBy, t.idempotencyKey),
    index('help_calls_region_list_idx').on(t.regionId, t.publishedOn.desc(), t.id.desc()),
    index('help_calls_region_status_idx').on(t.regionId, t.status, t.deadline),
    index('help_calls_town_idx').on(t.municipalityId, t.departmentId, t.publishedOn),
    index('help_calls_skills_idx').using('gin', t.skills),
    index('help_calls_hidden_idx').on(t.regionId, t.municipalityId).where(sql`${t.reach} = 'town'`),
    check('help_calls_title_len', sql`char_length(${t.title}) between 1 and 100`),
    check('help_calls_headcount', sql`${t.headcount} between 1 and 500`),
    check('help_calls_accepted', sql`${t.acceptedCount} between 0 and ${t.headcount}`),
    check('help_calls_dates', sql`${t.publishedOn} <= ${t.deadline} and ${t.workStart} <= ${t.workEnd}`),
    check('help_calls_minutes', sql`${t.minutesPerDay} between 15 and 480`),
    // Read in the region (a town-only call in its town). Posted by its own town only. Updated where
    // seen: an applicant's town locks the row and moves its counts (the help_calls_guard trigger,
    // migration 0006, lets another town change nothing else). Never deleted (no policy).
    pgPolicy('help_calls_read', { for: 'select', to: appRole, using: callInReach }),
    pgPolicy('help_calls_post', { for: 'insert', to: appRole, withCheck: sql`region_id = ${currentRegion} and municipality_id = ${currentTenant}` }),
    pgPolicy('help_calls_change', { for: 'update', to: appRole, using: callInReach, withCheck: callInReach }),
  ],
).enableRLS();

const callFk = (name: string, t: { regionId: never; callId: never }) =>
  foreignKey({ name: `${name}_call_fk`, columns: [t.regionId, t.callId], foreignColumns: [helpCalls.regionId, helpCalls.id] }).onDelete('cascade');

/** 応募: a person of any town (reach permitting) offers to help. */
export const helpApplications = pgTable(
  'help_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    callId: uuid('call_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** The applicant's town: their 20% request lives there. */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    status: text('status', { enum: helpApplicationStatuses }).notNull().default('pending_time'),
    message: text('message'),
    /** The 20% request in the applicant's town (tenant-owned, so no FK); attempt numbers its idempotency key. */
    timeRequestId: uuid('time_request_id'),
    attempt: integer('attempt').notNull().default(1),
    plannedMinutes: integer('planned_minutes').notNull().default(0),
    firstDate: date('first_date'),
    /** When it began to count (time approved). */
    countedAt: timestamp('counted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionNote: text('decision_note'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    ...afterWork,
    ...timestamps,
  },
  (t) => [
    unique('help_applications_call_user_uq').on(t.callId, t.userId),
    callFk('help_applications', t as never),
    index('help_applications_call_idx').on(t.callId, t.status, t.createdAt),
    index('help_applications_user_idx').on(t.regionId, t.userId, t.createdAt.desc()),
    index('help_applications_time_idx').on(t.timeRequestId),
    check('help_applications_minutes', sql`${t.participatedMinutes} is null or ${t.participatedMinutes} between 0 and 100000`),
    // Read where the call is seen; filed by the applicant's own town; changed by the applicant's town
    // (withdrawal, the time hook) or the call's town (decisions, participation); never deleted.
    pgPolicy('help_applications_read', { for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and ${visibleCall}` }),
    pgPolicy('help_applications_apply', {
      for: 'insert', to: appRole, withCheck: sql`region_id = ${currentRegion} and ${visibleCall} and municipality_id = ${currentTenant}`,
    }),
    pgPolicy('help_applications_change', {
      for: 'update',
      to: appRole,
      using: sql`region_id = ${currentRegion} and ${visibleCall} and (municipality_id = ${currentTenant} or call_id in (select yui_town_help_calls()))`,
      withCheck: sql`region_id = ${currentRegion} and ${visibleCall}`,
    }),
  ],
).enableRLS();

/** 人材: a person who offers their skills to the region. Opting out (active false) hides them at once. */
export const talentProfiles = pgTable(
  'talent_profiles',
  {
    regionId: uuid('region_id').notNull().references(() => regions.id),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    /** Registered and findable. False: opted out (kept so the skills come back on opting in again). */
    active: boolean('active').notNull().default(true),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** Skills for which they want to hear of new calls (a subset of skills). */
    notifySkills: text('notify_skills').array().notNull().default(sql`'{}'::text[]`),
    introduction: text('introduction').notNull().default(''),
    availability: text('availability').notNull().default(''),
    /** Name, ふりがな, skills and introduction as bigrams (search by words). */
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    optedInAt: timestamp('opted_in_at', { withTimezone: true }).notNull().defaultNow(),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'talent_profiles_pk', columns: [t.regionId, t.userId] }),
    index('talent_profiles_town_idx').on(t.regionId, t.municipalityId).where(sql`${t.active}`),
    index('talent_profiles_skills_idx').using('gin', t.skills),
    index('talent_profiles_notify_idx').using('gin', t.notifySkills),
    index('talent_profiles_user_idx').on(t.userId),
    // Seen in the region while registered and still on the staff (someone deactivated drops out at
    // once: yui_inactive_region_people(), migration 0006); the owner always sees their own. Only the
    // person writes (opting in and out included) or removes their own entry.
    pgPolicy('talent_profiles_read', {
      for: 'select',
      to: appRole,
      using: sql`region_id = ${currentRegion} and ((active and user_id not in (select yui_inactive_region_people())) or user_id = ${currentUser})`,
    }),
    pgPolicy('talent_profiles_register', { for: 'insert', to: appRole, withCheck: ownProfile }),
    pgPolicy('talent_profiles_change', { for: 'update', to: appRole, using: ownProfile, withCheck: ownProfile }),
    pgPolicy('talent_profiles_remove', { for: 'delete', to: appRole, using: ownProfile }),
  ],
).enableRLS();

/** 人材宛依頼: a department asks one registered person directly. */
export const helpDirectRequests = pgTable(
  'help_direct_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The requesting town, department and person. */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    departmentId: uuid('department_id').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    /** The person asked, and their town (their 20% request lives there). */
    talentUserId: uuid('talent_user_id').notNull(),
    talentMunicipalityId: uuid('talent_municipality_id').notNull().references(() => municipalities.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    category: text('category', { enum: helpCategories }).notNull().default('other'),
    workStart: date('work_start').notNull(),
    workEnd: date('work_end').notNull(),
    hoursNote: text('hours_note'),
    minutesPerDay: integer('minutes_per_day').notNull(),
    place: text('place'),
    status: text('status', { enum: helpDirectStatuses }).notNull().default('sent'),
    responseNote: text('response_note'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    timeRequestId: uuid('time_request_id'),
    attempt: integer('attempt').notNull().default(1),
    plannedMinutes: integer('planned_minutes').notNull().default(0),
    firstDate: date('first_date'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    ...afterWork,
    ...timestamps,
  },
  (t) => [
    foreignKey({ name: 'help_direct_requests_department_fk', columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    uniqueIndex('help_direct_requests_idempotency_uq').on(t.requestedBy, t.idempotencyKey),
    index('help_direct_requests_talent_idx').on(t.talentUserId, t.createdAt.desc()),
    index('help_direct_requests_requester_idx').on(t.municipalityId, t.requestedBy, t.createdAt.desc()),
    index('help_direct_requests_time_idx').on(t.timeRequestId),
    check('help_direct_requests_title_len', sql`char_length(${t.title}) between 1 and 100`),
    check('help_direct_requests_dates', sql`${t.workStart} <= ${t.workEnd}`),
    check('help_direct_requests_minutes', sql`${t.minutesPerDay} between 15 and 480`),
    // The two towns concerned only; sent by the requesting town; never deleted.
    pgPolicy('help_direct_requests_read', { for: 'select', to: appRole, using: directParties }),
    pgPolicy('help_direct_requests_send', {
      for: 'insert', to: appRole, withCheck: sql`region_id = ${currentRegion} and municipality_id = ${currentTenant}`,
    }),
    pgPolicy('help_direct_requests_change', { for: 'update', to: appRole, using: directParties, withCheck: directParties }),
  ],
).enableRLS();
