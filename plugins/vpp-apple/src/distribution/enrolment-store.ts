import { Emitter, type Clock, type Disposable, type Event, type Repository, type Storage } from '@vpp-host/api';
import type { DistributionDirectory, Enrolment, EnrolmentDirectory, Retirement } from './ports.js';

interface EnrolmentRecord extends Enrolment {
  readonly id: string;
  /** The user was retired since accepting: enrolled no more (a Managed Apple ID included) until a new acceptance. */
  readonly retiredAt?: string;
}

export interface Acceptance {
  readonly tokenId: string;
  readonly userId: string;
  readonly clientUserId: string;
  /** When the product learned of it (ISO); the clock's now when absent. */
  readonly acceptedAt?: string;
}

const keyOf = (tokenId: string, userId: string) => `${tokenId}|${userId}`;

/**
 * Who is enrolled in managed distribution at each location, and since when. Invitations feed it (Apple's
 * USER_ASSOCIATED notifications and syncs that show a user Associated; retirements); distribution reads it. A user
 * with a Managed Apple ID needs no invitation. The first acceptance recorded is kept, so first-come-first-served
 * order never changes afterwards; only a retirement ends it, and a new acceptance then starts a new place.
 */
export class EnrolmentStore implements EnrolmentDirectory, Disposable {
  private readonly enrolled = new Emitter<Enrolment>();
  private readonly retired = new Emitter<Retirement>();
  readonly onDidEnrolUser: Event<Enrolment> = this.enrolled.event;
  readonly onDidRetireUser: Event<Retirement> = this.retired.event;

  private constructor(
    private readonly records: Repository<EnrolmentRecord>,
    private readonly directory: Pick<DistributionDirectory, 'getUser'>,
    private readonly clock: Clock,
  ) {}

  static async open(storage: Storage, directory: Pick<DistributionDirectory, 'getUser'>, clock: Clock): Promise<EnrolmentStore> {
    // Acceptances arrive one at a time, so many small shards keep each write small.
    return new EnrolmentStore(await storage.collection<EnrolmentRecord>('distribution-enrolments', { expectedSize: 1_000_000 }), directory, clock);
  }

  enrolment(tokenId: string, userId: string): Enrolment | undefined {
    const record = this.records.get(keyOf(tokenId, userId));
    if (record) return record.retiredAt === undefined ? record : undefined;
    const user = this.directory.getUser(userId);
    if (user?.managedAppleId) return { tokenId, userId, clientUserId: userId, acceptedAt: user.createdAt, via: 'managed-apple-id' };
    return undefined;
  }

  /** Records acceptances of users not enrolled now (durably), then announces each. */
  async recordAcceptances(acceptances: readonly Acceptance[]): Promise<Enrolment[]> {
    const now = this.clock.now().toISOString();
    const fresh = new Map<string, EnrolmentRecord>();
    for (const a of acceptances) {
      const id = keyOf(a.tokenId, a.userId);
      const existing = this.records.get(id);
      if ((existing && existing.retiredAt === undefined) || fresh.has(id)) continue;
      fresh.set(id, { id, tokenId: a.tokenId, userId: a.userId, clientUserId: a.clientUserId, acceptedAt: a.acceptedAt ?? now, via: 'invitation' });
    }
    const records = [...fresh.values()];
    if (records.length === 0) return [];
    await this.records.putMany(records);
    for (const record of records) this.enrolled.fire(record);
    return records;
  }

  /**
   * The user was retired at the location (durably), then announced: enrolled no more, so the user leaves every
   * queue and gives back app licenses, until a new acceptance. Resolves to the retirement, or undefined when the
   * user was not enrolled there.
   */
  async recordRetirement(tokenId: string, userId: string, clientUserId: string): Promise<Retirement | undefined> {
    const current = this.enrolment(tokenId, userId);
    if (!current) return undefined;
    const retiredAt = this.clock.now().toISOString();
    await this.records.put({ ...current, id: keyOf(tokenId, userId), clientUserId, retiredAt });
    const retirement: Retirement = { tokenId, userId, retiredAt };
    this.retired.fire(retirement);
    return retirement;
  }

  /**
   * Enrolments another product made, taken over with their acceptance times (a migration): stored as they are and
   * not announced, since nobody accepted anything now. As everywhere, the first acceptance wins: a user this host
   * saw accepting later (its first sync of the location, say) gets the earlier time.
   */
  async adopt(enrolments: readonly Enrolment[]): Promise<number> {
    const records = enrolments.filter((e) => {
      const current = this.records.get(keyOf(e.tokenId, e.userId));
      return !current || current.retiredAt !== undefined || current.acceptedAt > e.acceptedAt;
    });
    await this.records.putMany(records.map((e) => ({ ...e, id: keyOf(e.tokenId, e.userId) })));
    return records.length;
  }

  /** Every location with recorded enrolments. */
  locations(): string[] {
    return [...this.records.values()].map((record) => record.tokenId);
  }

  /** Drops a location's enrolments (its token was deleted); resolves to how many went. */
  forgetLocation(tokenId: string): Promise<number> {
    return this.records.deleteMany(this.records.find((record) => record.tokenId === tokenId).map((record) => record.id));
  }

  dispose(): void {
    this.enrolled.dispose();
    this.retired.dispose();
  }
}
