import { html, type SafeHtml } from './html.js';
import { viewHref } from './panel-kit.js';
import type { ViewRequest } from './views.js';

/** Form pieces for panel pages: a file upload (multipart, which the shell reads into `request.files`) and checkboxes. */
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
${Object.entries(options.hidden ?? {}).map(([key, value]) => html`<input type="hidden" name="${key}" value="${value}">`)}
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
  readonly checked?: boolean;
}

/** A checkbox with its label beside it; the form sends `yes` only when it is ticked. */
export function checkboxField(label: string, name: string, options: CheckboxOptions = {}): SafeHtml {
  const id = `field-${name}`;
  return html`<div class="field"><label for="${id}" class="check"><input id="${id}" name="${name}" type="checkbox" value="yes"${options.required ? html` required` : ''}${options.checked ? html` checked` : ''}>${label}</label></div>`;
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
