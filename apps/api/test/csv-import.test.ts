import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { newDepartment, newTenancyFixture, newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';

const t = useTestApi();
type User = Awaited<ReturnType<typeof newUser>>;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let jinjika: { id: string; code: string };
let zeimuka: { id: string; code: string };
let adminA: User;
let staffA: User;
let personB: User;
let adminAuth: string;

const owner = () => t.db.owner;
const count = async (what: 'users' | 'events' | 'grants') => {
  const q = {
    users: owner()`select count(*)::int as n from users`,
    events: owner()`select count(*)::int as n from outbox_events where type = 'staff.welcomed'`,
    grants: owner()`select count(*)::int as n from role_grants`,
  }[what];
  return (await q)[0]!.n as number;
};
const snapshot = async () => ({ users: await count('users'), events: await count('events'), grants: await count('grants') });

/** A browser's multipart/form-data upload of one file in the field "file". */
function upload(bytes: Buffer, opts: { field?: string; filename?: string; lang?: string; auth?: string } = {}) {
  const boundary = `----yui${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="${opts.filename ?? 'staff.csv'}"\r\n`
    + 'Content-Type: text/csv\r\n\r\n';
  return t.app.inject({
    method: 'POST',
    url: '/api/admin/staff/import',
    headers: {
      authorization: opts.auth ?? adminAuth,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    },
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}
const utf8Bom = (text: string) => Buffer.from(`\ufeff${text}`, 'utf8');
const sjis = (text: string) => iconv.encode(text, 'cp932');
const user = async (email: string) =>
  (await owner()`select id, municipality_id, name, name_kana, position, to_char(hire_date, 'YYYY-MM-DD') as hire_date,
                  department_id, weekly_minutes, active, password_hash from users where lower(email) = ${email}`)[0];

beforeAll(async () => {
  fx = await newTenancyFixture(owner());
  const bu = await newDepartment(owner(), fx.a.id, { kind: 'bu', name: '総務部', code: '100' });
  jinjika = await newDepartment(owner(), fx.a.id, { kind: 'ka', name: '人事課', parentId: bu.id, code: '001' });
  zeimuka = await newDepartment(owner(), fx.a.id, { kind: 'ka', name: '税務課', parentId: bu.id, code: 'ZEI' });
  await newDepartment(owner(), fx.b.id, { kind: 'ka', name: 'B人事課', code: 'B-ONLY' });
  adminA = await newUser(owner(), fx.a.id, { name: '安達 管理', nameKana: 'あだち かんり', roles: [{ role: 'municipality_admin' }] });
  staffA = await newUser(owner(), fx.a.id, { email: 'existing@city-a.example.jp', name: '既存 職員', nameKana: 'きぞん しょくいん', departmentId: zeimuka.id });
  personB = await newUser(owner(), fx.b.id, { email: 'b-person@city-b.example.jp', name: '別町 次郎', nameKana: 'べつまち じろう' });
  adminAuth = (await t.login(adminA.email, adminA.password)).authorization;
});

describe('CSV import: encodings as Excel writes them', () => {
  it('imports a Shift_JIS (CP932) file with kanji names and katakana ふりがな', async () => {
    const before = await snapshot();
    const csv =
      'メールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間\r\n' +
      'takahashi@city-a.example.jp,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,主任①,2024/4/1,001,38:45\r\n' +
      'watanabe@city-a.example.jp,渡邉 美咲,ワタナベ　ミサキ,主事,2023-04-01,1,31\r\n' +
      'saito@city-a.example.jp,齋藤 誠,さいとう まこと,,,,\r\n';
    const bytes = sjis(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const res = await upload(bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0 });

    expect(await user('takahashi@city-a.example.jp')).toMatchObject({
      municipality_id: fx.a.id, name: '髙橋 一郎', name_kana: 'たかはし いちろう', position: '主任①', hire_date: '2024-04-01',
      department_id: jinjika.id, weekly_minutes: 2325, active: true, password_hash: null,
    });
    expect(await user('watanabe@city-a.example.jp')).toMatchObject({ name: '渡邉 美咲', name_kana: 'わたなべ みさき', department_id: jinjika.id, weekly_minutes: 1860 });
    expect(await user('saito@city-a.example.jp')).toMatchObject({ name: '齋藤 誠', position: null, hire_date: null, department_id: null, weekly_minutes: 2325 });
    expect(await snapshot()).toEqual({ users: before.users + 3, events: before.events + 3, grants: before.grants + 3 });
  });

  it('imports a UTF-8 file with BOM, updating the people already in town and creating the rest', async () => {
    const csv =
      'メールアドレス,氏名,ふりがな,職名,所属コード\r\n' +
      'EXISTING@city-a.example.jp,既存 職員,キゾン ショクイン,"係長, 兼務",001\r\n' +
      'new.person@city-a.example.jp,"新規 ""ニック"" 花子",しんき はなこ,"主査\n(育休明け)",ZEI\r\n';
    const res = await upload(utf8Bom(csv));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 1 });
    expect(await user('existing@city-a.example.jp')).toMatchObject({ id: staffA.id, position: '係長, 兼務', department_id: jinjika.id, weekly_minutes: 2325 });
    expect(await user('new.person@city-a.example.jp')).toMatchObject({ name: '新規 "ニック" 花子', position: '主査\n(育休明け)', department_id: zeimuka.id });
  });

  it('accepts English headers and UTF-8 without BOM; absent columns stay as they are', async () => {
    await owner()`update users set position = '係長', weekly_minutes = 1860 where id = ${staffA.id}`;
    const res = await upload(Buffer.from('email,name,nameKana\nexisting@city-a.example.jp,既存 職員,きぞん しょくいん\n'));
    expect(res.json()).toEqual({ created: 0, updated: 1 });
    expect(await user('existing@city-a.example.jp')).toMatchObject({ position: '係長', weekly_minutes: 1860, department_id: jinjika.id });
  });
});

describe('CSV import: all rows or none', () => {
  const header = 'メールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間\r\n';

  it('names each bad row (as Excel numbers it) and its field, and writes nothing', async () => {
    const before = await snapshot();
    const csv = header +
      'good1@city-a.example.jp,良品 一郎,りょうひん いちろう,,,001,\r\n' + // row 2
      'not-an-email,不正 二郎,ふせい じろう,,,001,\r\n' + // row 3
      'good3@city-a.example.jp,不明 三郎,ふめい さぶろう,,,999,\r\n' + // row 4
      'existing@city-a.example.jp,既存 職員,きぞん しょくいん,変更されない,,,\r\n'; // row 5 (fine, an update)
    const res = await upload(utf8Bom(csv));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'csv_invalid',
        message: 'CSVに誤りがあるため、取り込みませんでした。',
        rows: [
          { row: 3, field: 'email', message: 'メールアドレス: 形式が正しくありません' },
          { row: 4, field: 'departmentCode', message: '所属コード: 存在しない所属です' },
        ],
      },
    });
    expect(await snapshot()).toEqual(before);
    expect(await user('good1@city-a.example.jp')).toBeUndefined();
    expect((await user('existing@city-a.example.jp'))!.position).not.toBe('変更されない');

    const en = await upload(sjis(csv), { lang: 'en-US,en;q=0.9' });
    expect(en.json().error).toEqual({
      code: 'csv_invalid',
      message: 'The CSV has errors; nothing was imported.',
      rows: [
        { row: 3, field: 'email', message: 'E-mail is not in a valid format' },
        { row: 4, field: 'departmentCode', message: 'Department code is not a known department' },
      ],
    });
  });

  it('counts rows as Excel does when a cell holds a line break', async () => {
    const csv = header + '"a@city-a.example.jp",阿部,あべ,"一行目\r\n二行目",,,\r\nb@city-a.example.jp,伊藤,いとう,,2024/2/30,,\r\n';
    const res = await upload(utf8Bom(csv));
    expect(res.json().error.rows).toEqual([{ row: 3, field: 'hireDate', message: '採用日: 日付として読めません（例: 2024/4/1、2024-04-01）' }]);
  });

  it('refuses an e-mail of another town without saying which, and duplicates within the file', async () => {
    const before = await snapshot();
    const csv = header +
      `${personB.email.toUpperCase()},乗っ取り,のっとり,,,,\r\n` +
      'twice@city-a.example.jp,一回目,いっかいめ,,,,\r\n' +
      'Twice@City-A.example.jp,二回目,にかいめ,,,,\r\n' +
      'c@city-a.example.jp,課長,かちょう,,,B-ONLY,\r\n';
    const res = await upload(utf8Bom(csv));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows).toEqual([
      { row: 2, field: 'email', message: 'メールアドレス: このメールアドレスは使用できません' },
      { row: 4, field: 'email', message: 'メールアドレス: ファイル内で重複しています' },
      { row: 5, field: 'departmentCode', message: '所属コード: 存在しない所属です' },
    ]);
    expect(res.body).not.toContain('B町');
    expect(res.body).not.toContain(fx.b.id);
    expect(await snapshot()).toEqual(before);
    expect((await owner()`select name from users where id = ${personB.id}`)[0]!.name).toBe('別町 次郎');
  });

  it('refuses unknown and missing columns on row 1', async () => {
    const res = await upload(utf8Bom('メールアドレス,氏名,職明\r\nx@city-a.example.jp,x,y\r\n'));
    expect(res.json().error.rows).toEqual([
      { row: 1, field: '職明', message: expect.stringMatching(/^職明: 不明な列です/) },
      { row: 1, field: 'nameKana', message: 'ふりがな: 必須の列がありません' },
    ]);
  });

  it('leaves nothing behind when the database fails part-way through', async () => {
    // A row that passes every check but that the database refuses, after others were written.
    await owner().unsafe(`
      create function test_refuse() returns trigger language plpgsql as $$
      begin if new.name = '失敗 する' then raise exception 'refused for the test'; end if; return new; end $$;
      create trigger test_refuse before insert on users for each row execute function test_refuse();`);
    try {
      const before = await snapshot();
      const csv = header +
        'existing@city-a.example.jp,既存 職員,きぞん しょくいん,途中で失敗,,,\r\n' +
        'ok1@city-a.example.jp,成功 する,せいこう する,,,,\r\n' +
        'boom@city-a.example.jp,失敗 する,しっぱい する,,,,\r\n';
      const res = await upload(utf8Bom(csv));
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('internal');
      expect(res.body).not.toContain('refused for the test');
      expect(await snapshot()).toEqual(before);
      expect((await user('existing@city-a.example.jp'))!.position).not.toBe('途中で失敗');
      expect(await user('ok1@city-a.example.jp')).toBeUndefined();
    } finally {
      await owner().unsafe('drop trigger test_refuse on users; drop function test_refuse();');
    }
  });
});

