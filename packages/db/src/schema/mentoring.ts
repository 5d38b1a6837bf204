import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, integer, smallint, timestamp, date, jsonb, index, uniqueIndex, unique, foreignKey, check, pgPolicy,
} from 'drizzle-orm/pg-core';
import { appRole } from './roles';
import { currentRegion, currentTenant, currentUser, municipalities, regions, timestamps } from './tenancy';

/**
 * 職員サポート制度 (mentoring): programmes, their mentors and mentees, pairs (mentorships), the session
 * log, private notes, confidential consultations and surveys. Region-owned: a town's own programme
 * (scope 'town') is seen by that town only; a cross-town programme (scope 'region', run by the
 * region's coordinators) by every town of the region.
 *
 * Row-level security (helper functions: migration 0007):
 *  - a programme, its participants, pairs and sessions are seen where the programme is seen
 *    (`yui_hidden_mentoring_programmes()`: town-only programmes of other towns);
 *  - a programme is changed only by the people who run it (`yui_admin_mentoring_programmes()`: the
 *    town's 自治体管理者 for a town programme, the region's 広域コーディネーター for a cross-town one);
 *  - a participant entry is written by its person (volunteering, leaving) or by the programme's admins
 *    (enrolling, matching);
 *  - private notes are read and written only by the two people of the pair (user-level, not town-level);
 *  - a consultation and its messages only by the people in it (`participant_ids`);
 *  - a survey answer by its author and the programme's admins.
 * Nothing is deleted by the app except one's own note.
 */

export const mentoringKinds = ['new_hire', 'new_chief', 'cross_town', 'other'] as const;
export const mentoringScopes = ['town', 'region'] as const;
/** Who may be a mentee: hired in the programme's 年度, became 係長 in it, or anyone (enrolled by hand / volunteering). */
export const menteeRules = ['hired_in_year', 'chief_in_year', 'anyone'] as const;
/** near: same 部/課 is better (daily support, as in 富岡市); far: other departments (横・斜めのつながり); any. */
export const departmentPreferences = ['near', 'far', 'any'] as const;
export const townPreferences = ['own', 'other', 'any'] as const;
export const mentoringProgrammeStatuses = ['open', 'closed'] as const;
export const mentoringRoles = ['mentor', 'mentee'] as const;
/** active: taking part; withdrawn: left the programme (kept for the figures). */
export const participantStatuses = ['active', 'withdrawn'] as const;
export const mentorshipStatuses = ['active', 'ended'] as const;
/** completed: the period ended; rematch: the mentee asked for a new match; withdrawn: someone left; closed: the programme closed. */
export const mentorshipEndReasons = ['completed', 'rematch', 'withdrawn', 'closed'] as const;
export const mentoringSessionStatuses = ['planned', 'held', 'cancelled'] as const;
export const surveyStages = ['mid', 'end'] as const;
export const consultationKinds = ['manager', 'hr'] as const;
export const consultationStatuses = ['open', 'closed'] as const;

/** A programme the current town may see (its own town programmes, the region's cross-town ones). */
const visibleProgramme = sql`region_id = ${currentRegion} and programme_id not in (select yui_hidden_mentoring_programmes())`;
/** A pair's two people, the programme's admins, or (no person: a job) the programme's own town. */
const pairOrRunners = sql`region_id = ${currentRegion} and programme_id not in (select yui_hidden_mentoring_programmes()) and (
  ${currentUser} in (mentor_id, mentee_id)
  or programme_id in (select yui_admin_mentoring_programmes())
  or (${currentUser} is null and programme_id in (select p.id from mentoring_programmes p where p.municipality_id = ${currentTenant})))`;
/** Programmes the current person runs. */
const adminsProgramme = sql`programme_id in (select yui_admin_mentoring_programmes())`;

