import semver from 'semver';
import type { PluginCandidate, PluginRefusal } from './plugin-discovery.js';

export interface PluginPlan {
  /** Plugins to load, each after its dependencies. */
  readonly ordered: PluginCandidate[];
  readonly refusals: PluginRefusal[];
}

/**
 * Refuses duplicate ids, unmet engine ranges, unknown dependencies, dependencies whose contract is out of the declared
 * range and cycles, each with a message naming the
 * plugin, and orders the rest by their dependencies (discovery order breaks ties). `switchedOff` plugins are
 * installed but not loaded: their dependents are skipped at start, not refused.
 */
export function planPlugins(candidates: readonly PluginCandidate[], hostApiVersion: string, switchedOff: readonly string[] = []): PluginPlan {
  const refusals: PluginRefusal[] = [];
  const byId = new Map<string, PluginCandidate>();

  for (const candidate of candidates) {
    const { id, engines } = candidate.manifest;
    const first = byId.get(id);
    if (first) {
      refusals.push({ id, folder: candidate.folder, reason: `Plugin "${id}" in ${candidate.folder} is refused: its id is already taken by the plugin in ${first.folder}` });
      continue;
    }
    if (semver.validRange(engines.host) === null) {
      refusals.push({ id, folder: candidate.folder, reason: `Plugin "${id}": engines.host "${engines.host}" is not a semver range` });
      continue;
    }
    if (!semver.satisfies(hostApiVersion, engines.host)) {
      refusals.push({ id, folder: candidate.folder, reason: `Plugin "${id}" needs host API ${engines.host}, but this host provides ${hostApiVersion}` });
      continue;
    }
    byId.set(id, candidate);
  }

  // A dependency that was refused above is installed: its dependents are skipped at start, not refused here.
  const installed = new Set([...byId.keys(), ...refusals.map((r) => r.id), ...switchedOff]);
  const refused = new Set<string>();
  for (const candidate of byId.values()) {
    const { id, dependencies } = candidate.manifest;
    const unknown = Object.keys(dependencies).filter((dep) => !installed.has(dep));
    const unmet = Object.entries(dependencies).filter(([dep, range]) => byId.has(dep) && !semver.satisfies(contractVersion(byId.get(dep)!), range, { includePrerelease: true }));
    if (unknown.length > 0) {
      refused.add(id);
      refusals.push({ id, folder: candidate.folder, reason: `Plugin "${id}" depends on ${unknown.map((d) => `"${d}"`).join(', ')}, which is not installed` });
    } else if (unmet.length > 0) {
      refused.add(id);
      const needs = unmet.map(([dep, range]) => `"${dep}" ${range}, but "${dep}" offers contract ${contractVersion(byId.get(dep)!)}`);
      refusals.push({ id, folder: candidate.folder, reason: `Plugin "${id}" needs ${needs.join('; and ')}` });
    }
  }

  for (const cycle of findCycles(byId)) {
    for (const id of cycle.slice(0, -1)) {
      if (refused.has(id)) continue;
      refused.add(id);
      refusals.push({ id, folder: byId.get(id)!.folder, reason: `Plugin "${id}" is part of a dependency cycle: ${cycle.join(' -> ')}` });
    }
  }

  const ordered: PluginCandidate[] = [];
  const placed = new Set<string>();
  const visit = (candidate: PluginCandidate): void => {
    const { id, dependencies } = candidate.manifest;
    if (placed.has(id) || refused.has(id)) return;
    placed.add(id);
    for (const dep of Object.keys(dependencies)) {
      const dependency = byId.get(dep);
      if (dependency) visit(dependency);
    }
    ordered.push(candidate);
  };
  for (const candidate of byId.values()) {
    if (!refused.has(candidate.manifest.id)) visit(candidate);
  }
  return { ordered, refusals };
}

/** Each cycle as a path that starts and ends at the same plugin. */
function findCycles(byId: ReadonlyMap<string, PluginCandidate>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of Object.keys(byId.get(id)?.manifest.dependencies ?? {})) {
      if (!byId.has(dep)) continue;
      if (state.get(dep) === 'visiting') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of byId.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

/** The version of a plugin's `api/` contract: its `apiVersion`, or its own version. */
export function contractVersion(candidate: PluginCandidate): string {
  return candidate.manifest.apiVersion ?? candidate.manifest.version;
}