describe('CSV import: the upload itself', () => {
  it('needs a multipart file in the field "file"', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/api/admin/staff/import', headers: { authorization: adminAuth }, payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.fields).toEqual({ file: 'ファイル: 入力してください' });
    const wrongField = await upload(utf8Bom('email,name,nameKana\r\n'), { field: 'csv' });
    expect(wrongField.statusCode).toBe(400);
  });

  it('explains that an Excel workbook is not a CSV, and refuses an empty file', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64)]);
    const res = await upload(xlsx, { filename: 'staff.xlsx' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows[0].message).toContain('.xlsx');
    const empty = await upload(Buffer.alloc(0));
    expect(empty.json().error.rows).toEqual([{ row: 1, field: null, message: 'ファイルが空です。' }]);
  });

  it('is for municipality admins only', async () => {
    const staff = await t.login(staffA.email, staffA.password);
    const before = await snapshot();
    const res = await upload(utf8Bom('email,name,nameKana\r\nsneaky@city-a.example.jp,x,えっくす\r\n'), { auth: staff.authorization });
    expect(res.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('CSV export', () => {
  it('writes UTF-8 with BOM, CRLF, Japanese headers and a Japanese filename', async () => {
    const res = await t.app.inject({ url: '/api/admin/staff/export.csv', headers: { authorization: adminAuth } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="staff_\d{8}\.csv"; filename\*=UTF-8''%E8%81%B7%E5%93%A1%E4%B8%80%E8%A6%A7_\d{8}\.csv$/);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('メールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間,所属名');
    // Outside quoted cells, every line break is CRLF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '""')).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(text).toContain('takahashi@city-a.example.jp,髙橋 一郎,たかはし いちろう,主任①,2024-04-01,001,38:45,人事課\r\n');
    expect(text).not.toContain(personB.email);
  });

  it('round-trips: export, then import the same file → 0 created, every row updated, nothing changed', async () => {
    const exported = (await t.app.inject({ url: '/api/admin/staff/export.csv', headers: { authorization: adminAuth } })).rawPayload;
    const rows = exported.toString('utf8').trim().split('\r\n').length - 1;
    const staffBefore = await owner()`select id, email, name, name_kana, position, hire_date, department_id, weekly_minutes
                                      from users where municipality_id = ${fx.a.id} order by id`;
    const res = await upload(exported);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: rows });
    const staffAfter = await owner()`select id, email, name, name_kana, position, hire_date, department_id, weekly_minutes
                                     from users where municipality_id = ${fx.a.id} order by id`;
    expect(staffAfter).toEqual(staffBefore);
  });

  it('survives Excel re-saving it as Shift_JIS (dates as 2024/4/1, codes without leading zeros, h:mm:ss)', async () => {
    const exported = (await t.app.inject({ url: '/api/admin/staff/export.csv', headers: { authorization: adminAuth } })).rawPayload;
    const resaved = exported.toString('utf8').slice(1)
      .replace(/(\d{4})-0?(\d{1,2})-0?(\d{1,2})/g, '$1/$2/$3')
      .replace(/,001,/g, ',1,')
      .replace(/,(\d+:\d\d),/g, ',$1:00,');
    const res = await upload(sjis(resaved));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(0);
    expect(await user('takahashi@city-a.example.jp')).toMatchObject({ hire_date: '2024-04-01', department_id: jinjika.id, weekly_minutes: 2325 });
  });
});

describe('CSV import: upload size', () => {
  const small = useTestApi({ YUI_UPLOAD_LIMIT: '2000' });
  it('answers 413 for a file over the upload limit, and writes nothing', async () => {
    const town = await newTenancyFixture(small.db.owner);
    const admin = await newUser(small.db.owner, town.a.id, { roles: [{ role: 'municipality_admin' }] });
    const auth = (await small.login(admin.email, admin.password)).authorization;
    const rows = Array.from({ length: 60 }, (_, i) => `big${i}@city-a.example.jp,大量 ${i},たいりょう,,,,`).join('\r\n');
    const body = Buffer.from(`\ufeffメールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間\r\n${rows}\r\n`);
    expect(body.length).toBeGreaterThan(2000);
    const boundary = 'yui-size-test';
    const res = await small.app.inject({
      method: 'POST', url: '/api/admin/staff/import',
      headers: { authorization: auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        body, Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect((await small.db.owner`select count(*)::int as n from users where email like 'big%'`)[0]!.n).toBe(0);
  });
});
