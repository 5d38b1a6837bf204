import { describe, expect, it } from 'vitest';
import { editRows, mapDayFields, readRequestForm, requestDays } from './time';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('the request form', () => {
  it('reads rows, what was pressed and the idempotency key', () => {
    const read = readRequestForm(
      form([
        ['activityKind', 'event'], ['purpose', ' 勉強会で発表 '], ['idempotencyKey', 'key-12345678'],
        ['date', '2026-11-25'], ['hours', '3'], ['minutes', '0'],
        ['date', ''], ['hours', ''], ['minutes', '0'],
        ['add', '1'],
      ]),
    );
    expect(read.values.purpose).toBe('勉強会で発表');
    expect(read.values.days).toHaveLength(2);
    expect(read.rowEdit).toEqual({ kind: 'add' });
    expect(read.submit).toBe(true);
    expect(read.key).toBe('key-12345678');
    expect(editRows(read.values.days, { kind: 'add' })).toHaveLength(3);
    expect(editRows(read.values.days, { kind: 'remove', index: 0 })[0]!.date).toBe('');
  });

  it('makes a new key when none (or a silly one) was sent, and a draft when asked', () => {
    const read = readRequestForm(form([['idempotencyKey', 'x'], ['intent', 'draft']]));
    expect(read.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(read.submit).toBe(false);
  });

  it('skips empty rows and keeps the API’s positions mapped to the rows shown', () => {
    const { values } = readRequestForm(
      form([
        ['activityKind', 'event'], ['purpose', 'x'],
        ['date', ''], ['hours', ''], ['minutes', '0'],
        ['date', '2026-11-25'], ['hours', '1'], ['minutes', '30'],
        ['date', '2026-11-26'], ['hours', ''], ['minutes', '45'],
      ]),
    );
    const { days, rowOf, fields } = requestDays(values, 'ja');
    expect(days).toEqual([{ date: '2026-11-25', minutes: 90 }, { date: '2026-11-26', minutes: 45 }]);
    expect(fields).toEqual({});
    expect(mapDayFields({ 'days.1.date': '日付: 過去の日付は申請できません', days: '…', purpose: '…' }, rowOf)).toEqual({
      'days.2.date': '日付: 過去の日付は申請できません',
      days: '…',
      purpose: '…',
    });
  });

  it('finds what the API cannot word well', () => {
    const { values } = readRequestForm(form([['purpose', 'x'], ['date', '2026-11-25'], ['hours', ''], ['minutes', '0'], ['date', ''], ['hours', '2'], ['minutes', '0']]));
    const { fields } = requestDays(values, 'ja');
    expect(fields['days.0.minutes']).toContain('時間');
    expect(fields['days.1.date']).toContain('日付');
    expect(fields.activityKind).toContain('活動の種類');
    const none = requestDays(readRequestForm(form([['activityKind', 'event']])).values, 'ja');
    expect(none.fields.days).toContain('1日以上');
  });
});
