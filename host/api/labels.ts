import type { LabelDeclaration, PluginManifest } from './manifest.js';

/** A manifest's display name in the reader's language (its `displayName` for any language it does not give). */
export function displayNameOf(manifest: Pick<PluginManifest, 'displayName' | 'displayNames'>, language: string): string {
  return manifest.displayNames?.[language as 'nl' | 'fr'] ?? manifest.displayName;
}

/** The titles of declared codes (audit actions, audit target kinds) in one language; undefined for a code no manifest names. */
export function labelsOf(declarations: readonly LabelDeclaration[], language: string): (code: string) => string | undefined {
  const titles = new Map(declarations.map((d) => [d.id, d.titles?.[language as 'nl' | 'fr'] ?? d.title]));
  return (code) => titles.get(code);
}
