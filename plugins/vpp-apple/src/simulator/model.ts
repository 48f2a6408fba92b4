import { randomBytes } from 'node:crypto';
import { Emitter, type Clock } from '@vpp-host/api';
import { AppleErrorNumber as N } from '../client/error-numbers.js';
import {
  NOTIFICATION_TYPES,
  type Assignment,
  type AssetEventType,
  type ClientConfigResponse,
  type ContentLookupResponse,
  type EventResponse,
  type EventType,
  type GetAssetsResponse,
  type GetAssignmentsResponse,
  type GetUsersResponse,
  type MdmInfo,
  type PageFields,
  type Platform,
  type PricingParam,
  type ProductType,
  type ServiceConfigResponse,
  type ServiceLimits,
  type StatusResponse,
  type UserEventType,
  type UserStatus,
} from '../../api/apple-wire.js';
import { newIdHash, newInviteCode } from './event-processing.js';
import { FaultSwitchboard, type FaultScope, type SimulatedFault } from './faults.js';
import {
  LocationState,
  assetKey,
  toAssignment,
  toResponseAsset,
  toResponseUser,
  type LocationSnapshot,
  type SimAsset,
  type SimAssignment,
  type SimUser,
} from './location-state.js';
import { Notifier } from './notifier.js';
import { RateWindow, type LoggedRequest } from './request-log.js';
import { readPageIndex, validateClientConfig } from './request-validation.js';
import { SimulatedAppleError } from './simulated-error.js';
import { SimulatedEvents, type EventSnapshot } from './simulated-events.js';
import { APPLE_CONTENT_LOOKUP_PATH, APPLE_CONTENT_LOOKUP_URL, itvtCookie, StoreCatalogue, type StoreEntry } from './store-catalogue.js';
import { buildVppTokenFile, formatExpDate } from './vpptoken.js';

export const DEFAULT_LIMITS: ServiceLimits = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxMdmNameLength: 100,
  maxMdmIdLength: 100,
  maxMdmMetadataLength: 255,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
};

export const APPLE_INVITATION_URL_TEMPLATE =
  'https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8';

export interface PageSizes {
  readonly assets: number;
  readonly assignments: number;
  readonly users: number;
}

export interface AppleVppSimulatorOptions {
  readonly clock: Clock;
  /** Used to POST notifications to the MDM. */
  readonly fetch?: typeof fetch;
  readonly limits?: Partial<ServiceLimits>;
  readonly pageSizes?: Partial<PageSizes>;
  /** How long an async event stays PENDING before it is processed on its own. */
  readonly eventDelayMs?: number;
  /** When false, events stay PENDING until `processEvents()`. */
  readonly autoCompleteEvents?: boolean;
  /** Apple requires HTTPS; the demo allows plain HTTP to the local host. */
  readonly requireHttpsNotificationUrl?: boolean;
  readonly enforceRateLimit?: boolean;
  /** `urls.invitationEmail`; `%25inviteCode%25` is replaced by the user's code. */
  readonly invitationUrlTemplate?: string;
  /** Base URL advertised in `service/config` urls; a server serving the simulator sets its own when this is absent. */
  readonly advertisedBaseUrl?: string;
}

export interface AssetSpec {
  readonly adamId: string;
  readonly pricingParam?: PricingParam;
  readonly productType: ProductType;
  readonly totalCount: number;
  readonly deviceAssignable?: boolean;
  readonly revocable?: boolean;
  readonly supportedPlatforms?: Platform[];
  /** The store's name for it; without one the content metadata lookup does not know the asset. */
  readonly name?: string;
  readonly bundleId?: string;
  readonly artistName?: string;
}

export interface UserSpec {
  readonly clientUserId: string;
  readonly email?: string;
  readonly status?: UserStatus;
}

export interface LocationSpec {
  readonly uId: string;
  readonly locationName: string;
  readonly orgName?: string;
  readonly websiteURL?: string;
  readonly countryISO2ACode?: string;
  readonly defaultPlatform?: 'volumestore' | 'enterprisestore';
  readonly expiresAt?: Date;
  readonly assets?: readonly AssetSpec[];
  readonly users?: Iterable<UserSpec>;
  readonly assignments?: Iterable<Assignment>;
}

export interface LocationHandle {
  readonly uId: string;
  /** The `.vpptoken` file content, used as the Bearer token. */
  readonly sToken: string;
}

