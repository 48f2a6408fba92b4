/** vpp-apple's contract: how each location (token) distributes its content, and what its catalog holds. */
import type { Actor, Event } from '@vpp-host/api';
import type { PolicyInput } from './distribution.js';

/**
 * How a location's purchased content comes into the catalog: `everything` (all of it, as soon as it is synced),
 * `automatic` (content purchased for iOS is added at each sync; macOS-only apps are not and wait for an admin, the
 * addition marked failed with the reason), `manual` (only what an admin adds).
 */
export type CatalogPublication = 'everything' | 'automatic' | 'manual';
export const CATALOG_PUBLICATIONS: readonly CatalogPublication[] = ['everything', 'automatic', 'manual'];

export interface LocationSettings {
  readonly tokenId: string;
  /** What new assignments of the location's content start from; an assignment may still override each field. */
  readonly defaultPolicy: PolicyInput;
  readonly publication: CatalogPublication;
  /**
   * When not empty, only members of these user groups (devices: their owners) take licenses from the location;
   * anyone else targeted gets the app without one, and the count does not drop. Applies to every assignment of the
   * location's content from the moment it is set; licenses already held stay.
   */
  readonly licenseRestrictedToUserGroups: readonly string[];
  readonly updatedAt?: string;
}

export interface LocationSettingsChange {
  readonly defaultPolicy?: PolicyInput;
  readonly publication?: CatalogPublication;
  readonly licenseRestrictedToUserGroups?: readonly string[];
  readonly reason?: string;
}

/** Why an item is in the catalog: added by an admin, or by the location's automatic addition (which may have failed). */
export interface Publication {
  /** The catalog item id. */
  readonly itemId: string;
  readonly tokenId: string;
  readonly adamId: string;
  readonly addedAt: string;
  readonly addedBy: 'automatic' | 'admin';
  /** `failed`: automatic addition skipped it (macOS-only apps); an admin may still add it. */
  readonly status: 'success' | 'failed';
  readonly comment?: string;
}

export interface LocationSettingsChanged {
  readonly settings: LocationSettings;
  readonly previous: LocationSettings;
}

/** Per-location distribution settings and catalog publication; every change is audited with the actor. */
export const LocationSettingsService = Symbol.for('vpp-apple.LocationSettingsService');
export interface LocationSettingsService {
  /** The settings of a location (token id or name); the defaults until someone changes them. NotFoundError for no token. */
  get(token: string): LocationSettings;
  /** BadInputError naming the field for a bad value or an unknown group; nothing changes then. */
  update(token: string, change: LocationSettingsChange, actor: Actor): Promise<LocationSettings>;
  /** How each of the location's items came into the catalog, newest first. */
  publications(token: string): Publication[];
  /** An admin adds a VPP item (id) to the catalog. Adding one already there changes nothing. */
  publish(itemId: string, actor: Actor): Promise<Publication>;
  /** Whether the catalog holds this VPP item (always, for a location that publishes everything). */
  isPublished(itemId: string): boolean;
  readonly onDidChangeLocationSettings: Event<LocationSettingsChanged>;
}
