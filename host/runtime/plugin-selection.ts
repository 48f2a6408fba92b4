import type { PluginManifest } from '../api/manifest.js';
import type { DiscoveryResult, PluginCandidate, PluginRefusal } from './plugin-discovery.js';

/** Which of the installed plugins load. */
export interface PluginSelection {
  /** Plugins that do not load; this wins over `only`. */
  readonly disabled: readonly string[];
  /** When set, only these plugins and the plugins they depend on load. */
  readonly only?: readonly string[];
}

/** An installed plugin that is switched off: its manifest when it could be read. */
export interface DisabledPlugin {
  readonly id: string;
  readonly folder: string;
  readonly manifest?: PluginManifest;
}

export interface SelectedPlugins extends DiscoveryResult {
  readonly disabled: DisabledPlugin[];
  /** Ids the selection names that no installed plugin has (most likely a typo). */
  readonly unknown: string[];
}

/**
 * Splits what discovery found into the plugins to plan and load and the ones switched off. A switched-off plugin is
 * not checked further: a broken plugin an admin disabled shows as disabled, not failed.
 */
export function selectPlugins(found: DiscoveryResult, selection: PluginSelection): SelectedPlugins {
  const installed = new Set([...found.candidates.map((c) => c.manifest.id), ...found.refusals.map((r) => r.id)]);
  const wanted = selection.only ? withDependencies(selection.only, found.candidates) : undefined;
  const isOff = (id: string): boolean => selection.disabled.includes(id) || (wanted !== undefined && !wanted.has(id));

  const disabled: DisabledPlugin[] = [];
  const candidates: PluginCandidate[] = [];
  for (const candidate of found.candidates) {
    if (isOff(candidate.manifest.id)) disabled.push({ id: candidate.manifest.id, folder: candidate.folder, manifest: candidate.manifest });
    else candidates.push(candidate);
  }
  const refusals: PluginRefusal[] = [];
  for (const refusal of found.refusals) {
    if (isOff(refusal.id)) disabled.push({ id: refusal.id, folder: refusal.folder });
    else refusals.push(refusal);
  }
  const named = [...selection.disabled, ...(selection.only ?? [])];
  const unknown = [...new Set(named.filter((id) => !installed.has(id)))];
  return { candidates, refusals, disabled, unknown };
}

/** The named plugins and, transitively, every plugin they depend on. */
function withDependencies(ids: readonly string[], candidates: readonly PluginCandidate[]): Set<string> {
  const wanted = new Set<string>();
  const add = (id: string): void => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const candidate of candidates) {
      if (candidate.manifest.id === id) Object.keys(candidate.manifest.dependencies).forEach(add);
    }
  };
  ids.forEach(add);
  return wanted;
}