/** Everything a restarted simulator needs to be the same Apple: its locations (tokens included), events and the store's names. */
export interface SimulatorSnapshot {
  readonly format: 1;
  readonly locations: LocationSnapshot[];
  readonly events?: EventSnapshot[];
  readonly store: StoreEntry[];
}

const YEAR_MS = 365 * 24 * 3600_000;

function newTokenFile(expiresAt: Date, orgName: string): string {
  return buildVppTokenFile({ token: randomBytes(24).toString('base64'), expDate: formatExpDate(expiresAt), orgName });
}
const TRUE_VALUES = new Set(['true', '1']);

/**
 * A stateful stand-in for Apple's Apps and Books service: locations keyed by sToken, assets and counts,
 * assignments, users and invitations, async events, notifications, limits, rate limiting and faults.
 * HTTP is someone else's job (handlers.ts); every method here speaks in Apple's JSON shapes.
 */
export class AppleVppSimulator {
  readonly limits: ServiceLimits;
  readonly pageSizes: PageSizes;
  readonly requests: LoggedRequest[] = [];
  private readonly locationsByToken = new Map<string, LocationState>();
  private readonly locationsById = new Map<string, LocationState>();
  private readonly events: SimulatedEvents;
  private readonly faults = new FaultSwitchboard();
  private readonly rateWindow = new RateWindow();
  private readonly notifier: Notifier;
  private readonly store = new StoreCatalogue();
  private advertisedBaseUrl: string | undefined;
  private readonly changes = new Emitter<void>();
  /** Fires after anything a snapshot keeps changed (a request Apple processed, a test or demo control). */
  readonly onDidChange = this.changes.event;

