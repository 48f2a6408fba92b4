import { fill, formatNumber, html, table, type Column, type SafeHtml } from '@vpp-host/api';
import type { TokenDeletionEffect, TokenDeletionLine, TokenDeletionPreview } from '../../api/index.js';
import { firstOnlyNote } from './account-view.js';
import { vppText } from './panel-text.js';
import { tokenDeletionText } from './token-deletion-text.js';

/**
 * What deleting a token would do, in the reader's language: first what the host stops, then what stays at Apple
 * unmanaged, each effect as a heading with its count and a table of its first lines.
 */
export function tokenDeletionPreview(preview: TokenDeletionPreview, language: string): SafeHtml {
  const text = tokenDeletionText(language);
  if (preview.effects.length === 0) return html`<p>${text.nothingDepends}</p>`;
  const group = (title: string, effects: readonly TokenDeletionEffect[]) =>
    effects.length === 0 ? html`` : html`<h3>${title}</h3>${effects.map((effect) => effectSection(effect, language))}`;
  return html`${group(fill(text.stops, { name: preview.name }), preview.effects.filter((e) => e.outcome === 'stops'))}${group(
    text.staysAtApple,
    preview.effects.filter((e) => e.outcome === 'stays-at-apple'),
  )}`;
}

function effectSection(effect: TokenDeletionEffect, language: string): SafeHtml {
  const text = tokenDeletionText(language);
  const words = vppText(language);
  const columns: Column<TokenDeletionLine>[] = [];
  if (effect.lines.some((line) => line.who)) columns.push({ header: words.who, cell: (line) => (line.who ? whoLabel(line.who, language) : '') });
  if (effect.lines.some((line) => line.item)) columns.push({ header: words.item, cell: (line) => line.item?.name ?? '' });
  const heading = fill(text.headings[effect.id] ?? text.otherHeading, { count: formatNumber(effect.count, language) });
  const hint = effect.id === 'licenses-stay-at-apple' ? html`<p class="muted">${text.keepManaged}</p>` : '';
  return html`<h4>${heading}</h4>${columns.length > 0 ? table(columns, effect.lines) : ''}${firstOnlyNote({ total: effect.count, lines: effect.lines }, language)}${hint}`;
}

/** "Device group · iPads"; all users or all devices by the words alone. */
function whoLabel(who: NonNullable<TokenDeletionLine['who']>, language: string): string {
  const kind = vppText(language)[who.kind];
  return who.name === '' ? kind : `${kind} · ${who.name}`;
}

/** The flash after a deletion: the token and, effect by effect, what stopped and what stayed at Apple. */
export function tokenDeletedMessage(preview: TokenDeletionPreview, language: string): string {
  const text = tokenDeletionText(language);
  if (preview.effects.length === 0) return fill(text.deletedAlone, { name: preview.name });
  const clauses = preview.effects.map((effect) => fill(text.done[effect.id] ?? text.otherDone, { count: effect.count }, language));
  return fill(text.deleted, { name: preview.name, effects: clauses.join(vppText(language).clauseSeparator) });
}

/**
 * The preview's counts in one string: the Confirm button carries the one the admin saw, and a deletion whose
 * consequences changed since is shown again instead of done.
 */
export function deletionFingerprint(preview: TokenDeletionPreview): string {
  return preview.effects.map((effect) => `${effect.id}:${effect.count}`).join(',');
}
