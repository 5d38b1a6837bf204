import { z } from 'zod';
import { personRef } from './communities';
import { skillTag, townRef } from './help';
import { timeRequestStatus } from './time';

/**
 * 職員サポート制度 (mentoring) — shapes shared by the API (/api/mentoring), the web and the worker.
 * Programmes (a town's own, or cross-town run by the region's coordinators), mentors and mentees,
 * matching (ranked suggestions with reasons; an optimal assignment for everyone), pairs with their
 * session log, private notes, confidential consultations, surveys and the yearly report.
 */

/** 新採用職員サポート / 新任係長サポート / 広域メンタリング / その他. */
export const mentoringKind = z.enum(['new_hire', 'new_chief', 'cross_town', 'other']);
export type MentoringKind = z.infer<typeof mentoringKind>;
/** town: the town's own programme (its 自治体管理者 run it); region: across towns (the coordinators). */
export const mentoringScope = z.enum(['town', 'region']);
export type MentoringScope = z.infer<typeof mentoringScope>;
/** Who may be a mentee: hired in the 年度 / became 係長 in the 年度 / anyone. */
export const menteeRule = z.enum(['hired_in_year', 'chief_in_year', 'anyone']);
export type MenteeRule = z.infer<typeof menteeRule>;
/** near: same 部・課 preferred (daily support, 富岡市); far: other departments (横・斜めのつながり); any. */
export const departmentPreference = z.enum(['near', 'far', 'any']);
export type DepartmentPreference = z.infer<typeof departmentPreference>;
/** A participant's wish: a partner of their own town, of another town, or either. */
export const townPreference = z.enum(['own', 'other', 'any']);
export type TownPreference = z.infer<typeof townPreference>;
export const mentoringProgrammeStatus = z.enum(['open', 'closed']);
export const mentoringRole = z.enum(['mentor', 'mentee']);
export type MentoringRole = z.infer<typeof mentoringRole>;
export const participantStatus = z.enum(['active', 'withdrawn']);
export const mentorshipStatus = z.enum(['active', 'ended']);
export const mentorshipEndReason = z.enum(['completed', 'rematch', 'withdrawn', 'closed']);
export type MentorshipEndReason = z.infer<typeof mentorshipEndReason>;
/**
 * Keeping pairs alive. new: no session yet, still within the nudge weeks · good: a session within the
 * nudge weeks · quiet: none for the nudge weeks (both nudged) · stalled: none for the escalation weeks
 * (the programme's admins told) · ended.
 */
export const pairHealth = z.enum(['new', 'good', 'quiet', 'stalled', 'ended']);
export type PairHealth = z.infer<typeof pairHealth>;
export const mentoringSessionStatus = z.enum(['planned', 'held', 'cancelled']);
export type MentoringSessionStatus = z.infer<typeof mentoringSessionStatus>;
export const surveyStage = z.enum(['mid', 'end']);
export type SurveyStage = z.infer<typeof surveyStage>;
/** The mentee's 所属長, or the 人事 (自治体管理者) of the mentee's town. */
export const consultationKind = z.enum(['manager', 'hr']);
export type ConsultationKind = z.infer<typeof consultationKind>;
export const consultationStatus = z.enum(['open', 'closed']);

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const idempotencyKey = z.string().min(8).max(100).optional();
const skills = z.array(skillTag).max(20);
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);
/** Minutes of one session: 5 min – 8 h. */
const sessionMinutes = z.number().int().min(5).max(480);

// ── programmes ──────────────────────────────────────────────────────────────────────────────────

