import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../host/runtime/clock.js';
import { AppleVppSimulator, SimulatorStateFile, type LocationSpec } from './index.js';

const LOCATION: LocationSpec = {
  uId: '2049025000431439',
  locationName: 'Head Office',
  assets: [{ adamId: '100', productType: 'App', totalCount: 3, name: 'Pages' }],
  users: [{ clientUserId: 'u1', email: 'u1@example.com' }],
  assignments: [{ adamId: '100', pricingParam: 'STDQ', serialNumber: 'SER-1' }],
};

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

const simulator = (clock: ManualClock) => new AppleVppSimulator({ clock, eventDelayMs: 0 });
const noErrors = (error: unknown) => {
  throw error;
};

describe('the simulator state file', () => {
  it('a simulator opened on the file of another is the same Apple: tokens, users, assignments, counts and version', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vpp-sim-state-'));
    const file = path.join(dir, 'apple.json');
    const clock = new ManualClock('2026-06-01T09:00:00.000Z');
    const first = simulator(clock);
    let sToken = '';
    const opened = await SimulatorStateFile.open(file, first, { seed: () => (sToken = first.addLocation(LOCATION).sToken), onError: noErrors });
    expect(opened.restored).toBe(false);
    const location = first.location(LOCATION.uId);
    first.createUsers(location, { users: [{ clientUserId: 'u2', email: 'u2@example.com' }] });
    first.associate(location, { assets: [{ adamId: '100', pricingParam: 'STDQ' }], serialNumbers: ['SER-2'] });
    await clock.advance(1);
    // Still pending when the state is written: the restored simulator processes it.
    const pending = first.associate(location, { assets: [{ adamId: '100', pricingParam: 'STDQ' }], serialNumbers: ['SER-3'] });
    await opened.stateFile.dispose();
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = simulator(clock);
    const reopened = await SimulatorStateFile.open(file, second, { seed: () => second.addLocation(LOCATION), onError: noErrors });
    expect(reopened.restored).toBe(true);
    const again = second.authenticate(`Bearer ${sToken}`);
    expect(again.versionId).toBe(location.versionId);
    expect(second.users(again, new URLSearchParams()).users.map((u) => [u.clientUserId, u.status])).toEqual([
      ['u1', 'Registered'],
      ['u2', 'Registered'],
    ]);
    expect(second.assignments(again, new URLSearchParams()).assignments.map((a) => a.serialNumber)).toEqual(['SER-1', 'SER-2']);
    expect(second.status(again, pending.eventId).eventStatus).toBe('PENDING');
    await clock.advance(1);
    expect(second.status(again, pending.eventId)).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 1 });
    expect(second.assignments(again, new URLSearchParams()).assignments.map((a) => a.serialNumber)).toEqual(['SER-1', 'SER-2', 'SER-3']);
    expect(second.assets(again, new URLSearchParams()).assets[0]).toMatchObject({ assignedCount: 3, availableCount: 0 });
    expect(second.lookupContent(new URLSearchParams({ id: '100' })).results['100']?.name).toBe('Pages');
    await reopened.stateFile.dispose();
  });

  it('refuses a file that is not a simulator state and leaves it untouched', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vpp-sim-state-'));
    const file = path.join(dir, 'apple.json');
    await writeFile(file, '{"locations":"nope"}');
    const clock = new ManualClock();
    await expect(SimulatorStateFile.open(file, simulator(clock), { seed: () => undefined, onError: noErrors })).rejects.toThrow(/is not a simulator state/);
    expect(await readFile(file, 'utf8')).toBe('{"locations":"nope"}');
  });
});
