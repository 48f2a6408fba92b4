import { html, type SafeHtml } from './html.js';

/** A form's field: a labelled input or select, its suggestions while typing, and why it was refused. */

export interface FieldOptions {
  readonly label: string;
  readonly name: string;
  readonly value?: string | undefined;
  readonly type?: 'text' | 'email' | 'search' | 'date' | 'datetime-local' | 'number' | 'password';
  readonly required?: boolean;
  /** A select with these choices instead of a text input. */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  readonly placeholder?: string;
  /** Suggestions offered while typing (a datalist); one with a label shows it beside the value (a kind, say). */
  readonly suggestions?: readonly (string | Suggestion)[];
  /** Suggestions that follow another field's choice (a kind): see FollowingSuggestions. */
  readonly suggestionsBy?: FollowingSuggestions;
  /** The label is read by screen readers only and shown as the placeholder: for one-field forms in a toolbar. */
  readonly compact?: boolean;
  /** Why the value was refused: shown under the field, which is marked invalid and described by it. */
  readonly error?: string | undefined;
}

/**
 * One list of suggestions per choice of another field (`field`, the select's name): the list of the choice the page
 * was drawn with (`chosen`) is offered, and the panel's script offers another's as soon as the choice changes.
 */
export interface FollowingSuggestions {
  readonly field: string;
  readonly chosen: string;
  readonly lists: Readonly<Record<string, readonly (string | Suggestion)[]>>;
}

export interface Suggestion {
  /** What picking it puts in the field. */
  readonly value: string;
  readonly label: string;
}

/** A labelled input or select; ids derive from the name so labels work. */
export function field(options: FieldOptions): SafeHtml {
  const id = `field-${options.name}`;
  const required = options.required ? html` required` : '';
  const invalid = options.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const placeholder = options.placeholder ?? (options.compact ? options.label : undefined);
  const control = options.choices
    ? html`<select id="${id}" name="${options.name}"${required}${invalid}>${options.choices.map(
        (choice) => html`<option value="${choice.value}"${choice.value === (options.value ?? '') ? html` selected` : ''}>${choice.label}</option>`,
      )}</select>`
    : html`<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${required}${invalid}${placeholder ? html` placeholder="${placeholder}"` : ''}${suggestionLists(id, options)}`;
  return html`<div class="field"><label for="${id}"${options.compact ? html` class="sr-only"` : ''}>${options.label}</label>${control}${fieldError(id, options.error)}</div>`;
}

/** The input's `list` (and what it follows) closing its tag, then its datalists. */
function suggestionLists(id: string, options: FieldOptions): SafeHtml {
  const following = options.suggestionsBy;
  if (following) {
    const lists = Object.entries(following.lists).map(([choice, suggestions]) => html`<datalist id="${id}-list-${choice}">${suggestions.map(suggestionOption)}</datalist>`);
    return html` list="${id}-list-${following.chosen}" data-list-follows="field-${following.field}">${lists}`;
  }
  return options.suggestions ? html` list="${id}-list"><datalist id="${id}-list">${options.suggestions.map(suggestionOption)}</datalist>` : html`>`;
}

function suggestionOption(suggestion: string | Suggestion): SafeHtml {
  return typeof suggestion === 'string' ? html`<option value="${suggestion}">` : html`<option value="${suggestion.value}" label="${suggestion.label}">${suggestion.label}</option>`;
}

/** The message under a refused field, which the field's `aria-describedby` points at. */
export function fieldError(id: string, error: string | undefined): SafeHtml | '' {
  return error ? html`<p class="field-error" id="${id}-error">${error}</p>` : '';
}