const programmeFields = {
  kind: mentoringKind,
  /** 年度 (April–March), e.g. 2026 for 令和8年度. */
  fiscalYear: z.number().int().min(2000).max(2100),
  title: text(100).min(1),
  goals: text(2000).default(''),
  menteeRule: menteeRule.default('anyone'),
  mentorMinYears: z.number().int().min(0).max(40).default(3),
  departmentPreference: departmentPreference.default('any'),
  /** Default: the 年度 (April 1 – March 31). */
  startsOn: isoDate.optional(),
  endsOn: isoDate.optional(),
  nudgeAfterWeeks: z.number().int().min(1).max(26).default(4),
  escalateAfterWeeks: z.number().int().min(2).max(52).default(8),
  sessionMinutes: z.number().int().min(15).max(480).default(60),
};
export const programmeCreate = z.object({ scope: mentoringScope, ...programmeFields, idempotencyKey });
export type ProgrammeCreate = z.infer<typeof programmeCreate>;
export const programmeUpdate = z.object({
  title: programmeFields.title.optional(),
  goals: text(2000).optional(),
  menteeRule: menteeRule.optional(),
  mentorMinYears: z.number().int().min(0).max(40).optional(),
  departmentPreference: departmentPreference.optional(),
  startsOn: isoDate.optional(),
  endsOn: isoDate.optional(),
  nudgeAfterWeeks: z.number().int().min(1).max(26).optional(),
  escalateAfterWeeks: z.number().int().min(2).max(52).optional(),
  sessionMinutes: z.number().int().min(15).max(480).optional(),
});
export type ProgrammeUpdate = z.infer<typeof programmeUpdate>;
export const programmeListQuery = z.object({
  fy: z.coerce.number().int().min(2000).max(2100).optional(),
  status: mentoringProgrammeStatus.optional(),
});

