import {
  Alerts,
  Clock,
  counted,
  formatTime,
  inject,
  injectable,
  listen,
  Logger,
  phrase,
  Scheduler,
  Settings,
  toDisposable,
  type ActiveWorkContribution,
  type AlertInput,
  type Disposable,
  type LifecycleContribution,
  type Said,
} from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService, vppItemId, type TokenRecord, type TokenState } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import type { CatalogItem } from '../distribution/model.js';
import { pageUrl } from '../panel/panel-labels.js';
import { TokenHealthMonitor } from '../tokens/token-health-monitor.js';
import { AlertThresholds } from './alert-thresholds.js';

/** A full look at every item and token: the safety net under the events, and what moves "expires in N days" along. */
const CHECK_INTERVAL_MS = 3600_000;

/** The token states an admin is alerted to, and how loud. */
const TOKEN_ALERTS: Readonly<Partial<Record<TokenState, AlertInput['severity']>>> = {
  expiring: 'warning',
  expired: 'critical',
  revoked: 'critical',
  invalid: 'critical',
  'claimed-elsewhere': 'critical',
};
const ALERTED_STATES = Object.keys(TOKEN_ALERTS) as TokenState[];

export const alertKeys = {
  out: (itemId: string) => `licenses-out:${itemId}`,
  low: (itemId: string) => `licenses-low:${itemId}`,
  token: (state: TokenState, tokenId: string) => `token-${state}:${tokenId}`,
  sync: (tokenId: string) => `sync-failing:${tokenId}`,
};

/**
 * The conditions vpp-apple knows, raised and resolved on the host's Alerts: an item whose licenses ran out while
 * holders wait (how many, since when), an item below its low-license threshold (its own or its location's), a token
 * expiring within `expiryWarningDays`, expired, revoked, refused by Apple or claimed by another MDM, and a location
 * whose syncs failed `syncFailureAlertAfter` times in a row. It follows distribution's, the catalog's, the tokens'
 * and sync's events, looking at what they touched a moment later (a bulk assignment is one look), and looks at
 * everything at start and hourly, which also resolves the alerts of deleted tokens and items. It is the active
 * host's work: a standby raises nothing.
 */
@injectable()
export class LicenseAlerts implements LifecycleContribution, ActiveWorkContribution {
  private readonly dirtyItems = new Set<string>();
  private readonly dirtyTokens = new Set<string>();
  private everything = false;
  private running: Promise<void> | undefined;
  private watching: Disposable[] = [];

  constructor(
    @inject(Alerts) private readonly alerts: Alerts,
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(TokenHealthMonitor) private readonly health: TokenHealthMonitor,
    @inject(AlertThresholds) private readonly thresholds: AlertThresholds,
    @inject(Settings) private readonly settings: Settings,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async onStart(): Promise<void> {
    await this.thresholds.open();
  }

  startActiveWork(): Disposable {
    const service = this.runtime.service;
    const item = ({ itemId }: { itemId: string }) => this.touchItem(itemId);
    const token = ({ tokenId }: { tokenId: string }) => this.touchToken(tokenId);
    this.watching = [
      listen(service.onDidChangeQueue, item),
      listen(service.onDidAssignLicense, item),
      listen(service.onDidReleaseLicense, item),
      listen(this.catalog.onDidChangeAssetCount, ({ tokenId, asset }) => this.touchItem(vppItemId(tokenId, asset))),
      listen(this.tokens.onDidChangeTokenHealth, ({ token: changed }) => this.touchToken(changed.id)),
      listen(this.tokens.onDidChangeTokens, ({ change, token: changed }) => {
        if (change === 'removed') {
          void this.thresholds.forgetLocation(changed.id).catch((error: unknown) => this.logger.error('Could not drop the thresholds of a deleted token', { error: String(error) }));
          this.touchEverything();
        } else this.touchToken(changed.id);
      }),
      listen(this.sync.onDidSyncToken, (event) => {
        if (event.phase === 'completed' || event.phase === 'failed') token(event);
        // A completed sync brings new counts (and perhaps new items) for the whole location.
        if (event.phase === 'completed') this.touchEverything();
      }),
      listen(this.thresholds.onDidChangeThreshold, ({ scope, targetId }) => (scope === 'item' ? this.touchItem(targetId) : this.touchEverything())),
      listen(this.settings.onDidChangeSetting, ({ key }) => {
        if (key === 'syncFailureAlertAfter' || key === 'expiryWarningDays') this.touchEverything();
      }),
      this.scheduler.every('license-alerts', CHECK_INTERVAL_MS, async () => {
        this.touchEverything();
        await this.settled();
      }, { runNow: true }),
    ];
    return toDisposable(async () => {
      for (const watch of this.watching.splice(0)) await watch.dispose();
      await this.settled();
    });
  }

  onStop(): void {
    this.thresholds.dispose();
  }

  /** Resolves once what was touched so far has been looked at (tests, and the hourly check). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private touchItem(itemId: string): void {
    this.dirtyItems.add(itemId);
    this.soon();
  }

  private touchToken(tokenId: string): void {
    this.dirtyTokens.add(tokenId);
    this.soon();
  }

  private touchEverything(): void {
    this.everything = true;
    this.soon();
  }

  /** One look a moment after the events of a change: a step that assigns 60,000 licenses touches its item once. */
  private soon(): void {
    if (this.running || this.watching.length === 0) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.look())
      .catch((error: unknown) => this.logger.error('Could not look at the license and token alerts', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.running = undefined;
        if ((this.everything || this.dirtyItems.size > 0 || this.dirtyTokens.size > 0) && this.watching.length > 0) this.soon();
      });
  }

