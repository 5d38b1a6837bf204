import { z } from 'zod';

/** 20%ルール — shapes shared by the API (/api/time-requests, /api/time-policy, /api/time-reports), web and jobs. */

export const activityKind = z.enum(['community', 'event', 'help_call', 'mentoring', 'handover', 'other']);
export type ActivityKind = z.infer<typeof activityKind>;
export const timeRequestStatus = z.enum(['draft', 'submitted', 'approved', 'declined', 'returned', 'withdrawn', 'cancelled', 'revoked']);
export type TimeRequestStatusName = z.infer<typeof timeRequestStatus>;
export const budgetPeriod = z.enum(['week', 'month']);

const isoDate = z.iso.date();

// ---------- policy ----------

export const timePolicy = z.object({
  id: z.uuid(),
  version: z.number().int(),
  capPercent: z.number(),
  period: budgetPeriod,
  leadDays: z.number().int(),
  maxMinutesPerDay: z.number().int(),
  reminderWorkingDays: z.number().int(),
  actualsReminderDays: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdByName: z.string().nullable(),
});
export type TimePolicy = z.infer<typeof timePolicy>;

/** A change makes a new version; requests already submitted keep theirs. */
export const timePolicyUpdate = z.object({
  capPercent: z.number().gt(0).max(100),
  period: budgetPeriod,
  leadDays: z.number().int().min(0).max(60),
  maxMinutesPerDay: z.number().int().min(15).max(720),
  reminderWorkingDays: z.number().int().min(1).max(30),
  actualsReminderDays: z.number().int().min(1).max(60),
  note: z.string().trim().max(500).nullable().default(null),
});
export const timePolicyView = z.object({ current: timePolicy, history: z.array(timePolicy) });

export const delegation = z.object({
  id: z.uuid(),
  managerId: z.uuid(),
  managerName: z.string(),
  deputyId: z.uuid(),
  deputyName: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  reason: z.string().nullable(),
});
/** Delegations not yet ended: an admin sees the town's, anyone else those where they are the manager or the deputy. */
export const delegationList = z.object({ items: z.array(delegation) });
/** A manager names their own deputy; an admin may name one for any manager of the town. */
export const delegationCreate = z.object({
  managerId: z.uuid().optional(),
  deputyId: z.uuid(),
  startsOn: isoDate,
  endsOn: isoDate,
  reason: z.string().trim().max(200).nullable().default(null),
});

// ---------- budget ----------

export const budget = z.object({
  period: z.object({ kind: budgetPeriod, start: isoDate, end: isoDate }),
  baseMinutes: z.number().int(),
  capMinutes: z.number().int(),
  usedMinutes: z.number().int(),
  /** Of usedMinutes, how much is still waiting for a decision. */
  pendingMinutes: z.number().int(),
  remainingMinutes: z.number().int(),
  usedPercent: z.number(),
  capPercent: z.number(),
});
export type Budget = z.infer<typeof budget>;
export const budgetQuery = z.object({ date: isoDate.optional() });

// ---------- requests ----------

export const timeRequestDay = z.object({
  date: isoDate,
  plannedMinutes: z.number().int(),
  actualMinutes: z.number().int().nullable(),
});
export const timeRequestRef = z.object({
  type: z.string().min(1).max(40),
  id: z.uuid(),
  title: z.string().max(200).nullable().default(null),
});

export const timeRequest = z.object({
  id: z.uuid(),
  requester: z.object({ id: z.uuid(), name: z.string(), nameKana: z.string(), departmentName: z.string().nullable() }),
  activityKind: activityKind,
  ref: z.object({ type: z.string(), id: z.uuid(), title: z.string().nullable() }).nullable(),
  purpose: z.string(),
  status: timeRequestStatus,
  days: z.array(timeRequestDay),
  plannedMinutes: z.number().int(),
  actualMinutes: z.number().int().nullable(),
  actualsExceed: z.boolean(),
  approver: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionComment: z.string().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  policyVersion: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  /** What the reader may do now: drives the buttons. */
  can: z.object({
    edit: z.boolean(), submit: z.boolean(), withdraw: z.boolean(), cancel: z.boolean(),
    decide: z.boolean(), revoke: z.boolean(), recordActuals: z.boolean(),
  }),
});
export type TimeRequest = z.infer<typeof timeRequest>;

export const timeRequestHistoryEntry = z.object({
  action: z.string(),
  fromStatus: timeRequestStatus.nullable(),
  toStatus: timeRequestStatus.nullable(),
  actorName: z.string().nullable(),
  comment: z.string().nullable(),
  at: z.iso.datetime(),
});
export const timeRequestDetail = timeRequest.extend({
  history: z.array(timeRequestHistoryEntry),
  /** The requester's budget in the period of the first date, as it stands now. */
  budget: budget,
});

const plannedDay = z.object({
  date: isoDate,
  /** Minutes, in quarter hours (15 min steps); at most the policy's day limit. */
  minutes: z.number().int(),
});

