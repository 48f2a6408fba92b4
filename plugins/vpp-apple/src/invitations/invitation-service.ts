import { randomUUID } from 'node:crypto';
import { invitationAccount } from './invitation-account.js';
import { saidAsLabel } from '../said-text.js';
import {
  AuditLog,
  BadInputError,
  Clock,
  ConflictError,
  DisposableCollection,
  Emitter,
  Inventory,
  Logger,
  NotFoundError,
  PluginContext,
  Storage,
  UpstreamError,
  inject,
  injectable,
  listen,
  phrase,
  saying,
  toDisposable,
  type Actor,
  type Disposable,
  type Page,
  type Said,
  type User,
} from '@vpp-host/api';
import { MailApi, type MailRequest, type OutboxMessage } from '@vpp-host/plugins/mail/api';
import {
  AppleNotifications,
  CatalogReader,
  HoldingsRegistry,
  INVITATION_TARGET_KINDS,
  TokenService,
  UNHEALTHY_TOKEN_STATES,
  type AccountList,
  type EnrolmentChange,
  type EnrolmentEntry,
  type EnrolmentQuery,
  type InvitationAcceptance,
  type InvitationChoice,
  type InvitationProgress,
  type Invitations,
  type InviteRequest,
  type InviteSummary,
  type SkippedUser,
  type TokenRecord,
  type UserAssociation,
} from '../../api/index.js';
import type { RequestUser } from '../client/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { FirstOf } from '../distribution/license-account.js';
import { registerUsers, type Registration } from './apple-registration.js';
import { BatchRetries, isTransient } from './batch-retries.js';
import { clientUserIdOf, userIdOfClientUserId } from './client-user-id.js';
import { forgetLocationInvitations } from './deleted-location.js';
import { sweepDeletedTokens } from '../tokens/deleted-tokens.js';
import { adoptEnrolments, type AdoptedEnrolment } from './enrolment-adoption.js';
import { emailProblem } from './email-address.js';
import { INVITATION_TEMPLATE_ID, invitationUrl, isInvitationUrlTemplate, type InvitationValues } from './invitation-template.js';
import { InvitationStore, type InvitationBatch, type InvitationRecord } from './invitation-store.js';
import { retireFromDistribution } from './license-release.js';
import { unknownKind } from './invitation-input.js';
import { resolveRecipients } from './recipients.js';
import { skippedUser, skipReason } from './skipped-user.js';

const MAX_LISTED_SKIPS = 100;
const APPLE: Actor = { kind: 'apple', id: 'apple', name: 'Apple' };

type Progress = (progress: InvitationProgress) => void;

/**
 * Invitations to managed distribution, per location: choose the users, register them with Apple for an invite code,
 * mail each the invitation link, and follow them to enrolment (USER_ASSOCIATED or a sync) or retirement.
 *
 * Durable order: the batch (users and send numbers) is stored first; then, for each request to Apple as soon as it is
 * settled, its users' invite codes are recorded, their mails enqueued with the idempotency key
 * `invite:<token>:<user>:<send number>` and their records updated; the batch is deleted last. A host that stops in
 * between (a stop sends no more requests to Apple) finishes the batch at its next start with the same keys, so the
 * outbox neither loses nor doubles a mail; a deliberate resend takes the next send number and is sent again.
 * A batch Apple cannot take for now (unavailable, rate-limited, unreachable) is kept and tried again with backoff
 * until it is done, whether it was resumed at start or just asked for: it never waits for a restart.
 */
