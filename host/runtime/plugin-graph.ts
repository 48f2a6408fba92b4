import semver from 'semver';
import { phrase, type Said } from '../api/messages.js';
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
      const english = `Plugin "${id}" in ${candidate.folder} is refused: its id is already taken by the plugin in ${first.folder}`;
      refusals.push({ id, folder: candidate.folder, reason: phrase(english, 'host.plugin-refusal.id-taken', { id, folder: candidate.folder, first: first.folder }) });
      continue;
    }
    const range = engines.host;
    if (semver.validRange(range) === null) {
      refusals.push({ id, folder: candidate.folder, reason: phrase(`Plugin "${id}": engines.host "${range}" is not a semver range`, 'host.plugin-refusal.range', { id, range }) });
      continue;
    }
    if (!semver.satisfies(hostApiVersion, range)) {
      const english = `Plugin "${id}" needs host API ${range}, but this host provides ${hostApiVersion}`;
      refusals.push({ id, folder: candidate.folder, reason: phrase(english, 'host.plugin-refusal.host-api', { id, range, version: hostApiVersion }) });
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
      const deps = unknown.map((d) => `"${d}"`).join(', ');
      refusals.push({ id, folder: candidate.folder, reason: phrase(`Plugin "${id}" depends on ${deps}, which is not installed`, 'host.plugin-refusal.not-installed', { id, deps }) });
    } else if (unmet.length > 0) {
      refused.add(id);
      const needs = unmet.map(([dep, range]) => {
        const version = contractVersion(byId.get(dep)!);
        return phrase(`"${dep}" ${range}, but "${dep}" offers contract ${version}`, 'host.plugin-refusal.need', { dep, range, version });
      });
      refusals.push({ id, folder: candidate.folder, reason: phrase(`Plugin "${id}" needs ${needs.map((need) => need.message).join('; and ')}`, 'host.plugin-refusal.needs', { id, needs }) });
    }
  }

  for (const cycle of findCycles(byId)) {
    for (const id of cycle.slice(0, -1)) {
      if (refused.has(id)) continue;
      refused.add(id);
      const chain = cycle.join(' -> ');
      refusals.push({ id, folder: byId.get(id)!.folder, reason: phrase(`Plugin "${id}" is part of a dependency cycle: ${chain}`, 'host.plugin-refusal.cycle', { id, cycle: chain }) });
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

/** Why a plugin was not started: dependencies switched off (disabled) or that did not start themselves. */
export function skipReason(disabled: readonly string[], notStarted: readonly string[]): Said {
  const quoted = (ids: readonly string[]): string => ids.map((id) => `"${id}"`).join(', ');
  const [off, failed] = [quoted(disabled), quoted(notStarted)];
  const parts = [
    ...(disabled.length === 1 ? [phrase(`${off}, which is disabled`, 'host.plugin-skip.disabled-one', { ids: off })] : []),
    ...(disabled.length > 1 ? [phrase(`${off}, which are disabled`, 'host.plugin-skip.disabled-many', { ids: off })] : []),
    ...(notStarted.length === 1 ? [phrase(`${failed}, which did not start`, 'host.plugin-skip.not-started-one', { ids: failed })] : []),
    ...(notStarted.length > 1 ? [phrase(`${failed}, which did not start`, 'host.plugin-skip.not-started-many', { ids: failed })] : []),
  ];
  const [first, second] = parts as [Said, Said?];
  const why = second ? phrase(`${first.message}, and on ${second.message}`, 'host.plugin-skip.both', { first, second }) : first;
  return phrase(`Not started: it depends on ${why.message}`, 'host.plugin-skip', { why });
}
