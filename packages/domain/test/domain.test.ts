import { describe, expect, it } from 'vitest';
import {
  checkDigit, toSixDigit, normalizeMunicipalityCode, fiscalYearOf, fiscalYearLabel, fiscalHalf,
  fiscalQuarter, fiscalYearRange, formatMinutes, normalizeKana, compareKana,
} from '../src/index';

describe('全国地方公共団体コード', () => {
  it('computes the check digit of real codes', () => {
    expect(toSixDigit('07203')).toBe('072036'); // 郡山市
    expect(toSixDigit('10201')).toBe('102016'); // 前橋市
    expect(toSixDigit('13101')).toBe('131016'); // 千代田区
    expect(toSixDigit('01100')).toBe('011002'); // 札幌市
  });
  it('accepts 5 and valid 6 digit forms, rejects a wrong check digit', () => {
    expect(normalizeMunicipalityCode('07203')).toBe('07203');
    expect(normalizeMunicipalityCode('072036')).toBe('07203');
    expect(normalizeMunicipalityCode('072037')).toBeNull();
    expect(normalizeMunicipalityCode('7203')).toBeNull();
    expect(() => checkDigit('abcde')).toThrow();
  });
});

describe('年度', () => {
  it('starts on April 1', () => {
    expect(fiscalYearOf(new Date('2026-03-31T12:00:00Z'))).toBe(2025);
    expect(fiscalYearOf(new Date('2026-04-01T00:00:00Z'))).toBe(2026);
    expect(fiscalYearRange(2025)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
  });
  it('labels 令和', () => {
    expect(fiscalYearLabel(2025)).toBe('令和7年度');
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2018)).toBe('2018年度');
    expect(fiscalYearLabel(2025, 'en')).toBe('FY2025');
  });
  it('halves and quarters', () => {
    expect(fiscalHalf(new Date('2025-09-30T00:00:00Z'))).toBe(1);
    expect(fiscalHalf(new Date('2025-10-01T00:00:00Z'))).toBe(2);
    expect(fiscalQuarter(new Date('2025-04-01T00:00:00Z'))).toBe(1);
    expect(fiscalQuarter(new Date('2025-12-31T00:00:00Z'))).toBe(3);
    expect(fiscalQuarter(new Date('2026-01-01T00:00:00Z'))).toBe(4);
  });
});

describe('time and kana', () => {
  it('formats minutes', () => {
    expect(formatMinutes(2325)).toBe('38時間45分');
    expect(formatMinutes(120, 'en')).toBe('2h');
  });
  it('normalises kana and sorts in 五十音順', () => {
    expect(normalizeKana('ﾔﾏﾀﾞ　ﾀﾛｳ')).toBe('やまだ たろう');
    const names = ['わたなべ', 'アベ', 'さとう', 'いとう'];
    expect([...names].sort(compareKana)).toEqual(['アベ', 'いとう', 'さとう', 'わたなべ']);
  });
});
