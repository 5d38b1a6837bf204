import { describe, expect, it } from 'vitest';
import {
  formatWeeklyHours, isEmail, isKana, matchDepartmentCode, parseCsv, parseHireDate, parseWeeklyHours, readStaffCsv,
  staffCsvHeader, STANDARD_WEEKLY_MINUTES,
} from '../src/index';

const codes = ['001', '002', 'SOMU-1'];
const read = (text: string) => readStaffCsv(parseCsv(text).records, { departmentCodes: codes });

describe('values', () => {
  it('reads hire dates as written or as Excel re-saves them', () => {
    expect(parseHireDate('2024-04-01')).toBe('2024-04-01');
    expect(parseHireDate('2024/4/1')).toBe('2024-04-01');
    expect(parseHireDate('２０２４／４／１')).toBe('2024-04-01');
    expect(parseHireDate('2024年4月1日')).toBe('2024-04-01');
    expect(parseHireDate('2024/2/30')).toBeNull();
    expect(parseHireDate('4/1/2024')).toBeNull();
  });

  it('reads weekly hours as decimal hours or h:mm', () => {
    expect(parseWeeklyHours('38.75')).toBe(2325);
    expect(parseWeeklyHours('38:45')).toBe(2325);
    expect(parseWeeklyHours('38:45:00')).toBe(2325);
    expect(parseWeeklyHours('31')).toBe(1860);
    expect(parseWeeklyHours('38:60')).toBeNull();
    expect(parseWeeklyHours('0.5')).toBeNull();
    expect(parseWeeklyHours('61')).toBeNull();
    expect(parseWeeklyHours('abc')).toBeNull();
    expect(formatWeeklyHours(2325)).toBe('38:45');
    expect(formatWeeklyHours(1860)).toBe('31:00');
    expect(STANDARD_WEEKLY_MINUTES).toBe(2325);
  });

  it('matches department codes, also after Excel dropped the leading zeros', () => {
    expect(matchDepartmentCode('001', codes)).toBe('001');
    expect(matchDepartmentCode('1', codes)).toBe('001');
    expect(matchDepartmentCode('SOMU-1', codes)).toBe('SOMU-1');
    expect(matchDepartmentCode('3', codes)).toBeNull();
    expect(matchDepartmentCode('1', ['01', '001'])).toBeNull();
  });

  it('knows e-mails and kana', () => {
    expect(isEmail('hanako.koriyama@city.example.jp')).toBe(true);
    expect(isEmail('no-at-sign')).toBe(false);
    expect(isEmail('a..b@example.jp')).toBe(false);
    expect(isKana('こおりやま はなこ')).toBe(true);
    expect(isKana('ｺｵﾘﾔﾏ ﾊﾅｺ')).toBe(true);
    expect(isKana('郡山')).toBe(false);
  });
});

describe('readStaffCsv', () => {
  it('reads Japanese headers and normalises the values', () => {
    const { rows, issues } = read(
      'メールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間\r\n' +
      'Hanako@City.Example.jp,郡山 花子,ｺｵﾘﾔﾏ ﾊﾅｺ,主査,2024/4/1,1,38:45\r\n' +
      'taro＠city.example.jp,須賀川 太郎,スカガワ　タロウ,,,,\r\n',
    );
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { row: 2, email: 'hanako@city.example.jp', name: '郡山 花子', nameKana: 'こおりやま はなこ', position: '主査', hireDate: '2024-04-01', departmentCode: '001', weeklyMinutes: 2325 },
      { row: 3, email: 'taro@city.example.jp', name: '須賀川 太郎', nameKana: 'すかがわ たろう', position: null, hireDate: null, departmentCode: null, weeklyMinutes: 2325 },
    ]);
  });

  it('accepts English headers in any order, and leaves absent columns out', () => {
    const { rows, issues } = read('nameKana,Email,Name\r\nやまだ,y@example.jp,山田\r\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ row: 2, email: 'y@example.jp', name: '山田', nameKana: 'やまだ' }]);
  });

  it('names every bad row with its Excel row number and field', () => {
    const { issues } = read(
      'メールアドレス,氏名,ふりがな,所属コード,週勤務時間,採用日\r\n' +
      'ok@example.jp,正常,せいじょう,001,38.75,2024-04-01\r\n' +
      'not-an-email,山田,やまだ,001,,\r\n' +
      'x@example.jp,佐藤,さとう,999,,\r\n' +
      '"multi\r\nline@example.jp",鈴木,すずき,,,\r\n' +
      'ok@example.jp,重複,ちょうふく,,,\r\n' +
      ',,,,,\r\n' +
      'z@example.jp,,山田,,99,2024/13/1\r\n',
    );
    expect(issues).toEqual([
      { row: 3, field: 'email', issue: 'invalid_format' },
      { row: 4, field: 'departmentCode', issue: 'unknown_department' },
      { row: 5, field: 'email', issue: 'invalid_format' },
      { row: 6, field: 'email', issue: 'duplicate_in_file' },
      { row: 8, field: 'name', issue: 'required' },
      { row: 8, field: 'nameKana', issue: 'kana' },
      { row: 8, field: 'hireDate', issue: 'invalid_date' },
      { row: 8, field: 'weeklyHours', issue: 'invalid_hours' },
    ]);
  });

  it('refuses unknown, duplicate and missing columns on row 1', () => {
    expect(read('メールアドレス,氏名,職明,email\r\n').issues).toEqual([
      { row: 1, field: '職明', issue: 'unknown_column' },
      { row: 1, field: 'email', issue: 'duplicate_column' },
      { row: 1, field: 'nameKana', issue: 'missing_column' },
    ]);
  });

  it('ignores the informational 所属名 column, and strips the formula guard', () => {
    const { rows } = read(`メールアドレス,氏名,ふりがな,職名,所属名\r\na@example.jp,阿部,あべ,'-,総務課\r\n`);
    expect(rows).toEqual([{ row: 2, email: 'a@example.jp', name: '阿部', nameKana: 'あべ', position: '-' }]);
  });

  it('refuses an empty file, a header without rows, too many rows and extra cells', () => {
    expect(read('').issues).toEqual([{ row: 1, field: null, issue: 'empty_file' }]);
    expect(read('メールアドレス,氏名,ふりがな\r\n,,\r\n').issues).toEqual([{ row: 2, field: null, issue: 'no_rows' }]);
    const many = 'email,name,nameKana\r\n' + 'a@example.jp,a,あ\r\n'.repeat(3);
    expect(readStaffCsv(parseCsv(many).records, { departmentCodes: [], maxRows: 2 }).issues).toEqual([{ row: 4, field: null, issue: 'too_many_rows' }]);
    expect(read('email,name,nameKana\r\na@example.jp,a,あ,extra\r\n').issues).toEqual([{ row: 2, field: null, issue: 'too_many_cells' }]);
  });

  it('exports the Japanese header', () => {
    expect(staffCsvHeader()).toEqual(['メールアドレス', '氏名', 'ふりがな', '職名', '採用日', '所属コード', '週勤務時間', '所属名']);
  });
});
