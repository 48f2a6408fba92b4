import type { Clock } from '../../api/clock.js';
import { DisposableCollection, type Disposable } from '../../api/disposable.js';
import { Emitter, type Event } from '../../api/event.js';
import type { Logger } from '../../api/logger.js';
import { ClockScheduler, errorMessage } from '../../runtime/scheduler.js';
import type { HostRole, HostRoleView } from '../storage-engine.js';
import type { ChangeFollower } from './change-follower.js';
import type { Lease } from './lease.js';

export interface LeaseSettings {
  /** This process's id in the lease and the standbys table. */
  readonly hostId: string;
  /** Where this host serves (shown to callers a standby refuses, and by `vpp-host status`); may be set later. */
  readonly address: string;
  /** A heartbeat older than this lets a standby take over. */
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Calls back at once when the active host commits; the regular check is the fallback. */
export type ChangeNotifications = (onChange: () => void, onLost: (error: Error) => void) => Promise<Disposable>;

/** What the engine does when the role changes: write under a new epoch, or stop writing. */
export interface RoleTarget {
  activate(epoch: number): void;
  deactivate(): void;
}

/**
 * Keeps this host's side of the lease: the active host renews its heartbeat and steps down when it cannot (another
 * host took the lease, or the database was out of reach for longer than the timeout, so a standby may have taken
 * over); a standby follows the changes, reports how far it got, and takes the lease once the heartbeat is too old.
 */
export class LeaseKeeper implements HostRoleView, Disposable {
  private current: HostRole = 'standby';
  private epoch = 0;
  private address: string;
  private activeAddress: string | null = null;
  /** When the heartbeat last reached the database, by this host's clock. */
  private renewedAt = 0;
  /** When the database last answered a tick, by this host's clock. */
  private answeredAt = 0;
  private readonly roleChanged = new Emitter<HostRole>();
  readonly onDidChangeRole: Event<HostRole> = this.roleChanged.event;
  private readonly toDispose = new DisposableCollection();

  constructor(
    private readonly lease: Lease,
    private readonly follower: ChangeFollower,
    private readonly target: RoleTarget,
    private readonly settings: LeaseSettings,
    private readonly notifications: ChangeNotifications,
  ) {
    this.address = settings.address;
    this.toDispose.push(this.roleChanged);
  }

  role(): HostRole {
    return this.current;
  }

  /** The active host's address as last read (this host's own while active). */
  activeHost(): string | null {
    return this.current === 'active' ? this.address : this.activeAddress;
  }

  reachable(): boolean {
    return this.now() - this.answeredAt <= this.settings.timeoutMs;
  }

  setAddress(address: string): void {
    this.address = address;
  }

  /** Takes the lease if it is free, then checks it every third of the timeout; a standby also follows each commit. */
  async start(): Promise<void> {
    await this.tick();
    const { logger } = this.settings;
    const follow = (): void => {
      if (this.current === 'standby') this.follower.catchUp().catch((error: unknown) => logger.warn('Could not follow the changes', { error: errorMessage(error) }));
    };
    const lost = (error: Error): void => logger.warn('Stopped listening for changes; following them at each lease check instead', { error: error.message });
    try {
      this.toDispose.push(await this.notifications(follow, lost));
    } catch (error) {
      lost(error as Error);
    }
    const scheduler = new ClockScheduler(this.settings.clock, this.settings.logger);
    this.toDispose.push(scheduler.every('lease', Math.max(1, Math.floor(this.settings.timeoutMs / 3)), () => this.tick()));
  }

  /** The database refused a write of this host's epoch: another host is active, this one stops writing now. */
  fenced(): void {
    if (this.current === 'active') this.stepDown('the database refused a write of an older epoch: another host took the lease');
  }

  /** On a clean stop the lease is given up, so a standby takes over without waiting for the timeout. */
  async release(): Promise<void> {
    await this.toDispose.dispose();
    if (this.current === 'active') await this.lease.release(this.settings.hostId, this.epoch).catch(() => undefined);
    else await this.lease.forgetStandby(this.settings.hostId).catch(() => undefined);
  }

  dispose(): Promise<void> {
    return this.toDispose.dispose();
  }

  private async tick(): Promise<void> {
    if (this.current === 'active') await this.renew();
    else await this.followOrTakeOver();
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await this.lease.renew(this.settings.hostId, this.epoch, this.address);
      this.answeredAt = this.now();
      if (renewed) this.renewedAt = this.answeredAt;
      else this.stepDown('another host took the lease');
    } catch (error) {
      if (this.now() - this.renewedAt > this.settings.timeoutMs) this.stepDown(`the heartbeat could not be written for longer than the lease timeout (${errorMessage(error)})`);
    }
  }

  private async followOrTakeOver(): Promise<void> {
    await this.follower.catchUp();
    const state = await this.lease.read();
    this.answeredAt = this.now();
    this.activeAddress = state.address;
    if (state.hostId !== null && state.ageMs <= this.settings.timeoutMs) {
      await this.lease.reportStandby(this.settings.hostId, this.address, this.follower.appliedSeq());
      return;
    }
    const epoch = await this.lease.tryTake(this.settings.hostId, this.address, this.settings.timeoutMs);
    if (epoch === undefined) return;
    this.renewedAt = this.now();
    // Writes of the old epoch committed before the lease changed hands are in the log now: apply them before writing.
    await this.follower.catchUp();
    await this.lease.forgetStandby(this.settings.hostId);
    this.epoch = epoch;
    this.current = 'active';
    this.target.activate(epoch);
    this.settings.logger.info('This host is active: it holds the lease', { epoch, previous: state.hostId ?? 'none' });
    this.roleChanged.fire('active');
  }

  private stepDown(reason: string): void {
    this.current = 'standby';
    this.target.deactivate();
    this.settings.logger.warn(`This host is a standby now: ${reason}`, { epoch: this.epoch });
    this.roleChanged.fire('standby');
    // Memory may hold this host's refused changes: read the database again.
    this.follower.reload().catch((error: unknown) => this.settings.logger.error('Could not reload the data after losing the lease', { error: errorMessage(error) }));
  }

  private now(): number {
    return this.settings.clock.now().getTime();
  }
}
