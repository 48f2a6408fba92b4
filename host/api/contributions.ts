export interface Contribution<T> {
  readonly pluginId: string;
  readonly contribution: T;
}

/**
 * Collects what every started plugin bound to a contribution point. A plugin that owns a point (mail's templates,
 * say) asks here instead of `@multiInject`, so contributions of plugins loaded after it are found too. A plugin may
 * ask only for the points its manifest lists in `contributionPoints`; asking for another's (or the host's) throws.
 */
export const ContributionProvider = Symbol.for('host.ContributionProvider');
export interface ContributionProvider {
  get<T>(point: symbol): Contribution<T>[];
}
