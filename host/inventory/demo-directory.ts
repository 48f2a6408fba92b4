import type { Actor } from '../api/actor.js';
import type { DeviceInput, GroupInput, ImportSummary, Inventory, InventorySnapshot, Platform, UserInput } from '../api/inventory.js';
import { slug } from './inventory-validation.js';

type Language = 'en' | 'nl' | 'fr';

const FIRST_NAMES: Readonly<Record<Language, readonly string[]>> = {
  en: ['Olivia', 'James', 'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Harry', 'Emily', 'Jack', 'Grace', 'Thomas', 'Sophie', 'William', 'Lucy', 'Henry'],
  nl: ['Emma', 'Daan', 'Julia', 'Sem', 'Tess', 'Lucas', 'Sanne', 'Bram', 'Fleur', 'Jesse', 'Lotte', 'Thijs', 'Anouk', 'Ruben', 'Iris', 'Joris'],
  fr: ['Léa', 'Hugo', 'Chloé', 'Louis', 'Camille', 'Gabriel', 'Manon', 'Arthur', 'Inès', 'Jules', 'Zoé', 'Raphaël', 'Élise', 'Théo', 'Margaux', 'Noé'],
};

const LAST_NAMES: Readonly<Record<Language, readonly string[]>> = {
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright', 'Green', 'Hall', 'Wood', 'Clarke', 'Hughes'],
  nl: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre'],
};

/** The organisation's user groups, in order, with how many people each holds. */
const TEAMS: readonly { readonly name: string; readonly size: number; readonly domain: string }[] = [
  { name: 'Management', size: 8, domain: 'example.com' },
  { name: 'Sales', size: 20, domain: 'example.com' },
  { name: 'Engineering', size: 30, domain: 'example.com' },
  { name: 'Support', size: 15, domain: 'example.com' },
  { name: 'Teachers', size: 40, domain: 'school.example.org' },
  { name: 'Students', size: 187, domain: 'students.example.org' },
];

interface DeviceFleet {
  readonly group: string;
  readonly team?: string;
  readonly count: number;
  readonly platform: Platform;
  readonly serialPrefix: string;
  readonly model: string;
  readonly versions: readonly string[];
  /** Every how-many-th device runs an old OS (below iOS 9 / macOS 10.11), to show eligibility rules. */
  readonly oldEvery: number;
  readonly oldVersions: readonly string[];
}

const FLEETS: readonly DeviceFleet[] = [
  { group: 'Sales iPads', team: 'Sales', count: 20, platform: 'iPadOS', serialPrefix: 'DMPS', model: 'iPad', versions: ['17.4', '17.5.1', '16.7.8'], oldEvery: 7, oldVersions: ['8.4.1'] },
  { group: 'Engineering Macs', team: 'Engineering', count: 30, platform: 'macOS', serialPrefix: 'C02E', model: 'MacBook Pro', versions: ['14.4.1', '13.6.7', '15.0'], oldEvery: 8, oldVersions: ['10.10.5', '10.9.5'] },
  { group: 'Management iPhones', team: 'Management', count: 8, platform: 'iOS', serialPrefix: 'F2LM', model: 'iPhone', versions: ['17.4.1', '18.0'], oldEvery: 0, oldVersions: [] },
  { group: 'Support iPhones', team: 'Support', count: 15, platform: 'iOS', serialPrefix: 'F2LS', model: 'iPhone', versions: ['17.5', '16.7.8', '15.8.2'], oldEvery: 5, oldVersions: ['8.4.1', '7.1.2'] },
  { group: 'Student iPads', team: 'Students', count: 60, platform: 'iPadOS', serialPrefix: 'DMPT', model: 'iPad', versions: ['17.4', '16.7.2', '18.1'], oldEvery: 9, oldVersions: ['8.4.1'] },
  { group: 'Lab Macs', count: 15, platform: 'macOS', serialPrefix: 'C02L', model: 'iMac', versions: ['14.4.1', '12.7.5'], oldEvery: 6, oldVersions: ['10.10.5'] },
];

