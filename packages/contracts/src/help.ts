import { z } from 'zod';
import { personRef } from './communities';
import { timeRequestStatus } from './time';

/**
 * 職場応援 / たすけあい+ — shapes shared by the API (/api/help-calls, /api/talent, /api/departments),
 * the web and the worker. Calls for help, applications, the talent registry (人材), requests sent to
 * one person (人材宛依頼), department pages (各課広報) and the yearly figures (データ保管庫).
 */

/** 業務カテゴリ: 企画参画 / 運営補助 / 繁忙期応援 / まなびあい / その他. */
export const helpCategory = z.enum(['planning', 'operations', 'busy_season', 'learning', 'other']);
export type HelpCategory = z.infer<typeof helpCategory>;
/** 募集中 / 締切 / 終了 / 中止. */
export const helpCallStatus = z.enum(['open', 'closed', 'finished', 'cancelled']);
export type HelpCallStatus = z.infer<typeof helpCallStatus>;
/** Own town only, or the whole region. */
export const helpReach = z.enum(['town', 'region']);
export type HelpReach = z.infer<typeof helpReach>;
/**
 * pending_time 所属長の承認待ち · applied 応募（承認済み、数に入る） · accepted 採用 · declined 見送り ·
 * withdrawn 取り下げ · time_declined 所属長が承認せず · cancelled 募集中止.
 */
export const helpApplicationStatus = z.enum(['pending_time', 'applied', 'accepted', 'declined', 'withdrawn', 'time_declined', 'cancelled']);
export type HelpApplicationStatus = z.infer<typeof helpApplicationStatus>;
/** sent 依頼中 · pending_time 承諾・所属長の承認待ち · accepted 成立 · declined 辞退 · time_declined 所属長が承認せず · withdrawn 取り下げ. */
export const helpDirectStatus = z.enum(['sent', 'pending_time', 'accepted', 'declined', 'time_declined', 'withdrawn']);
export type HelpDirectStatus = z.infer<typeof helpDirectStatus>;

/** Skills offered as suggestions (free tags are allowed too). */
export const SUGGESTED_SKILLS = [
  'イラスト', '写真撮影', '動画編集', '手話', '英語', 'Excel', 'ドローン', 'デザイン', 'SNS発信', '文章作成',
  '司会', 'イベント運営', '中国語', '韓国語', 'PowerPoint', 'プログラミング', 'データ分析', '保育', '防災', '窓口対応',
] as const;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const idempotencyKey = z.string().min(8).max(100).optional();
/** A skill tag: 1–30 characters (normalised by the API: NFKC, spaces collapsed, suggestion spelling). */
export const skillTag = z.string().trim().min(1).max(30);
const skills = z.array(skillTag).max(20);
/** Minutes per day of help: quarter hours, 15 min – 8 h. */
const minutesPerDay = z.number().int().min(15).max(480).multipleOf(15);
/** The days someone will help, as filed with their 20% request (within the call's dates). */
export const helpDays = z.array(z.object({ date: isoDate, minutes: minutesPerDay })).min(1).max(31);

/** The caller's own town, for forms and filters. */
export const townRef = z.object({ id: z.uuid(), name: z.string() });
export const departmentRef = z.object({ id: z.uuid(), name: z.string(), path: z.string().nullable() });

// ── calls ───────────────────────────────────────────────────────────────────────────────────────

export const helpCallSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  category: helpCategory,
  status: helpCallStatus,
  reach: helpReach,
  town: townRef,
  department: departmentRef,
  headcount: z.number().int(),
  /** Applications that count (time approved), accepted among them. */
  appliedCount: z.number().int(),
  acceptedCount: z.number().int(),
  /** accepted == headcount: nobody else can be accepted. */
  full: z.boolean(),
  publishedOn: isoDate,
  deadline: isoDate,
  workStart: isoDate,
  workEnd: isoDate,
  hoursNote: z.string().nullable(),
  place: z.string().nullable(),
  skills: z.array(z.string()),
  /** First 120 characters of 募集概要. */
  excerpt: z.string(),
  /** The caller's application status, if any. */
  myStatus: helpApplicationStatus.nullable(),
});
export type HelpCallSummary = z.infer<typeof helpCallSummary>;
export const helpCallPage = z.object({ items: z.array(helpCallSummary), nextCursor: z.string().nullable() });

