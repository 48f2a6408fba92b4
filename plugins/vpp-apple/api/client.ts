/**
 * The Apple client as vpp-apple's contract shows it (`TokenService.clientFor`): Apple's Apps and Books API v2 for
 * one location, its batch helpers, page walks and event confirmation. The implementation lives in the plugin.
 */
import type { Event } from '@vpp-host/api';
import type {
  AssetKey,
  Assignment,
  ClientConfigRequest,
  ClientConfigResponse,
  EventResponse,
  EventStatus,
  EventType,
  GetAssetsQuery,
  GetAssetsResponse,
  GetAssignmentsQuery,
  GetAssignmentsResponse,
  GetUsersQuery,
  GetUsersResponse,
  ManageAssetsRequest,
  ManageUsersRequest,
  MdmInfo,
  PricingParam,
  RequestUser,
  ResponseAsset,
  ResponseUser,
  RetireUsersRequest,
  RevokeAssetsRequest,
  ServiceConfigResponse,
  ServiceLimits,
  StatusResponse,
} from './apple-wire.js';

/** What the product can do about an Apple error, independent of the exact number. */
export type AppleErrorKind =
  | 'token-expired'
  | 'token-revoked'
  | 'token-invalid'
  | 'rate-limited'
  | 'unavailable'
  | 'limit-exceeded'
  | 'bad-request'
  | 'not-permitted'
  | 'user-not-found'
  | 'not-enough-licenses'
  | 'event-not-found'
  | 'bad-version'
  | 'unknown';

/** One asset-target pair (or one user) that an async event could not process. */
export interface ItemFailure {
  readonly errorNumber: number;
  readonly errorMessage: string;
  readonly kind: AppleErrorKind;
  readonly adamId?: string;
  readonly pricingParam?: PricingParam;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
}

export interface EventOutcome {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly eventStatus: Exclude<EventStatus, 'PENDING'>;
  readonly numRequested: number;
  readonly numCompleted: number;
  /** Empty when every item succeeded; a FAILED event may still have completed some items. */
  readonly failures: ItemFailure[];
}

export interface WalkedPage<T> {
  readonly items: T[];
  readonly pageIndex: number;
  readonly totalPages: number;
  readonly versionId: string;
}

export interface WalkOptions<T> {
  /** Only the changes since this versionId (assignments and users). */
  readonly sinceVersionId?: string;
  /** Called once per page as pages arrive (not necessarily in page order); awaited, so it paces the walk. */
  readonly onPage: (page: WalkedPage<T>) => void | Promise<void>;
  /** The data changed mid-walk and the walk starts over: discard what earlier pages delivered. */
  readonly onRestart?: (change: { readonly fromVersionId: string; readonly toVersionId: string }) => void | Promise<void>;
}

export interface WalkResult {
  /** Store this and pass it as `sinceVersionId` next time. */
  readonly versionId: string;
  readonly pages: number;
  readonly items: number;
  readonly restarts: number;
}

export interface WaitForEventOptions {
  /** How long to wait between status polls when no notification arrives. */
  readonly pollIntervalMs?: number;
  /** Give up (EventTimeoutError) when the event is still PENDING after this long. */
  readonly timeoutMs?: number;
}

/**
 * What a notification told of an event. It settles the event without a `status` request only when it reports
 * success for every item the request held; a failure, or a notification that covers part of the items (Apple sends
 * at most 100 per notification), still needs `status` for the per-item outcome.
 */
export interface NotifiedOutcome {
  readonly eventType: EventType;
  readonly succeeded: boolean;
  readonly items: number;
  readonly uId: string;
}

/** What the store says about an app or book: the names Apple's asset listings lack. */
export interface ContentMetadata {
  readonly adamId: string;
  readonly name: string;
  readonly artistName?: string;
  /** The store's kind, e.g. `software`, `mac-software`, `ebook`. */
  readonly kind?: string;
  readonly bundleId?: string;
  readonly artworkUrl?: string;
}

export interface MetadataLookupOptions {
  /** The storefront's country (ISO 3166 alpha-2); by default the location's `countryISO2ACode`. */
  readonly country?: string;
  /** The language of the names, e.g. `en` or `nl`; `en` by default. */
  readonly language?: string;
  /** `volumestore` or `enterprisestore`; by default the location's `defaultPlatform`. */
  readonly platform?: string;
}

export interface CheckOptions {
  /** Skip the `mdmInfo.id` comparison: only while taking a location over from another MDM. */
  readonly skipMdmCheck?: boolean;
}

export interface AssetTargets {
  readonly clientUserIds?: readonly string[];
  readonly serialNumbers?: readonly string[];
}

/** One request a batch helper sent, with the eventId Apple returned for it. */
export interface SubmittedEvent<R> {
  readonly eventId: string;
  readonly request: R;
}

