/** vpp-apple's contract: invitations to managed distribution and each user's enrolment. */
import type { Actor, Event, MessageParam, Page, Said } from '@vpp-host/api';

/**
 * A user's standing in managed distribution at one location: `not-invited`, `invited` (mail sent, waiting for the
 * user to accept), `enrolled` (accepted, or a Managed Apple ID) or `retired` (removed from the location).
 */
export type EnrolmentStatus = 'not-invited' | 'invited' | 'enrolled' | 'retired';
export const ENROLMENT_STATUSES: readonly EnrolmentStatus[] = ['not-invited', 'invited', 'enrolled', 'retired'];

/** Whom an invitation goes to; device kinds invite the users the devices belong to. */
export type InvitationTargetKind = 'user' | 'user-group' | 'device' | 'device-group';
export const INVITATION_TARGET_KINDS: readonly InvitationTargetKind[] = ['user', 'user-group', 'device', 'device-group'];

/** `not-invited`: users never invited; `not-enrolled`: every user who has not enrolled yet (invited ones again). */
export type InvitationChoice = 'not-invited' | 'not-enrolled';

export interface InviteRequest {
  readonly kind: InvitationTargetKind;
  readonly id: string;
  /** Groups and device groups default to `not-enrolled`. */
  readonly only?: InvitationChoice;
  /** Token id or name; optional when exactly one healthy token exists. */
  readonly tokenId?: string;
  readonly reason?: string;
}

export interface InvitationProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  /** `label` as a message, said in the reader's language (the CLI's progress). */
  readonly said?: Said;
}

export interface SkippedUser {
  readonly userId: string;
  /** Why, in English; `messageId` and `params` say it in other languages (see the host's `Messages`). */
  readonly reason: string;
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** An invitation mail as an account lists it: to whom, at which address, in which language. */
export interface InvitationMailLine {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  /** The language the mail is written in (the user's, or English). */
  readonly language: 'en' | 'nl' | 'fr';
}

/**
 * Whom an invitation reaches and how, user by user (the first 100 of each list; totals count them all). A preview
 * (`preview: true`) is computed by the same choice of users the send makes, and sends nothing.
 */
export interface InvitationAccount {
  readonly preview: boolean;
  readonly location: string;
  /** Invitation mails, with how many are written in each language. */
  readonly mails: { readonly total: number; readonly byLanguage: Readonly<Record<'en' | 'nl' | 'fr', number>>; readonly lines: readonly InvitationMailLine[] };
  /** Users with a Managed Apple ID: registered with Apple and enrolled without a mail. */
  readonly managedAppleIds: { readonly total: number; readonly lines: readonly { readonly userId: string; readonly name: string }[] };
  /** Users the choice leaves out, and why. */
  readonly skipped: { readonly total: number; readonly lines: readonly SkippedUser[] };
}

export interface InviteSummary {
  readonly tokenId: string;
  readonly batchId: string;
  /** Invitation mails placed in the outbox. */
  readonly invited: number;
  /** Users with a Managed Apple ID: registered and enrolled without a mail. */
  readonly managedAppleIds: number;
  /** Chosen users that got nothing, and why (at most 100 listed; `skippedCount` has them all). */
  readonly skipped: readonly SkippedUser[];
  readonly skippedCount: number;
  /** Whom the invitation was meant to reach (or, previewed, would reach), user by user. */
  readonly account: InvitationAccount;
}

/** Where a user's invitation mail is, from the mail outbox. */
export interface InvitationDelivery {
  readonly state: 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';
  readonly messageId: string;
  /** The server's words when the last attempt failed. */
  readonly error?: string;
}

export interface EnrolmentEntry {
  readonly tokenId: string;
  readonly userId: string;
  readonly userName: string;
  readonly email: string;
  readonly clientUserId: string;
  readonly status: EnrolmentStatus;
  readonly managedAppleId?: boolean;
  readonly invitedAt?: string;
  readonly timesInvited: number;
  readonly lastSentAt?: string;
  readonly acceptedAt?: string;
  readonly retiredAt?: string;
  readonly delivery?: InvitationDelivery;
}

export interface EnrolmentQuery {
  readonly tokenId?: string;
  readonly status?: EnrolmentStatus;
  /** Matches the user's id, name or email. */
  readonly search?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface EnrolmentChange {
  readonly tokenId: string;
  readonly userId: string;
  readonly status: EnrolmentStatus;
}

/** A user accepted the invitation (or registered with a Managed Apple ID) and is enrolled at the location. */
export interface InvitationAcceptance {
  readonly tokenId: string;
  readonly userId: string;
  readonly clientUserId: string;
  /** Enrolled by a Managed Apple ID, without an invitation mail. */
  readonly managedAppleId: boolean;
  /** When the user accepted (ISO): the order their waiting licenses are served in. */
  readonly at: string;
}

/**
 * Invitations to managed distribution and each user's enrolment per location. Inviting registers the users with
 * Apple (batched by Apple's limits) and mails each an Apple invitation link in their language, exactly once per send.
 */
export const Invitations = Symbol.for('vpp-apple.Invitations');
export interface Invitations {
  /** `{ dryRun: true }`: the account of whom it would reach, nothing registered or sent. */
  invite(request: InviteRequest, actor: Actor, onProgress?: (progress: InvitationProgress) => void, options?: { readonly dryRun?: boolean }): Promise<InviteSummary>;
  /** Sends an invited user's invitation again (a new mail). */
  resend(userId: string, actor: Actor, options?: { tokenId?: string; reason?: string }): Promise<InviteSummary>;
  /** Retires the user at Apple and releases their app licenses; books stay with the user. */
  retire(userId: string, actor: Actor, options?: { tokenId?: string; reason?: string }): Promise<EnrolmentEntry>;
  enrolment(userId: string, tokenId?: string): EnrolmentEntry;
  list(query?: EnrolmentQuery): Page<EnrolmentEntry>;
  readonly onDidChangeEnrolment: Event<EnrolmentChange>;
  /**
   * Once per user and location, after the enrolment is stored (and the acceptance audited).
   *
   * @example
   * invitations.onDidAcceptInvitation.subscribe(({ userId, tokenId }) => welcome(userId, tokenId));
   */
  readonly onDidAcceptInvitation: Event<InvitationAcceptance>;
}
