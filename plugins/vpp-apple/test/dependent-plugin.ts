import type { AppleNotifications, CatalogReader, Distribution, HoldingsRegistry, Invitations, SyncService, TokenService } from '../api/index.js';
import { manifest, type PluginFixture } from '../../../test/support/plugin-fixture.js';

/** What the dependent plugin was given for each of vpp-apple's exports. */
export interface ContractSeenByDependent {
  readonly tokens: TokenService;
  readonly sync: SyncService;
  readonly catalog: CatalogReader;
  readonly holdings: HoldingsRegistry;
  readonly notifications: AppleNotifications;
  readonly distribution: Distribution;
  readonly invitations: Invitations;
}

const GLOBAL = '__vppAppleContractSeenByDependent';

/**
 * A vendor's plugin that depends on vpp-apple and injects every service its contract exports; at its start it
 * leaves them where the test can read them.
 */
export const DEPENDENT_PLUGIN: PluginFixture = {
  manifest: manifest('vpp-dependent', { dependencies: ['vpp-apple'] }),
  code: `
import { ContainerModule, LifecycleContribution, inject, injectable } from '@vpp-host/api';
import { AppleNotifications, CatalogReader, Distribution, HoldingsRegistry, Invitations, SyncService, TokenService } from '@vpp-host/plugins/vpp-apple/api';
@injectable()
class Recorder implements LifecycleContribution {
  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(HoldingsRegistry) private readonly holdings: HoldingsRegistry,
    @inject(AppleNotifications) private readonly notifications: AppleNotifications,
    @inject(Invitations) private readonly invitations: Invitations,
    @inject(Distribution) private readonly distribution: Distribution,
  ) {}
  onStart() {
    const { tokens, sync, catalog, holdings, notifications, invitations, distribution } = this;
    (globalThis as any).${GLOBAL} = { tokens, sync, catalog, holdings, notifications, invitations, distribution };
  }
}
export default new ContainerModule(({ bind }) => { bind(LifecycleContribution).to(Recorder).inSingletonScope(); });
`,
};

export function contractSeenByDependent(): ContractSeenByDependent {
  const seen = (globalThis as Record<string, unknown>)[GLOBAL] as ContractSeenByDependent | undefined;
  if (!seen) throw new Error('The dependent plugin did not start');
  return seen;
}
