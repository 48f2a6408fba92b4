import { phrase, type Device, type Platform, type Said } from '@vpp-host/api';
import { holderKindOf, type InstallMode, type ItemKind, type LicenseType, type TargetKind } from './model.js';
import type { Refusal } from '../../api/index.js';
export type { Refusal } from '../../api/index.js';

/** Seed 001's table: which kinds go to Macs, iOS devices and users. */
export const ELIGIBILITY: Readonly<Record<ItemKind, { readonly mac: boolean; readonly ios: boolean; readonly user: boolean }>> = {
  'in-house-app': { mac: true, ios: true, user: true },
  'in-house-book': { mac: false, ios: true, user: true },
  'vpp-app': { mac: true, ios: true, user: true },
  'vpp-book': { mac: false, ios: false, user: true },
};

/** Device licenses need these OS versions (Apple's serial-number assignment). */
export const DEVICE_LICENSE_MINIMUM_OS: Readonly<Record<'ios' | 'mac', { readonly version: string; readonly label: string }>> = {
  ios: { version: '9', label: 'iOS 9' },
  mac: { version: '10.11', label: 'macOS 10.11 (El Capitan)' },
};

const KIND_LABEL: Record<ItemKind, string> = {
  'in-house-app': 'In-house apps',
  'in-house-book': 'in-house books',
  'vpp-app': 'VPP apps',
  'vpp-book': 'VPP books',
};

export interface AssignmentShape {
  readonly itemKind: ItemKind;
  readonly targetKind: TargetKind;
  readonly licenseType?: LicenseType;
  readonly installMode?: InstallMode;
  /** Apple's `deviceAssignable` for VPP assets. */
  readonly deviceAssignable?: boolean;
}

export interface ResolvedShape {
  readonly installMode: InstallMode;
  readonly licenseType?: LicenseType;
  /** Things the product decided for the admin (in-house apps always install automatically). */
  readonly notes: readonly Said[];
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Checks a requested assignment against the table and license rules, filling the defaults it implies. */
export function resolveAssignmentShape(shape: AssignmentShape): Refusal | ResolvedShape {
  const { itemKind, targetKind } = shape;
  const holder = holderKindOf(targetKind);
  const label = capital(KIND_LABEL[itemKind]);
  if (shape.installMode === 'uninstall' && itemKind === 'vpp-book') {
    return { rule: 'vpp-book-not-uninstallable', message: 'VPP books cannot be uninstalled: a book stays with the user it was assigned to' };
  }
  if (holder === 'device' && itemKind === 'vpp-book') {
    return { rule: 'vpp-book-users-only', message: 'VPP books can only be assigned to users or user groups' };
  }
  if (shape.licenseType !== undefined && itemKind !== 'vpp-app') {
    return { rule: 'license-type-vpp-apps-only', message: `${label} take no license type; license types apply to VPP apps only` };
  }
  let licenseType: LicenseType | undefined;
  if (itemKind === 'vpp-app') {
    licenseType = shape.licenseType ?? holder;
    if (licenseType === 'device' && holder === 'user') {
      return {
        rule: 'device-license-device-targets',
        message: 'Device licenses can only be assigned to devices or device groups; use a user license for users',
      };
    }
    if (licenseType === 'user' && holder === 'device') {
      return { rule: 'user-license-user-targets', message: 'User licenses can only be assigned to users or user groups' };
    }
    if (licenseType === 'device' && shape.deviceAssignable === false) {
      return { rule: 'not-device-assignable', message: 'Apple does not allow this app to be assigned to devices; use a user license' };
    }
  } else if (itemKind === 'vpp-book') {
    licenseType = 'user';
  }
  const notes: Said[] = [];
  let installMode = shape.installMode ?? 'automatic';
  if (itemKind === 'in-house-app' && installMode === 'manual') {
    installMode = 'automatic';
    notes.push(phrase('In-house apps always install automatically', 'vpp.note.in-house-automatic'));
  }
  return { installMode, ...(licenseType ? { licenseType } : {}), notes };
}

export function isRefusal(value: Refusal | ResolvedShape): value is Refusal {
  return 'rule' in value;
}

/** Compares dotted versions numerically: "10.11" > "10.9", "9" = "9.0". */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const isMac = (platform: Platform) => platform === 'macOS';

/**
 * Whether one device may receive the item: the table's Mac / iOS columns, the item's platforms, and the OS minimum
 * for device licenses.
 */
export function checkDevice(
  itemKind: ItemKind,
  itemPlatforms: readonly Platform[],
  device: Pick<Device, 'platform' | 'osVersion' | 'serialNumber'>,
  licenseType: LicenseType | undefined,
): Refusal | undefined {
  const mac = isMac(device.platform);
  const column = ELIGIBILITY[itemKind];
  const label = KIND_LABEL[itemKind];
  if (mac && !column.mac) return { rule: 'no-mac', message: `${capital(label)} cannot be assigned to Macs` };
  if (!mac && !column.ios) return { rule: 'no-ios-device', message: `${capital(label)} cannot be assigned to iOS devices` };
  const platformOk = itemPlatforms.length === 0 || itemPlatforms.some((p) => (mac ? isMac(p) : !isMac(p)));
  if (!platformOk) {
    return { rule: 'platform', message: `This item is not made for ${mac ? 'macOS' : 'iOS'} (device ${device.serialNumber})` };
  }
  if (licenseType === 'device') {
    const minimum = DEVICE_LICENSE_MINIMUM_OS[mac ? 'mac' : 'ios'];
    if (compareVersions(device.osVersion, minimum.version) < 0) {
      return {
        rule: 'device-license-os-minimum',
        message: `Device licenses need ${minimum.label} or later; device ${device.serialNumber} runs ${device.osVersion}`,
      };
    }
  }
  return undefined;
}
