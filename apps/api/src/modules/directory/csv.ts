import type { Db } from '@yui/db';
import {
  getDepartments, getEmailsOfOtherTowns, getStaff, getStaffIdsByEmail, insertStaff, lockDepartments, updateStaffRows,
  type StaffWrite,
} from '@yui/db/queries/directory';
import { issueMessage, type CsvImportResult, type Locale, type StaffExportQuery } from '@yui/contracts';
import {
  detectDelimiter, formatWeeklyHours, parseCsv, readStaffCsv, staffCsvHeader, toCsv, type CsvRowIssue, type StaffCsvRow,
} from '@yui/domain';
import { AppError, conflict } from '../../lib/errors';
import { decodeCsv } from './encoding';
import { uniqueViolation } from './db-errors';
import type { Actor } from './staff';
import { attachment } from '../../lib/download';

/** More than this many row errors helps nobody; the first ones show what is wrong. */
const MAX_REPORTED = 200;

/** 400 csv_invalid naming each bad row, in the reader's language. Nothing has been written. */
export function csvInvalid(issues: CsvRowIssue[], lang: Locale): AppError {
  const rows = [...issues]
    .sort((a, b) => a.row - b.row)
    .slice(0, MAX_REPORTED)
    .map((i) => ({ row: i.row, field: i.field, message: issueMessage(i.field, i.issue, lang) }));
  return new AppError(400, 'csv_invalid', undefined, { rows });
}

/** Bytes → records, before any database work. Throws csv_invalid when the file cannot be read. */
export function readCsvFile(bytes: Buffer, lang: Locale): string[][] {
  const decoded = decodeCsv(bytes);
  if ('error' in decoded) throw csvInvalid([{ row: 1, field: null, issue: decoded.error }], lang);
  const parsed = parseCsv(decoded.text, { delimiter: detectDelimiter(decoded.text) });
  if (parsed.error) throw csvInvalid([{ row: parsed.error.record, field: null, issue: parsed.error.issue }], lang);
  return parsed.records;
}

/**
 * Imports staff: rows whose e-mail is already in this town are updated, the others created (with
 * the staff role and a welcome). Every row is checked first; one bad row and nothing is written.
 * The caller runs this in one transaction, so a failure part-way leaves nothing behind either.
 */
export async function importStaff(tx: Db, actor: Actor, records: string[][], lang: Locale): Promise<CsvImportResult> {
  const { tenantId } = actor;
  const active = await getDepartments(tx, { tenantId, activeOnly: true });
  const idByCode = new Map(active.filter((d) => d.code !== null).map((d) => [d.code!, d.id]));
  const { rows, issues } = readStaffCsv(records, { departmentCodes: [...idByCode.keys()] });

  const emails = rows.map((r) => r.email);
  const existing = await getStaffIdsByEmail(tx, { tenantId, emails });
  const elsewhere = await getEmailsOfOtherTowns(tx, { tenantId, emails: emails.filter((e) => !existing.has(e)) });
  for (const r of rows) if (elsewhere.has(r.email)) issues.push({ row: r.row, field: 'email', issue: 'email_unavailable' });

  // The departments named are locked against deactivation until this commits; one turned off a
  // moment ago is a bad row like any unknown one.
  const departmentOf = (r: StaffCsvRow) => (r.departmentCode ? idByCode.get(r.departmentCode)! : null);
  const named = [...new Set(rows.map(departmentOf).filter((id): id is string => id !== null))];
  const locked = await lockDepartments(tx, { tenantId, ids: named });
  for (const r of rows) {
    const id = departmentOf(r);
    if (id && !locked.get(id)?.active) issues.push({ row: r.row, field: 'departmentCode', issue: 'unknown_department' });
  }
  if (issues.length) throw csvInvalid(issues, lang);

  const toWrite = (r: StaffCsvRow): StaffWrite => ({
    email: r.email, name: r.name, nameKana: r.nameKana, position: r.position, hireDate: r.hireDate,
    departmentId: r.departmentCode === undefined ? undefined : departmentOf(r), weeklyMinutes: r.weeklyMinutes,
  });
  const first = rows[0];
  const columns = (['position', 'hireDate', 'weeklyMinutes'] as const).filter((c) => first && c in first);
  const withDepartment = first && 'departmentCode' in first ? (['departmentId'] as const) : [];

  const updates = rows.filter((r) => existing.has(r.email)).map((r) => ({ ...toWrite(r), id: existing.get(r.email)! }));
  const creates = rows.filter((r) => !existing.has(r.email)).map(toWrite);
  const updated = await updateStaffRows(tx, { tenantId, rows: updates, columns: [...columns, ...withDepartment] });
  const created = await insertStaff(tx, { tenantId, rows: creates, actorId: actor.userId }).catch((err) => {
    // Someone else took one of these e-mails since the check above.
    throw uniqueViolation(err) === 'users_email_uq' ? conflict({ email: 'duplicate' }) : err;
  });
  return { created: created.length, updated };
}

/** The staff list as Excel opens it: UTF-8 with BOM, CRLF, the Japanese headers import reads back. */
export async function exportStaff(tx: Db, tenantId: string, q: StaffExportQuery): Promise<string> {
  const staff = await getStaff(tx, { tenantId, ...q });
  return toCsv([
    staffCsvHeader(),
    ...staff.map((s) => [s.email, s.name, s.nameKana, s.position, s.hireDate, s.departmentCode, formatWeeklyHours(s.weeklyMinutes), s.departmentName]),
  ], { bom: true });
}

/**
 * `attachment; filename="staff_20250401.csv"; filename*=UTF-8''職員一覧_20250401.csv` (percent-encoded,
 * RFC 6266 / 5987), dated in Japan time: browsers save the Japanese name, old clients the ASCII one.
 */
export function exportContentDisposition(now = new Date()): string {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now).replaceAll('-', '');
  return attachment({ name: `職員一覧_${ymd}.csv`, ascii: `staff_${ymd}.csv` });
}
