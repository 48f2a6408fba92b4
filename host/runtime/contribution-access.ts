import type { Contribution, ContributionProvider } from '../api/contributions.js';
import type { PluginManifest } from '../api/manifest.js';

/** Where a contribution point's key comes from: `Symbol.for(key)`; a plain symbol has none. */
export function pointKey(point: symbol): string {
  return Symbol.keyFor(point) ?? point.description ?? String(point);
}

/**
 * The ContributionProvider a plugin gets: it answers only for the points the plugin's manifest owns
 * (`contributionPoints`). Everything else (the host's points, another plugin's) would hand over other plugins'
 * services, so asking for it throws, naming the asking plugin and the owner.
 */
export function ownedContributions(asking: PluginManifest, all: ContributionProvider, ownerOf: (key: string) => string | undefined): ContributionProvider {
  return {
    get<T>(point: symbol): Contribution<T>[] {
      const key = pointKey(point);
      if (asking.contributionPoints.includes(key)) return all.get<T>(point);
      const owner = ownerOf(key);
      const whose = owner === undefined ? 'no plugin lists it in its manifest\'s "contributionPoints"' : `it belongs to "${owner}"`;
      throw new Error(`Plugin "${asking.id}" asked for the contributions to ${key}, but ${whose}; a plugin collects only the points it owns`);
    },
  };
}
