import { BadInputError, Emitter, type Clock, type Disposable, type Event, type Logger } from '@vpp-host/api';
import { batchTargets, chunk, unique } from './batching.js';
import { MetadataLookupError, toContentMetadata } from './content-metadata.js';
import { MdmConflictError } from './errors.js';
import { EventWaiter } from './event-waiter.js';
import { toEventOutcome } from './event-outcome.js';
import { ServiceConfigCache } from './limits-cache.js';
import { PageWalker } from './page-walker.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { AppleTransport, type AppleRequest, type QueryValue } from './transport.js';
import type {
  AssetKey,
  Assignment,
  ClientConfigRequest,
  ClientConfigResponse,
  ContentLookupResponse,
  EventResponse,
  GetAssetsQuery,
  GetAssetsResponse,
  GetAssignmentsQuery,
  GetAssignmentsResponse,
  GetUsersQuery,
  GetUsersResponse,
  LocationFields,
  ManageAssetsRequest,
  ManageUsersRequest,
  MdmInfo,
  RequestUser,
  ResponseAsset,
  ResponseUser,
  RetireUsersRequest,
  RevokeAssetsRequest,
  ServiceConfigResponse,
  ServiceLimits,
  StatusResponse,
} from '../../api/apple-wire.js';
import type { AssetTargets, AssetsWalkOptions, AssignmentsWalkOptions, AppleVppClient as AppleVppClientContract, BatchOutcome, CheckOptions, ContentMetadata, EventOutcome, MetadataLookupOptions, NotifiedOutcome, SubmittedEvent, UsersWalkOptions, WaitForEventOptions, WalkResult } from '../../api/client.js';

export const APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

export interface AppleVppClientOptions {
  /** The whole `.vpptoken` file content, sent as the Bearer token. Never logged. */
  readonly sToken: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Our `mdmInfo.id`; a response carrying another id raises MdmConflictError. */
  readonly expectedMdmId?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Source of jitter, in [0, 1). */
  readonly random?: () => number;
  readonly requestTimeoutMs?: number;
  /** Upper bound of the rate; Apple's `maxRequestPerSecond` lowers it. */
  readonly maxRequestsPerSecond?: number;
  /** The rolling window of the rate limiter. */
  readonly rateWindowMs?: number;
  readonly serviceConfigTtlMs?: number;
  readonly maxParallelPages?: number;
  readonly maxWalkRestarts?: number;
  readonly eventPollIntervalMs?: number;
  readonly eventTimeoutMs?: number;
  /** adamIds per content metadata lookup request. */
  readonly metadataBatchSize?: number;
}

/**
 * Apple's Apps and Books API v2 for one location (one sToken): a method per endpoint that sends exactly
 * one request, batch helpers that split work by Apple's limits, page walks and event confirmation.
 */
export class AppleVppClient implements AppleVppClientContract, Disposable {
  private readonly transport: AppleTransport;
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly serviceConfigCache: ServiceConfigCache;
  private readonly walker: PageWalker;
  private readonly events: EventWaiter;
  private readonly mdmConflict = new Emitter<MdmConflictError>();
  private expectedMdmId: string | undefined;
  private readonly metadataBatchSize: number;
  /** The location's storefront, from the last client/config answer: where names are looked up. */
  private storefront: { country: string; platform: string } | undefined;

  /** Fires whenever a response shows another MDM's `mdmInfo` (the call also throws MdmConflictError). */
  readonly onDidDetectMdmConflict: Event<MdmConflictError> = this.mdmConflict.event;

