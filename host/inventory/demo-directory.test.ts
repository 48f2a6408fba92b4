import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { Inventory } from '../api/inventory.js';
import { Host } from '../runtime/host.js';
import { demoDirectorySnapshot, seedDemoDirectory } from './demo-directory.js';
import { useInventory } from './test-fixtures/open-inventory.js';

const openInventory = useInventory();
const major = (version: string): number[] => version.split('.').map(Number);
const below = (version: string, limit: number[]): boolean => {
  const [a = 0, b = 0] = major(version);
  return a < limit[0]! || (a === limit[0] && b < limit[1]!);
};

describe('demo directory', () => {
  it('is the same organisation every time: a few hundred people in teams, devices in groups, some too old for VPP apps', () => {
    const snapshot = demoDirectorySnapshot();
    expect(demoDirectorySnapshot()).toEqual(snapshot);
    const users = snapshot.users ?? [];
    const devices = snapshot.devices ?? [];
    expect(users).toHaveLength(300);
    expect(new Set(users.map((u) => u.email)).size).toBe(300);
    expect(new Set(users.map((u) => u.language))).toEqual(new Set(['en', 'nl', 'fr']));
    expect(users.filter((u) => u.managedAppleId).length).toBeGreaterThan(50);
    expect(snapshot.userGroups?.map((g) => [g.name, g.members?.length])).toEqual([
      ['Management', 8],
      ['Sales', 20],
      ['Engineering', 30],
      ['Support', 15],
      ['Teachers', 40],
      ['Students', 187],
      ['All Staff', 113],
    ]);
    expect(devices).toHaveLength(148);
    expect(snapshot.deviceGroups?.map((g) => g.name)).toEqual(['Sales iPads', 'Engineering Macs', 'Management iPhones', 'Support iPhones', 'Student iPads', 'Lab Macs']);
    const oldIos = devices.filter((d) => d.platform !== 'macOS' && below(d.osVersion, [9, 0]));
    const oldMacs = devices.filter((d) => d.platform === 'macOS' && below(d.osVersion, [10, 11]));
    expect(oldIos.length).toBeGreaterThan(3);
    expect(oldMacs.length).toBeGreaterThan(3);
    expect(devices.filter((d) => d.ownerUserId === undefined)).toHaveLength(15);
  });

  it('seeds an empty inventory once and leaves one that holds anything alone', async () => {
    const { inventory } = await openInventory();
    const summary = await seedDemoDirectory(inventory, SYSTEM_ACTOR);
    expect(summary).toEqual({ users: 300, userGroups: 7, devices: 148, deviceGroups: 6, memberships: 413 + 148 });
    expect(inventory.listUsers().total).toBe(300);
    expect(inventory.members('device-group', 'lab-macs')).toHaveLength(15);
    expect(inventory.listDevices({ search: 'C02LDEMO0001' }).items[0]).toMatchObject({ platform: 'macOS', state: 'enrolled' });
    expect(await seedDemoDirectory(inventory, SYSTEM_ACTOR)).toBeUndefined();

    const other = await openInventory();
    await other.inventory.saveUser({ name: 'Only One', email: 'one@example.com' }, SYSTEM_ACTOR);
    expect(await seedDemoDirectory(other.inventory, SYSTEM_ACTOR)).toBeUndefined();
    expect(other.inventory.listUsers().total).toBe(1);
  });
});

describe('the inventory part', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('seeds the demo directory only with --demo, and only into an empty inventory', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-demo-'));
    dirs.push(dataDir);
    const start = (demo: boolean) => Host.start({ dataDir, bundledPluginsDir: null, port: 0, demo, logSink: () => {} });

    const plain = await start(false);
    expect(plain.container.get<Inventory>(Inventory).listUsers().total).toBe(0);
    await plain.stop();

    const demo = await start(true);
    expect(demo.container.get<Inventory>(Inventory).listDevices().total).toBe(148);
    await demo.container.get<Inventory>(Inventory).removeUser('olivia.smith', SYSTEM_ACTOR);
    await demo.stop();

    const again = await start(true);
    expect(again.container.get<Inventory>(Inventory).listUsers().total).toBe(299);
    await again.stop();
  });
});