  private async look(): Promise<void> {
    if (this.everything) {
      this.everything = false;
      this.dirtyItems.clear();
      this.dirtyTokens.clear();
      await this.lookAtEverything();
      return;
    }
    const items = [...this.dirtyItems];
    const tokens = [...this.dirtyTokens];
    this.dirtyItems.clear();
    this.dirtyTokens.clear();
    for (const id of items) await this.lookAtItem(id);
    for (const id of tokens) await this.lookAtToken(id);
  }

  /** Every item and token; an open alert nothing holds any more (a deleted token or item) is resolved. */
  private async lookAtEverything(): Promise<void> {
    const holding = new Set<string>();
    for (const item of this.runtime.service.catalog.list({ unlisted: true })) {
      if (item.vpp) for (const key of await this.lookAtItem(item.id, item)) holding.add(key);
    }
    for (const token of this.tokens.list()) for (const key of await this.lookAtToken(token.id)) holding.add(key);
    for (const alert of this.alerts.openAlerts()) if (!holding.has(alert.key)) await this.alerts.resolve(alert.key);
  }

  /** Raises or resolves the item's two alerts; returns the keys that hold. */
  private async lookAtItem(itemId: string, known?: CatalogItem): Promise<string[]> {
    const item = known ?? this.runtime.service.catalog.get(itemId);
    const token = item?.vpp ? this.tokens.get(item.vpp.tokenId) : undefined;
    const counts = item?.counts;
    const out = counts !== undefined && counts.queued > 0 && counts.available === 0;
    const threshold = item && token && !out ? this.thresholds.effective(item) : undefined;
    // A location's threshold watches what its catalog offers; an item's own, whatever the item.
    const watched = threshold !== undefined && (threshold.from === 'item' || this.runtime.service.catalog.isListed(item!));
    const low = watched && counts !== undefined && counts.total > 0 && counts.available < threshold.below;
    const holding: string[] = [];
    if (item && token && out) holding.push(await this.raise(alertKeys.out(itemId), this.outOfLicenses(item, token)));
    else await this.alerts.resolve(alertKeys.out(itemId));
    if (item && token && low) holding.push(await this.raise(alertKeys.low(itemId), this.lowOnLicenses(item, token, threshold!.below)));
    else await this.alerts.resolve(alertKeys.low(itemId));
    return holding;
  }

  /** Raises or resolves the token's health and sync alerts; returns the keys that hold. */
  private async lookAtToken(tokenId: string): Promise<string[]> {
    const token = this.tokens.get(tokenId);
    const state = token ? this.health.current(token).state : undefined;
    const holding: string[] = [];
    for (const candidate of ALERTED_STATES) {
      const key = alertKeys.token(candidate, tokenId);
      if (token && state === candidate) holding.push(await this.raise(key, this.tokenAlert(token, candidate)));
      else await this.alerts.resolve(key);
    }
    const sync = this.sync.state(tokenId);
    const failures = sync.consecutiveFailures ?? 0;
    // A token Apple refuses explains the failures already: its own alert says what to do.
    const failing = token && sync.status === 'failed' && failures >= this.settings.get<number>('syncFailureAlertAfter') && !['expired', 'revoked', 'invalid', 'claimed-elsewhere'].includes(state!);
    if (failing) holding.push(await this.raise(alertKeys.sync(tokenId), this.syncFailing(token, failures, sync.failingSince ?? sync.finishedAt ?? this.now(), { message: sync.reason ?? '', ...(sync.messageId ? { messageId: sync.messageId } : {}), ...(sync.params ? { params: sync.params } : {}) })));
    else await this.alerts.resolve(alertKeys.sync(tokenId));
    return holding;
  }