  constructor(private readonly options: AppleVppSimulatorOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.pageSizes = { assets: 500, assignments: 1000, users: 1000, ...options.pageSizes };
    this.notifier = new Notifier(options.fetch ?? ((input, init) => fetch(input, init)));
    this.events = new SimulatedEvents({ clock: options.clock, limits: this.limits, notifier: this.notifier, delayMs: options.eventDelayMs ?? 0, onChange: () => this.changed() });
    this.events.autoComplete = options.autoCompleteEvents ?? true;
    this.advertisedBaseUrl = options.advertisedBaseUrl;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  // --- setting up the world ---------------------------------------------------------------------

  addLocation(spec: LocationSpec): LocationHandle {
    if (this.locationsById.has(spec.uId)) throw new Error(`Location ${spec.uId} already exists`);
    const expiresAt = spec.expiresAt ?? new Date(this.clock.now().getTime() + YEAR_MS);
    const orgName = spec.orgName ?? spec.locationName;
    const sToken = newTokenFile(expiresAt, orgName);
    const location = new LocationState(
      {
        sToken,
        uId: spec.uId,
        locationName: spec.locationName,
        orgName,
        websiteURL: spec.websiteURL ?? 'https://business.apple.com',
        countryISO2ACode: spec.countryISO2ACode ?? 'US',
        defaultPlatform: spec.defaultPlatform ?? 'volumestore',
      },
      expiresAt,
    );
    for (const asset of spec.assets ?? []) this.putAsset(location, asset);
    const version = location.version;
    for (const user of spec.users ?? []) {
      const status = user.status ?? 'Registered';
      const record: SimUser = { clientUserId: user.clientUserId, status, version };
      if (user.email !== undefined) record.email = user.email;
      if (status === 'Registered') record.inviteCode = newInviteCode();
      else record.idHash = newIdHash();
      location.putUser(record, version);
    }
    for (const assignment of spec.assignments ?? []) {
      const asset = location.findAsset(assignment.adamId, assignment.pricingParam);
      if (!asset) throw new Error(`Assignment names unknown asset ${assignment.adamId}`);
      if (asset.assignedCount >= asset.totalCount) asset.totalCount = asset.assignedCount + 1;
      location.assign(asset, assignment.clientUserId !== undefined ? { clientUserId: assignment.clientUserId } : { serialNumber: assignment.serialNumber! }, version);
    }
    this.adopt(location);
    return { uId: spec.uId, sToken };
  }

  snapshot(): SimulatorSnapshot {
    return { format: 1, locations: this.locations().map((location) => location.toSnapshot()), events: this.events.snapshot(), store: this.store.all() };
  }

  /** Takes the locations, events and store names of a snapshot (into a simulator that has none of those locations). */
  restore(snapshot: SimulatorSnapshot): void {
    for (const entry of snapshot.store) this.store.put(entry);
    for (const location of snapshot.locations) {
      if (this.locationsById.has(location.identity.uId)) throw new Error(`Location ${location.identity.uId} already exists`);
      this.adopt(LocationState.fromSnapshot(location));
    }
    this.events.restore(snapshot.events ?? [], (uId) => this.location(uId));
  }

  location(uId: string): LocationState {
    const location = this.locationsById.get(uId);
    if (!location) throw new Error(`No simulated location ${uId}`);
    return location;
  }

  locations(): LocationState[] {
    return [...this.locationsById.values()];
  }

  // --- test and demo controls -------------------------------------------------------------------

  /** The user accepts the invitation with an Apple Account: Associated, and USER_ASSOCIATED is sent. */
  acceptInvitation(uId: string, clientUserId: string): SimUser {
    const location = this.location(uId);
    const user = location.users.get(clientUserId);
    if (!user || user.status !== 'Registered') throw new Error(`User ${clientUserId} has no open invitation`);
    const accepted: SimUser = { ...user, status: 'Associated', idHash: newIdHash() };
    location.putUser(accepted, location.bumpVersion());
    this.notifier.send(location, 'USER_ASSOCIATED', { associatedUsers: [toResponseUser(accepted)] });
    this.changed();
    return accepted;
  }

  acceptInvitationByCode(inviteCode: string): { uId: string; user: SimUser } {
    for (const location of this.locationsById.values()) {
      for (const user of location.users.all()) {
        if (user.inviteCode === inviteCode && user.status === 'Registered') {
          return { uId: location.identity.uId, user: this.acceptInvitation(location.identity.uId, user.clientUserId) };
        }
      }
    }
    throw new Error('No open invitation has this code');
  }

  /** A purchase (positive) or refund (negative): counts move and ASSET_COUNT is sent. */
  addLicenses(uId: string, adamId: string, countDelta: number, pricingParam?: PricingParam): void {
    const location = this.location(uId);
    const asset = location.findAsset(adamId, pricingParam);
    if (!asset) throw new Error(`No asset ${adamId} in ${uId}`);
    asset.totalCount = Math.max(asset.assignedCount, asset.totalCount + countDelta);
    this.notifier.send(location, 'ASSET_COUNT', { adamId, pricingParam: asset.pricingParam, countDelta });
    this.changed();
  }

  /** The store shows a new name for an app or book (a developer renamed it); the content metadata lookup answers it. */
  renameInStore(adamId: string, name: string): void {
    this.store.rename(adamId, name);
    this.changed();
  }

  addAsset(uId: string, asset: AssetSpec): void {
    this.putAsset(this.location(uId), asset);
    this.changed();
  }

  /** Another MDM claims the location (as if it POSTed client/config). */
  setMdmInfo(uId: string, mdmInfo: MdmInfo | undefined): void {
    this.location(uId).mdmInfo = mdmInfo;
    this.changed();
  }

  revokeToken(uId: string): void {
    this.location(uId).revoked = true;
    this.changed();
  }

  setTokenExpiry(uId: string, expiresAt: Date): void {
    this.location(uId).expiresAt = expiresAt;
    this.changed();
  }

  /**
   * A content manager downloads a new `.vpptoken` file for the location (a year from now unless `expiresAt` says
   * otherwise). The new file is neither revoked nor expired; the previous file stops working, so a client that
   * still sends it is caught.
   */
  renewToken(uId: string, options: { expiresAt?: Date } = {}): LocationHandle {
    const location = this.location(uId);
    const expiresAt = options.expiresAt ?? new Date(this.clock.now().getTime() + YEAR_MS);
    const sToken = newTokenFile(expiresAt, location.identity.orgName);
    this.locationsByToken.delete(location.identity.sToken);
    this.locationsByToken.set(sToken, location);
    location.identity = { ...location.identity, sToken };
    location.expiresAt = expiresAt;
    location.revoked = false;
    this.changed();
    return { uId, sToken };
  }

  injectFault(fault: SimulatedFault, scope?: FaultScope): void {
    this.faults.arm(fault, scope);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  takeFault(uId: string | undefined, path: string): SimulatedFault | undefined {
    return this.faults.take(uId, path);
  }

  setAutoCompleteEvents(enabled: boolean): void {
    this.events.autoComplete = enabled;
  }

  /** Processes every PENDING event now. */
  processEvents(): void {
    this.events.processPending();
  }

  /** Resolves once every notification sent so far was delivered or given up. */
  whenNotificationsDelivered(): Promise<void> {
    return this.notifier.idle();
  }

  invitationUrl(inviteCode: string): string {
    return this.invitationTemplate().replace('%25inviteCode%25', encodeURIComponent(inviteCode));
  }

  /** A server now serves the simulator at `baseUrl` (…/mdm/v2): `service/config` points there unless told otherwise. */
  servedAt(baseUrl: string): void {
    this.advertisedBaseUrl ??= baseUrl;
  }

  logRequest(entry: LoggedRequest): void {
    this.requests.push(entry);
  }

  /** Counts the request against the location's rate; false means answer 9646. */
  admit(location: LocationState): boolean {
    if (this.options.enforceRateLimit === false) return true;
    return this.rateWindow.admit(location.identity.uId, this.clock.now().getTime(), this.limits.maxRequestPerSecond);
  }

  // --- Apple's endpoints ------------------------------------------------------------------------

  serviceConfig(): ServiceConfigResponse {
    const base = this.advertisedBaseUrl ?? 'https://vpp.itunes.apple.com/mdm/v2';
    return {
      errorCodes: [],
      limits: { ...this.limits },
      notificationTypes: [...NOTIFICATION_TYPES],
      urls: {
        clientConfig: `${base}/client/config`,
        getAssets: `${base}/assets`,
        getAssignments: `${base}/assignments`,
        associateAssets: `${base}/assets/associate`,
        disassociateAssets: `${base}/assets/disassociate`,
        revokeAssets: `${base}/assets/revoke`,
        getUsers: `${base}/users`,
        createUsers: `${base}/users/create`,
        updateUsers: `${base}/users/update`,
        retireUsers: `${base}/users/retire`,
        eventStatus: `${base}/status`,
        invitationEmail: this.invitationTemplate(),
        contentMetadataLookup: this.advertisedBaseUrl ? `${new URL(this.advertisedBaseUrl).origin}${APPLE_CONTENT_LOOKUP_PATH}` : APPLE_CONTENT_LOOKUP_URL,
      },
    };
  }

  /** The location of a `Bearer <sToken>` header; throws Apple's token errors. */
  authenticate(authorization: string | null): LocationState {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match) throw new SimulatedAppleError(N.BadAuthorizationHeader);
    return this.locationOfToken(match[1]!);
  }

  /** The location of the store's `itvt=<sToken>` cookie (the content metadata lookup); throws Apple's token errors. */
  authenticateStoreCookie(cookie: string | null): LocationState {
    const sToken = itvtCookie(cookie);
    if (sToken === undefined) throw new SimulatedAppleError(N.LoginRequired);
    return this.locationOfToken(sToken);
  }

  /** The store's names, bundle ids and artwork for `?id=<adamId,…>`; ids it does not know are absent. */
  lookupContent(params: URLSearchParams): ContentLookupResponse {
    return this.store.lookup(params);
  }

  clientConfig(location: LocationState): ClientConfigResponse {
    return {
      ...location.fields(),
      countryISO2ACode: location.identity.countryISO2ACode,
      defaultPlatform: location.identity.defaultPlatform,
      locationName: location.identity.locationName,
      ...(location.notificationUrl ? { notificationUrl: location.notificationUrl } : {}),
      ...(location.notificationAuthToken ? { notificationAuthToken: location.notificationAuthToken } : {}),
      subscribedNotificationTypes: [...location.subscribedNotificationTypes],
      websiteURL: location.identity.websiteURL,
    };
  }

  /** Validates, tests a new notification URL with TEST_NOTIFICATION (9728 when it fails), then applies. */
  async updateClientConfig(location: LocationState, body: unknown): Promise<ClientConfigResponse> {
    const request = validateClientConfig(body, this.limits, this.options.requireHttpsNotificationUrl ?? true);
    if (request.notificationUrl !== undefined) {
      const delivered = await this.notifier.deliver(location, 'TEST_NOTIFICATION', {}, {
        url: request.notificationUrl,
        token: request.notificationAuthToken,
      });
      if (!delivered) throw new SimulatedAppleError(N.NotificationUrlUnreachable);
      location.notificationUrl = request.notificationUrl;
      location.notificationAuthToken = request.notificationAuthToken;
    }
    if (request.notificationTypes) location.subscribedNotificationTypes = [...request.notificationTypes];
    if (request.mdmInfo) location.mdmInfo = request.mdmInfo;
    this.changed();
    return this.clientConfig(location);
  }

  assets(location: LocationState, params: URLSearchParams): GetAssetsResponse {
    const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);
    const bool = (name: string) => (params.has(name) ? TRUE_VALUES.has(params.get(name)!) : undefined);
    const filter = {
      adamId: params.get('adamId') ?? undefined,
      productType: params.get('productType') ?? undefined,
      pricingParam: params.get('pricingParam') ?? undefined,
      revocable: bool('revocable'),
      deviceAssignable: bool('deviceAssignable'),
      minAvailableCount: number('minAvailableCount'),
      maxAvailableCount: number('maxAvailableCount'),
      minAssignedCount: number('minAssignedCount'),
      maxAssignedCount: number('maxAssignedCount'),
    };
    const list = [...location.assets.values()].map(toResponseAsset).filter(
      (a) =>
        (filter.adamId === undefined || a.adamId === filter.adamId) &&
        (filter.productType === undefined || a.productType === filter.productType) &&
        (filter.pricingParam === undefined || a.pricingParam === filter.pricingParam) &&
        (filter.revocable === undefined || a.revocable === filter.revocable) &&
        (filter.deviceAssignable === undefined || a.deviceAssignable === filter.deviceAssignable) &&
        a.availableCount >= (filter.minAvailableCount ?? -Infinity) &&
        a.availableCount <= (filter.maxAvailableCount ?? Infinity) &&
        a.assignedCount >= (filter.minAssignedCount ?? -Infinity) &&
        a.assignedCount <= (filter.maxAssignedCount ?? Infinity),
    );
    const page = this.page(location, list, readPageIndex(params.get('pageIndex')), this.pageSizes.assets);
    return { ...page.fields, assets: page.items };
  }

