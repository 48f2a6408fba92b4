import path from 'node:path';
import { Clock, inject, injectable, listen, Logger, phrase, PluginContext, type Disposable } from '@vpp-host/api';
import type { DeliveryError, OutboxMessage } from '@vpp-host/plugins/mail/api';
import { describeDeliveryError, isAccountRefusal, isPermanent, isServerWide } from './delivery-error.js';
import { MailConfig } from './mail-config.js';
import { OutboxStore } from './outbox-store.js';
import { SmtpThread, type SmtpLease } from './smtp-thread.js';
import { automaticHeaders, pooledTransportOptions } from './smtp-transport.js';

/**
 * Attempts handed to the pool per connection. More than one keeps every connection busy, and lets the outcomes of
 * many attempts share one durable write (storage coalesces concurrent writes), which bounds the throughput.
 */
const MESSAGES_QUEUED_PER_CONNECTION = 50;

interface TransportLease {
  readonly transport: SmtpLease;
  active: number;
  retired: boolean;
}

/**
 * Sends the outbox. Each attempt is recorded as `sending` on disk before the SMTP transaction and as `sent` right
 * after the server's 250, so a restart resends only messages whose acceptance was never recorded (see the README).
 * When the server (or the way to it) fails, dispatching pauses until the backoff is over and then resumes with one
 * message at a time until one gets through, so an outage does not burn the attempts of the whole queue.
 * The bookkeeping runs here; building and sending the messages runs on the SMTP thread (smtp-thread.ts).
 */
