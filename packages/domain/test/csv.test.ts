import { describe, expect, it } from 'vitest';
import { detectDelimiter, guardFormula, parseCsv, toCsv, unguardFormula } from '../src/index';

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and CRLF records, without an extra record for the final line break', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\r\n')).toEqual({ records: [['a', 'b', 'c'], ['1', '2', '3']], error: null });
  });

  it('accepts LF and a lone CR as record ends, and no final line break', () => {
    expect(parseCsv('a,b\n1,2\r3,4').records).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('reads quoted fields with separators, doubled quotes and embedded line breaks', () => {
    const text = 'name,memo\r\n"山田, 太郎","He said ""はい""\r\n次の行\nさらに"\r\n';
    expect(parseCsv(text).records).toEqual([
      ['name', 'memo'],
      ['山田, 太郎', 'He said "はい"\r\n次の行\nさらに'],
    ]);
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(parseCsv('a,,c,\r\n"",x,"",').records).toEqual([['a', '', 'c', ''], ['', 'x', '', '']]);
  });

  it('drops a leading BOM', () => {
    expect(parseCsv('\ufeffメールアドレス,氏名\r\n').records).toEqual([['メールアドレス', '氏名']]);
  });

  it('is lenient like Excel with stray quotes', () => {
    expect(parseCsv('ab"c,"x"y\r\n').records).toEqual([['ab"c', 'xy']]);
  });

  it('reports an unclosed quote with the record where it opened', () => {
    const r = parseCsv('a,b\r\n1,2\r\n"open,3\r\n4,5\r\n');
    expect(r.error).toEqual({ record: 3, issue: 'unclosed_quote' });
  });

  it('keeps a blank line as a record with one empty field', () => {
    expect(parseCsv('a\r\n\r\nb\r\n').records).toEqual([['a'], [''], ['b']]);
  });

  it('returns nothing for empty text', () => {
    expect(parseCsv('')).toEqual({ records: [], error: null });
  });

  it('reads tab-separated text when asked', () => {
    expect(parseCsv('a\tb\r\n"x\ty"\tz', { delimiter: '\t' }).records).toEqual([['a', 'b'], ['x\ty', 'z']]);
    expect(detectDelimiter('メール\t氏名\r\nx,y')).toBe('\t');
    expect(detectDelimiter('メール,氏名\r\n')).toBe(',');
  });
});

describe('toCsv', () => {
  it('writes CRLF, quotes only where needed, and a BOM on request', () => {
    const out = toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, ' padded']], { bom: true });
    expect(out).toBe('\ufeffa,"b,c","say ""hi""","two\nlines",,3," padded"\r\n');
  });

  it('round-trips through parseCsv', () => {
    const rows = [['氏名', 'memo'], ['郡山 花子', 'a,"b"\r\nc'], ['', '']];
    expect(parseCsv(toCsv(rows, { bom: true })).records).toEqual(rows);
  });

  it('guards cells that Excel would run as formulas, and the guard comes off on import', () => {
    expect(guardFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardFormula('-1')).toBe("'-1");
    expect(guardFormula('課長')).toBe('課長');
    expect(unguardFormula(`'=1+1`)).toBe('=1+1');
    expect(unguardFormula("'quoted")).toBe("'quoted");
    expect(toCsv([['@SUM(A1)']])).toBe("'@SUM(A1)\r\n");
  });
});
