import { unguardFormula } from './csv';
import { normalizeKana } from './kana';

/**
 * 職員CSV: the staff list as municipal HR keeps it in Excel. Reading it is pure (header mapping,
 * value parsing, per-row validation); what needs the database — existing e-mails, other towns —
 * is checked by the caller.
 */

/** Standard working week of local public servants: 38h45m. */
export const STANDARD_WEEKLY_MINUTES = 38 * 60 + 45;

export type StaffCsvField =
  | 'email' | 'name' | 'nameKana' | 'position' | 'hireDate' | 'departmentCode' | 'weeklyHours' | 'departmentName';

interface ColumnDef {
  field: StaffCsvField;
  ja: string;
  en: string;
  /** More spellings people use; compared after NFKC, lower-casing and removing spaces. */
  aliases: string[];
  required?: boolean;
  /** Written on export for people to read, ignored on import. */
  informational?: boolean;
}

/** In export order. */
export const STAFF_CSV_COLUMNS: readonly ColumnDef[] = [
  { field: 'email', ja: 'メールアドレス', en: 'email', aliases: ['メール', 'eメール', 'e-mail', 'mail', 'mailaddress'], required: true },
  { field: 'name', ja: '氏名', en: 'name', aliases: ['名前', '職員名'], required: true },
  { field: 'nameKana', ja: 'ふりがな', en: 'nameKana', aliases: ['フリガナ', 'よみがな', 'ヨミガナ', 'かな', 'カナ', '氏名(ふりがな)', '氏名(フリガナ)', 'furigana', 'kana'], required: true },
  { field: 'position', ja: '職名', en: 'position', aliases: ['役職', '職位', 'title'] },
  { field: 'hireDate', ja: '採用日', en: 'hireDate', aliases: ['採用年月日', 'hired'] },
  { field: 'departmentCode', ja: '所属コード', en: 'departmentCode', aliases: ['所属cd', '部署コード'] },
  { field: 'weeklyHours', ja: '週勤務時間', en: 'weeklyHours', aliases: ['週の勤務時間', '勤務時間', '週所定労働時間'] },
  { field: 'departmentName', ja: '所属名', en: 'departmentName', aliases: ['所属', '部署名'], informational: true },
];

const headerKey = (s: string) => s.normalize('NFKC').replace(/[\s_]+/g, '').toLowerCase();
const byHeader = new Map<string, ColumnDef>();
for (const c of STAFF_CSV_COLUMNS) for (const h of [c.ja, c.en, ...c.aliases]) byHeader.set(headerKey(h), c);

/** One problem in a file: `row` as Excel numbers it (header = 1), `field` a StaffCsvField or a header as written. */
export interface CsvRowIssue {
  row: number;
  field: string | null;
  issue: string;
}

export interface StaffCsvRow {
  row: number;
  email: string;
  name: string;
  nameKana: string;
  /** Optional properties are absent when the file has no such column: the stored value stays. */
  position?: string | null;
  hireDate?: string | null;
  /** The department's code as stored (after matching `1` to `001`), or null for no department. */
  departmentCode?: string | null;
  weeklyMinutes?: number;
}

// The same pattern as zod's z.email(), so the API and the CSV agree on what an address is.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s　]+$/u;

/** ふりがな written in hiragana, katakana or half-width kana. */
export function isKana(s: string): boolean {
  return KANA.test(s.normalize('NFKC'));
}