@injectable()
export class DeliveryWorker implements Disposable {
  /** Ids ready to go, in order. */
  private readonly ready = new Set<string>();
  /** Retrying ids and when they are due (ms). */
  private readonly waiting = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private pausedUntil = 0;
  private probing = false;
  /** The server refused the account: nothing is sent until the mail settings or a password change. */
  private held: DeliveryError | undefined;
  private wake?: { readonly at: number; readonly timer: Disposable };
  private lease?: TransportLease;
  private configSubscription?: Disposable;
  private readonly thread: SmtpThread;

  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
    @inject(PluginContext) plugin: PluginContext,
  ) {
    this.thread = new SmtpThread(path.join(plugin.folder, 'src', 'smtp-thread.mjs'), logger);
  }

  async start(): Promise<void> {
    await this.recoverInterrupted();
    const byAge = (a: OutboxMessage, b: OutboxMessage): number => a.createdAt.localeCompare(b.createdAt);
    for (const message of this.outbox.inState('queued').sort(byAge)) this.ready.add(message.id);
    for (const message of this.outbox.inState('retrying')) this.waiting.set(message.id, dueTime(message));
    this.configSubscription = listen(this.config.onDidChange, () => {
      this.retireTransport();
      if (this.held) this.logger.info('Mail settings changed: sending again after the server refused the account');
      this.held = undefined;
      this.pump();
    });
    this.running = true;
    const { errors, warnings } = this.config.check();
    for (const problem of errors) this.logger.error(`Mail settings: ${problem.message}`);
    for (const warning of warnings) this.logger.warn(`Mail settings: ${warning.message}`);
    this.pump();
  }

  /** Why sending is held, when the server refused the account (a configuration problem, not the messages'). */
  heldBy(): DeliveryError | undefined {
    return this.held;
  }

  /** Takes a stored `queued` or `retrying` message into the schedule. */
  schedule(message: OutboxMessage): void {
    if (message.state === 'queued') this.ready.add(message.id);
    else if (message.state === 'retrying') this.waiting.set(message.id, dueTime(message));
    else return;
    this.pump();
  }

  /** Stops taking work, lets the attempts under way finish and record their outcome, then closes connections. */
  async dispose(): Promise<void> {
    this.running = false;
    void this.wake?.timer.dispose();
    this.wake = undefined;
    void this.configSubscription?.dispose();
    await Promise.allSettled(this.inFlight.values());
    this.retireTransport();
    await this.thread.dispose();
  }

  /**
   * A message left `sending` means the host stopped between recording the attempt and recording its outcome. The
   * server may or may not have accepted it; without a recorded 250 it is sent again, with the same Message-ID.
   */
  private async recoverInterrupted(): Promise<void> {
    const interrupted = this.outbox.inState('sending');
    if (interrupted.length === 0) return;
    const now = this.clock.now().toISOString();
    this.logger.warn('Messages were being sent when the host stopped; sending them again with the same Message-ID', { count: interrupted.length });
    const lastError: DeliveryError = { kind: 'other', ...phrase('The host stopped before the server answered this attempt', 'mail.delivery.interrupted'), at: now };
    await this.outbox.saveMany(interrupted.map((m) => ({ ...m, state: 'retrying' as const, nextAttemptAt: now, updatedAt: now, lastError })));
  }

  private pump(): void {
    if (!this.running || this.held) return;
    const now = this.clock.now().getTime();
    for (const [id, due] of this.waiting) {
      if (due > now) continue;
      this.waiting.delete(id);
      this.ready.add(id);
    }
    if (now >= this.pausedUntil) {
      const tuning = this.config.tuning();
      const window = this.probing ? 1 : tuning.maxConnections * MESSAGES_QUEUED_PER_CONNECTION;
      for (const id of this.ready) {
        if (this.inFlight.size >= window) break;
        this.ready.delete(id);
        const message = this.outbox.get(id);
        if (!message || (message.state !== 'queued' && message.state !== 'retrying') || this.inFlight.has(id)) continue;
        const attempt = this.attempt(message)
          .catch((error: unknown) => this.logger.error('Recording a delivery attempt failed', { id, error: String(error) }))
          .finally(() => {
            this.inFlight.delete(id);
            this.pump();
          });
        this.inFlight.set(id, attempt);
      }
    }
    this.planWake(now);
  }

  private async attempt(message: OutboxMessage): Promise<void> {
    const tuning = this.config.tuning();
    const started = this.clock.now().toISOString();
    const sending: OutboxMessage = { ...message, state: 'sending', attempts: message.attempts + 1, updatedAt: started, nextAttemptAt: undefined };
    await this.outbox.save(sending);
    const lease = this.transport();
    lease.active++;
    try {
      const sender = this.config.sender();
      const info = await lease.transport.send({
        from: sender,
        to: message.to.name ? { name: message.to.name, address: message.to.address } : message.to.address,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: automaticHeaders(message.language),
      });
      const sentAt = this.clock.now().toISOString();
      await this.outbox.save({ ...sending, state: 'sent', sentAt, updatedAt: sentAt, serverResponse: String(info.response ?? '') });
      this.probing = false;
    } catch (error) {
      const failure = describeDeliveryError(error, this.clock.now());
      if (isAccountRefusal(failure)) await this.hold(message, failure);
      else await this.recordFailure(sending, failure, tuning.retryBaseMs, tuning.retryMaxMs, tuning.maxAttempts);
    } finally {
      lease.active--;
      if (lease.retired && lease.active === 0) lease.transport.close();
    }
  }

  /**
   * The server refused the account: the message goes back as it was (this attempt not counted, the server's words
   * kept) and the outbox holds until the settings or a password change.
   */
  private async hold(message: OutboxMessage, error: DeliveryError): Promise<void> {
    if (!this.held) this.logger.error('The mail server refused the account: sending is held until the mail settings or password change', { error: error.message, response: error.response });
    this.held = error;
    this.retireTransport();
    await this.outbox.save({ ...message, updatedAt: this.clock.now().toISOString(), lastError: error });
    this.schedule(this.outbox.get(message.id)!);
  }

  private async recordFailure(sending: OutboxMessage, error: DeliveryError, baseMs: number, maxMs: number, maxAttempts: number): Promise<void> {
    const now = this.clock.now();
    const delay = Math.min(maxMs, baseMs * 2 ** Math.min(sending.attempts - 1, 40));
    if (isServerWide(error)) {
      this.pausedUntil = Math.max(this.pausedUntil, now.getTime() + delay);
      this.probing = true;
      this.retireTransport();
    }
    const log = { id: sending.id, attempts: sending.attempts, kind: error.kind, error: error.message };
    if (isPermanent(error) || sending.attempts >= maxAttempts) {
      const gaveUp = isPermanent(error) ? error : { ...error, ...phrase(`Gave up after ${sending.attempts} attempts: ${error.message}`, 'mail.delivery.gave-up', { attempts: sending.attempts, reason: error }) };
      await this.outbox.save({ ...sending, state: 'failed', updatedAt: now.toISOString(), lastError: gaveUp });
      this.logger.warn('Mail could not be delivered', log);
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + delay).toISOString();
    const retrying: OutboxMessage = { ...sending, state: 'retrying', updatedAt: now.toISOString(), nextAttemptAt, lastError: error };
    await this.outbox.save(retrying);
    this.waiting.set(retrying.id, dueTime(retrying));
    this.logger.info('Mail delivery failed; retrying later', { ...log, nextAttemptAt });
  }

  private planWake(now: number): void {
    let at = Number.POSITIVE_INFINITY;
    for (const due of this.waiting.values()) at = Math.min(at, due);
    if (this.ready.size > 0 && this.pausedUntil > now) at = Math.min(at, this.pausedUntil);
    if (this.wake?.at === at) return;
    void this.wake?.timer.dispose();
    this.wake = undefined;
    if (!this.running || at === Number.POSITIVE_INFINITY) return;
    this.wake = { at, timer: this.clock.setTimeout(() => {
      this.wake = undefined;
      this.pump();
    }, at - now) };
  }

  private transport(): TransportLease {
    if (!this.lease) this.lease = { transport: this.thread.open(pooledTransportOptions(this.config.server(), this.config.tuning())), active: 0, retired: false };
    return this.lease;
  }

  /** New attempts get a fresh transport; the old one closes once its own attempts are done. */
  private retireTransport(): void {
    const lease = this.lease;
    this.lease = undefined;
    if (!lease) return;
    lease.retired = true;
    if (lease.active === 0) lease.transport.close();
  }
}

function dueTime(message: OutboxMessage): number {
  return message.nextAttemptAt ? Date.parse(message.nextAttemptAt) : 0;
}