  assignments(location: LocationState, params: URLSearchParams): GetAssignmentsResponse {
    const since = this.sinceVersion(location, params);
    const filter = {
      adamId: params.get('adamId') ?? undefined,
      clientUserId: params.get('clientUserId') ?? undefined,
      serialNumber: params.get('serialNumber') ?? undefined,
      pricingParam: params.get('pricingParam') ?? undefined,
    };
    const list = location.derive<SimAssignment>('assignments', location.assignments.stateKey, { ...filter, since }, () => {
      const base = since === undefined ? location.assignments.all() : location.assignments.changedSince(since);
      if (Object.values(filter).every((v) => v === undefined)) return base;
      return base.filter(
        (a) =>
          (filter.adamId === undefined || a.adamId === filter.adamId) &&
          (filter.clientUserId === undefined || a.clientUserId === filter.clientUserId) &&
          (filter.serialNumber === undefined || a.serialNumber === filter.serialNumber) &&
          (filter.pricingParam === undefined || a.pricingParam === filter.pricingParam),
      );
    });
    const page = this.page(location, list, readPageIndex(params.get('pageIndex')), this.pageSizes.assignments);
    return { ...page.fields, assignments: page.items.map(toAssignment) };
  }

  users(location: LocationState, params: URLSearchParams): GetUsersResponse {
    const since = this.sinceVersion(location, params);
    const filter = {
      clientUserId: params.get('clientUserId') ?? undefined,
      activeOnly: TRUE_VALUES.has(params.get('activeOnly') ?? ''),
      retiredOnly: TRUE_VALUES.has(params.get('retiredOnly') ?? ''),
    };
    const list = location.derive<SimUser>('users', location.users.stateKey, { ...filter, since }, () => {
      const base = since === undefined ? location.users.all() : location.users.changedSince(since);
      if (!filter.clientUserId && !filter.activeOnly && !filter.retiredOnly) return base;
      return base.filter(
        (u) =>
          (filter.clientUserId === undefined || u.clientUserId === filter.clientUserId) &&
          (!filter.activeOnly || u.status !== 'Retired') &&
          (!filter.retiredOnly || u.status === 'Retired'),
      );
    });
    const page = this.page(location, list, readPageIndex(params.get('pageIndex')), this.pageSizes.users);
    return { ...page.fields, users: page.items.map(toResponseUser) };
  }

