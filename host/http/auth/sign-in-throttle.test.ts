import { describe, expect, it } from 'vitest';
import type { AuditLog, AuditRecord } from '../../api/audit.js';
import type { Logger } from '../../api/logger.js';
import { ManualClock } from '../../runtime/clock.js';
import { SIGN_IN_LIMITS, SignInThrottle, TooManySignInsError, type SignInLimits } from './sign-in-throttle.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

function throttleWith(limits: Partial<SignInLimits>) {
  const clock = new ManualClock();
  const recorded: AuditRecord[] = [];
  const audit = { record: async (entry: AuditRecord) => recorded.push(entry) } as unknown as AuditLog;
  const throttle = new SignInThrottle(clock, audit, quiet, { ...SIGN_IN_LIMITS, freeFailures: 1, ...limits });
  /** The wait in seconds an attempt is told, or 0 when it may check its password. */
  const waitFor = async (name: string, address: string): Promise<number> =>
    throttle.admit(name, address).then(
      () => 0,
      (error: unknown) => (error as TooManySignInsError).retryAfterSeconds,
    );
  return { clock, recorded, throttle, waitFor };
}

describe('SignInThrottle', () => {
  it('doubles the wait with each failure past the free ones', async () => {
    const { clock, waitFor } = throttleWith({ freeFailures: 2 });
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('ALICE', '10.0.0.9')).toBe(1);
    await clock.advance(1000);
    expect(await waitFor('alice', '10.0.0.2')).toBe(0);
    expect(await waitFor('alice', '10.0.0.3')).toBe(2);
    await clock.advance(2000);
    expect(await waitFor('alice', '10.0.0.4')).toBe(0);
    expect(await waitFor('bob', '10.0.0.4')).toBe(0);
    expect(await waitFor('carol', '10.0.0.4')).toBe(1);
    expect(await waitFor('alice', '10.0.0.5')).toBe(4);
  });

  it('forgets a name or address after a quiet day, so its next failure starts afresh', async () => {
    const { clock, waitFor } = throttleWith({});
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    await clock.advance(1000);
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('alice', '10.0.0.1')).toBe(2);
    await clock.advance(24 * 60 * 60_000);
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('alice', '10.0.0.1')).toBe(1);
  });

  it('tracks at most maxKeys names and addresses, forgetting the longest quiet first', async () => {
    const { waitFor } = throttleWith({ maxKeys: 4 });
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('alice', '10.0.0.1')).toBe(1);
    expect(await waitFor('bob', '10.0.0.2')).toBe(0);
    expect(await waitFor('bob', '10.0.0.2')).toBe(1);
    expect(await waitFor('carol', '10.0.0.3')).toBe(0);
    expect(await waitFor('alice', '10.0.0.1')).toBe(0);
    expect(await waitFor('carol', '10.0.0.3')).toBe(1);
  });

  it('records each throttle episode once in the audit log, and a success ends the episode', async () => {
    const { clock, recorded, throttle, waitFor } = throttleWith({});
    await waitFor('alice', '10.0.0.1');
    for (let i = 0; i < 3; i++) expect(await waitFor('alice', '10.0.0.1')).toBe(1);
    expect(recorded).toEqual([
      {
        actor: { kind: 'system', id: 'host' },
        action: 'host.session.throttled',
        reason: 'Too many failed sign-ins',
        details: { account: 'alice', address: '10.0.0.1', throttled: ['account', 'address'], retryAfterSeconds: 1 },
      },
    ]);
    await clock.advance(1000);
    throttle.succeeded(await throttle.admit('alice', '10.0.0.1'));
    await waitFor('alice', '10.0.0.2');
    expect(await waitFor('alice', '10.0.0.2')).toBe(1);
    expect(recorded).toHaveLength(2);
  });
});
