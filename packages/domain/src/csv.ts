/**
 * CSV as Excel reads and writes it (RFC 4180): fields separated by commas, records by CRLF (LF and a
 * lone CR are accepted too), fields quoted with `"` when they hold a separator, a quote or a line
 * break, and `""` for a quote inside a quoted field. Decoding bytes is the caller's job: this works
 * on text.
 */

export type CsvDelimiter = ',' | '\t';

export interface CsvParseResult {
  records: string[][];
  /** Set when the text ends inside a quoted field; `record` is 1-based (Excel's row number). */
  error: { record: number; issue: 'unclosed_quote' } | null;
}

/**
 * Parses CSV text into records. Lenient where Excel is lenient: a quote in the middle of an unquoted
 * field and text after a closing quote are kept as written. A leading BOM is dropped. A line break at
 * the very end does not make an extra empty record.
 */
export function parseCsv(text: string, opts: { delimiter?: CsvDelimiter } = {}): CsvParseResult {
  const delimiter = opts.delimiter ?? ',';
  const records: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record: string[] = [];
  let field = '';

  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };

  while (i < n) {
    // At the start of a field.
    if (text[i] === '"') {
      const opened = records.length + 1;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return { records, error: { record: opened, issue: 'unclosed_quote' } };
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    // The rest of the field, up to a delimiter or a line break.
    let j = i;
    while (j < n) {
      const c = text[j];
      if (c === delimiter || c === '\n' || c === '\r') break;
      j++;
    }
    field += text.slice(i, j);
    if (j >= n) {
      endRecord();
      break;
    }
    const c = text[j];
    if (c === delimiter) {
      record.push(field);
      field = '';
      i = j + 1;
      // A delimiter right at the end still closes one more (empty) field.
      if (i >= n) endRecord();
    } else {
      endRecord();
      i = j + (c === '\r' && text[j + 1] === '\n' ? 2 : 1);
    }
  }
  return { records, error: null };
}

/** Excel's "Unicode テキスト" is tab-separated; everything else is comma-separated. */
export function detectDelimiter(text: string): CsvDelimiter {
  const end = text.search(/[\r\n]/);
  const first = end === -1 ? text : text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

export type CsvCell = string | number | null | undefined;

// A cell that starts like a formula is run by Excel when the file is opened (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Guards a cell against being read as a formula: a leading apostrophe, as Excel itself does. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes guardFormula, so that an exported file imports back to the same values. */
export function unguardFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = guardFormula(String(value));
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes records as CSV with CRLF line ends; `bom` makes Excel read it as UTF-8. */
export function toCsv(rows: readonly (readonly CsvCell[])[], opts: { bom?: boolean } = {}): string {
  const body = rows.map((r) => r.map(cell).join(',')).join('\r\n');
  return (opts.bom ? '\ufeff' : '') + body + (rows.length ? '\r\n' : '');
}