export const programmeCounts = z.object({
  mentors: z.number().int(),
  /** Mentor places (sum of capacities of active mentors) and how many are taken. */
  mentorPlaces: z.number().int(),
  mentees: z.number().int(),
  activePairs: z.number().int(),
  /** Active mentees without an active pair. */
  unmatched: z.number().int(),
});
export const programmeSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: mentoringKind,
  scope: mentoringScope,
  fiscalYear: z.number().int(),
  status: mentoringProgrammeStatus,
  town: townRef,
  startsOn: isoDate,
  endsOn: isoDate,
  counts: programmeCounts,
  /** The reader: their entries here, whether they run it, what they may join as. */
  me: z.object({
    roles: z.array(mentoringRole),
    canAdmin: z.boolean(),
    canJoinAs: z.array(mentoringRole),
  }),
});
export type ProgrammeSummary = z.infer<typeof programmeSummary>;
export const programmeList = z.object({ items: z.array(programmeSummary) });
export const programme = programmeSummary.extend({
  goals: z.string(),
  menteeRule,
  mentorMinYears: z.number().int(),
  departmentPreference,
  nudgeAfterWeeks: z.number().int(),
  escalateAfterWeeks: z.number().int(),
  sessionMinutes: z.number().int(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type Programme = z.infer<typeof programme>;

// ── participants ────────────────────────────────────────────────────────────────────────────────

/** Volunteering as a mentor / joining as a mentee (and changing one's entry). */
export const participantInput = z.object({
  role: mentoringRole,
  /** Mentors: how many mentees at once (1–10). Ignored for mentees. */
  capacity: z.number().int().min(1).max(10).default(1),
  /** Mentor: skills offered; mentee: interests. */
  skills: skills.default([]),
  yearsOfService: z.number().int().min(0).max(60).optional(),
  townPreference: townPreference.default('any'),
  note: text(1000).default(''),
});
export type ParticipantInput = z.infer<typeof participantInput>;
export const participantUpdate = participantInput.omit({ role: true }).partial();
export type ParticipantUpdate = z.infer<typeof participantUpdate>;

export const participant = z.object({
  id: z.uuid(),
  role: mentoringRole,
  status: participantStatus,
  person: personRef,
  capacity: z.number().int(),
  /** Mentor: active pairs now. Mentee: 1 when matched. */
  activePairs: z.number().int(),
  skills: z.array(z.string()),
  yearsOfService: z.number().int(),
  townPreference,
  note: z.string(),
  /** Mentee: asked for a new match (the reason only for the programme's admins). */
  rematchRequested: z.boolean(),
  rematchReason: z.string().nullable(),
  /** Enrolled by an admin (true) or joined by themselves. */
  enrolled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Participant = z.infer<typeof participant>;
export const participantList = z.object({ items: z.array(participant) });
export const participantListQuery = z.object({ role: mentoringRole.optional(), status: participantStatus.optional() });
/** Enrol mentees: the listed people, or (none listed) everyone the programme's rule makes eligible. */
export const enrolInput = z.object({ userIds: z.array(z.uuid()).max(500).optional() });
export const enrolResult = z.object({ added: z.number().int(), items: z.array(participant) });
export const eligibleList = z.object({ items: z.array(personRef.extend({ hireDate: isoDate.nullable(), positionSince: isoDate.nullable() })) });

// ── matching ────────────────────────────────────────────────────────────────────────────────────

/** How far apart two people work: same 課 (other 係), same 部, other 部 of one town, other towns. */
export const departmentDistance = z.enum(['same_ka', 'same_bu', 'other_bu', 'other_town']);
export type DepartmentDistance = z.infer<typeof departmentDistance>;
/** One part of a score, with what it is made of (rendered per reader by the web). */
export const matchReason = z.object({
  code: z.enum(['skills', 'experience', 'department', 'town', 'capacity']),
  points: z.number().int(),
  max: z.number().int(),
  /** skills: the shared skills/interests. */
  skills: z.array(z.string()).optional(),
  /** experience: the mentor's years of service more than the mentee's. */
  yearsGap: z.number().int().optional(),
  distance: departmentDistance.optional(),
  /** town: both wishes met (true), one not (false). */
  townWish: z.enum(['met', 'neutral', 'unmet']).optional(),
  /** capacity: places left after this pair, of capacity. */
  remaining: z.number().int().optional(),
  capacity: z.number().int().optional(),
});
export type MatchReason = z.infer<typeof matchReason>;
/** Why a mentor cannot be suggested for a mentee. */
export const matchExclusion = z.enum(['self', 'own_manager', 'same_section', 'no_capacity', 'previous_mentor', 'min_years']);
export type MatchExclusion = z.infer<typeof matchExclusion>;

export const matchSuggestion = z.object({
  mentor: personRef,
  participantId: z.uuid(),
  score: z.number().int(),
  reasons: z.array(matchReason),
  capacity: z.number().int(),
  activePairs: z.number().int(),
});
export type MatchSuggestion = z.infer<typeof matchSuggestion>;
export const menteeMatching = z.object({
  mentee: participant,
  suggestions: z.array(matchSuggestion),
  /** Mentors left out and why (counted per reason). */
  excluded: z.array(z.object({ reason: matchExclusion, count: z.number().int() })),
});
export type MenteeMatching = z.infer<typeof menteeMatching>;
/** Every active mentee without a pair, each with their best suggestions (limit per mentee). */
export const matchingBoard = z.object({ items: z.array(menteeMatching), mentorsWithRoom: z.number().int() });
export type MatchingBoard = z.infer<typeof matchingBoard>;
export const matchingQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) });

export const matchConfirm = z.object({ menteeId: z.uuid(), mentorId: z.uuid(), idempotencyKey });
export type MatchConfirm = z.infer<typeof matchConfirm>;
/** The optimal assignment for everyone unmatched (a proposal: nothing is written). */
export const assignmentProposal = z.object({
  pairs: z.array(z.object({ mentee: personRef, mentor: personRef, score: z.number().int(), reasons: z.array(matchReason) })),
  totalScore: z.number().int(),
  /** What first-come-first-served (best pair first) would have reached, for comparison. */
  greedyTotalScore: z.number().int(),
  greedyPairs: z.number().int(),
  unmatched: z.array(personRef),
});
export type AssignmentProposal = z.infer<typeof assignmentProposal>;
/** Confirms the listed pairs (all or none). */
export const assignmentConfirm = z.object({
  pairs: z.array(z.object({ menteeId: z.uuid(), mentorId: z.uuid() })).min(1).max(500),
});
export type AssignmentConfirm = z.infer<typeof assignmentConfirm>;

// ── pairs ───────────────────────────────────────────────────────────────────────────────────────

export const sessionRef = z.object({ id: z.uuid(), heldOn: isoDate, startTime: z.string().nullable(), minutes: z.number().int(), place: z.string().nullable() });
export const mentorshipSummary = z.object({
  id: z.uuid(),
  programme: z.object({ id: z.uuid(), title: z.string(), kind: mentoringKind, scope: mentoringScope }),
  mentor: personRef,
  mentee: personRef,
  status: mentorshipStatus,
  endReason: mentorshipEndReason.nullable(),
  startsOn: isoDate,
  endsOn: isoDate,
  score: z.number().int(),
  lastSessionOn: isoDate.nullable(),
  nextSession: sessionRef.nullable(),
  sessionCount: z.number().int(),
  heldMinutes: z.number().int(),
  health: pairHealth,
  /** Whole weeks since the last session (or the start, when none yet). */
  weeksQuiet: z.number().int(),
  /** The reader's side of it (null: an admin reading). */
  myRole: mentoringRole.nullable(),
});
export type MentorshipSummary = z.infer<typeof mentorshipSummary>;
export const mentorshipList = z.object({ items: z.array(mentorshipSummary) });
export const healthBoard = z.object({
  items: z.array(mentorshipSummary),
  counts: z.record(pairHealth, z.number().int()),
});
export type HealthBoard = z.infer<typeof healthBoard>;

export const mentoringSession = z.object({
  id: z.uuid(),
  status: mentoringSessionStatus,
  heldOn: isoDate,
  startTime: z.string().nullable(),
  minutes: z.number().int(),
  topic: z.string(),
  place: z.string().nullable(),
  loggedBy: z.object({ id: z.uuid(), name: z.string() }),
  /** The state of each one's 20% request (null: none filed). The reader's own request id. */
  mentorTime: timeRequestStatus.nullable(),
  menteeTime: timeRequestStatus.nullable(),
  myTimeRequestId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type MentoringSession = z.infer<typeof mentoringSession>;
export const privateNote = z.object({
  id: z.uuid(),
  sessionId: z.uuid().nullable(),
  author: z.object({ id: z.uuid(), name: z.string() }),
  body: z.string(),
  mine: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type PrivateNote = z.infer<typeof privateNote>;
export const surveyAnswer = z.object({
  stage: surveyStage,
  satisfaction: z.number().int().min(1).max(5),
  usefulness: z.number().int().min(1).max(5).nullable(),
  comment: z.string(),
  answeredAt: z.iso.datetime(),
});
export const mentorship = mentorshipSummary.extend({
  goals: z.string(),
  reasons: z.array(matchReason),
  matchedVia: z.enum(['manual', 'assignment']),
  sessions: z.array(mentoringSession),
  /** Only for the two of the pair (absent for an admin). */
  notes: z.array(privateNote).optional(),
  /** The reader's own survey answers, and which are due (mid-point reached / the end near). */
  surveys: z.object({ mine: z.array(surveyAnswer), due: z.array(surveyStage) }).optional(),
  /** Consultations the reader takes part in about this pair (mentor side only). */
  consultationCount: z.number().int().optional(),
  can: z.object({
    logSession: z.boolean(),
    editGoals: z.boolean(),
    requestRematch: z.boolean(),
    consult: z.boolean(),
    end: z.boolean(),
  }),
});
export type Mentorship = z.infer<typeof mentorship>;
export const mentorshipUpdate = z.object({ goals: text(2000) });
export const rematchRequest = z.object({ reason: text(1000).min(1) });
export const mentorshipEnd = z.object({ reason: z.enum(['completed', 'withdrawn']) });

/** A session: planned (the next one; may file one's 20% request at once) or held (logged afterwards). */
export const sessionCreate = z.object({
  status: z.enum(['planned', 'held']),
  heldOn: isoDate,
  startTime: hhmm.nullable().optional(),
  minutes: sessionMinutes,
  topic: text(200).default(''),
  place: text(200).nullable().optional(),
  /** A private note for the two of the pair (held sessions). */
  note: text(4000).nullable().optional(),
  /** Planned: file the writer's own 20% request for it in the same transaction. */
  fileTime: z.boolean().default(false),
  idempotencyKey,
});
export type SessionCreate = z.infer<typeof sessionCreate>;
/** Record a planned session as held (or cancel it). */
export const sessionUpdate = z.object({
  status: z.enum(['held', 'cancelled']),
  heldOn: isoDate.optional(),
  minutes: sessionMinutes.optional(),
  topic: text(200).optional(),
  note: text(4000).nullable().optional(),
});
export type SessionUpdate = z.infer<typeof sessionUpdate>;
export const noteCreate = z.object({ body: text(4000).min(1), sessionId: z.uuid().nullable().optional() });
export const surveyInput = z.object({
  stage: surveyStage,
  satisfaction: z.number().int().min(1).max(5),
  usefulness: z.number().int().min(1).max(5).nullable().optional(),
  comment: text(1000).default(''),
});
export type SurveyInput = z.infer<typeof surveyInput>;

// ── consultations ───────────────────────────────────────────────────────────────────────────────

export const consultContact = z.object({
  id: z.uuid(),
  kind: consultationKind,
  name: z.string(),
  nameKana: z.string(),
  departmentName: z.string().nullable(),
});
export const consultContactList = z.object({ items: z.array(consultContact) });
export const consultationCreate = z.object({
  kind: consultationKind,
  /** Some of the contacts offered for that kind (default: all of them). */
  contactIds: z.array(z.uuid()).max(10).optional(),
  subject: text(100).min(1),
  body: text(4000).min(1),
  idempotencyKey,
});
export type ConsultationCreate = z.infer<typeof consultationCreate>;
export const consultationMessage = z.object({
  id: z.uuid(),
  author: z.object({ id: z.uuid(), name: z.string() }),
  body: z.string(),
  mine: z.boolean(),
  createdAt: z.iso.datetime(),
});
export const consultationSummary = z.object({
  id: z.uuid(),
  mentorshipId: z.uuid(),
  subject: z.string(),
  kind: consultationKind,
  status: consultationStatus,
  mentee: personRef,
  openedBy: personRef,
  participants: z.array(personRef),
  messageCount: z.number().int(),
  lastMessageAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type ConsultationSummary = z.infer<typeof consultationSummary>;
export const consultationList = z.object({ items: z.array(consultationSummary) });
export const consultation = consultationSummary.extend({ messages: z.array(consultationMessage) });
export type Consultation = z.infer<typeof consultation>;
export const consultationReply = z.object({ body: text(4000).min(1), idempotencyKey });

// ── report ──────────────────────────────────────────────────────────────────────────────────────

export const programmeReport = z.object({
  programme: programmeSummary,
  fiscalYear: z.number().int(),
  from: isoDate,
  to: isoDate,
  totals: z.object({
    pairs: z.number().int(),
    activePairs: z.number().int(),
    endedPairs: z.number().int(),
    rematches: z.number().int(),
    mentors: z.number().int(),
    mentees: z.number().int(),
    sessions: z.number().int(),
    minutes: z.number().int(),
    /** Average satisfaction (1–5, one decimal) and how many answered, per stage. */
    satisfactionMid: z.number().nullable(),
    satisfactionEnd: z.number().nullable(),
    answersMid: z.number().int(),
    answersEnd: z.number().int(),
  }),
  /** April … March of the 年度. */
  months: z.array(z.object({ month: z.string(), sessions: z.number().int(), minutes: z.number().int(), pairsMet: z.number().int() })),
  health: z.record(pairHealth, z.number().int()),
  pairs: z.array(z.object({
    id: z.uuid(),
    mentor: personRef,
    mentee: personRef,
    status: mentorshipStatus,
    sessions: z.number().int(),
    minutes: z.number().int(),
    lastSessionOn: isoDate.nullable(),
    health: pairHealth,
    satisfaction: z.number().nullable(),
  })),
});
export type ProgrammeReport = z.infer<typeof programmeReport>;
export const programmeReportQuery = z.object({ fy: z.coerce.number().int().min(2000).max(2100).optional() });
