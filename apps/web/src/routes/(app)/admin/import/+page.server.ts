import { env } from '$env/dynamic/private';
import { fail, redirect } from '@sveltejs/kit';
import { csvImportResult, type CsvRowError } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { ApiError, userUpload } from '$lib/server/api';
import { pageError, requireAdmin } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

/**
 * The API's upload limit (its YUI_UPLOAD_LIMIT, 10 MiB by default). Checked here too: a file over it
 * is refused before it is sent, and the API's own check is not always reliable (see the report).
 */
function uploadLimit(): number {
  const configured = Number(env.YUI_UPLOAD_LIMIT);
  return Number.isFinite(configured) && configured > 0 ? configured : 10 * 1024 * 1024;
}

export const load: PageServerLoad = (event) => {
  requireAdmin(event);
  const p = event.url.searchParams;
  const count = (name: string) => {
    const v = p.get(name);
    return v !== null && /^\d{1,6}$/.test(v) ? Number(v) : null;
  };
  const created = count('created');
  const updated = count('updated');
  return { result: created !== null && updated !== null ? { created, updated } : null };
};

/** What the page shows after a failed import. */
interface ImportFailure {
  fileName: string;
  message: string;
  rows: CsvRowError[];
  /** The problem is the file input itself (none chosen): shown next to it. */
  missingFile: boolean;
}

export const actions: Actions = {
  /**
   * The file goes to the API as it came (the API detects UTF-8 / Shift_JIS from the bytes). All
   * rows or none: a bad row answers 400 csv_invalid with the rows to fix.
   */
  default: async (event) => {
    requireAdmin(event);
    const t = translator(event.locals.lang);
    let form: FormData;
    try {
      form = await event.request.formData();
    } catch (e) {
      // Over BODY_SIZE_LIMIT, SvelteKit cuts the upload off here with a 413.
      const status = (e as { status?: number }).status;
      if (status === 413) {
        return fail(413, { fileName: '', message: t('admin.import.tooLarge'), rows: [], missingFile: false } satisfies ImportFailure);
      }
      throw e;
    }
    const file = form.get('file');
    // No file chosen: browsers send an empty part without a name. (An empty file that was chosen
    // goes to the API, which says the file is empty.)
    if (!(file instanceof File) || !file.name) {
      return fail(400, { fileName: '', message: t('admin.import.noFile'), rows: [], missingFile: true } satisfies ImportFailure);
    }
    if (file.size > uploadLimit()) {
      return fail(413, { fileName: file.name, message: t('admin.import.tooLarge'), rows: [], missingFile: false } satisfies ImportFailure);
    }

    const upload = new FormData();
    upload.set('file', file, file.name);
    let result: { created: number; updated: number };
    try {
      result = await userUpload(event)('/api/admin/staff/import', upload, csvImportResult);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 403) pageError(e, event);
      const status = e.status === 413 ? 413 : e.status === 409 ? 409 : e.status >= 500 ? 502 : 400;
      const message = e.status === 413 ? t('admin.import.tooLarge') : e.message;
      return fail(status, { fileName: file.name, message, rows: e.rows ?? [], missingFile: Boolean(e.fields?.file) } satisfies ImportFailure);
    }
    redirect(303, `/admin/import?created=${result.created}&updated=${result.updated}`);
  },
};