export const timeRequestCreate = z.object({
  activityKind: activityKind,
  ref: timeRequestRef.nullable().default(null),
  purpose: z.string().trim().min(1).max(1000),
  days: z.array(plannedDay).min(1).max(31),
  /** true: submit at once (the usual case); false: keep as a draft. */
  submit: z.boolean().default(true),
  /** The same key twice returns the first request (double submits). */
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type TimeRequestCreate = z.infer<typeof timeRequestCreate>;
export const timeRequestUpdate = z.object({
  activityKind: activityKind.optional(),
  purpose: z.string().trim().min(1).max(1000).optional(),
  days: z.array(plannedDay).min(1).max(31).optional(),
});
export const timeRequestListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: timeRequestStatus.optional(),
});
export const timeRequestPage = z.object({ items: z.array(timeRequest), nextCursor: z.string().nullable() });

export const decision = z.enum(['approve', 'decline', 'return']);
export const decisionBody = z.object({
  decision,
  /** Required when declining or returning: the requester needs to know why. */
  comment: z.string().trim().max(1000).nullable().default(null),
});
export const bulkDecisionBody = decisionBody.extend({ ids: z.array(z.uuid()).min(1).max(100) });
export const bulkDecisionResult = z.object({
  decided: z.array(z.uuid()),
  failed: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export const reasonBody = z.object({ reason: z.string().trim().min(1).max(1000) });
export const actualsBody = z.object({ days: z.array(z.object({ date: isoDate, minutes: z.number().int().min(0).max(720) })).min(1) });

/** The manager's inbox: each pending request with the requester's budget beside it. */
export const inboxItem = timeRequest.extend({ budget: budget });
export const inbox = z.object({ items: z.array(inboxItem), nextCursor: z.string().nullable() });
export const inboxQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const calendarQuery = z.object({ from: isoDate, to: isoDate });
export const calendarEntry = z.object({
  date: isoDate, minutes: z.number().int(), requestId: z.uuid(), activityKind, purpose: z.string(), status: timeRequestStatus,
});
export const calendar = z.object({ items: z.array(calendarEntry) });

// ---------- reports (年度) ----------

export const reportGroupBy = z.enum(['department', 'person', 'activity']);
export type ReportGroupBy = z.infer<typeof reportGroupBy>;
export const reportQuery = z.object({
  /** 年度: the fiscal year starting in April of this year. Default: the current one (Japan time). */
  fy: z.coerce.number().int().min(2019).max(2100).optional(),
  groupBy: reportGroupBy.default('department'),
});
export type ReportQuery = z.infer<typeof reportQuery>;
/**
 * One group of a report. Hours are approved requests' days (actual minutes where recorded, else
 * planned) by work date; cancelled, revoked, declined and withdrawn time counts nothing. Counts:
 * `requests` were submitted in the year; `approved` / `declined` were decided in the year (approved
 * includes requests later cancelled or revoked: the decision was an approval).
 */
export const reportRow = z.object({
  /** department: its id, or 'none'; person: the user id; activity: the activity kind. */
  key: z.string(),
  /** department: the path 部 > 課 > 係; person: 氏名; activity: the kind in the reader's language. */
  label: z.string(),
  labelKana: z.string().nullable(),
  /** Approved minutes (actual where recorded) per fiscal month, April first: 12 numbers. */
  months: z.array(z.number().int()).length(12),
  /** Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar. */
  quarters: z.array(z.number().int()).length(4),
  /** 上半期 Apr–Sep, 下半期 Oct–Mar. */
  halves: z.array(z.number().int()).length(2),
  totalMinutes: z.number().int(),
  requests: z.number().int(),
  approved: z.number().int(),
  declined: z.number().int(),
  /** approved ÷ (approved + declined), 0–1; null without a decision. */
  approvalRate: z.number().nullable(),
  /** Median hours from submission to decision (approved or declined), one decimal; null without a decision. */
  medianHoursToDecision: z.number().nullable(),
});
export type ReportRow = z.infer<typeof reportRow>;
export const timeReport = z.object({
  fiscalYear: z.number().int(),
  fiscalYearLabel: z.string(),
  groupBy: reportGroupBy,
  /** What the reader may see: the whole town (admin), or the departments they manage with everything below. */
  scope: z.object({
    kind: z.enum(['town', 'departments']),
    departments: z.array(z.object({ id: z.uuid(), name: z.string() })),
  }),
  /** Groups with something in the year (activity: always all six kinds, in their order). */
  rows: z.array(reportRow),
  totals: reportRow.omit({ key: true, label: true, labelKana: true }),
  /** The same as totals.approvalRate: approved ÷ (approved + declined), 0–1; null before any decision. */
  approvalRate: z.number().nullable(),
  /** The same as totals.medianHoursToDecision; null before any decision. */
  medianHoursToDecision: z.number().nullable(),
});
export type TimeReport = z.infer<typeof timeReport>;