  private async raise(key: string, alert: Omit<AlertInput, 'key'>): Promise<string> {
    await this.alerts.raise({ key, ...alert });
    return key;
  }

  private outOfLicenses(item: CatalogItem, token: TokenRecord): Omit<AlertInput, 'key'> {
    const waiting = item.counts!.queued;
    // Since when: from the moment licenses ran out with holders waiting, kept while it lasts.
    const since = this.alerts.get(alertKeys.out(item.id))?.raisedAt ?? this.now();
    const english = `No licenses left for ${item.name} at "${token.locationName}": ${counted('en', waiting, 'holder waits', 'holders wait')} since ${formatTime(since, 'en')}`;
    return {
      severity: 'critical',
      said: phrase(english, 'vpp.alert.out-of-licenses', { item: item.name, location: token.locationName, waiting, since }),
      subject: { type: 'catalog-item', id: item.id, name: item.name },
      href: pageUrl('catalog', { id: item.id }),
    };
  }

  private lowOnLicenses(item: CatalogItem, token: TokenRecord, below: number): Omit<AlertInput, 'key'> {
    const { available, total } = item.counts!;
    const english = `Few licenses left for ${item.name} at "${token.locationName}": ${available} of ${total} free, below the threshold of ${below}`;
    return {
      severity: 'warning',
      said: phrase(english, 'vpp.alert.low-licenses', { item: item.name, location: token.locationName, available, total, below }),
      subject: { type: 'catalog-item', id: item.id, name: item.name },
      href: pageUrl('catalog', { id: item.id }),
    };
  }

  private tokenAlert(token: TokenRecord, state: TokenState): Omit<AlertInput, 'key'> {
    const values = { name: token.name, location: token.locationName };
    const said = ((): Said => {
      switch (state) {
        case 'expiring':
          return phrase(`Token "${token.name}" expires on ${formatTime(token.expiresAt, 'en')}: renew it with a new file from Apple.`, 'vpp.alert.token-expiring', { ...values, date: token.expiresAt });
        case 'expired':
          return phrase(`Token "${token.name}" has expired: nothing is sent to Apple for "${token.locationName}" until it is renewed.`, 'vpp.alert.token-expired', values);
        case 'revoked':
          return phrase(`Token "${token.name}" was revoked at Apple: upload a new token for "${token.locationName}".`, 'vpp.alert.token-revoked', values);
        case 'invalid': {
          const reason: Said = { message: token.health.reason, ...(token.health.messageId ? { messageId: token.health.messageId } : {}), ...(token.health.params ? { params: token.health.params } : {}) };
          return phrase(`Apple does not accept token "${token.name}": ${token.health.reason}`, 'vpp.alert.token-invalid', { ...values, reason });
        }
        default: {
          const other: Said = token.claimedBy ? { message: token.claimedBy.name } : phrase('another MDM', 'vpp.alert.other-mdm');
          return phrase(`The location "${token.locationName}" of token "${token.name}" is managed by another MDM (${other.message}): take it over to manage it here.`, 'vpp.alert.token-claimed', { ...values, other });
        }
      }
    })();
    return { severity: TOKEN_ALERTS[state]!, said, subject: { type: 'vpp-token', id: token.id, name: token.name }, href: pageUrl('tokens', { id: token.id }) };
  }

  private syncFailing(token: TokenRecord, failures: number, since: string, reason: Said): Omit<AlertInput, 'key'> {
    const english = `Syncing "${token.name}" failed ${counted('en', failures, 'time', 'times')} in a row since ${formatTime(since, 'en')}: ${reason.message}`;
    return {
      severity: 'critical',
      said: phrase(english, 'vpp.alert.sync-failing', { name: token.name, failures, since, reason }),
      subject: { type: 'vpp-token', id: token.id, name: token.name },
      href: pageUrl('tokens', { id: token.id }),
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
