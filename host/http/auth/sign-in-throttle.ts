import { SYSTEM_ACTOR } from '../../api/actor.js';
import type { AuditLog } from '../../api/audit.js';
import type { Clock } from '../../api/clock.js';
import { HostError, saying } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';

export class TooManySignInsError extends HostError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_attempts', 429, `Too many failed sign-ins for this name or from this address; try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}`, { retryAfterSeconds });
    saying(this, 'host.sign-in.too-many', { count: retryAfterSeconds });
  }
}

export interface SignInLimits {
  /** Failures allowed before any wait. */
  readonly freeFailures: number;
  /** The wait after the last free failure; it doubles with each further failure. */
  readonly firstDelayMs: number;
  /** The longest wait, so no admin is ever locked out for good. */
  readonly maxDelayMs: number;
  /** Names and addresses tracked at most; the longest quiet are forgotten first. */
  readonly maxKeys: number;
  /** A name or address without a failure for this long starts afresh; longer than `maxDelayMs`. */
  readonly forgetAfterMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { freeFailures: 5, firstDelayMs: 1000, maxDelayMs: 15 * 60_000, maxKeys: 10_000, forgetAfterMs: 24 * 60 * 60_000 };

/** Longer names cannot be an admin's (see AdminInputSchema), so a key never holds more. */
const NAME_KEY_LENGTH = 64;

export interface SignInAttempt {
  readonly account: string;
  readonly address: string;
}

interface Tally {
  failures: number;
  blockedUntil: number;
  lastFailureAt: number;
  /** Set once the audit log has this throttle episode, so it is recorded once, not per refused request. */
  announced: boolean;
}

/**
 * Slows down password guessing, per account name and per client address: after a few free failures each further
 * one doubles the wait, up to a cap. While either waits, attempts are refused before any password is checked.
 */
export class SignInThrottle {
  /** In order of the last failure, oldest first, so the quiet ones are found at the front. */
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly limits: SignInLimits = SIGN_IN_LIMITS,
  ) {}

  /**
   * Lets an attempt check its password, or throws TooManySignInsError. The attempt counts as a failure at once (in
   * the same tick), so parallel guesses cannot all be checked before the first one fails; `succeeded` takes it back.
   */
  async admit(name: string, address: string): Promise<SignInAttempt> {
    const now = this.clock.now().getTime();
    this.forgetQuiet(now);
    const attempt = { account: name.slice(0, NAME_KEY_LENGTH).toLowerCase(), address };
    const keys = { account: `account:${attempt.account}`, address: `address:${address}` };
    const waiting = Object.entries(keys).flatMap(([by, key]) => {
      const tally = this.tallies.get(key);
      return tally && tally.blockedUntil > now ? [{ by, tally }] : [];
    });
    if (waiting.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil((Math.max(...waiting.map((w) => w.tally.blockedUntil)) - now) / 1000));
      const fresh = waiting.filter((w) => !w.tally.announced);
      for (const { tally } of fresh) tally.announced = true;
      if (fresh.length > 0) await this.announce(attempt, waiting.map((w) => w.by), retryAfterSeconds);
      throw new TooManySignInsError(retryAfterSeconds);
    }
    this.countFailure(keys.account, now);
    this.countFailure(keys.address, now);
    return attempt;
  }

  /**
   * The password was right: the account starts afresh. The address gets its counted attempt back and may try at once,
   * but keeps its other failures, so one known password cannot wipe the record of guesses at other accounts.
   */
  succeeded(attempt: SignInAttempt): void {
    this.tallies.delete(`account:${attempt.account}`);
    const key = `address:${attempt.address}`;
    const tally = this.tallies.get(key);
    if (!tally) return;
    tally.failures -= 1;
    tally.blockedUntil = 0;
    tally.announced = false;
    if (tally.failures <= 0) this.tallies.delete(key);
  }

  private countFailure(key: string, now: number): void {
    const { freeFailures, firstDelayMs, maxDelayMs, maxKeys } = this.limits;
    const tally = this.tallies.get(key) ?? { failures: 0, blockedUntil: 0, lastFailureAt: now, announced: false };
    tally.failures += 1;
    tally.lastFailureAt = now;
    if (tally.failures >= freeFailures) tally.blockedUntil = now + Math.min(maxDelayMs, firstDelayMs * 2 ** (tally.failures - freeFailures));
    this.tallies.delete(key);
    this.tallies.set(key, tally);
    for (const oldest of this.tallies.keys()) {
      if (this.tallies.size <= maxKeys) break;
      this.tallies.delete(oldest);
    }
  }

  private forgetQuiet(now: number): void {
    for (const [key, tally] of this.tallies) {
      if (now - tally.lastFailureAt < this.limits.forgetAfterMs) break;
      this.tallies.delete(key);
    }
  }

  private async announce(attempt: SignInAttempt, by: string[], retryAfterSeconds: number): Promise<void> {
    try {
      await this.audit.record({
        actor: SYSTEM_ACTOR,
        action: 'host.session.throttled',
        reason: 'Too many failed sign-ins',
        details: { account: attempt.account, address: attempt.address, throttled: by, retryAfterSeconds },
      });
    } catch (error) {
      this.logger.warn('Could not record a sign-in throttle in the audit log', { error: String(error) });
    }
    this.logger.warn('Sign-ins are being throttled', { account: attempt.account, address: attempt.address, throttled: by.join(', ') });
  }
}