/** The caller's own application, with their 20% request's status. */
export const myHelpApplication = z.object({
  id: z.uuid(),
  status: helpApplicationStatus,
  message: z.string().nullable(),
  plannedMinutes: z.number().int(),
  firstDate: isoDate.nullable(),
  timeRequestId: z.uuid().nullable(),
  timeStatus: timeRequestStatus.nullable(),
  decisionNote: z.string().nullable(),
  participatedMinutes: z.number().int().nullable(),
  thanks: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type MyHelpApplication = z.infer<typeof myHelpApplication>;

export const helpCall = helpCallSummary.extend({
  summary: z.string(),
  minutesPerDay: z.number().int(),
  contact: personRef,
  contactNote: z.string().nullable(),
  createdBy: personRef,
  cancelReason: z.string().nullable(),
  /** Applications still waiting for their manager (not yet counted). Managers of the call only; else null. */
  pendingCount: z.number().int().nullable(),
  mine: myHelpApplication.nullable(),
  can: z.object({
    /** Apply now: open, before the deadline, not full, not one's own call, no live application. */
    apply: z.boolean(),
    /** Why not (closed | deadline_passed | full | own_call | already_applied), null when apply is true. */
    applyBlocked: z.string().nullable(),
    withdraw: z.boolean(),
    /** Edit, close, cancel, see and decide applications, record participation. */
    manage: z.boolean(),
  }),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type HelpCall = z.infer<typeof helpCall>;

const callFields = {
  title: text(100).min(1),
  category: helpCategory,
  summary: text(5000).min(1),
  headcount: z.number().int().min(1).max(500),
  publishedOn: isoDate.optional(),
  deadline: isoDate,
  workStart: isoDate,
  workEnd: isoDate,
  hoursNote: optionalText(100),
  minutesPerDay,
  place: optionalText(200),
  skills: skills.default([]),
  /** 募集担当者: a person of the poster's own town (default: the poster). */
  contactId: z.uuid().optional(),
  contactNote: optionalText(200),
  reach: helpReach.default('region'),
};
/** departmentId: a department of the poster's own town (default: their own). */
export const helpCallCreate = z.object({ ...callFields, departmentId: z.uuid().optional(), idempotencyKey });
export type HelpCallCreate = z.infer<typeof helpCallCreate>;
/** Reach may widen (town → region) but not narrow once people of other towns have applied. */
export const helpCallUpdate = z.object({
  title: callFields.title.optional(),
  category: helpCategory.optional(),
  summary: callFields.summary.optional(),
  headcount: callFields.headcount.optional(),
  deadline: isoDate.optional(),
  workStart: isoDate.optional(),
  workEnd: isoDate.optional(),
  hoursNote: optionalText(100),
  minutesPerDay: minutesPerDay.optional(),
  place: optionalText(200),
  skills: skills.optional(),
  contactId: z.uuid().optional(),
  contactNote: optionalText(200),
  reach: helpReach.optional(),
});
export type HelpCallUpdate = z.infer<typeof helpCallUpdate>;
export const helpCallCancel = z.object({ reason: text(500).min(1) });

export const helpCallListQuery = z.object({
  /** Default: open. 'all' for every status. */
  status: z.enum(['open', 'closed', 'finished', 'cancelled', 'all']).default('open'),
  category: helpCategory.optional(),
  town: z.uuid().optional(),
  department: z.uuid().optional(),
  skill: skillTag.optional(),
  q: z.string().trim().max(100).optional(),
  /** posted: calls I posted or am the contact of; applied: calls I applied to. */
  mine: z.enum(['posted', 'applied']).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

// ── applications ────────────────────────────────────────────────────────────────────────────────

export const helpApply = z.object({
  message: optionalText(1000),
  /** Days and minutes within the call's dates; filed as the 20% request. */
  days: helpDays,
  idempotencyKey,
});
export type HelpApply = z.infer<typeof helpApply>;

/** An application as the call's managers see it. */
export const helpApplication = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  person: personRef,
  status: helpApplicationStatus,
  message: z.string().nullable(),
  plannedMinutes: z.number().int(),
  firstDate: isoDate.nullable(),
  countedAt: z.iso.datetime({ offset: true }).nullable(),
  decisionNote: z.string().nullable(),
  participatedMinutes: z.number().int().nullable(),
  thanks: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type HelpApplication = z.infer<typeof helpApplication>;
export const helpApplicationList = z.object({
  items: z.array(helpApplication),
  counts: z.record(helpApplicationStatus, z.number().int()),
});
export const helpApplicationDecision = z.object({ decision: z.enum(['accept', 'decline']), note: optionalText(500) });
/** After the work: minutes taken part (0 = did not come) and a thank-you shown on their profile. */
export const helpParticipation = z.object({
  minutes: z.number().int().min(0).max(100000),
  thanks: optionalText(1000),
});

/** One of my applications, with its call. */
export const myHelpApplicationItem = myHelpApplication.extend({ call: helpCallSummary });
export const myHelpApplicationList = z.object({ items: z.array(myHelpApplicationItem) });

/** Someone the poster might ask: a registered talent whose skills match, with the reasons. */
export const talentSuggestion = z.object({
  person: personRef,
  photoUrl: z.string().nullable(),
  skills: z.array(z.string()),
  matched: z.array(z.string()),
  score: z.number(),
  availability: z.string(),
  helpedCount: z.number().int(),
});
export const talentSuggestionList = z.object({ items: z.array(talentSuggestion) });

// ── talent registry ─────────────────────────────────────────────────────────────────────────────

export const talentProfileInput = z.object({
  skills: skills.min(1),
  /** Hear of new calls for these skills (each must be one of skills). */
  notifySkills: skills.default([]),
  introduction: text(2000).default(''),
  availability: text(300).default(''),
});
export type TalentProfileInput = z.infer<typeof talentProfileInput>;

export const talentProfile = z.object({
  active: z.boolean(),
  skills: z.array(z.string()),
  notifySkills: z.array(z.string()),
  introduction: z.string(),
  availability: z.string(),
  optedInAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TalentProfile = z.infer<typeof talentProfile>;
export const myTalent = z.object({ profile: talentProfile.nullable() });

export const talentCard = z.object({
  person: personRef,
  photoUrl: z.string().nullable(),
  skills: z.array(z.string()),
  introduction: z.string(),
  availability: z.string(),
  helpedCount: z.number().int(),
  thanksCount: z.number().int(),
});
export type TalentCard = z.infer<typeof talentCard>;
export const talentPage = z.object({ items: z.array(talentCard), nextCursor: z.string().nullable() });
export const talentSearchQuery = z.object({
  skill: skillTag.optional(),
  town: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const skillSuggestions = z.object({
  suggested: z.array(z.string()),
  /** Skills registered in the region, most common first. */
  popular: z.array(z.object({ skill: z.string(), count: z.number().int() })),
});

/** Help someone gave: a call they were accepted for, or a direct request, with minutes and thanks. */
export const helpGiven = z.object({
  kind: z.enum(['call', 'direct']),
  id: z.uuid(),
  title: z.string(),
  town: townRef,
  department: departmentRef,
  date: isoDate.nullable(),
  minutes: z.number().int().nullable(),
  thanks: z.string().nullable(),
  thankedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type HelpGiven = z.infer<typeof helpGiven>;

/** A person's page: who they are, their talent entry (null when not registered or opted out), help given. */
export const personProfile = z.object({
  person: personRef,
  photoUrl: z.string().nullable(),
  introduction: z.string().nullable(),
  talent: talentProfile.omit({ notifySkills: true }).nullable(),
  helpGiven: z.array(helpGiven),
  totals: z.object({ count: z.number().int(), minutes: z.number().int(), thanks: z.number().int() }),
  can: z.object({ request: z.boolean() }),
});
export type PersonProfile = z.infer<typeof personProfile>;

// ── direct requests (人材宛依頼) ─────────────────────────────────────────────────────────────────

export const directRequestCreate = z.object({
  title: text(100).min(1),
  body: text(5000).min(1),
  category: helpCategory.default('other'),
  departmentId: z.uuid().optional(),
  workStart: isoDate,
  workEnd: isoDate,
  hoursNote: optionalText(100),
  minutesPerDay,
  place: optionalText(200),
  idempotencyKey,
});
export type DirectRequestCreate = z.infer<typeof directRequestCreate>;
export const directRequestAnswer = z.object({
  answer: z.enum(['accept', 'decline']),
  note: optionalText(500),
  /** Required to accept: the days filed as the 20% request (within the request's dates). */
  days: helpDays.optional(),
});
export const directRequest = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  category: helpCategory,
  status: helpDirectStatus,
  town: townRef,
  department: departmentRef,
  requestedBy: personRef,
  talent: personRef,
  workStart: isoDate,
  workEnd: isoDate,
  hoursNote: z.string().nullable(),
  minutesPerDay: z.number().int(),
  place: z.string().nullable(),
  responseNote: z.string().nullable(),
  plannedMinutes: z.number().int(),
  firstDate: isoDate.nullable(),
  /** The talent's 20% request status: shown to the talent only (null for the requester). */
  timeStatus: timeRequestStatus.nullable(),
  participatedMinutes: z.number().int().nullable(),
  thanks: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  can: z.object({ answer: z.boolean(), withdraw: z.boolean(), record: z.boolean() }),
});
export type DirectRequest = z.infer<typeof directRequest>;
export const directRequestList = z.object({ items: z.array(directRequest) });
export const directRequestListQuery = z.object({ box: z.enum(['received', 'sent']).default('received') });

// ── department pages (各課広報) ───────────────────────────────────────────────────────────────────

export const regionDepartment = z.object({
  id: z.uuid(),
  town: townRef,
  parentId: z.uuid().nullable(),
  kind: z.enum(['bu', 'ka', 'kakari']),
  name: z.string(),
  nameKana: z.string(),
  hasDescription: z.boolean(),
  staffCount: z.number().int(),
});
export const regionDepartmentList = z.object({ items: z.array(regionDepartment), towns: z.array(townRef) });
export const departmentStaff = z.object({
  id: z.uuid(),
  name: z.string(),
  nameKana: z.string(),
  position: z.string().nullable(),
  photoUrl: z.string().nullable(),
  introduction: z.string().nullable(),
  departmentId: z.uuid(),
  departmentName: z.string(),
});
export const departmentPage = z.object({
  id: z.uuid(),
  town: townRef,
  kind: z.enum(['bu', 'ka', 'kakari']),
  name: z.string(),
  nameKana: z.string(),
  path: z.string(),
  description: z.string().nullable(),
  emergencyDuties: z.string().nullable(),
  staff: z.array(departmentStaff),
  /** Sub-departments (係 of a 課). */
  children: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['bu', 'ka', 'kakari']) })),
  /** Its open calls for help the caller may see. */
  openCalls: z.array(helpCallSummary),
  updatedAt: z.iso.datetime({ offset: true }),
  can: z.object({ edit: z.boolean() }),
});
export type DepartmentPage = z.infer<typeof departmentPage>;
export const departmentPageUpdate = z.object({
  description: optionalText(5000),
  emergencyDuties: optionalText(5000),
});

// ── figures (データ保管庫) ─────────────────────────────────────────────────────────────────────────

export const helpReportQuery = z.object({ fy: z.coerce.number().int().min(2000).max(2100).optional() });
export const helpReport = z.object({
  fiscalYear: z.number().int(),
  from: isoDate,
  to: isoDate,
  totals: z.object({
    calls: z.number().int(),
    headcount: z.number().int(),
    /** Applications that counted (time approved), ever, for calls published in the year. */
    applications: z.number().int(),
    accepted: z.number().int(),
    /** Talent registered (active) now, and registered during the year. */
    talentActive: z.number().int(),
    talentNew: z.number().int(),
    directRequests: z.number().int(),
    directAccepted: z.number().int(),
    helpers: z.number().int(),
    minutes: z.number().int(),
  }),
  /** 募集 vs 応募 per department (as in seed 001's table), most calls first. */
  byDepartment: z.array(z.object({
    town: townRef,
    department: departmentRef,
    calls: z.number().int(),
    headcount: z.number().int(),
    applications: z.number().int(),
    accepted: z.number().int(),
    directRequests: z.number().int(),
  })),
  byMonth: z.array(z.object({ month: z.string(), calls: z.number().int(), applications: z.number().int(), directRequests: z.number().int() })),
  /** Every call of the year, as in seed 001's 依頼・募集一覧. */
  calls: z.array(z.object({
    id: z.uuid(), publishedOn: isoDate, title: z.string(), town: townRef, department: departmentRef,
    headcount: z.number().int(), applications: z.number().int(), accepted: z.number().int(), status: helpCallStatus,
  })),
  rankings: z.object({
    departments: z.array(z.object({ town: townRef, department: departmentRef, calls: z.number().int(), applications: z.number().int() })),
    helpers: z.array(z.object({ person: personRef, count: z.number().int(), minutes: z.number().int(), thanks: z.number().int() })),
  }),
});
export type HelpReport = z.infer<typeof helpReport>;
