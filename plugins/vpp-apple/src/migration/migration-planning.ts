import { BadInputError, Clock, Inventory, inject, injectable, phrase, saying, type CommandProgress } from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService, type MigrationBundle, type SyncProgress, type TokenRecord } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { AppleClients } from '../tokens/apple-clients.js';
import { InstallationIdentity } from '../tokens/installation-identity.js';
import { saidAsLabel } from '../said-text.js';
import { parseTokenFile } from '../tokens/token-file.js';
import { TokenStore } from '../tokens/token-store.js';
import { syncedAppleLocation, walkAppleLocation, type AppleLocationView } from './apple-location-view.js';
import { openToken } from './token-sealing.js';
import { DirectoryMatch } from './directory-match.js';
import { MigrationFormats } from './migration-formats.js';
import { planMigration, type MigrationResolution } from './migration-planner.js';
import type { MigrationPlan } from '../../api/index.js';

/** What plan, apply and verify are given: the bundle's text in a format, and how to reach the location. */
export interface MigrationInput {
  readonly bundle: string;
  readonly format?: string;
  /** The location's `.vpptoken` file; without it, the bundle's own (with the passphrase) or the token this host holds. */
  readonly tokenFile?: string;
  readonly passphrase?: string;
}

export interface Planned {
  readonly bundle: MigrationBundle;
  readonly plan: MigrationPlan;
  readonly resolution: MigrationResolution;
  readonly apple: AppleLocationView;
  /** The token file the plan read Apple with; absent when this host's held token was used. */
  readonly sToken?: string;
  /** This host's token of the location, when it holds it. */
  readonly held?: TokenRecord;
}

type Progress = (progress: CommandProgress) => void;

/**
 * Reads a bundle in its format and lays it over Apple's live state: walked from scratch with the token file when
 * this host does not hold the location, or synced incrementally (only Apple's changes travel) when it does.
 */
@injectable()
export class MigrationPlanning {
  constructor(
    @inject(MigrationFormats) private readonly formats: MigrationFormats,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(AppleClients) private readonly clients: AppleClients,
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(DistributionRuntime) private readonly distribution: DistributionRuntime,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async read(input: MigrationInput): Promise<{ bundle: MigrationBundle; sToken?: string }> {
    const bundle = this.formats.require(input.format ?? 'native').read(input.bundle);
    if (input.tokenFile !== undefined && input.tokenFile.trim() !== '') return { bundle, sToken: parseTokenFile(input.tokenFile, this.clock.now()).sToken };
    const passphrase = input.passphrase?.replace(/\r?\n$/, '');
    if (bundle.token && passphrase) return { bundle, sToken: await openToken(bundle.token, passphrase) };
    if (bundle.token && !this.heldToken(bundle.location.uId)) {
      const refusal = new BadInputError('The bundle carries its token encrypted: give the passphrase (--passphrase-file FILE or VPP_MIGRATION_PASSPHRASE), or the token file (--token-file)');
      throw saying(refusal, 'vpp.migration.token-encrypted');
    }
    return { bundle };
  }

  async plan(input: MigrationInput, progress: Progress = () => {}): Promise<Planned> {
    const { bundle, sToken } = await this.read(input);
    return this.planRead(bundle, sToken !== undefined ? { sToken } : {}, progress);
  }

  /**
   * Plans a bundle already read, reading Apple with this host's token of the location when it holds it (`held`, or
   * found by the token file's or the bundle's location), else with the token file.
   */
  async planRead(bundle: MigrationBundle, reach: { readonly sToken?: string; readonly held?: TokenRecord }, progress: Progress = () => {}): Promise<Planned> {
    const { sToken } = reach;
    let held = reach.held;
    let apple: AppleLocationView;
    if (!held && sToken !== undefined) held = this.heldToken((await this.clients.create(sToken).getClientConfig({ skipMdmCheck: true })).uId);
    held ??= this.heldToken(bundle.location.uId);
    if (held) apple = await this.syncedView(held, progress);
    else if (sToken !== undefined) apple = await walkAppleLocation(this.clients.create(sToken), progress);
    else throw saying(new BadInputError("Give the location's token file (--token-file FILE), or a bundle that carries its token (exported with --include-token) and its passphrase"), 'vpp.migration.needs-token');
    checkSameLocation(bundle, apple);
    const { plan, resolution } = planMigration({
      bundle,
      apple,
      match: new DirectoryMatch(this.inventory, apple),
      ownMdmId: this.identity.mdmId,
      heldHere: held !== undefined,
      inHouseItem: (entry) => this.inHouseItem(entry),
    });
    return { bundle, plan, resolution, apple, ...(sToken !== undefined ? { sToken } : {}), ...(held ? { held } : {}) };
  }

  heldToken(uId: string): TokenRecord | undefined {
    return this.tokens.list().find((token) => token.uId === uId);
  }

  /**
   * Apple's state for a location this host holds: synced incrementally and read from what the sync stored, unless
   * another product manages it now (this host may not sync it then): walked as a newcomer would.
   */
  async syncedView(token: TokenRecord, progress: Progress): Promise<AppleLocationView> {
    const client = this.clients.create(this.store.sToken(token.id));
    const { mdmInfo } = await client.getClientConfig({ skipMdmCheck: true });
    if (mdmInfo && mdmInfo.id !== this.identity.mdmId) return walkAppleLocation(client, progress);
    const syncing = (p: SyncProgress) => phrase(`Syncing ${token.name}: ${p.label}`, 'vpp.migration.progress.syncing', { token: token.name, step: p.said ?? p.label });
    await this.sync.sync(token.id, { onProgress: (p) => progress({ done: p.done, total: Math.max(p.total, p.done), ...saidAsLabel(syncing(p)) }) });
    return syncedAppleLocation(this.catalog, token, mdmInfo);
  }

  private inHouseItem(entry: MigrationBundle['catalog'][number]): string | undefined {
    const items = this.distribution.service.catalog.list({ kind: entry.kind as 'in-house-app' | 'in-house-book' });
    return (items.find((item) => entry.bundleId !== undefined && item.bundleId === entry.bundleId) ?? items.find((item) => item.name === entry.name))?.id;
  }
}

/** Apple's location ids are digits; a bundle from a product that does not know it names it otherwise and is not checked. */
function checkSameLocation(bundle: MigrationBundle, apple: AppleLocationView): void {
  if (/^\d+$/.test(bundle.location.uId) && bundle.location.uId !== apple.uId) {
    const [location, uId] = [bundle.location.name.slice(0, 100), bundle.location.uId];
    const refusal = new BadInputError(`The token file is for location "${apple.locationName}" (${apple.uId}), but the bundle is for "${location}" (${uId}): give the token file of the bundle's location`);
    throw saying(refusal, 'vpp.migration.other-location', { fileLocation: apple.locationName, fileUId: apple.uId, location, uId });
  }
}
