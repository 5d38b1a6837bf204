import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvImportResult } from '@yui/contracts';
import { ApiError, apiMultipart, apiRequest } from './api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('apiMultipart', () => {
  it('sends the form as multipart with the reader’s token and language', async () => {
    const fetch = vi.fn(async () => json(200, { created: 2, updated: 1 }));
    vi.stubGlobal('fetch', fetch);
    const form = new FormData();
    form.set('file', new File(['a,b\r\n'], 'staff.csv', { type: 'text/csv' }));
    const result = await apiMultipart('/api/admin/staff/import', { form, token: 't', lang: 'ja', schema: csvImportResult });
    expect(result).toEqual({ created: 2, updated: 1 });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(init.body).toBe(form);
    expect(init.headers).toMatchObject({ authorization: 'Bearer t', 'accept-language': 'ja' });
    // fetch writes the multipart boundary itself.
    expect(init.headers).not.toHaveProperty('content-type');
  });

  it('throws csv_invalid with the rows to fix', async () => {
    const rows = [{ row: 3, field: 'email', message: 'メールアドレス: 形式が正しくありません' }];
    vi.stubGlobal('fetch', async () => json(400, { error: { code: 'csv_invalid', message: '取り込みませんでした。', rows } }));
    const e = await apiMultipart('/x', { form: new FormData(), lang: 'ja' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'csv_invalid', message: '取り込みませんでした。', rows });
  });

  it('throws other errors as apiRequest does, fields included', async () => {
    const body = { error: { code: 'validation_failed', message: '入力内容に誤りがあります。', fields: { file: 'ファイル: 入力してください' } } };
    vi.stubGlobal('fetch', async () => json(400, body));
    const upload = await apiMultipart('/x', { form: new FormData(), lang: 'ja' }).catch((err: unknown) => err);
    const request = await apiRequest('/x', { lang: 'ja' }).catch((err: unknown) => err);
    for (const e of [upload, request]) {
      expect(e).toMatchObject({ status: 400, code: 'validation_failed', fields: body.error.fields, rows: undefined });
    }
  });

  it('says the server is unreachable when it is', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const e = await apiMultipart('/x', { form: new FormData(), lang: 'en' }).catch((err: unknown) => err);
    expect(e).toMatchObject({ status: 503, code: 'unavailable' });
  });
});
