import type { RefusedForm } from '../../api/views.js';

/** Fields the shell itself reads, and a preview's confirmation: never typed by the admin. */
const NOT_TYPED = new Set(['_csrf', '_action', 'confirmed']);
/** Secrets are never sent back into a page. */
const SECRET = /pass(word|phrase)|secret/i;
/** A refused form is held in memory until the next page: enough for any real form, never megabytes. */
const MAX_FIELDS = 200;
const MAX_VALUE = 2000;

/** What the shell keeps of a refused form to give back to its page: the typed values, secrets left out. */
export function refusedForm(form: Readonly<Record<string, string>>, message: string, field: string | undefined): RefusedForm {
  const typed = Object.entries(form).filter(([name]) => !NOT_TYPED.has(name) && !SECRET.test(name));
  const values = Object.fromEntries(typed.slice(0, MAX_FIELDS).map(([name, value]) => [name, value.slice(0, MAX_VALUE)]));
  return { action: form._action ?? '', values, message, ...(field ? { field } : {}) };
}