export function normalizeEmail(s: string): string {
  // NFKC turns a full-width ＠ or letters typed with the IME on into ASCII.
  return s.normalize('NFKC').trim().toLowerCase();
}

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/** 2024-04-01, 2024/4/1 (how Excel re-saves a date) or 2024年4月1日 → '2024-04-01'; null when not a real date. */
export function parseHireDate(input: string): string | null {
  const s = input.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Weekly working time → minutes: decimal hours (38.75), h:mm (38:45) or h:mm:ss as Excel re-saves a
 * duration (38:45:00). Null when unreadable or outside 1–60 hours.
 */
export function parseWeeklyHours(input: string): number | null {
  const s = input.normalize('NFKC').trim();
  let minutes: number;
  const hm = /^(\d{1,2}):([0-5]\d)(?::00)?$/.exec(s);
  if (hm) minutes = Number(hm[1]) * 60 + Number(hm[2]);
  else if (/^\d{1,2}(\.\d+)?$/.test(s)) minutes = Math.round(Number(s) * 60);
  else return null;
  return minutes >= 60 && minutes <= 3600 ? minutes : null;
}

/** 2325 → '38:45', the form written on export. */
export function formatWeeklyHours(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Finds a department code as typed. Excel drops leading zeros from a code that looks like a number
 * (001 → 1), so when there is no exact match a numeric code matches the one code of equal value.
 */
export function matchDepartmentCode(input: string, codes: readonly string[]): string | null {
  if (codes.includes(input)) return input;
  if (!/^\d+$/.test(input)) return null;
  const same = codes.filter((c) => /^\d+$/.test(c) && BigInt(c) === BigInt(input));
  return same.length === 1 ? same[0]! : null;
}

export interface ReadStaffCsvOptions {
  /** Codes of the town's active departments. */
  departmentCodes: readonly string[];
  maxRows?: number;
}

/**
 * Reads parsed records (header first) into rows to import, or the issues that stop the import.
 * Blank records (Excel writes `,,,,` for an emptied row) are skipped but keep their row number.
 * Columns that are not there leave the stored value alone; an empty cell means "none" (or, for the
 * weekly hours, the standard 38h45m).
 */
export function readStaffCsv(records: readonly string[][], opts: ReadStaffCsvOptions): { rows: StaffCsvRow[]; issues: CsvRowIssue[] } {
  const issues: CsvRowIssue[] = [];
  const [header, ...data] = records;
  if (!header || header.every((h) => h.trim() === '')) return { rows: [], issues: [{ row: 1, field: null, issue: 'empty_file' }] };

  // Header → column index per field.
  const at = new Map<StaffCsvField, number>();
  header.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') return;
    const def = byHeader.get(headerKey(h));
    if (!def) issues.push({ row: 1, field: h, issue: 'unknown_column' });
    else if (at.has(def.field)) issues.push({ row: 1, field: def.field, issue: 'duplicate_column' });
    else at.set(def.field, i);
  });
  for (const c of STAFF_CSV_COLUMNS) if (c.required && !at.has(c.field)) issues.push({ row: 1, field: c.field, issue: 'missing_column' });
  if (issues.length) return { rows: [], issues };

  const nonBlank = data.filter((r) => r.some((v) => v.trim() !== '')).length;
  if (nonBlank === 0) return { rows: [], issues: [{ row: 2, field: null, issue: 'no_rows' }] };
  const maxRows = opts.maxRows ?? 10_000;
  if (nonBlank > maxRows) return { rows: [], issues: [{ row: maxRows + 2, field: null, issue: 'too_many_rows' }] };

  const rows: StaffCsvRow[] = [];
  const firstRowOf = new Map<string, number>();
  data.forEach((record, index) => {
    const row = index + 2;
    if (record.every((v) => v.trim() === '')) return;
    const bad = (field: string | null, issue: string) => issues.push({ row, field, issue });
    if (record.slice(header.length).some((v) => v.trim() !== '')) bad(null, 'too_many_cells');
    const get = (f: StaffCsvField) => {
      const i = at.get(f);
      return i === undefined ? undefined : unguardFormula(record[i] ?? '').trim();
    };
    const before = issues.length;

    const email = normalizeEmail(get('email')!);
    if (!email) bad('email', 'required');
    else if (!isEmail(email)) bad('email', 'invalid_format');
    else if (firstRowOf.has(email)) bad('email', 'duplicate_in_file');
    else firstRowOf.set(email, row);

    const name = get('name')!;
    if (!name) bad('name', 'required');
    else if (name.length > 100) bad('name', 'too_big');

    const nameKana = normalizeKana(get('nameKana')!);
    if (!nameKana) bad('nameKana', 'required');
    else if (!isKana(nameKana)) bad('nameKana', 'kana');
    else if (nameKana.length > 100) bad('nameKana', 'too_big');

    const out: StaffCsvRow = { row, email, name, nameKana };
    const position = get('position');
    if (position !== undefined) {
      if (position.length > 50) bad('position', 'too_big');
      out.position = position || null;
    }
    const hire = get('hireDate');
    if (hire !== undefined) {
      out.hireDate = hire ? parseHireDate(hire) : null;
      if (hire && !out.hireDate) bad('hireDate', 'invalid_date');
    }
    const code = get('departmentCode');
    if (code !== undefined) {
      const c = code.normalize('NFKC');
      out.departmentCode = c ? matchDepartmentCode(c, opts.departmentCodes) : null;
      if (c && !out.departmentCode) bad('departmentCode', 'unknown_department');
    }
    const hours = get('weeklyHours');
    if (hours !== undefined) {
      const minutes = hours ? parseWeeklyHours(hours) : STANDARD_WEEKLY_MINUTES;
      if (minutes === null) bad('weeklyHours', 'invalid_hours');
      else out.weeklyMinutes = minutes;
    }
    if (issues.length === before) rows.push(out);
  });
  return { rows, issues };
}

/** The header row written on export (Japanese, as Excel users write it). */
export const staffCsvHeader = (): string[] => STAFF_CSV_COLUMNS.map((c) => c.ja);