  associate(location: LocationState, body: unknown): EventResponse {
    return this.manageAssets(location, body, 'ASSOCIATE');
  }

  disassociate(location: LocationState, body: unknown): EventResponse {
    return this.manageAssets(location, body, 'DISASSOCIATE');
  }

  revoke(location: LocationState, body: unknown): EventResponse {
    return this.startEvent(location, 'REVOKE', body);
  }

  createUsers(location: LocationState, body: unknown): EventResponse {
    return this.manageUsers(location, body, 'CREATE');
  }

  updateUsers(location: LocationState, body: unknown): EventResponse {
    return this.manageUsers(location, body, 'UPDATE');
  }

  retireUsers(location: LocationState, body: unknown): EventResponse {
    return this.manageUsers(location, body, 'RETIRE');
  }

  status(location: LocationState, eventId: string | null): StatusResponse {
    return this.events.status(location, eventId);
  }

  // --- internals --------------------------------------------------------------------------------

  private adopt(location: LocationState): void {
    this.locationsByToken.set(location.identity.sToken, location);
    this.locationsById.set(location.identity.uId, location);
    this.changed();
  }

  private changed(): void {
    this.changes.fire();
  }

  private locationOfToken(sToken: string): LocationState {
    const location = this.locationsByToken.get(sToken);
    if (!location) throw new SimulatedAppleError(N.LoginRequired);
    if (location.revoked) throw new SimulatedAppleError(N.TokenRevoked);
    if (location.expiresAt.getTime() <= this.clock.now().getTime()) throw new SimulatedAppleError(N.TokenExpired);
    return location;
  }