const LANGUAGES: readonly Language[] = ['en', 'nl', 'fr'];

/**
 * A made-up organisation of about 300 people in six teams (one in three speaks Dutch, one in three French, every
 * third student has a Managed Apple ID) and 148 devices in device groups, some on old OS versions. The same every
 * time: no randomness, no clock.
 */
export function demoDirectorySnapshot(): InventorySnapshot {
  const users: UserInput[] = [];
  const userGroups: GroupInput[] = [];
  const taken = new Set<string>();
  let person = 0;
  for (const team of TEAMS) {
    const members: string[] = [];
    for (let n = 0; n < team.size; n++, person++) {
      const language = LANGUAGES[person % 3]!;
      const round = Math.floor(person / 3);
      const first = FIRST_NAMES[language][round % FIRST_NAMES[language].length]!;
      const last = LAST_NAMES[language][(round * 5 + Math.floor(round / 16)) % LAST_NAMES[language].length]!;
      let local = slug(`${first}.${last}`.replace(/\s+/g, ''), 'person');
      for (let k = 2; taken.has(`${local}@${team.domain}`); k++) local = `${slug(`${first}.${last}`.replace(/\s+/g, ''), 'person')}${k}`;
      const email = `${local}@${team.domain}`;
      taken.add(email);
      const managed = team.name === 'Students' ? n % 3 === 0 : team.name === 'Teachers' && n % 10 === 0;
      users.push({ name: `${first} ${last}`, email, language, ...(managed ? { managedAppleId: `${local}@appleid.example.org` } : {}) });
      members.push(email);
    }
    userGroups.push({ name: team.name, members });
  }
  userGroups.push({ name: 'All Staff', members: userGroups.filter((g) => g.name !== 'Students').flatMap((g) => g.members ?? []) });

  const devices: DeviceInput[] = [];
  const deviceGroups: GroupInput[] = [];
  FLEETS.forEach((fleet, f) => {
    const owners = fleet.team ? (userGroups.find((g) => g.name === fleet.team)?.members ?? []) : [];
    const serials: string[] = [];
    for (let n = 0; n < fleet.count; n++) {
      const owner = owners[n % Math.max(owners.length, 1)];
      const old = fleet.oldEvery > 0 && n % fleet.oldEvery === fleet.oldEvery - 1;
      const serialNumber = `${fleet.serialPrefix}DEMO${String(n + 1).padStart(4, '0')}`;
      const ownerName = owner ? users.find((u) => u.email === owner)?.name.split(' ')[0] : undefined;
      devices.push({
        serialNumber,
        name: ownerName ? `${ownerName}'s ${fleet.model}` : `${fleet.model} ${String(n + 1).padStart(2, '0')}`,
        platform: old && fleet.platform === 'iPadOS' ? 'iOS' : fleet.platform, // iPads this old still ran iOS
        osVersion: old ? fleet.oldVersions[n % fleet.oldVersions.length]! : fleet.versions[n % fleet.versions.length]!,
        ...(owner ? { ownerUserId: owner } : {}),
        enrolledAt: new Date(Date.UTC(2025, (f * 2 + n) % 12, 1 + (n % 28), 8, n % 60)).toISOString(),
      });
      serials.push(serialNumber);
    }
    deviceGroups.push({ name: fleet.group, members: serials });
  });
  return { users, userGroups, devices, deviceGroups };
}

/** Imports the demo organisation into an empty inventory; leaves an inventory that holds anything alone. */
export async function seedDemoDirectory(inventory: Inventory, actor: Actor): Promise<ImportSummary | undefined> {
  if (inventory.listUsers({ limit: 0 }).total > 0 || inventory.listDevices({ limit: 0 }).total > 0) return undefined;
  return inventory.import(demoDirectorySnapshot(), actor);
}
