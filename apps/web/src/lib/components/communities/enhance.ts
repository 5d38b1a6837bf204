import { goto } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For small changes in the middle of a long page (いいね, 興味あり, 解決した回答): with JS the page
 * is reloaded where the reader is, focus stays on the button they pressed, and the form is emptied.
 * Without JS the action's redirect (with a #fragment) does the same job.
 */
export const stayInPlace: SubmitFunction = ({ formElement }) => {
  return async ({ result, update }) => {
    if (result.type === 'redirect') {
      formElement.reset();
      await goto(result.location, { invalidateAll: true, noScroll: true, keepFocus: true });
    } else {
      await update({ reset: false });
    }
  };
};

/**
 * For a form that is done once it worked (a comment, a reply, a report): on success it is emptied
 * and the <details> it was opened from is closed, then the action's redirect is followed as usual
 * (to the flash message, or to the new comment). A failure keeps what was typed.
 */
export const doneAndClose: SubmitFunction = ({ formElement }) => {
  return async ({ result, update }) => {
    if (result.type === 'redirect') {
      formElement.reset();
      formElement.closest('details')?.removeAttribute('open');
    }
    await update({ reset: false });
  };
};