@injectable()
export class InvitationService implements Invitations {
  private store!: InvitationStore;
  private readonly subscriptions = new DisposableCollection();
  private readonly changes = new Emitter<EnrolmentChange>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly retries: BatchRetries;
  /** Set when the plugin stops: batches send no more requests to Apple and are finished at the next start. */
  private stopping = false;
  readonly onDidChangeEnrolment = this.changes.event;
  private readonly acceptances = new Emitter<InvitationAcceptance>();
  readonly onDidAcceptInvitation = this.acceptances.event;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(HoldingsRegistry) private readonly holdings: HoldingsRegistry,
    @inject(AppleNotifications) private readonly notifications: AppleNotifications,
    @inject(MailApi) private readonly mail: MailApi,
    @inject(PluginContext) private readonly plugin: PluginContext,
    @inject(DistributionRuntime) private readonly distribution: DistributionRuntime,
  ) {
    this.retries = new BatchRetries(clock);
  }

  /** Opens the records and follows acceptances (Apple's notifications reach the active host only). */
  async open(): Promise<void> {
    this.store = await InvitationStore.open(this.storage);
    this.subscriptions.push(
      listen(this.notifications.onDidAssociateUser, (association) => {
        this.track(this.markEnrolled([association]).catch((error: unknown) => this.logger.error('Could not record an enrolment', { error: String(error) })));
      }),
    );
  }

  /**
   * The active host drops what deleted tokens left (nobody at a deleted location is mailed), follows token deletions,
   * and finishes the batches the host before it stopped in (in the background), until the Disposable stops it.
   */
  async resumeBatches(): Promise<Disposable> {
    const { enrolments } = this.distribution;
    const forget = (tokenId: string) => forgetLocationInvitations(tokenId, this.store, enrolments, this.retries);
    await sweepDeletedTokens('invitations', [...this.store.locations(), ...enrolments.locations()], this.tokens, this.logger, forget);
    const deletions = listen(this.tokens.onDidChangeTokens, ({ change, token }) => {
      if (change === 'removed') this.track(forget(token.id).catch((error: unknown) => this.logger.error('Could not drop the invitations of a deleted token', { error: String(error) })));
    });
    for (const batch of [...this.store.batches.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      this.logger.info('Finishing an invitation batch the host stopped in', { batch: batch.id, users: batch.entries.length });
      this.finishInBackground(batch, 1);
    }
    return toDisposable(async () => {
      await deletions.dispose();
      await this.stopBatches();
    });
  }

  /** Takes over enrolments another product made at a location (a migration): stored as they are, nobody mailed. */
  adoptEnrolments(tokenId: string, adopted: readonly AdoptedEnrolment[]): Promise<number> {
    return adoptEnrolments(this.store, this.distribution.enrolments, tokenId, adopted);
  }

  /** Lets running batches finish, so none writes after the plugin stopped. */
  async close(): Promise<void> {
    await this.stopBatches();
    await this.subscriptions.dispose();
    this.changes.dispose();
  }

  private async stopBatches(): Promise<void> {
    this.stopping = true;
    await this.retries.dispose();
    await this.whenIdle();
  }

  /** Resolves once every batch and enrolment under way has finished. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  // --- invitations ------------------------------------------------------------------------------

  async invite(request: InviteRequest, actor: Actor, onProgress: Progress = () => undefined, options: { readonly dryRun?: boolean } = {}): Promise<InviteSummary> {
    if (!INVITATION_TARGET_KINDS.includes(request.kind)) throw unknownKind(INVITATION_TARGET_KINDS, String(request.kind));
    if (!request.id?.trim()) throw saying(new BadInputError(`Give the id of the ${request.kind} to invite`), 'vpp.invitation.no-id', { kind: request.kind });
    if (request.only !== undefined && request.only !== 'not-invited' && request.only !== 'not-enrolled') {
      throw saying(new BadInputError(`--only must be not-invited or not-enrolled; got "${String(request.only)}"`), 'vpp.invitation.only', { got: String(request.only) });
    }
    const token = this.writableToken(request.tokenId);
    const recipients = resolveRecipients(this.inventory, request.kind, request.id);
    const single = request.kind === 'user';
    const only: InvitationChoice | undefined = request.only ?? (single ? undefined : 'not-enrolled');
    const skipped = [...recipients.skipped];
    const chosen: User[] = [];
    for (const user of recipients.users) {
      const why = this.whyNotInvite(token, user, only, single);
      if (why) skipped.push(skippedUser(user.id, why));
      else chosen.push(user);
    }
    if (single && chosen.length === 0) throw nothingSent(new ConflictError(`${skipped[0]?.reason ?? 'Nothing to send'}; nothing was sent`, { userId: request.id }), skipped[0] ? skipReason(skipped[0]) : phrase('Nothing to send', 'vpp.invitation.nothing-to-send'));
    this.requireTokenValues(token);
    const account = invitationAccount(token.name, chosen, skipped, options.dryRun === true);
    if (chosen.length === 0 || options.dryRun) return { tokenId: token.id, batchId: '', invited: 0, managedAppleIds: 0, ...listed(skipped), account };
    await this.invitationTemplate(token);
    return { ...(await this.startBatch(token, request, chosen, false, actor, skipped, onProgress)), account };
  }

  async resend(userId: string, actor: Actor, options: { tokenId?: string; reason?: string } = {}): Promise<InviteSummary> {
    const token = this.writableToken(options.tokenId);
    const user = this.requireUser(userId);
    const record = this.store.get(token.id, user.id);
    if (record?.status !== 'invited') {
      const status = record?.status ?? 'not-invited';
      const english = `${user.name} is ${status} at ${token.name}: only an invited user's invitation can be sent again`;
      const names = { user: user.name, token: token.name };
      if (status === 'not-invited') throw saying(new ConflictError(`${english} (invite them first)`), 'vpp.invitation.resend-not-invited', names);
      throw saying(new ConflictError(english), 'vpp.invitation.resend-status', { ...names, status: STATUS_WORDS[status] });
    }
    const problem = emailProblem(user);
    if (problem) throw nothingSent(new BadInputError(`${problem.message}; nothing was sent`), problem);
    await this.invitationTemplate(token);
    const request: InviteRequest = { kind: 'user', id: user.id, ...(options.reason ? { reason: options.reason } : {}) };
    return { ...(await this.startBatch(token, request, [user], true, actor, [], () => undefined)), account: invitationAccount(token.name, [user], [], false) };
  }

  async retire(userId: string, actor: Actor, options: { tokenId?: string; reason?: string } = {}): Promise<EnrolmentEntry> {
    const token = this.writableToken(options.tokenId);
    const user = this.requireUser(userId);
    const record = this.store.get(token.id, user.id);
    if (!record?.registeredAt) {
      throw saying(new ConflictError(`${user.name} is not registered with Apple at ${token.name}: there is nothing to retire`), 'vpp.invitation.not-registered', { user: user.name, token: token.name });
    }
    if (record.status === 'retired') {
      throw saying(new ConflictError(`${user.name} was already retired at ${token.name} on ${record.retiredAt}`), 'vpp.invitation.already-retired', { user: user.name, token: token.name, date: record.retiredAt ?? '' });
    }
    // Enrolment and licenses first, through distribution, so first-come-first-served hands them on; Apple's retire
    // follows (a retry after Apple failed finds the user retired there already and only asks Apple again).
    const released = await retireFromDistribution(this.distribution, token.id, user.id, record.clientUserId);
    const client = this.tokens.clientFor(token.id);
    const outcome = await client.waitForEvents(await client.retireUsers([record.clientUserId]));
    const failure = outcome.failures[0];
    if (failure) {
      const refusal = new UpstreamError(`Apple did not retire ${user.name}: ${failure.errorMessage} (${failure.errorNumber})`, { errorNumber: failure.errorNumber });
      throw saying(refusal, 'vpp.invitation.apple-not-retired', { user: user.name, error: failure.errorMessage, number: failure.errorNumber });
    }
    const retired: InvitationRecord = { ...record, status: 'retired', retiredAt: this.now() };
    await this.store.records.put(retired);
    await this.audit.record({
      actor,
      action: 'vpp.user.retire',
      target: { type: 'user', id: user.id, name: user.name },
      ...(options.reason ? { reason: options.reason } : {}),
      details: { tokenId: token.id, clientUserId: record.clientUserId, releasedApps: released.length },
    });
    this.changes.fire({ tokenId: token.id, userId: user.id, status: 'retired' });
    return this.entryOf(token.id, user);
  }

  // --- enrolment --------------------------------------------------------------------------------

  enrolment(userId: string, tokenId?: string): EnrolmentEntry {
    const user = this.requireUser(userId);
    return this.entryOf(this.tokenFor(tokenId).id, user);
  }

  list(query: EnrolmentQuery = {}): Page<EnrolmentEntry> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(offset) || offset < 0) throw saying(new BadInputError(`offset must be a whole number of 0 or more, got ${offset}`), 'vpp.enrolment.offset', { got: offset });
    if (!Number.isSafeInteger(limit) || limit < 1) throw saying(new BadInputError(`limit must be a whole number of 1 or more, got ${limit}`), 'vpp.enrolment.limit', { got: limit });
    const tokens = query.tokenId !== undefined ? [this.tokens.require(query.tokenId)] : this.tokens.list();
    const users = this.inventory.listUsers(query.search ? { search: query.search } : {}).items;
    const items: EnrolmentEntry[] = [];
    let total = 0;
    for (const token of tokens) {
      for (const user of users) {
        const status = this.store.get(token.id, user.id)?.status ?? 'not-invited';
        if (query.status !== undefined && status !== query.status) continue;
        if (total >= offset && items.length < limit) items.push(this.entryOf(token.id, user));
        total++;
      }
    }
    return { items, total };
  }

  /** What the location's enrolment is: users enrolled there, and users of batches not yet sent (their first ids). */
  locationFootprint(tokenId: string): { enrolled: AccountList<string>; unsent: AccountList<string> } {
    const enrolled = new FirstOf<string>();
    for (const record of this.store.byToken.get(tokenId)) if (record.status === 'enrolled') enrolled.add(() => record.userId);
    const unsent = new FirstOf<string>();
    for (const batch of this.store.batches.values()) if (batch.tokenId === tokenId) for (const entry of batch.entries) unsent.add(() => entry.userId);
    const ids = (list: FirstOf<string>) => list.listed((id) => id);
    return { enrolled: ids(enrolled), unsent: ids(unsent) };
  }

  /** The status of many users at one location at once (the users page shows a column of them). */
  statusesOf(tokenId: string, userIds: readonly string[]): InvitationRecord['status'][] {
    return userIds.map((id) => this.store.get(tokenId, id)?.status ?? 'not-invited');
  }

  /** The token an admin means: the one named, or the only one there is. */
  tokenFor(idOrName: string | undefined): TokenRecord {
    if (idOrName !== undefined && idOrName.trim() !== '') return this.tokens.require(idOrName);
    const healthy = this.tokens.list().filter((t) => !UNHEALTHY_TOKEN_STATES.includes(t.health.state));
    if (healthy.length === 1) return healthy[0]!;
    if (healthy.length === 0) throw saying(new ConflictError('No healthy token: add a location token first (vpp-host token add)'), 'vpp.invitation.no-healthy-token');
    const names = healthy.map((t) => `"${t.name}"`).join(', ');
    throw saying(new BadInputError(`Say which location with --token (one of ${names})`), 'vpp.invitation.which-token', { tokens: names });
  }

  // --- internals: batches -----------------------------------------------------------------------

  private async startBatch(token: TokenRecord, request: InviteRequest, users: readonly User[], resend: boolean, actor: Actor, skipped: SkippedUser[], onProgress: Progress): Promise<BatchOutcome> {
    const batch: InvitationBatch = {
      id: `inv-${randomUUID()}`,
      tokenId: token.id,
      target: { kind: request.kind, id: request.id },
      entries: users.map((user) => ({ userId: user.id, sendNumber: (this.store.get(token.id, user.id)?.timesInvited ?? 0) + 1 })),
      actor: { kind: actor.kind, id: actor.id, ...(actor.name ? { name: actor.name } : {}) },
      ...(request.reason ? { reason: request.reason } : {}),
      resend,
      createdAt: this.now(),
    };
    await this.store.batches.put(batch);
    // Asked interactively: a failure is the admin's to see and retry, so the batch is not kept; one the stopping host
    // interrupted is, and finishes at the next start; one Apple could not take for now is tried again shortly (or at
    // the next start, when the host is stopping).
    return this.track(
      this.runBatch(batch, skipped, onProgress).catch(async (error: unknown) => {
        if (error instanceof InvitationInterruptedError) throw error;
        if (isTransient(error)) {
          if (!this.stopping) this.retryLater(batch, 1, error);
          const kept = new UpstreamError(`${(error as Error).message}. The invitations are kept and sent as soon as Apple answers again`, { batchId: batch.id, retrying: true });
          throw saying(kept, 'vpp.invitation.kept', { problem: error as Said });
        }
        await this.store.batches.delete(batch.id);
        throw error;
      }),
    );
  }

  /** Runs a stored batch without a caller waiting: a stop leaves it for the next start, Apple's pause is waited out. */
  private finishInBackground(batch: InvitationBatch, attempt: number): void {
    this.track(
      this.runBatch(batch, [], () => undefined).catch((error: unknown) => {
        if (error instanceof InvitationInterruptedError) this.logger.info(error.message, { batch: batch.id });
        else if (isTransient(error) && !this.stopping) this.retryLater(batch, attempt, error);
        else this.logger.error('Could not finish an invitation batch; it is tried again at the next start', { batch: batch.id, error: String(error) });
      }),
    );
  }

  private retryLater(batch: InvitationBatch, attempt: number, error: unknown): void {
    const delayMs = this.retries.schedule(batch.id, attempt, () => {
      if (!this.stopping) this.finishInBackground(batch, attempt + 1);
    });
    this.logger.warn('Apple cannot take an invitation batch now; trying again later', { batch: batch.id, attempt, delayMs, error: String(error) });
  }

  private async runBatch(batch: InvitationBatch, skipped: SkippedUser[], onProgress: Progress): Promise<BatchOutcome> {
    const token = this.tokens.get(batch.tokenId);
    if (!token) {
      await this.store.batches.delete(batch.id);
      throw saying(new NotFoundError(`The token of invitation batch ${batch.id} was deleted; nothing more is sent`), 'vpp.invitation.batch-token-gone', { batch: batch.id });
    }
    const template = await this.invitationTemplate(token);
    const users = new Map<string, User>();
    for (const entry of batch.entries) {
      const user = this.inventory.getUser(entry.userId);
      if (user) users.set(user.id, user);
      else skipped.push(skippedUser(entry.userId, phrase('The user was removed from the inventory', 'vpp.invitation.user-removed')));
    }
    const sendNumbers = new Map(batch.entries.map((entry) => [entry.userId, entry.sendNumber]));
    const send = (userIds: readonly string[]) => this.sendInvitations(token, template, users, sendNumbers, userIds, skipped);

    // Whoever has an invite code here already is mailed at once; the others (a retired user registers anew) as soon
    // as their request to Apple is settled, while the next requests wait for Apple's rate limit.
    const registeredBefore: string[] = [];
    const toRegister: RequestUser[] = [];
    for (const user of users.values()) {
      const record = this.store.recordOf(token.id, user.id, clientUserIdOf(user.id));
      if (record.registeredAt && record.status !== 'retired' && (record.inviteCode || record.managedAppleId)) registeredBefore.push(user.id);
      else toRegister.push(user.managedAppleId ? { clientUserId: record.clientUserId, managedAppleId: user.managedAppleId } : { clientUserId: record.clientUserId, email: user.email.trim() });
    }
    let invited = await send(registeredBefore);
    const { complete } = await registerUsers(token.id, this.tokens.clientFor(token.id), this.catalog, this.holdings, toRegister, {
      stopped: () => this.stopping,
      onRequest: (sent, total) =>
        onProgress({ done: sent, total: total + 1, ...saidAsLabel(phrase(`Registering users with Apple: request ${sent} of ${total}, ${invited} invitation(s) queued`, 'vpp.invitation.progress.registering', { sent, total, invited })) }),
      onPart: async (part) => {
        // Parts overlap: add after the await, so one part's count never overwrites another's.
        const queued = await send(await this.recordRegistration(token.id, part, users, skipped));
        invited += queued;
      },
    });
    if (!complete) {
      const interrupted = new InvitationInterruptedError(`The host is stopping: ${invited} of ${batch.entries.length} invitation(s) queued; the rest are sent when it starts again`, { batchId: batch.id, invited });
      throw saying(interrupted, 'vpp.invitation.interrupted', { invited, total: batch.entries.length });
    }
    onProgress({ done: 1, total: 1, ...saidAsLabel(phrase(`Queued ${invited} invitation mail(s)`, 'vpp.invitation.progress.queued', { invited })) });

    await this.store.batches.delete(batch.id);
    const managedAppleIds = [...users.values()].filter((u) => u.managedAppleId).length;
    const summary: BatchOutcome = { tokenId: token.id, batchId: batch.id, invited, managedAppleIds, ...listed(skipped) };
    await this.audit.record({
      actor: batch.actor,
      action: batch.resend ? 'vpp.invitation.resend' : 'vpp.invitation.send',
      target: { type: batch.target.kind, id: batch.target.id },
      ...(batch.reason ? { reason: batch.reason } : {}),
      details: { tokenId: token.id, batchId: batch.id, invited: summary.invited, managedAppleIds, skipped: summary.skippedCount, skippedUsers: summary.skipped.slice(0, 10) },
    });
    return summary;
  }

  /** Stores what Apple settled for some users (invite codes, acceptances); returns the users it registered. */
  private async recordRegistration(tokenId: string, part: Registration, users: Map<string, User>, skipped: SkippedUser[]): Promise<string[]> {
    // Apple may answer after the token was deleted: what its location kept is gone and stays gone.
    if (!this.tokens.get(tokenId)) return [];
    for (const [clientUserId, reason] of part.refused) {
      const userId = userIdOfClientUserId(clientUserId);
      skipped.push(skippedUser(userId, reason));
      users.delete(userId);
    }
    const registeredAt = this.now();
    const associated: UserAssociation[] = [];
    // Read again after Apple answered: an acceptance may have been recorded meanwhile.
    const registered: InvitationRecord[] = [];
    for (const [clientUserId, appleUser] of part.users) {
      const userId = userIdOfClientUserId(clientUserId);
      const record = this.store.recordOf(tokenId, userId, clientUserId);
      const { inviteCode: _old, retiredAt: _retired, ...rest } = record;
      registered.push({
        ...rest,
        status: record.status === 'retired' ? 'not-invited' : record.status,
        registeredAt,
        ...(appleUser.inviteCode ? { inviteCode: appleUser.inviteCode } : {}),
        ...(users.get(userId)?.managedAppleId ? { managedAppleId: true } : {}),
      });
      if (appleUser.status === 'Associated') associated.push({ tokenId, clientUserId, at: registeredAt });
    }
    await this.store.records.putMany(registered);
    await this.markEnrolled(associated);
    return registered.map((record) => record.userId);
  }

  /**
   * Mails registered users their invitation, keyed by the batch's send number (so a batch finished after a restart
   * enqueues the same keys and the outbox sends nothing twice), then records them invited. Returns how many it queued:
   * none once the token is deleted.
   */
  private async sendInvitations(token: TokenRecord, template: string, users: Map<string, User>, sendNumbers: Map<string, number>, userIds: readonly string[], skipped: SkippedUser[]): Promise<number> {
    if (!this.tokens.get(token.id)) return 0;
    const mails: { userId: string; sendNumber: number; request: MailRequest }[] = [];
    for (const userId of userIds) {
      const user = users.get(userId);
      const record = user ? this.store.get(token.id, user.id) : undefined;
      const sendNumber = sendNumbers.get(userId);
      if (!user || !record || sendNumber === undefined || record.status === 'enrolled' || record.managedAppleId) continue;
      if (!record.inviteCode) {
        skipped.push(skippedUser(user.id, phrase('Apple gave no invite code for the user', 'vpp.invitation.no-invite-code')));
        continue;
      }
      const values: InvitationValues = {
        userName: user.name,
        organisationName: token.orgName,
        locationName: token.locationName,
        invitationUrl: invitationUrl(template, record.inviteCode),
      };
      mails.push({
        userId: user.id,
        sendNumber,
        request: {
          templateId: INVITATION_TEMPLATE_ID,
          to: { address: user.email.trim(), name: user.name, ...(user.language ? { language: user.language } : {}) },
          values: { ...values },
          idempotencyKey: `invite:${token.id}:${user.id}:${sendNumber}`,
          pluginId: this.plugin.id,
        },
      });
    }
    const queued = await this.enqueue(mails, skipped);
    const sentAt = this.now();
    const updated: InvitationRecord[] = [];
    for (const mail of mails) {
      const message = queued.get(mail.userId);
      const record = this.store.get(token.id, mail.userId);
      if (!message || !record) continue;
      updated.push({
        ...record,
        status: record.status === 'enrolled' ? 'enrolled' : 'invited',
        invitedAt: record.invitedAt ?? sentAt,
        lastSentAt: sentAt,
        timesInvited: Math.max(record.timesInvited, mail.sendNumber),
        outboxId: message.id,
      });
    }
    await this.store.records.putMany(updated);
    for (const record of updated) this.changes.fire({ tokenId: token.id, userId: record.userId, status: record.status });
    return queued.size;
  }

  /**
   * Enqueues all mails in one durable write. The outbox refuses the whole list for one bad address, so such a
   * message is set aside (reported, never sent) and the rest enqueued; anything else is refused as a whole.
   */
  private async enqueue(mails: { userId: string; request: MailRequest }[], skipped: SkippedUser[]): Promise<Map<string, OutboxMessage>> {
    let pending = mails;
    for (;;) {
      if (pending.length === 0) return new Map();
      try {
        const messages = await this.mail.enqueueMany(pending.map((m) => m.request));
        return new Map(pending.map((m, i) => [m.userId, messages[i]!]));
      } catch (error) {
        const details = (error instanceof BadInputError ? error.details : undefined) as { index?: number; field?: string } | undefined;
        if (!(error instanceof BadInputError) || details?.field !== 'to.address') throw error;
        const index = details.index ?? 0;
        skipped.push(skippedUser(pending[index]!.userId, error));
        pending = pending.filter((_, i) => i !== index);
      }
    }
  }

  // --- internals: enrolment ---------------------------------------------------------------------

  /** Users who accepted (or hold a Managed Apple ID): enrolled once, with the first acceptance time kept. */
  private async markEnrolled(associations: readonly UserAssociation[]): Promise<void> {
    const fresh: InvitationRecord[] = [];
    for (const association of associations) {
      const userId = this.store.userIdOf(association.tokenId, association.clientUserId);
      if (!this.inventory.getUser(userId)) continue;
      const record = this.store.recordOf(association.tokenId, userId, association.clientUserId);
      if (record.status === 'enrolled' || fresh.some((r) => r.id === record.id)) continue;
      const { retiredAt: _retired, ...rest } = record;
      fresh.push({ ...rest, status: 'enrolled', acceptedAt: association.at, registeredAt: record.registeredAt ?? association.at });
    }
    if (fresh.length === 0) return;
    await this.store.records.putMany(fresh);
    await this.distribution.enrolments.recordAcceptances(fresh.map((r) => ({ tokenId: r.tokenId, userId: r.userId, clientUserId: r.clientUserId, acceptedAt: r.acceptedAt! })));
    for (const record of fresh) {
      await this.audit.record({
        actor: APPLE,
        action: 'vpp.enrolment.accept',
        target: { type: 'user', id: record.userId },
        // Apple reported it: no admin gave a reason. How the user came to be enrolled is a fact of the entry.
        details: { tokenId: record.tokenId, clientUserId: record.clientUserId, acceptedAt: record.acceptedAt, managedAppleId: record.managedAppleId === true },
      });
      this.changes.fire({ tokenId: record.tokenId, userId: record.userId, status: 'enrolled' });
      this.acceptances.fire({
        tokenId: record.tokenId,
        userId: record.userId,
        clientUserId: record.clientUserId,
        managedAppleId: record.managedAppleId === true,
        at: record.acceptedAt!,
      });
    }
  }

  // --- internals: small helpers -----------------------------------------------------------------

  private whyNotInvite(token: TokenRecord, user: User, only: InvitationChoice | undefined, single: boolean): Said | undefined {
    const status = this.store.get(token.id, user.id)?.status ?? 'not-invited';
    const names = { user: user.name, token: token.name };
    if (status === 'enrolled') return phrase(`${user.name} is already enrolled at ${token.name}`, 'vpp.invitation.already-enrolled', names);
    if (status === 'retired' && !single) return phrase(`${user.name} was retired at ${token.name} (invite them on their own to register them again)`, 'vpp.invitation.was-retired', names);
    if (only === 'not-invited' && status === 'invited') return phrase(`${user.name} was invited before`, 'vpp.invitation.invited-before', names);
    if (!user.name.trim()) return phrase(`User ${user.id} has no name for the invitation mail`, 'vpp.invitation.no-name', { id: user.id });
    return user.managedAppleId ? undefined : emailProblem(user);
  }

  private requireUser(userId: string): User {
    const user = this.inventory.getUser(userId);
    if (!user) throw saying(new NotFoundError(`No user "${userId}"`), 'vpp.invitation.no-user', { user: userId });
    return user;
  }

  /** The mail needs the organisation and location names; a token without them is refused before anything is sent. */
  private requireTokenValues(token: TokenRecord): void {
    const missing = (['orgName', 'locationName'] as const).filter((key) => !token[key]?.trim());
    if (missing.length > 0) {
      const refusal = new BadInputError(`The invitation mail needs the ${missing.join(' and ')} of token "${token.name}", which ${missing.length === 1 ? 'is' : 'are'} empty; nothing was sent`, { missing });
      throw saying(refusal, 'vpp.invitation.token-values', { fields: missing.join(', '), token: token.name });
    }
  }

  /** Apple's invitation link template (service/config `urls.invitationEmail`). */
  private async invitationTemplate(token: TokenRecord): Promise<string> {
    const template = (await this.tokens.clientFor(token.id).getServiceConfig()).urls.invitationEmail;
    if (!isInvitationUrlTemplate(template)) {
      const link = JSON.stringify(template ?? null);
      throw saying(new UpstreamError(`Apple's service configuration gives no usable invitation link (urls.invitationEmail: ${link}); nothing was sent`), 'vpp.invitation.no-link', { link });
    }
    return template;
  }

  private writableToken(idOrName: string | undefined): TokenRecord {
    const token = this.tokenFor(idOrName);
    if (UNHEALTHY_TOKEN_STATES.includes(token.health.state)) {
      const refusal = new ConflictError(`Token "${token.name}" is ${token.health.state}: ${token.health.reason}. Nothing was sent.`, { tokenId: token.id });
      const { reason: message, messageId, params } = token.health;
      throw saying(refusal, 'vpp.invitation.token-unwritable', { token: token.name, state: token.health.state, reason: { message, ...(messageId ? { messageId } : {}), ...(params ? { params } : {}) } });
    }
    return token;
  }

  private entryOf(tokenId: string, user: User): EnrolmentEntry {
    const record = this.store.get(tokenId, user.id);
    const message = record?.outboxId ? this.mail.get(record.outboxId) : undefined;
    return {
      tokenId,
      userId: user.id,
      userName: user.name,
      email: user.email,
      clientUserId: record?.clientUserId ?? clientUserIdOf(user.id),
      status: record?.status ?? 'not-invited',
      timesInvited: record?.timesInvited ?? 0,
      ...(record?.managedAppleId || user.managedAppleId ? { managedAppleId: true } : {}),
      ...(record?.invitedAt ? { invitedAt: record.invitedAt } : {}),
      ...(record?.lastSentAt ? { lastSentAt: record.lastSentAt } : {}),
      ...(record?.acceptedAt ? { acceptedAt: record.acceptedAt } : {}),
      ...(record?.retiredAt ? { retiredAt: record.retiredAt } : {}),
      ...(message
        ? {
            delivery: {
              state: message.state,
              messageId: message.messageId,
              ...(message.lastError ? { error: message.lastError.response ?? message.lastError.message } : {}),
            },
          }
        : {}),
    };
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.then(
      () => this.running.delete(work),
      () => this.running.delete(work),
    );
    return work;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The host stopped a batch half-way; it is kept and finished at the next start. */
export class InvitationInterruptedError extends ConflictError {}

/** What a batch did, as it turned out. */
type BatchOutcome = Omit<InviteSummary, 'account'>;

/** An invitation's refusal: what stopped it, then that nothing was sent. */
function nothingSent<E extends BadInputError | ConflictError>(refusal: E, problem: Said): E {
  return saying(refusal, 'vpp.invitation.nothing-sent', { problem });
}

/** How a refused resend names a user's status at the location. */
const STATUS_WORDS: Readonly<Record<'enrolled' | 'retired', Said>> = {
  enrolled: phrase('enrolled', 'vpp.enrolment.enrolled'),
  retired: phrase('retired', 'vpp.enrolment.retired'),
};

function listed(skipped: readonly SkippedUser[]): Pick<InviteSummary, 'skipped' | 'skippedCount'> {
  return { skipped: skipped.slice(0, MAX_LISTED_SKIPS), skippedCount: skipped.length };
}
