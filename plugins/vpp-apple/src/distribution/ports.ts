import type { Event, Inventory } from '@vpp-host/api';
import type { AssetKey, CatalogReader, EventOutcome, LocationSettingsService, TokenService } from '../../api/index.js';

/**
 * What distribution needs from the rest of the plugin and the host, as narrow ports so the core can be built and
 * tested on its own and wired to whatever implements them.
 */

/** Synced VPP assets with Apple's counts per location, and what Apple holds (the sync's CatalogReader). */
export type VppAssetSource = Pick<CatalogReader, 'assets' | 'asset' | 'assignmentsOfAsset' | 'onDidChangeAssetCount'>;

/** Token health (nothing is written to Apple for an unhealthy token) and the tokens' names (the TokenService). */
export type TokenHealthSource = Pick<TokenService, 'get' | 'list' | 'onDidChangeTokenHealth'>;

/** Each location's default policy, license restriction and catalog publication (the LocationSettingsService). */
export type LocationSource = Pick<LocationSettingsService, 'get' | 'isPublished'>;

/** A location source for distribution on its own: every location publishes everything, with the core's defaults. */
export const DEFAULT_LOCATIONS: LocationSource = {
  get: (tokenId) => ({ tokenId, defaultPolicy: {}, publication: 'everything', licenseRestrictedToUserGroups: [] }),
  isPublished: () => true,
};

export interface AppleTargets {
  readonly serialNumbers: readonly string[];
  readonly clientUserIds: readonly string[];
}

/** One request Apple accepted, with the holders it named. */
export interface SubmittedAppleEvent extends AppleTargets {
  readonly eventId: string;
}

/** Apple's asset writes for a location, batched by Apple's limits; outcomes come from `status` or a notification. */
export interface AppleGateway {
  associate(tokenId: string, asset: AssetKey, targets: AppleTargets): Promise<SubmittedAppleEvent[]>;
  disassociate(tokenId: string, asset: AssetKey, targets: AppleTargets): Promise<SubmittedAppleEvent[]>;
  waitForEvent(tokenId: string, eventId: string): Promise<EventOutcome>;
}

/** A user enrolled in managed distribution at a location: invitation accepted, or a Managed Apple ID. */
export interface Enrolment {
  readonly tokenId: string;
  readonly userId: string;
  readonly clientUserId: string;
  /** Drives first-come-first-served (ISO). */
  readonly acceptedAt: string;
  readonly via: 'invitation' | 'managed-apple-id';
}

/** A user retired from managed distribution at a location: enrolled no more until a new acceptance. */
export interface Retirement {
  readonly tokenId: string;
  readonly userId: string;
  readonly retiredAt: string;
}

export interface EnrolmentDirectory {
  /** The user's current enrolment; none after a retirement until the user accepts again. */
  enrolment(tokenId: string, userId: string): Enrolment | undefined;
  readonly onDidEnrolUser: Event<Enrolment>;
  readonly onDidRetireUser: Event<Retirement>;
}

/** The host inventory, as much of it as distribution reads. */
export type DistributionDirectory = Pick<
  Inventory,
  | 'getUser'
  | 'getDevice'
  | 'getUserGroup'
  | 'getDeviceGroup'
  | 'listUsers'
  | 'listDevices'
  | 'members'
  | 'groupsOf'
  | 'devicesOf'
  | 'checkMembership'
  | 'onDidChangeMembership'
  | 'onDidChangeDevice'
>;