  constructor(options: AppleVppClientOptions) {
    if (!options.sToken) throw new BadInputError('An Apple client needs the location token (sToken)');
    const maxPerSecond = options.maxRequestsPerSecond ?? 15;
    this.limiter = new SlidingWindowRateLimiter(options.clock, maxPerSecond, options.rateWindowMs ?? 1000);
    this.transport = new AppleTransport({
      baseUrl: options.baseUrl ?? APPLE_VPP_BASE_URL,
      sToken: options.sToken,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      clock: options.clock,
      logger: options.logger,
      limiter: this.limiter,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      random: options.random ?? Math.random,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    });
    this.serviceConfigCache = new ServiceConfigCache(
      () => this.transport.send<ServiceConfigResponse>({ method: 'GET', path: 'service/config', anonymous: true }),
      options.clock,
      options.logger,
      options.serviceConfigTtlMs ?? 5 * 60_000,
      (config) => this.limiter.setMax(Math.min(maxPerSecond, config.limits.maxRequestPerSecond ?? maxPerSecond)),
    );
    this.walker = new PageWalker(options.maxParallelPages ?? 5, options.maxWalkRestarts ?? 5);
    this.events = new EventWaiter(options.clock, {
      pollIntervalMs: options.eventPollIntervalMs ?? 30_000,
      timeoutMs: options.eventTimeoutMs ?? 10 * 60_000,
    });
    this.expectedMdmId = options.expectedMdmId;
    this.metadataBatchSize = options.metadataBatchSize ?? 100;
  }

  setExpectedMdmId(id: string | undefined): void {
    this.expectedMdmId = id;
  }

  // --- one request per endpoint -------------------------------------------------------------------

  /** Apple's service configuration, cached and re-read every 5 minutes. */
  getServiceConfig(): Promise<ServiceConfigResponse> {
    return this.serviceConfigCache.get();
  }

  async getLimits(): Promise<ServiceLimits> {
    return (await this.getServiceConfig()).limits;
  }

  async getClientConfig(options?: CheckOptions): Promise<ClientConfigResponse> {
    return this.rememberStorefront(await this.call<ClientConfigResponse>({ method: 'GET', path: 'client/config' }, options));
  }

  async setClientConfig(request: ClientConfigRequest, options?: CheckOptions): Promise<ClientConfigResponse> {
    return this.rememberStorefront(await this.call<ClientConfigResponse>({ method: 'POST', path: 'client/config', body: request }, options));
  }

  /** Writes our `mdmInfo` (taking over from any other MDM) and expects it on every later response. */
  async claimLocation(mdmInfo: MdmInfo): Promise<ClientConfigResponse> {
    const config = await this.setClientConfig({ mdmInfo }, { skipMdmCheck: true });
    this.expectedMdmId = mdmInfo.id;
    return config;
  }

  getAssets(query: GetAssetsQuery = {}): Promise<GetAssetsResponse> {
    return this.call({ method: 'GET', path: 'assets', query: toQuery(query) });
  }

  getAssignments(query: GetAssignmentsQuery = {}): Promise<GetAssignmentsResponse> {
    return this.call({ method: 'GET', path: 'assignments', query: toQuery(query) });
  }

  getUsers(query: GetUsersQuery = {}): Promise<GetUsersResponse> {
    return this.call({ method: 'GET', path: 'users', query: toQuery(query) });
  }

  getEventStatus(eventId: string): Promise<StatusResponse> {
    return this.call({ method: 'GET', path: 'status', query: { eventId } });
  }

