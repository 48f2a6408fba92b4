import { html, type SafeHtml } from './html.js';
import { field, fieldError, type FieldOptions } from './panel-field.js';
import { hiddenInputs, viewHref } from './panel-kit.js';
import type { RefusedForm, ViewRequest } from './views.js';

/**
 * Form pieces for panel pages: the fields of a form that come back as typed after a refusal, a file upload
 * (multipart, which the shell reads into `request.files`) and checkboxes.
 */

/** The fields of one form on a page (its `_action`): see `formFields`. */
export interface FormFields {
  /** The refusal when the shell gave this form back refused: a disclosure holding the form opens then. */
  readonly refused: RefusedForm | undefined;
  /** The value as typed when the form was refused, else `initial`. */
  value(name: string, initial?: string): string | undefined;
  /** A `field` showing what was typed, marked invalid with the refusal under it when the refusal concerns it. */
  field(options: FieldOptions): SafeHtml;
  /** A `checkboxField` ticked as it was when the form was refused. */
  checkbox(label: string, name: string, options?: CheckboxOptions): SafeHtml;
}

/**
 * The fields of the form posting `action`. After the shell gave the form back refused (`request.refused`), every
 * field shows what the admin typed (a password never: it stays empty) and the field the refusal concerns says why,
 * so the admin corrects one field instead of filling in the form again. Otherwise the fields show their initial values.
 */
export function formFields(request: Pick<ViewRequest, 'refused'>, action: string): FormFields {
  const refused = request.refused?.action === action ? request.refused : undefined;
  const value = (name: string, initial?: string) => (refused ? (refused.values[name] ?? '') : initial);
  const error = (name: string) => (refused?.field === name ? refused.message : undefined);
  return {
    refused,
    value,
    field: (options) => field({ ...options, value: options.type === 'password' ? undefined : value(options.name, options.value), error: error(options.name) }),
    checkbox: (label, name, options = {}) => checkboxField(label, name, { ...options, checked: refused ? refused.values[name] === 'yes' : options.checked, error: error(name) }),
  };
}
export interface UploadFormOptions {
  readonly action: string;
  readonly submit: string;
  readonly fields: SafeHtml;
  readonly query?: Readonly<Record<string, string>>;
  readonly hidden?: Readonly<Record<string, string>>;
}

export function uploadForm(request: ViewRequest, options: UploadFormOptions): SafeHtml {
  return html`<form method="post" action="${viewHref(request, options.query)}" enctype="multipart/form-data" class="action-form action-form-stacked">
<input type="hidden" name="_csrf" value="${request.csrfToken}">
<input type="hidden" name="_action" value="${options.action}">
${hiddenInputs(options.hidden)}
${options.fields}<button type="submit">${options.submit}</button>
</form>`;
}

/** A file input, required unless said otherwise (a field in a hidden tab cannot be required: the browser could not show why). */
export function fileField(label: string, name: string, accept: string, options: { readonly required?: boolean } = {}): SafeHtml {
  const id = `field-${name}`;
  return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${name}" type="file" accept="${accept}"${options.required === false ? '' : html` required`}></div>`;
}

export interface CheckboxOptions {
  readonly required?: boolean;
  readonly checked?: boolean | undefined;
  /** Why it was refused (see `field`). */
  readonly error?: string | undefined;
}

/** A checkbox with its label beside it; the form sends `yes` only when it is ticked. */
export function checkboxField(label: string, name: string, options: CheckboxOptions = {}): SafeHtml {
  const id = `field-${name}`;
  const invalid = options.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`<div class="field"><label for="${id}" class="check"><input id="${id}" name="${name}" type="checkbox" value="yes"${options.required ? html` required` : ''}${options.checked ? html` checked` : ''}${invalid}>${label}</label>${fieldError(id, options.error)}</div>`;
}

/** Several checkboxes under one legend; each sends `<name>-<value>`, since a form field holds one value. */
export function checkboxGroup(legend: string, name: string, choices: readonly { value: string; label: string; checked?: boolean }[]): SafeHtml {
  return html`<fieldset class="checks"><legend>${legend}</legend><div>${choices.map(
    (choice) => html`<label class="check"><input type="checkbox" name="${name}-${choice.value}" value="yes"${choice.checked ? html` checked` : ''}>${choice.label}</label>`,
  )}</div></fieldset>`;
}

/** The values of a checkboxGroup that were ticked. */
export function checkedValues(form: Readonly<Record<string, string>>, name: string, values: readonly string[]): string[] {
  return values.filter((value) => form[`${name}-${value}`] === 'yes');
}
