import {
  AuditLog,
  Clock,
  Inventory,
  Logger,
  Storage,
  inject,
  injectable,
  DisposableCollection,
  listen,
  type ActiveWorkContribution,
  type Disposable,
  type LifecycleContribution,
} from '@vpp-host/api';
import { CatalogReader, LocationSettingsService, SyncService, TokenService } from '../../api/index.js';
import { ClientAppleGateway } from './client-gateway.js';
import { DistributionService } from './distribution-service.js';
import { EnrolmentStore } from './enrolment-store.js';
import { LEDGER_COLLECTION } from './ledger.js';

/**
 * Opens distribution once the plugin starts (its stores are async) and wires it to tokens, sync and the inventory.
 * Surfaces reach the service through `service`. Invitations own enrolment: they record acceptances and retirements
 * in `enrolments`, which distribution only reads and follows. On a standby the active host's changes make what the
 * service built in memory (pools, queues) out of date: it is brought up to date from storage when next read, and
 * when the host takes over, so the new active host allocates from the licenses the old one recorded. The queues
 * also follow the inventory, whose changes this plugin's storage does not tell: a standby shows them as of the last
 * change to this plugin's records, and builds them again when it takes over.
 */
@injectable()
export class DistributionRuntime implements LifecycleContribution, ActiveWorkContribution {
  private opened: { service: DistributionService; enrolments: EnrolmentStore; following: Disposable } | undefined;
  /** The active host changed this plugin's records since the service last read them. */
  private stale = false;
  /** Of those, the licenses (the ledger is brought up to date by id; the rest is built again). */
  private readonly changedLicenses = new Set<string>();

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(LocationSettingsService) private readonly locations: LocationSettingsService,
  ) {}

  get service(): DistributionService {
    if (!this.opened) throw new Error('Distribution has not started yet');
    if (this.stale) {
      this.stale = false;
      this.opened.service.refresh(this.changedLicenses);
      this.changedLicenses.clear();
    }
    return this.opened.service;
  }

  get enrolments(): EnrolmentStore {
    if (!this.opened) throw new Error('Distribution has not started yet');
    return this.opened.enrolments;
  }

  async onStart(): Promise<void> {
    const enrolments = await EnrolmentStore.open(this.storage, this.inventory, this.clock);
    const service = await DistributionService.open({
      storage: this.storage,
      clock: this.clock,
      logger: this.logger.child('distribution'),
      audit: this.audit,
      directory: this.inventory,
      enrolments,
      assets: this.catalog,
      tokens: this.tokens,
      locations: this.locations,
      gateway: new ClientAppleGateway((tokenId) => this.tokens.clientFor(tokenId)),
    });
    const following = listen(this.storage.onDidFollowChanges, ({ collections }) => {
      this.stale = true;
      for (const { name, ids } of collections) if (name === LEDGER_COLLECTION) for (const id of ids) this.changedLicenses.add(id);
    });
    this.opened = { service, enrolments, following };
  }

  /** Resumes distribution's own work on the active host and follows what changes it: syncs, deleted tokens, settings. */
  async startActiveWork(): Promise<Disposable> {
    // Whom the queues hold follows the inventory too, which this plugin's storage does not tell of: a host taking over
    // builds them again, whatever it followed.
    this.stale = true;
    const service = this.service;
    const work = new DisposableCollection();
    const guard = (what: string, promise: Promise<unknown>) => void promise.catch((error: unknown) => this.logger.error(what, { error: String(error) }));
    work.push(
      await service.resume(),
      // Every completed sync is a chance to compare the ledger with what Apple holds.
      listen(this.sync.onDidSyncToken, (event) => {
        if (event.phase === 'completed') guard('Could not reconcile licenses with Apple', service.reconcile(event.tokenId));
      }),
      // What the preview of deleting a token says stops, stops: the location's assignments, licenses and queues go.
      listen(this.tokens.onDidChangeTokens, ({ change, token }) => {
        if (change === 'removed') guard('Could not drop the assignments and licenses of a deleted token', service.forgetLocation(token.id));
      }),
      listen(this.locations.onDidChangeLocationSettings, ({ settings, previous }) => {
        if (sameGroups(settings.licenseRestrictedToUserGroups, previous.licenseRestrictedToUserGroups)) return;
        guard('Could not apply a changed license restriction', service.restrictionChanged(settings.tokenId, 'The location\'s license restriction changed'));
      }),
    );
    return work;
  }

  async onStop(): Promise<void> {
    if (!this.opened) return;
    await this.opened.following.dispose();
    await this.opened.service.dispose();
    this.opened.enrolments.dispose();
    this.opened = undefined;
  }
}

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
