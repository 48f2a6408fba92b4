/** vpp-apple's contract: the location tokens and their health. */
import type { Actor, Event, MessageParam } from '@vpp-host/api';
import type { AppleVppClient } from './client.js';
import type { ItemLabel, TargetKind } from './distribution.js';

/**
 * `valid`, `expiring` (expiryWarningDays or less left), `expired` (9621 or past expDate), `revoked` (9625),
 * `invalid` (9601/9622/9722), `claimed-elsewhere` (another MDM's mdmInfo on the location).
 */
export type TokenState = 'valid' | 'expiring' | 'expired' | 'revoked' | 'invalid' | 'claimed-elsewhere';

/** States in which nothing is written to Apple for the token. */
export const UNHEALTHY_TOKEN_STATES: readonly TokenState[] = ['expired', 'revoked', 'invalid', 'claimed-elsewhere'];

export interface TokenHealth {
  readonly state: TokenState;
  /** Why, in English; `messageId` and `params` say it in the panel's other languages (see the host's `Messages`). */
  readonly reason: string;
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
  /** When the token entered this state (ISO). */
  readonly since: string;
}

export type AppleProgram = 'business' | 'education';

export interface OtherMdm {
  readonly id: string;
  readonly name: string;
  readonly metadata?: string;
}

/** A location's service token as the product knows it. The secret itself is never part of it. */
export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly orgName: string;
  /** The token file's expiry (ISO). */
  readonly expiresAt: string;
  /** Apple's library id; two tokens of one location share it. */
  readonly uId: string;
  readonly locationName: string;
  readonly countryCode: string;
  readonly program: AppleProgram;
  readonly health: TokenHealth;
  /** Set while another MDM holds the location. */
  readonly claimedBy?: OtherMdm;
  /** Whether Apple posts notifications for this location to this host. */
  readonly notifications: boolean;
  readonly createdAt: string;
  readonly renewedAt?: string;
}

export interface AddTokenInput {
  /** Absent: the location's name as Apple reports it, with " (2)", " (3)", … when a token already has that name. */
  readonly name?: string;
  /** The `.vpptoken` file content (Base64 text). */
  readonly file: string;
  /** The program the caller expects the location to be in; a location of the other program is refused (BadInputError) before anything is written. */
  readonly program?: AppleProgram;
  /** Explicit consent to take the location over from another MDM. */
  readonly takeOver?: boolean;
}

export interface TokenStateChange {
  readonly token: TokenRecord;
  readonly previous: TokenHealth;
  readonly current: TokenHealth;
}

export interface TokensChange {
  readonly change: 'added' | 'renewed' | 'renamed' | 'taken-over' | 'removed';
  readonly token: TokenRecord;
}

/** The location tokens: add, renew in place, rename, take over, delete, and their health. */
export const TokenService = Symbol.for('vpp-apple.TokenService');
export interface TokenService {
  list(): TokenRecord[];
  get(id: string): TokenRecord | undefined;
  /** By id or by name; NotFoundError otherwise. */
  require(idOrName: string): TokenRecord;
  add(input: AddTokenInput, actor: Actor): Promise<TokenRecord>;
  /** A new file for the same location: every synced record and assignment stays. */
  renew(idOrName: string, file: string, actor: Actor, options?: { takeOver?: boolean }): Promise<TokenRecord>;
  rename(idOrName: string, name: string, actor: Actor): Promise<TokenRecord>;
  /** Claims the location back from another MDM (the admin's explicit consent). */
  takeOver(idOrName: string, actor: Actor): Promise<TokenRecord>;
  delete(idOrName: string, actor: Actor): Promise<void>;
  /** Asks Apple (client/config) and updates the token's health. */
  checkHealth(idOrName: string): Promise<TokenRecord>;
  /**
   * The Apple client of the token, shared by everything that talks to Apple for it. Every write it sends is
   * refused (TokenUnhealthyError, 409) while the token is expired, revoked, invalid or claimed elsewhere, and every
   * Apple answer updates the token's health.
   */
  clientFor(tokenId: string): AppleVppClient;
  readonly onDidChangeTokenHealth: Event<TokenStateChange>;
  readonly onDidChangeTokens: Event<TokensChange>;
}

/** One of what an effect counts, by name: who it is about (a holder, an assignment's target, a user) and the app or book. */
export interface TokenDeletionLine {
  readonly who?: { readonly kind: TargetKind; readonly id: string; readonly name: string };
  readonly item?: ItemLabel;
}

/**
 * One thing deleting a token stops or leaves behind: a stable id for scripts, how many, a sentence, whether the host
 * stops it or it stays at Apple unmanaged, and the first of those it counts (at most 100), named.
 */
export interface TokenDeletionEffect {
  readonly id: string;
  readonly count: number;
  readonly message: string;
  readonly outcome: 'stops' | 'stays-at-apple';
  readonly lines: readonly TokenDeletionLine[];
}

/** What deleting a token would do, before it is deleted (`?dryRun=true`, `--dry-run`). */
export interface TokenDeletionPreview {
  readonly preview: true;
  readonly tokenId: string;
  readonly name: string;
  readonly effects: readonly TokenDeletionEffect[];
}
