import { randomBytes, randomUUID } from 'node:crypto';
import {
  AuditLog,
  BadInputError,
  Clock,
  contractFacade,
  ConflictError,
  Emitter,
  inject,
  injectable,
  saying,
  type Actor,
  type Disposable,
  type Event,
} from '@vpp-host/api';
import type { AddTokenInput, AppleProgram, TokenRecord, TokenService, TokenStateChange, TokensChange } from '../../api/index.js';
import { AppleApiError, type ClientConfigRequest, type ClientConfigResponse, type MdmInfo, type NotificationType } from '../client/index.js';
import { AppleClients } from './apple-clients.js';
import { AppleEndpoint } from './apple-endpoint.js';
import { InstallationIdentity, MDM_NAME } from './installation-identity.js';
import { parseTokenFile, type TokenFile } from './token-file.js';
import { isUnhealthy, observeFailure, TokenUnhealthyError } from './token-health.js';
import { TokenHealthMonitor } from './token-health-monitor.js';
import { TokenStore } from './token-store.js';
import { guardClient } from './write-gate.js';
import type { AppleVppClient } from '../../api/client.js';
import { APPLE_CLIENT_MEMBERS } from '../contract-members.js';

const NOTIFICATION_TYPES: NotificationType[] = ['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT'];
const MAX_NAME_LENGTH = 100;
const PROGRAM_NAMES: Readonly<Record<AppleProgram, string>> = { business: 'Business Manager', education: 'School Manager' };

interface CheckedFile {
  readonly file: TokenFile;
  readonly config: ClientConfigResponse;
}

@injectable()
export class TokenServiceImpl implements TokenService, Disposable {
  private readonly tokenChanges = new Emitter<TokensChange>();
  readonly onDidChangeTokens = this.tokenChanges.event;
  readonly onDidChangeTokenHealth: Event<TokenStateChange>;
  private readonly guarded = new Map<string, AppleVppClient>();

  constructor(
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(TokenHealthMonitor) private readonly health: TokenHealthMonitor,
    @inject(AppleClients) private readonly clients: AppleClients,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.onDidChangeTokenHealth = health.onDidChangeTokenHealth;
  }

  list(): TokenRecord[] {
    return this.store.list();
  }

  get(id: string): TokenRecord | undefined {
    return this.store.get(id);
  }

  require(idOrName: string): TokenRecord {
    return this.store.require(idOrName);
  }

  async add(input: AddTokenInput, actor: Actor): Promise<TokenRecord> {
    const given = input.name === undefined ? undefined : this.checkName(input.name);
    const { file, config } = await this.checkFile(input.file);
    const program = programOf(config.websiteURL);
    if (input.program !== undefined && input.program !== program) {
      const refusal = new BadInputError(`The token is for "${config.locationName}", a location of Apple ${PROGRAM_NAMES[program]}, not of Apple ${PROGRAM_NAMES[input.program]}`, { program, expected: input.program });
      throw saying(refusal, 'vpp.token.other-program', { location: config.locationName, program: PROGRAM_NAMES[program], expected: PROGRAM_NAMES[input.program] });
    }
    const duplicate = this.store.byUid(config.uId);
    if (duplicate) {
      const refusal = new ConflictError(`This location ("${config.locationName}") is already added as token "${duplicate.name}"; renew that token instead`, {
        tokenId: duplicate.id,
        uId: config.uId,
      });
      throw saying(refusal, 'vpp.token.location-added', { location: config.locationName, token: duplicate.name });
    }
    const tookOverFrom = this.checkClaim(config, input.takeOver ?? false);
    const name = given ?? this.freeName(config.locationName);
    const id = randomUUID();
    const notifications = await this.claimLocation(id, this.clients.create(file.sToken));
    await this.store.storeSToken(id, file.sToken);
    const now = this.clock.now().toISOString();
    const token: TokenRecord = {
      id,
      name,
      ...this.locationFields(file, config),
      health: { ...this.health.byDate({ expiresAt: file.expiresAt.toISOString() }), since: now },
      notifications,
      createdAt: now,
    };
    await this.store.put(token);
    await this.record(actor, 'vpp.token.add', token, { uId: token.uId, locationName: token.locationName, ...(tookOverFrom ? { tookOverFrom: tookOverFrom.name } : {}) });
    this.tokenChanges.fire({ change: 'added', token });
    return token;
  }

