import { regionNames } from '@vpp-host/api';
import type { LocationSettings, LocationSettingsChange, PolicyInput, TokenState } from '@vpp-host/plugins/vpp-apple/api';

/** MaaS360's "Remove app on" and "Revoke license on" events. */
export const EVENTS = ['mdm-removal', 'selective-wipe', 'stop-distribution'] as const;
export type LifecycleEventName = (typeof EVENTS)[number];

/** The core policy field each event sets. */
const POLICY_FIELD: Readonly<Record<LifecycleEventName, 'onDeviceUnenrolled' | 'onSelectiveWipe' | 'onDistributionStopped'>> = {
  'mdm-removal': 'onDeviceUnenrolled',
  'selective-wipe': 'onSelectiveWipe',
  'stop-distribution': 'onDistributionStopped',
};

/** A token as MaaS360's Add Token window has it: Token Detail, Policies and Distribution tabs. */
export interface Maas360Settings {
  readonly region: string;
  readonly addAppsAutomatically: boolean;
  readonly removeAppOn: readonly LifecycleEventName[];
  readonly revokeLicenseOn: readonly LifecycleEventName[];
  /** "App policies and behavior": restrict data backup to iTunes. */
  readonly restrictBackup: boolean;
  readonly appApproval: boolean;
  readonly restrictToUserGroups: readonly string[];
}

/** The core's default for an event (remove the app and release the license) when a location never said otherwise. */
const CORE_DEFAULT = { removeApp: true, releaseLicense: true };

/** The MaaS360 settings as the core's location settings: the Policies tab is the default policy of new assignments. */
export function locationChangeOf(settings: Omit<Maas360Settings, 'region'>): LocationSettingsChange {
  const lifecycle = Object.fromEntries(
    EVENTS.map((event) => [POLICY_FIELD[event], { removeApp: settings.removeAppOn.includes(event), releaseLicense: settings.revokeLicenseOn.includes(event) }]),
  ) as Pick<PolicyInput, 'onDeviceUnenrolled' | 'onSelectiveWipe' | 'onDistributionStopped'>;
  return {
    publication: settings.addAppsAutomatically ? 'automatic' : 'manual',
    defaultPolicy: { ...lifecycle, preventBackup: settings.restrictBackup, requiresApproval: settings.appApproval },
    licenseRestrictedToUserGroups: settings.restrictToUserGroups,
  };
}

/** A location configured in the core, in MaaS360's terms (publishing everything reads as adding apps automatically). */
export function maas360SettingsOf(location: LocationSettings, region: string): Maas360Settings {
  const policy = location.defaultPolicy;
  const action = (event: LifecycleEventName) => ({ ...CORE_DEFAULT, ...policy[POLICY_FIELD[event]] });
  return {
    region,
    addAppsAutomatically: location.publication !== 'manual',
    removeAppOn: EVENTS.filter((event) => action(event).removeApp),
    revokeLicenseOn: EVENTS.filter((event) => action(event).releaseLicense),
    restrictBackup: policy.preventBackup === true,
    appApproval: policy.requiresApproval === true,
    restrictToUserGroups: location.licenseRestrictedToUserGroups,
  };
}

/** MaaS360's token status: Active or Revoked; the core's other states keep their own names. */
export type TokenStatus = 'active' | 'revoked' | 'expired' | 'claimed-elsewhere';

export function statusOf(state: TokenState): TokenStatus {
  switch (state) {
    case 'valid':
    case 'expiring':
      return 'active';
    case 'revoked':
    case 'invalid':
      return 'revoked';
    case 'expired':
      return 'expired';
    case 'claimed-elsewhere':
      return 'claimed-elsewhere';
  }
}

/** The regions of the Region drop-down: Apple's App Store countries and regions (ISO 3166-1 alpha-2). */
export const REGIONS: readonly string[] = [
  'AE', 'AR', 'AT', 'AU', 'BE', 'BG', 'BR', 'CA', 'CH', 'CL', 'CN', 'CO', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EG', 'ES', 'FI',
  'FR', 'GB', 'GR', 'HK', 'HR', 'HU', 'ID', 'IE', 'IL', 'IN', 'IS', 'IT', 'JP', 'KR', 'KW', 'LT', 'LU', 'LV', 'MT', 'MX',
  'MY', 'NG', 'NL', 'NO', 'NZ', 'PE', 'PH', 'PK', 'PL', 'PT', 'QA', 'RO', 'SA', 'SE', 'SG', 'SI', 'SK', 'TH', 'TR', 'TW',
  'UA', 'US', 'VN', 'ZA',
];

/** A region's name in the admin's language, from the platform's own country names. */
export function regionName(code: string, language: string): string {
  return regionNames(language).of(code) ?? code;
}
