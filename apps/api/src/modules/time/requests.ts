import type { z } from 'zod';
import type { Budget, calendar, inbox, inboxQuery, timeRequestDetail, timeRequestListQuery, timeRequestPage } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  canDecideFor, getBudgetInputs, getCalendar, getCountedDays, getHistory, getTimeRequests, type CountedDayRow,
} from '@yui/db/queries/time';
import { addDays, periodOf, todayInJapan } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { invalid, notFound } from '../../lib/errors';
import { budgetView, requestView, rulesOf, spanAround, type TimeActor } from './view';

/** Reading requests: mine, one, the manager's inbox, my budget and calendar. */

type ListQuery = z.infer<typeof timeRequestListQuery>;

/** My requests, newest first. */
export async function listMyRequests(tx: Db, actor: TimeActor, q: ListQuery): Promise<z.infer<typeof timeRequestPage>> {
  const today = todayInJapan();
  const rows = await getTimeRequests(tx, {
    tenantId: actor.tenantId, requesterId: actor.userId, status: q.status, before: decodeCursor(q.cursor), limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => requestView(r, { userId: actor.userId, canDecide: false }, today)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
  };
}

const countedDay = (d: Pick<CountedDayRow, 'date' | 'plannedMinutes' | 'actualMinutes' | 'status'>) => ({
  date: d.date, plannedMinutes: d.plannedMinutes, actualMinutes: d.actualMinutes, status: d.status,
});

/**
 * One request, for its requester or for someone who decides for its department (a draft only for its
 * requester). Anyone else — another department, another town — gets 404: it is not there for them.
 */
export async function requestDetail(tx: Db, actor: TimeActor, id: string): Promise<z.infer<typeof timeRequestDetail>> {
  const today = todayInJapan();
  const [row] = await getTimeRequests(tx, { tenantId: actor.tenantId, ids: [id] });
  if (!row) throw notFound();
  const mine = row.requesterId === actor.userId;
  const canDecide = !mine && row.submittedAt != null
    && (await canDecideFor(tx, { tenantId: actor.tenantId, userId: actor.userId, departmentId: row.departmentId, requesterId: row.requesterId, today }));
  if (!mine && !canDecide) throw notFound();
  const rules = rulesOf(row.rules);
  const period = periodOf(row.firstDate, rules.period);
  const history = await getHistory(tx, { tenantId: actor.tenantId, requestId: id });
  const days = await getCountedDays(tx, { tenantId: actor.tenantId, windows: [{ requesterId: row.requesterId, from: period.start, to: period.end }] });
  return {
    ...requestView(row, { userId: actor.userId, canDecide }, today),
    history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    budget: budgetView(rules, row.weeklyMinutes, row.firstDate, days.map(countedDay)),
  };
}

/**
 * 承認待ち: pending requests this person may decide — of the departments they head and every one below,
 * and of those of managers they stand in for today — oldest first, each with its requester's budget in
 * the period of its first date (judged by the request's own policy version). The budgets of the whole
 * page come from one query.
 */
export async function managerInbox(tx: Db, actor: TimeActor, q: z.infer<typeof inboxQuery>): Promise<z.infer<typeof inbox>> {
  const today = todayInJapan();
  const rows = await getTimeRequests(tx, {
    tenantId: actor.tenantId,
    decidableBy: { userId: actor.userId, today, after: decodeCursor(q.cursor) },
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const windows = page.map((r) => {
    const p = periodOf(r.firstDate, r.rules.period);
    return { requesterId: r.requesterId, from: p.start, to: p.end };
  });
  const days = await getCountedDays(tx, { tenantId: actor.tenantId, windows });
  const byRequester = new Map<string, ReturnType<typeof countedDay>[]>();
  for (const d of days) {
    const list = byRequester.get(d.requesterId) ?? [];
    list.push(countedDay(d));
    byRequester.set(d.requesterId, list);
  }
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...requestView(r, { userId: actor.userId, canDecide: true }, today),
      budget: budgetView(rulesOf(r.rules), r.weeklyMinutes, r.firstDate, byRequester.get(r.requesterId) ?? []),
    })),
    nextCursor: rows.length > q.limit && last?.submittedAtText ? encodeCursor(last.submittedAtText, last.id) : null,
  };
}

/** My budget in the period containing `date` (default: today in Japan), under the policy in force now. */
export async function myBudget(tx: Db, actor: TimeActor, date?: string): Promise<Budget> {
  const on = date ?? todayInJapan();
  const span = spanAround(on);
  const inputs = await getBudgetInputs(tx, { tenantId: actor.tenantId, userId: actor.userId, ...span });
  if (!inputs) throw notFound();
  return budgetView(rulesOf(inputs.policy), inputs.weeklyMinutes, on, inputs.days);
}

const CALENDAR_MAX_DAYS = 366;

/** My approved and pending days between two dates (at most a year). */
export async function myCalendar(tx: Db, actor: TimeActor, q: { from: string; to: string }): Promise<z.infer<typeof calendar>> {
  if (q.to < q.from) throw invalid({ to: 'before_start' });
  if (q.to > addDays(q.from, CALENDAR_MAX_DAYS)) throw invalid({ to: { issue: 'range_too_long', params: { maxDays: CALENDAR_MAX_DAYS } } });
  return { items: await getCalendar(tx, { tenantId: actor.tenantId, userId: actor.userId, ...q }) };
}