/** 職員サポート制度: one programme per kind and 年度 (or more), with its rules. */
export const mentoringProgrammes = pgTable(
  'mentoring_programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The town that runs it (for a cross-town programme: the coordinator's town when it was made). */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    scope: text('scope', { enum: mentoringScopes }).notNull(),
    kind: text('kind', { enum: mentoringKinds }).notNull(),
    /** 年度 (the year in which it starts in April). */
    fiscalYear: integer('fiscal_year').notNull(),
    title: text('title').notNull(),
    goals: text('goals').notNull().default(''),
    menteeRule: text('mentee_rule', { enum: menteeRules }).notNull().default('anyone'),
    /** Mentors need at least this many years of service. */
    mentorMinYears: integer('mentor_min_years').notNull().default(3),
    departmentPreference: text('department_preference', { enum: departmentPreferences }).notNull().default('any'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** Keeping pairs alive: no session for this many weeks → both are nudged; for the second → the admins are told. */
    nudgeAfterWeeks: integer('nudge_after_weeks').notNull().default(4),
    escalateAfterWeeks: integer('escalate_after_weeks').notNull().default(8),
    /** Prefills a session's minutes (and its 20% request). */
    sessionMinutes: integer('session_minutes').notNull().default(60),
    status: text('status', { enum: mentoringProgrammeStatuses }).notNull().default('open'),
    createdBy: uuid('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique('mentoring_programmes_region_id_uq').on(t.regionId, t.id),
    uniqueIndex('mentoring_programmes_idempotency_uq').on(t.createdBy, t.idempotencyKey),
    index('mentoring_programmes_region_idx').on(t.regionId, t.fiscalYear, t.createdAt.desc()),
    index('mentoring_programmes_hidden_idx').on(t.regionId, t.municipalityId).where(sql`${t.scope} = 'town'`),
    check('mentoring_programmes_title_len', sql`char_length(${t.title}) between 1 and 100`),
    check('mentoring_programmes_dates', sql`${t.startsOn} <= ${t.endsOn}`),
    check('mentoring_programmes_year', sql`${t.fiscalYear} between 2000 and 2100`),
    check('mentoring_programmes_weeks', sql`${t.nudgeAfterWeeks} between 1 and 26 and ${t.escalateAfterWeeks} between ${t.nudgeAfterWeeks} + 1 and 52`),
    check('mentoring_programmes_minutes', sql`${t.sessionMinutes} between 15 and 480`),
    check('mentoring_programmes_min_years', sql`${t.mentorMinYears} between 0 and 40`),
    pgPolicy('mentoring_programmes_read', {
      for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and (scope = 'region' or municipality_id = ${currentTenant})`,
    }),
    // Made in the maker's own town; a cross-town programme only by a coordinator of the region.
    pgPolicy('mentoring_programmes_create', {
      for: 'insert',
      to: appRole,
      withCheck: sql`region_id = ${currentRegion} and municipality_id = ${currentTenant} and (scope = 'town' or yui_is_region_coordinator())`,
    }),
    pgPolicy('mentoring_programmes_change', {
      for: 'update', to: appRole, using: sql`id in (select yui_admin_mentoring_programmes())`, withCheck: sql`id in (select yui_admin_mentoring_programmes())`,
    }),
  ],
).enableRLS();

const programmeFk = (name: string, t: { regionId: never; programmeId: never }) =>
  foreignKey({ name: `${name}_programme_fk`, columns: [t.regionId, t.programmeId], foreignColumns: [mentoringProgrammes.regionId, mentoringProgrammes.id] });

/** A mentor's or a mentee's entry in a programme. */
export const mentoringParticipants = pgTable(
  'mentoring_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** The person's town (and department when they joined: matching reads the current one). */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    role: text('role', { enum: mentoringRoles }).notNull(),
    status: text('status', { enum: participantStatuses }).notNull().default('active'),
    /** Mentor: how many mentees at once. Mentee: 1. */
    capacity: integer('capacity').notNull().default(1),
    /** Mentor: skills offered; mentee: interests (normalised like the talent registry). */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** As stated (prefilled from the hire date; may include service before). */
    yearsOfService: integer('years_of_service').notNull().default(0),
    townPreference: text('town_preference', { enum: townPreferences }).notNull().default('any'),
    /** A few words for the other side (mentor: what they can help with; mentee: what they hope for). */
    note: text('note').notNull().default(''),
    /** Mentee: people not to be matched again (a previous mentor after a rematch request). */
    excludedMentorIds: uuid('excluded_mentor_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Mentee: asked for a new match, and why (seen by the programme's admins only). */
    rematchRequestedAt: timestamp('rematch_requested_at', { withTimezone: true }),
    rematchReason: text('rematch_reason'),
    /** Enrolled by an admin (eligible list) or joined by themselves. */
    addedBy: uuid('added_by').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('mentoring_participants_uq').on(t.programmeId, t.userId, t.role),
    programmeFk('mentoring_participants', t as never),
    index('mentoring_participants_programme_idx').on(t.programmeId, t.role, t.status),
    index('mentoring_participants_user_idx').on(t.regionId, t.userId),
    check('mentoring_participants_capacity', sql`${t.capacity} between 1 and 10`),
    check('mentoring_participants_years', sql`${t.yearsOfService} between 0 and 60`),
    pgPolicy('mentoring_participants_read', { for: 'select', to: appRole, using: visibleProgramme }),
    pgPolicy('mentoring_participants_add', {
      for: 'insert',
      to: appRole,
      withCheck: sql`${visibleProgramme} and ((user_id = ${currentUser} and municipality_id = ${currentTenant}) or ${adminsProgramme})`,
    }),
    pgPolicy('mentoring_participants_change', {
      for: 'update',
      to: appRole,
      using: sql`${visibleProgramme} and (user_id = ${currentUser} or ${adminsProgramme})`,
      withCheck: visibleProgramme,
    }),
  ],
).enableRLS();

/** A pair: a mentor and a mentee of one programme. */
export const mentorships = pgTable(
  'mentorships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    mentorId: uuid('mentor_id').notNull(),
    mentorMunicipalityId: uuid('mentor_municipality_id').notNull().references(() => municipalities.id),
    menteeId: uuid('mentee_id').notNull(),
    menteeMunicipalityId: uuid('mentee_municipality_id').notNull().references(() => municipalities.id),
    status: text('status', { enum: mentorshipStatuses }).notNull().default('active'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    goals: text('goals').notNull().default(''),
    /** The score and its reasons when matched (kept as they were then). */
    score: integer('score').notNull().default(0),
    reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
    /** manual: confirmed one by one; assignment: the optimal assignment for everyone. */
    matchedVia: text('matched_via', { enum: ['manual', 'assignment'] }).notNull().default('manual'),
    matchedBy: uuid('matched_by').notNull(),
    /** Keeping pairs alive: the last session held (null: none yet), the nudge and the admins' notice. */
    lastSessionOn: date('last_session_on'),
    nudgedAt: timestamp('nudged_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** Survey reminders sent (mid-point, end). */
    midSurveyNotifiedAt: timestamp('mid_survey_notified_at', { withTimezone: true }),
    endSurveyNotifiedAt: timestamp('end_survey_notified_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason', { enum: mentorshipEndReasons }),
    ...timestamps,
  },
  (t) => [
    unique('mentorships_region_id_uq').on(t.regionId, t.id),
    programmeFk('mentorships', t as never),
    // A mentee has one active mentor per programme.
    uniqueIndex('mentorships_active_mentee_uq').on(t.programmeId, t.menteeId).where(sql`${t.status} = 'active'`),
    index('mentorships_programme_idx').on(t.programmeId, t.status),
    index('mentorships_mentor_idx').on(t.regionId, t.mentorId, t.status),
    index('mentorships_mentee_idx').on(t.regionId, t.menteeId, t.status),
    check('mentorships_not_self', sql`${t.mentorId} <> ${t.menteeId}`),
    check('mentorships_dates', sql`${t.startsOn} <= ${t.endsOn}`),
    check('mentorships_score', sql`${t.score} between 0 and 100`),
    pgPolicy('mentorships_read', { for: 'select', to: appRole, using: visibleProgramme }),
    pgPolicy('mentorships_match', { for: 'insert', to: appRole, withCheck: sql`${visibleProgramme} and ${adminsProgramme}` }),
    // Changed by its two people (goals, sessions held, a rematch request), the programme's admins, or
    // the keep-alive job of the programme's own town (which runs without a person); what each may
    // change is the API's.
    pgPolicy('mentorships_change', { for: 'update', to: appRole, using: pairOrRunners, withCheck: visibleProgramme }),
  ],
).enableRLS();

const pairFk = (name: string, t: { regionId: never; mentorshipId: never }) =>
  foreignKey({ name: `${name}_pair_fk`, columns: [t.regionId, t.mentorshipId], foreignColumns: [mentorships.regionId, mentorships.id] });

/** The session log (and the next session, status planned). Private notes are in mentoring_notes. */
export const mentoringSessions = pgTable(
  'mentoring_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    mentorshipId: uuid('mentorship_id').notNull(),
    status: text('status', { enum: mentoringSessionStatuses }).notNull().default('planned'),
    heldOn: date('held_on').notNull(),
    /** Start time (JST, "HH:MM") when planned; optional. */
    startTime: text('start_time'),
    minutes: integer('minutes').notNull(),
    topic: text('topic').notNull().default(''),
    place: text('place'),
    loggedBy: uuid('logged_by').notNull(),
    /** The 20% requests of the mentor and the mentee (each in their own town) and their state, mirrored by the time hook. */
    mentorTimeRequestId: uuid('mentor_time_request_id'),
    mentorTimeStatus: text('mentor_time_status'),
    menteeTimeRequestId: uuid('mentee_time_request_id'),
    menteeTimeStatus: text('mentee_time_status'),
    idempotencyKey: text('idempotency_key'),
    ...timestamps,
  },
  (t) => [
    pairFk('mentoring_sessions', t as never),
    uniqueIndex('mentoring_sessions_idempotency_uq').on(t.loggedBy, t.idempotencyKey),
    index('mentoring_sessions_pair_idx').on(t.mentorshipId, t.heldOn.desc()),
    index('mentoring_sessions_programme_idx').on(t.programmeId, t.status, t.heldOn),
    check('mentoring_sessions_minutes', sql`${t.minutes} between 5 and 480`),
    check('mentoring_sessions_start', sql`${t.startTime} is null or ${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    pgPolicy('mentoring_sessions_read', { for: 'select', to: appRole, using: visibleProgramme }),
    pgPolicy('mentoring_sessions_log', { for: 'insert', to: appRole, withCheck: sql`${visibleProgramme} and logged_by = ${currentUser}` }),
    pgPolicy('mentoring_sessions_change', { for: 'update', to: appRole, using: visibleProgramme, withCheck: visibleProgramme }),
  ],
).enableRLS();

/** 非公開メモ: a note on a session that only the two people of the pair can read. */
export const mentoringNotes = pgTable(
  'mentoring_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    mentorshipId: uuid('mentorship_id').notNull(),
    sessionId: uuid('session_id').references(() => mentoringSessions.id, { onDelete: 'cascade' }),
    /** The pair, copied so that the policy needs no join. */
    mentorId: uuid('mentor_id').notNull(),
    menteeId: uuid('mentee_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    ...timestamps,
  },
  (t) => [
    pairFk('mentoring_notes', t as never),
    index('mentoring_notes_pair_idx').on(t.mentorshipId, t.createdAt),
    check('mentoring_notes_len', sql`char_length(${t.body}) between 1 and 4000`),
    check('mentoring_notes_author', sql`${t.authorId} in (${t.mentorId}, ${t.menteeId})`),
    pgPolicy('mentoring_notes_read', {
      for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and ${currentUser} in (mentor_id, mentee_id)`,
    }),
    pgPolicy('mentoring_notes_write', {
      for: 'insert', to: appRole, withCheck: sql`region_id = ${currentRegion} and author_id = ${currentUser}`,
    }),
    pgPolicy('mentoring_notes_edit', {
      for: 'update', to: appRole, using: sql`region_id = ${currentRegion} and author_id = ${currentUser}`, withCheck: sql`author_id = ${currentUser}`,
    }),
    pgPolicy('mentoring_notes_remove', { for: 'delete', to: appRole, using: sql`region_id = ${currentRegion} and author_id = ${currentUser}` }),
  ],
).enableRLS();

/** A confidential consultation a mentor opens about their mentee with the 所属長 or the town's 人事. */
export const mentoringConsultations = pgTable(
  'mentoring_consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    mentorshipId: uuid('mentorship_id').notNull(),
    /** Whom it is about (never a participant: the mentee does not see it). */
    menteeId: uuid('mentee_id').notNull(),
    openedBy: uuid('opened_by').notNull(),
    kind: text('kind', { enum: consultationKinds }).notNull(),
    /** Everyone who may read it: the mentor and the people consulted. */
    participantIds: uuid('participant_ids').array().notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: consultationStatuses }).notNull().default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    ...timestamps,
  },
  (t) => [
    pairFk('mentoring_consultations', t as never),
    uniqueIndex('mentoring_consultations_idempotency_uq').on(t.openedBy, t.idempotencyKey),
    index('mentoring_consultations_pair_idx').on(t.mentorshipId, t.createdAt.desc()),
    index('mentoring_consultations_people_idx').using('gin', t.participantIds),
    check('mentoring_consultations_subject_len', sql`char_length(${t.subject}) between 1 and 100`),
    check('mentoring_consultations_not_mentee', sql`not (${t.menteeId} = any(${t.participantIds}))`),
    check('mentoring_consultations_opener', sql`${t.openedBy} = any(${t.participantIds})`),
    pgPolicy('mentoring_consultations_read', {
      for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and ${currentUser} = any(participant_ids)`,
    }),
    pgPolicy('mentoring_consultations_open', {
      for: 'insert', to: appRole, withCheck: sql`region_id = ${currentRegion} and opened_by = ${currentUser} and ${currentUser} = any(participant_ids)`,
    }),
    pgPolicy('mentoring_consultations_change', {
      for: 'update',
      to: appRole,
      using: sql`region_id = ${currentRegion} and ${currentUser} = any(participant_ids)`,
      withCheck: sql`region_id = ${currentRegion} and ${currentUser} = any(participant_ids)`,
    }),
  ],
).enableRLS();

/** The messages of a consultation (seen by its participants only). */
export const mentoringConsultationMessages = pgTable(
  'mentoring_consultation_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    consultationId: uuid('consultation_id').notNull().references(() => mentoringConsultations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mentoring_consultation_messages_idempotency_uq').on(t.authorId, t.idempotencyKey),
    index('mentoring_consultation_messages_idx').on(t.consultationId, t.createdAt),
    check('mentoring_consultation_messages_len', sql`char_length(${t.body}) between 1 and 4000`),
    pgPolicy('mentoring_consultation_messages_read', {
      for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and consultation_id in (select yui_my_mentoring_consultations())`,
    }),
    pgPolicy('mentoring_consultation_messages_write', {
      for: 'insert',
      to: appRole,
      withCheck: sql`region_id = ${currentRegion} and author_id = ${currentUser} and consultation_id in (select yui_my_mentoring_consultations())`,
    }),
  ],
).enableRLS();

/** Short surveys at the mid-point and the end (satisfaction 1–5). Seen by the author and the programme's admins. */
export const mentoringSurveys = pgTable(
  'mentoring_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    mentorshipId: uuid('mentorship_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    role: text('role', { enum: mentoringRoles }).notNull(),
    stage: text('stage', { enum: surveyStages }).notNull(),
    satisfaction: smallint('satisfaction').notNull(),
    /** 1–5: did the sessions help (mentee) / was it rewarding (mentor). */
    usefulness: smallint('usefulness'),
    comment: text('comment').notNull().default(''),
    ...timestamps,
  },
  (t) => [
    unique('mentoring_surveys_uq').on(t.mentorshipId, t.userId, t.stage),
    pairFk('mentoring_surveys', t as never),
    index('mentoring_surveys_programme_idx').on(t.programmeId, t.stage),
    check('mentoring_surveys_satisfaction', sql`${t.satisfaction} between 1 and 5`),
    check('mentoring_surveys_usefulness', sql`${t.usefulness} is null or ${t.usefulness} between 1 and 5`),
    pgPolicy('mentoring_surveys_read', {
      for: 'select', to: appRole, using: sql`region_id = ${currentRegion} and (user_id = ${currentUser} or ${adminsProgramme})`,
    }),
    pgPolicy('mentoring_surveys_answer', {
      for: 'insert', to: appRole, withCheck: sql`${visibleProgramme} and user_id = ${currentUser} and municipality_id = ${currentTenant}`,
    }),
    pgPolicy('mentoring_surveys_change', {
      for: 'update', to: appRole, using: sql`region_id = ${currentRegion} and user_id = ${currentUser}`, withCheck: sql`user_id = ${currentUser}`,
    }),
  ],
).enableRLS();