  async renew(idOrName: string, content: string, actor: Actor, options: { takeOver?: boolean } = {}): Promise<TokenRecord> {
    const token = this.store.require(idOrName);
    const { file, config } = await this.checkFile(content);
    if (config.uId !== token.uId) {
      const refusal = new BadInputError(`The file is for location "${config.locationName}" (${config.uId}), not for token "${token.name}"'s location "${token.locationName}" (${token.uId})`);
      throw saying(refusal, 'vpp.token.other-location', { location: config.locationName, token: token.name, tokenLocation: token.locationName });
    }
    const tookOverFrom = this.checkClaim(config, options.takeOver ?? false);
    const notifications = await this.claimLocation(token.id, this.clients.create(file.sToken));
    await this.store.storeSToken(token.id, file.sToken);
    this.forget(token.id);
    const { claimedBy: _gone, ...rest } = token;
    const renewed: TokenRecord = {
      ...rest,
      ...this.locationFields(file, config),
      notifications,
      health: { ...this.health.byDate({ expiresAt: file.expiresAt.toISOString() }), since: this.clock.now().toISOString() },
      renewedAt: this.clock.now().toISOString(),
    };
    await this.store.put(renewed);
    await this.record(actor, 'vpp.token.renew', renewed, { expiresAt: renewed.expiresAt, ...(tookOverFrom ? { tookOverFrom: tookOverFrom.name } : {}) });
    this.tokenChanges.fire({ change: 'renewed', token: renewed });
    return renewed;
  }

  async rename(idOrName: string, newName: string, actor: Actor): Promise<TokenRecord> {
    const token = this.store.require(idOrName);
    const name = this.checkName(newName, token.id);
    const renamed: TokenRecord = { ...token, name };
    await this.store.put(renamed);
    await this.record(actor, 'vpp.token.rename', renamed, { from: token.name, to: name });
    this.tokenChanges.fire({ change: 'renamed', token: renamed });
    return renamed;
  }

  async takeOver(idOrName: string, actor: Actor): Promise<TokenRecord> {
    const token = this.store.require(idOrName);
    const client = this.clients.create(this.store.sToken(token.id));
    let config: ClientConfigResponse;
    try {
      config = await client.getClientConfig({ skipMdmCheck: true });
    } catch (error) {
      await this.health.observe(token.id, error);
      throw error;
    }
    const notifications = await this.claimLocation(token.id, client);
    this.forget(token.id);
    const { claimedBy, ...rest } = token;
    const taken: TokenRecord = { ...rest, notifications, locationName: config.locationName };
    await this.store.put(taken);
    const healthy = await this.health.apply(taken, this.health.byDate(taken), actor);
    await this.record(actor, 'vpp.token.take-over', healthy, { tookOverFrom: claimedBy?.name ?? config.mdmInfo?.name ?? null });
    this.tokenChanges.fire({ change: 'taken-over', token: healthy });
    return healthy;
  }

  async delete(idOrName: string, actor: Actor): Promise<void> {
    const token = this.store.require(idOrName);
    await this.store.remove(token.id);
    this.forget(token.id);
    await this.record(actor, 'vpp.token.delete', token, { uId: token.uId });
    this.tokenChanges.fire({ change: 'removed', token });
  }

  async checkHealth(idOrName: string): Promise<TokenRecord> {
    const token = this.store.require(idOrName);
    const config = await this.clientFor(token.id).getClientConfig();
    const latest = this.store.get(token.id) ?? token;
    const refreshed: TokenRecord = { ...latest, locationName: config.locationName, countryCode: config.countryISO2ACode, program: programOf(config.websiteURL) };
    if (refreshed.locationName !== latest.locationName || refreshed.countryCode !== latest.countryCode || refreshed.program !== latest.program) {
      await this.store.put(refreshed);
    }
    return this.health.apply(refreshed, this.health.byDate(refreshed), { kind: 'apple', id: token.uId, name: 'Apple' });
  }

  clientFor(tokenId: string): AppleVppClient {
    const cached = this.guarded.get(tokenId);
    if (cached) return cached;
    const token = this.store.get(tokenId) ?? this.store.require(tokenId);
    const guarded = guardClient(this.clients.clientOf(token.id, this.store.sToken(token.id)), {
      assertWritable: () => {
        const latest = this.store.get(token.id);
        if (!latest) throw new ConflictError(`Token ${token.id} was deleted`);
        const health = this.health.current(latest);
        if (isUnhealthy(health.state)) throw new TokenUnhealthyError(latest, health);
      },
      observe: (error) => this.health.observeInBackground(token.id, error),
    });
    // Only the contract's methods leave: the client's transport (which holds the sToken) stays out of reach.
    const client = contractFacade<AppleVppClient>(guarded, APPLE_CLIENT_MEMBERS);
    this.guarded.set(token.id, client);
    return client;
  }

  /** Drops every client made so far (a standby's, once the active host changed tokens: a renewal brings a new sToken). */
  forgetClients(): void {
    this.guarded.clear();
    this.clients.dropAll();
  }

