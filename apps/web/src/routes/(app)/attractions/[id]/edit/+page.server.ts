import { fail, redirect } from '@sveltejs/kit';
import { attractionPhoto, type Locale } from '@yui/contracts';
import { attractionBody, attractionFormValues, isUuid, photoBody, PHOTOS_MAX } from '$lib/attractions';
import { translator } from '$lib/i18n';
import { userApi, userUpload } from '$lib/server/api';
import {
  apiFailure, done, doneOf, field, idParam, invalidHere, loadAttraction, postPath, readPhotoForm, readPostForm, versionOf,
} from '$lib/server/attractions';
import { chosenFiles, readForm } from '$lib/server/communities';
import { PHOTO_TYPES } from '$lib/server/talent';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['created', 'saved', 'uploaded', 'photoSaved', 'photoRemoved'] as const;
/** The API takes photos up to 10 MB (checked here first, so a big file gets a clear message at once). */
const PHOTO_LIMIT = 10 * 1024 * 1024;

/**
 * Editing a draft (or a post returned for changes): its words, its photos with their rights check,
 * sending it to review, and deleting it. Only the author, and only in 下書き or 差し戻し: anyone else
 * (and any other status) is sent to the post's page.
 */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const a = await loadAttraction(event, id);
  if (!a.can.edit) redirect(303, `/attractions/${id}`);
  return { post: a, values: attractionFormValues(a), done: doneOf(event.url, DONE) };
};

const editPath = (event: RequestEvent) => `/attractions/${idParam(event)}/edit`;

export const actions: Actions = {
  save: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const values = readPostForm(form);
    const { body, fields } = attractionBody(values);
    const extra = { op: 'save' as const, values };
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, extra);
    try {
      await userApi(event)(postPath(id), { method: 'PATCH', body: { ...body, version: versionOf(form) } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(editPath(event), 'saved');
  },

  /**
   * Photos, one call per file (each is checked by its bytes and queued for processing on its own). A
   * file the API refuses stops there; the ones before it are kept.
   */
  upload: async (event) => {
    const id = idParam(event);
    const t = translator(event.locals.lang);
    const form = await readForm(event);
    const problem = (text: string) => invalidPhoto(text, event.locals.lang);
    if ('tooLarge' in form) return problem(t('attractions.upload.tooLargeAll'));
    const files = chosenFiles(form, 'file');
    if (files.length === 0) return problem(t('attractions.upload.none'));
    if (files.length > PHOTOS_MAX) return problem(t('attractions.upload.tooMany', { max: PHOTOS_MAX }));
    for (const file of files) {
      if (file.size > PHOTO_LIMIT) return problem(t('attractions.upload.tooLarge', { name: file.name }));
      // The browser's guess from the file name; the API looks at the bytes themselves.
      if (file.type && !PHOTO_TYPES.includes(file.type)) return problem(t('attractions.upload.type', { name: file.name }));
    }
    const send = userUpload(event);
    for (const file of files) {
      const body = new FormData();
      body.set('file', file, file.name || 'photo');
      try {
        await send(postPath(id, 'photos'), body, attractionPhoto);
      } catch (e) {
        return apiFailure(e, event, { op: 'upload' as const });
      }
    }
    done(editPath(event), 'uploaded', 'photos');
  },

  photo: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const photoId = field(form, 'photoId');
    if (!isUuid(photoId)) done(editPath(event), 'photoSaved', 'photos');
    const photo = readPhotoForm(form);
    const { body, fields } = photoBody(photo);
    const extra = { op: 'photo' as const, photoId, photo };
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, extra);
    try {
      await userApi(event)(postPath(id, `photos/${photoId}`), { method: 'PATCH', body });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(editPath(event), 'photoSaved', `photo-${photoId}`);
  },

  removePhoto: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const photoId = field(form, 'photoId');
    if (isUuid(photoId)) {
      try {
        await userApi(event)(postPath(id, `photos/${photoId}`), { method: 'DELETE' });
      } catch (e) {
        return apiFailure(e, event, { op: 'removePhoto' as const, photoId });
      }
    }
    done(editPath(event), 'photoRemoved', 'photos');
  },

  submit: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    try {
      await userApi(event)(postPath(id, 'submit'), { method: 'POST', body: { version: versionOf(form) } });
    } catch (e) {
      return apiFailure(e, event, { op: 'submit' as const });
    }
    done(`/attractions/${id}`, 'submitted');
  },

  /** Deleting a draft: two steps without JS, the first asks, the second (confirm=1) deletes. */
  remove: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'remove' as const, confirm: true };
    try {
      await userApi(event)(postPath(id), { method: 'DELETE' });
    } catch (e) {
      return apiFailure(e, event, { op: 'remove' as const });
    }
    done('/attractions', 'deleted');
  },
};

/** A file refused here, answered like the API's refusals: beside the file input. */
function invalidPhoto(text: string, lang: Locale) {
  return fail(400, { op: 'upload' as const, message: translator(lang)('attractions.form.errorTitle'), fields: { photo: text } as Record<string, string> });
}