  private putAsset(location: LocationState, spec: AssetSpec): void {
    const book = spec.productType === 'Book';
    const asset: SimAsset = {
      adamId: spec.adamId,
      pricingParam: spec.pricingParam ?? 'STDQ',
      productType: spec.productType,
      deviceAssignable: spec.deviceAssignable ?? !book,
      revocable: spec.revocable ?? !book,
      supportedPlatforms: spec.supportedPlatforms ?? (book ? ['iOS', 'macOS'] : ['iOS']),
      totalCount: spec.totalCount,
      assignedCount: 0,
      retiredCount: 0,
    };
    location.assets.set(assetKey(asset.adamId, asset.pricingParam), asset);
    if (spec.name !== undefined) {
      this.store.put({
        adamId: spec.adamId,
        name: spec.name,
        productType: spec.productType,
        supportedPlatforms: asset.supportedPlatforms,
        ...(spec.bundleId !== undefined ? { bundleId: spec.bundleId } : {}),
        ...(spec.artistName !== undefined ? { artistName: spec.artistName } : {}),
      });
    }
  }

  private invitationTemplate(): string {
    return this.options.invitationUrlTemplate ?? APPLE_INVITATION_URL_TEMPLATE;
  }

  private sinceVersion(location: LocationState, params: URLSearchParams): number | undefined {
    const sinceVersionId = params.get('sinceVersionId');
    if (sinceVersionId === null) return undefined;
    const seq = location.versionSeq(sinceVersionId);
    if (seq === undefined) throw new SimulatedAppleError(N.BadVersionId);
    return seq;
  }

  private page<T>(
    location: LocationState,
    list: readonly T[],
    pageIndex: number,
    pageSize: number,
  ): { fields: PageFields; items: T[] } {
    const totalPages = Math.max(1, Math.ceil(list.length / pageSize));
    if (pageIndex >= totalPages) throw new SimulatedAppleError(N.BadPageIndex);
    const items = list.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
    return {
      items,
      fields: {
        ...location.fields(),
        currentPageIndex: pageIndex,
        ...(pageIndex + 1 < totalPages ? { nextPageIndex: pageIndex + 1 } : {}),
        size: items.length,
        totalPages,
        versionId: location.versionId,
      },
    };
  }

  private manageAssets(location: LocationState, body: unknown, eventType: Exclude<AssetEventType, 'REVOKE'>): EventResponse {
    return this.startEvent(location, eventType, body);
  }

  private manageUsers(location: LocationState, body: unknown, eventType: UserEventType): EventResponse {
    return this.startEvent(location, eventType, body);
  }

  private startEvent(location: LocationState, eventType: EventType, body: unknown): EventResponse {
    return { ...location.fields(), eventId: this.events.start(location, eventType, body) };
  }
}