  postAssociate(request: ManageAssetsRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'assets/associate', body: request });
  }

  postDisassociate(request: ManageAssetsRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'assets/disassociate', body: request });
  }

  postRevoke(request: RevokeAssetsRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'assets/revoke', body: request });
  }

  postCreateUsers(request: ManageUsersRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'users/create', body: request });
  }

  postUpdateUsers(request: ManageUsersRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'users/update', body: request });
  }

  postRetireUsers(request: RetireUsersRequest): Promise<EventResponse> {
    return this.call({ method: 'POST', path: 'users/retire', body: request });
  }

  /**
   * Names, bundle ids and artwork of apps and books from the store's content metadata lookup
   * (`urls.contentMetadataLookup`), `metadataBatchSize` adamIds per request. Ids the store does not know are absent
   * from the answer. A failed lookup throws MetadataLookupError.
   */
  async lookupMetadata(adamIds: readonly string[], options: MetadataLookupOptions = {}): Promise<ContentMetadata[]> {
    const ids = unique(adamIds.map((id) => id.trim()).filter((id) => id !== ''));
    if (ids.length === 0) return [];
    const url = (await this.getServiceConfig()).urls.contentMetadataLookup;
    if (!url) throw new MetadataLookupError("Apple's service configuration names no content metadata lookup (urls.contentMetadataLookup)");
    const storefront = await this.storefrontOf(options);
    const query = { version: 2, p: 'mdm-lockup', caller: 'MDM', platform: storefront.platform, cc: storefront.country?.toLowerCase(), l: options.language ?? 'en' };
    const found: ContentMetadata[] = [];
    for (const batch of chunk(ids, this.metadataBatchSize)) {
      let answer: ContentLookupResponse | undefined;
      try {
        // Few tries: names can wait for the next sync, the work that asked for them should not.
        answer = await this.transport.send<ContentLookupResponse>({
          method: 'GET',
          path: 'contentMetadataLookup',
          url,
          tokenIn: 'itvt-cookie',
          maxAttempts: 2,
          query: { ...query, id: batch.join(',') },
        });
      } catch (error) {
        throw new MetadataLookupError(`Apple's content metadata lookup failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      for (const adamId of batch) {
        const item = answer?.results?.[adamId];
        const metadata = item ? toContentMetadata(adamId, item) : undefined;
        if (metadata) found.push(metadata);
      }
    }
    return found;
  }

  // --- batch helpers: the fewest requests Apple's limits allow; duplicates are dropped -----------

  async associate(assets: readonly AssetKey[], targets: AssetTargets): Promise<SubmittedEvent<ManageAssetsRequest>[]> {
    return this.manageAssets(assets, targets, (request) => this.postAssociate(request));
  }

  async disassociate(assets: readonly AssetKey[], targets: AssetTargets): Promise<SubmittedEvent<ManageAssetsRequest>[]> {
    return this.manageAssets(assets, targets, (request) => this.postDisassociate(request));
  }

  /** Removes every revocable asset from the targets. */
  async revoke(targets: AssetTargets): Promise<SubmittedEvent<RevokeAssetsRequest>[]> {
    const limits = await this.getLimits();
    const batches = batchTargets(
      unique(targets.clientUserIds ?? []),
      unique(targets.serialNumbers ?? []),
      limits.maxRevokeClientUserIds,
      limits.maxRevokeSerialNumbers,
    );
    return this.submitEach(batches.map(compactTargets), (request) => this.postRevoke(request));
  }

  async createUsers(users: readonly RequestUser[]): Promise<SubmittedEvent<ManageUsersRequest>[]> {
    return this.manageUsers(users, (request) => this.postCreateUsers(request));
  }

  async updateUsers(users: readonly RequestUser[]): Promise<SubmittedEvent<ManageUsersRequest>[]> {
    return this.manageUsers(users, (request) => this.postUpdateUsers(request));
  }

  async retireUsers(clientUserIds: readonly string[]): Promise<SubmittedEvent<RetireUsersRequest>[]> {
    return this.manageUsers(
      clientUserIds.map((clientUserId) => ({ clientUserId })),
      (request) => this.postRetireUsers(request),
    );
  }

  // --- page walks -------------------------------------------------------------------------------

  walkAssignments(options: AssignmentsWalkOptions): Promise<WalkResult> {
    const { filter, sinceVersionId } = options;
    return this.walker.walk(
      (pageIndex) => this.getAssignments({ ...filter, sinceVersionId, pageIndex }),
      (page) => page.assignments,
      options,
    );
  }

  walkUsers(options: UsersWalkOptions): Promise<WalkResult> {
    const { filter, sinceVersionId } = options;
    return this.walker.walk(
      (pageIndex) => this.getUsers({ ...filter, sinceVersionId, pageIndex }),
      (page) => page.users,
      options,
    );
  }

  walkAssets(options: AssetsWalkOptions): Promise<WalkResult> {
    return this.walker.walk(
      (pageIndex) => this.getAssets({ ...options.filter, pageIndex }),
      (page) => page.assets,
      options,
    );
  }

  // --- async events -----------------------------------------------------------------------------

  /** Resolves once the event is COMPLETE or FAILED, polling `status` or woken by `notifyEvent`. */
  async waitForEvent(eventId: string, options?: WaitForEventOptions, expectedItems?: number): Promise<EventOutcome> {
    const status = await this.events.wait(eventId, () => this.getEventStatus(eventId), options, expectedItems);
    return toEventOutcome(eventId, status);
  }

  async waitForEvents(submitted: readonly SubmittedEvent<unknown>[], options?: WaitForEventOptions): Promise<BatchOutcome> {
    // A users request's notification lists every user it handled, so a full success settles it with no status request.
    const usersOf = (request: unknown) => (request as { users?: readonly unknown[] }).users?.length;
    const events = await Promise.all(submitted.map(({ eventId, request }) => this.waitForEvent(eventId, options, usersOf(request))));
    const failures = events.flatMap((event) => event.failures);
    return { events, failures, succeeded: events.every((event) => event.eventStatus === 'COMPLETE') };
  }

  /** Call when an ASSET_MANAGEMENT or USER_MANAGEMENT notification names this event, with what it told. */
  notifyEvent(eventId: string, outcome?: NotifiedOutcome): void {
    this.events.notify(eventId, outcome);
  }

  dispose(): void {
    this.mdmConflict.dispose();
  }

  // --- internals --------------------------------------------------------------------------------

  /** The caller's storefront, completed from the location's client/config (read once when not known yet). */
  private async storefrontOf(options: MetadataLookupOptions): Promise<{ country?: string; platform?: string }> {
    if (!(options.country && options.platform) && !this.storefront) await this.getClientConfig();
    return { country: options.country ?? this.storefront?.country, platform: options.platform ?? this.storefront?.platform };
  }

  private rememberStorefront(config: ClientConfigResponse): ClientConfigResponse {
    if (config?.defaultPlatform && config.countryISO2ACode) this.storefront = { platform: config.defaultPlatform, country: config.countryISO2ACode };
    return config;
  }

  private async call<T extends LocationFields>(request: AppleRequest, options?: CheckOptions): Promise<T> {
    const body = await this.transport.send<T>(request);
    const actual = body?.mdmInfo;
    if (!options?.skipMdmCheck && this.expectedMdmId !== undefined && actual && actual.id !== this.expectedMdmId) {
      const conflict = new MdmConflictError(this.expectedMdmId, actual);
      this.mdmConflict.fire(conflict);
      throw conflict;
    }
    return body;
  }

  private async manageAssets(
    assets: readonly AssetKey[],
    targets: AssetTargets,
    send: (request: ManageAssetsRequest) => Promise<EventResponse>,
  ): Promise<SubmittedEvent<ManageAssetsRequest>[]> {
    if (assets.length === 0) throw new BadInputError('Name at least one asset');
    const clientUserIds = unique(targets.clientUserIds ?? []);
    const serialNumbers = unique(targets.serialNumbers ?? []);
    if (clientUserIds.length + serialNumbers.length === 0) throw new BadInputError('Name at least one user or device');
    const limits = await this.getLimits();
    const assetChunks = chunk(unique(assets, (a) => `${a.adamId}\u0000${a.pricingParam}`), limits.maxAssets);
    const targetBatches = batchTargets(clientUserIds, serialNumbers, limits.maxClientUserIds, limits.maxSerialNumbers);
    const requests = assetChunks.flatMap((assetChunk) =>
      targetBatches.map((batch) => ({ assets: assetChunk, ...compactTargets(batch) })),
    );
    return this.submitEach(requests, send);
  }

  private async manageUsers<R extends { clientUserId: string }>(
    users: readonly R[],
    send: (request: { users: R[] }) => Promise<EventResponse>,
  ): Promise<SubmittedEvent<{ users: R[] }>[]> {
    if (users.length === 0) throw new BadInputError('Name at least one user');
    const limits = await this.getLimits();
    const requests = chunk(unique(users, (u) => u.clientUserId), limits.maxUsers).map((batch) => ({ users: batch }));
    return this.submitEach(requests, send);
  }

  /** Sequential on purpose: each write's event is known before the next is sent, and the rate stays even. */
  private async submitEach<R>(requests: R[], send: (request: R) => Promise<EventResponse>): Promise<SubmittedEvent<R>[]> {
    const submitted: SubmittedEvent<R>[] = [];
    for (const request of requests) submitted.push({ eventId: (await send(request)).eventId, request });
    return submitted;
  }
}

function compactTargets(batch: { clientUserIds: string[]; serialNumbers: string[] }): RevokeAssetsRequest {
  return {
    ...(batch.clientUserIds.length > 0 ? { clientUserIds: batch.clientUserIds } : {}),
    ...(batch.serialNumbers.length > 0 ? { serialNumbers: batch.serialNumbers } : {}),
  };
}

function toQuery(query: object): Record<string, QueryValue> {
  return query as Record<string, QueryValue>;
}