export interface BatchOutcome {
  readonly events: EventOutcome[];
  readonly succeeded: boolean;
  readonly failures: EventOutcome['failures'];
}

export type AssignmentsWalkOptions = WalkOptions<Assignment> & {
  readonly filter?: Omit<GetAssignmentsQuery, 'pageIndex' | 'sinceVersionId'>;
};

export type UsersWalkOptions = WalkOptions<ResponseUser> & {
  readonly filter?: Omit<GetUsersQuery, 'pageIndex' | 'sinceVersionId'>;
};

export type AssetsWalkOptions = Omit<WalkOptions<ResponseAsset>, 'sinceVersionId'> & {
  readonly filter?: Omit<GetAssetsQuery, 'pageIndex'>;
};


/** Another MDM's `mdmInfo` showed on the location (the call that saw it throws an error with these fields). */
export interface MdmConflict {
  readonly message: string;
  readonly expectedMdmId: string;
  readonly actualMdmInfo: MdmInfo;
}

/**
 * Apple's Apps and Books API v2 for one location (one sToken): a method per endpoint that sends exactly
 * one request, batch helpers that split work by Apple's limits, page walks and event confirmation.
 */
export interface AppleVppClient {
  /** Fires whenever a response shows another MDM's `mdmInfo` (the call also throws MdmConflictError). */
  readonly onDidDetectMdmConflict: Event<MdmConflict>;
  /** Apple's service configuration, cached and re-read every 5 minutes. */
  getServiceConfig(): Promise<ServiceConfigResponse>;
  getLimits(): Promise<ServiceLimits>;
  getClientConfig(options?: CheckOptions): Promise<ClientConfigResponse>;
  setClientConfig(request: ClientConfigRequest, options?: CheckOptions): Promise<ClientConfigResponse>;
  /** Writes our `mdmInfo` (taking over from any other MDM) and expects it on every later response. */
  claimLocation(mdmInfo: MdmInfo): Promise<ClientConfigResponse>;
  getAssets(query?: GetAssetsQuery): Promise<GetAssetsResponse>;
  getAssignments(query?: GetAssignmentsQuery): Promise<GetAssignmentsResponse>;
  getUsers(query?: GetUsersQuery): Promise<GetUsersResponse>;
  getEventStatus(eventId: string): Promise<StatusResponse>;
  postAssociate(request: ManageAssetsRequest): Promise<EventResponse>;
  postDisassociate(request: ManageAssetsRequest): Promise<EventResponse>;
  postRevoke(request: RevokeAssetsRequest): Promise<EventResponse>;
  postCreateUsers(request: ManageUsersRequest): Promise<EventResponse>;
  postUpdateUsers(request: ManageUsersRequest): Promise<EventResponse>;
  postRetireUsers(request: RetireUsersRequest): Promise<EventResponse>;
  /**
   * Names, bundle ids and artwork of apps and books from the store's content metadata lookup, a batch of adamIds
   * per request. Ids the store does not know are absent from the answer. A failed lookup throws.
   */
  lookupMetadata(adamIds: readonly string[], options?: MetadataLookupOptions): Promise<ContentMetadata[]>;
  associate(assets: readonly AssetKey[], targets: AssetTargets): Promise<SubmittedEvent<ManageAssetsRequest>[]>;
  disassociate(assets: readonly AssetKey[], targets: AssetTargets): Promise<SubmittedEvent<ManageAssetsRequest>[]>;
  /** Removes every revocable asset from the targets. */
  revoke(targets: AssetTargets): Promise<SubmittedEvent<RevokeAssetsRequest>[]>;
  createUsers(users: readonly RequestUser[]): Promise<SubmittedEvent<ManageUsersRequest>[]>;
  updateUsers(users: readonly RequestUser[]): Promise<SubmittedEvent<ManageUsersRequest>[]>;
  retireUsers(clientUserIds: readonly string[]): Promise<SubmittedEvent<RetireUsersRequest>[]>;
  walkAssignments(options: AssignmentsWalkOptions): Promise<WalkResult>;
  walkUsers(options: UsersWalkOptions): Promise<WalkResult>;
  walkAssets(options: AssetsWalkOptions): Promise<WalkResult>;
  /** Resolves once the event is COMPLETE or FAILED, polling `status` or woken by `notifyEvent`. */
  waitForEvent(eventId: string, options?: WaitForEventOptions, expectedItems?: number): Promise<EventOutcome>;
  waitForEvents(submitted: readonly SubmittedEvent<unknown>[], options?: WaitForEventOptions): Promise<BatchOutcome>;
  /** Call when an ASSET_MANAGEMENT or USER_MANAGEMENT notification names this event, with what it told. */
  notifyEvent(eventId: string, outcome?: NotifiedOutcome): void;
}