  dispose(): void {
    this.tokenChanges.dispose();
    this.guarded.clear();
  }

  // --- internals --------------------------------------------------------------------------------

  private forget(tokenId: string): void {
    this.guarded.delete(tokenId);
    this.clients.drop(tokenId);
  }

  private checkName(raw: unknown, exceptId?: string): string {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (name === '') throw saying(new BadInputError('Give the token a name'), 'vpp.token.no-name');
    if (name.length > MAX_NAME_LENGTH) throw saying(new BadInputError(`A token name has at most ${MAX_NAME_LENGTH} characters`), 'vpp.token.long-name', { max: MAX_NAME_LENGTH });
    const taken = this.store.byName(name);
    if (taken && taken.id !== exceptId) throw saying(new ConflictError(`A token named "${taken.name}" already exists`, { tokenId: taken.id }), 'vpp.token.name-taken', { name: taken.name });
    return name;
  }

  /** The location's name, numbered when a token has it already: "Head Office", "Head Office (2)", … */
  private freeName(locationName: string): string {
    const base = locationName.trim().slice(0, MAX_NAME_LENGTH - 5) || 'Location';
    let name = base;
    for (let n = 2; this.store.byName(name); n++) name = `${base} (${n})`;
    return name;
  }

  /** Parses the file and asks Apple about it; a token Apple refuses is refused with its state. */
  private async checkFile(content: string): Promise<CheckedFile> {
    const file = parseTokenFile(content, this.clock.now());
    try {
      return { file, config: await this.clients.create(file.sToken).getClientConfig({ skipMdmCheck: true }) };
    } catch (error) {
      const observation = observeFailure(error);
      if (observation) {
        const refusal = new BadInputError(`Apple refuses this token: it is ${observation.state} (${observation.reason})`, {
          state: observation.state,
          ...(error instanceof AppleApiError ? { errorNumber: error.errorNumber } : {}),
        });
        throw saying(refusal, 'vpp.token.apple-refuses', { reason: { message: observation.reason, ...(observation.messageId ? { messageId: observation.messageId } : {}), ...(observation.params ? { params: observation.params } : {}) } });
      }
      throw error;
    }
  }

  /** The other MDM the location is taken from; refused (409) unless the admin consented. */
  private checkClaim(config: ClientConfigResponse, takeOver: boolean): MdmInfo | undefined {
    const other = config.mdmInfo;
    if (!other || other.id === this.identity.mdmId) return undefined;
    if (!takeOver) {
      const refusal = new ConflictError(
        `The location "${config.locationName}" is managed by another MDM ("${other.name}"). Taking it over stops that MDM from managing it; add the token again with take-over consent (--take-over) to do so`,
        { otherMdm: { id: other.id, name: other.name } },
      );
      throw saying(refusal, 'vpp.token.claimed-by-other', { location: config.locationName, other: other.name });
    }
    return other;
  }

  /** Writes our mdmInfo (and the webhook when this host has an address); returns whether notifications are on. */
  private async claimLocation(tokenId: string, client: AppleVppClient): Promise<boolean> {
    const mdmInfo: MdmInfo = { id: this.identity.mdmId, name: MDM_NAME, metadata: this.endpoint.mdmMetadata() };
    const notificationUrl = this.endpoint.notificationUrl(tokenId);
    const request: ClientConfigRequest = { mdmInfo };
    const hadSecret = this.store.notificationSecret(tokenId) !== undefined;
    if (notificationUrl) {
      const secret = this.store.notificationSecret(tokenId) ?? randomBytes(32).toString('hex');
      // Stored first: Apple tests the webhook before it accepts the configuration.
      await this.store.storeNotificationSecret(tokenId, secret);
      Object.assign(request, { notificationUrl, notificationAuthToken: secret, notificationTypes: NOTIFICATION_TYPES });
    }
    try {
      await client.setClientConfig(request, { skipMdmCheck: true });
    } catch (error) {
      if (notificationUrl && !hadSecret) await this.store.deleteNotificationSecret(tokenId);
      throw error;
    }
    return notificationUrl !== undefined;
  }

  private locationFields(file: TokenFile, config: ClientConfigResponse) {
    return {
      orgName: file.orgName,
      expiresAt: file.expiresAt.toISOString(),
      uId: config.uId,
      locationName: config.locationName,
      countryCode: config.countryISO2ACode,
      program: programOf(config.websiteURL),
    };
  }

  private async record(actor: Actor, action: string, token: TokenRecord, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ actor, action, target: { type: 'vpp-token', id: token.id, name: token.name }, details });
  }
}

export function programOf(websiteURL: string | undefined): AppleProgram {
  return websiteURL && /school\.apple\.com/i.test(websiteURL) ? 'education' : 'business';
}
