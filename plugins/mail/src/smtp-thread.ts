import { Worker } from 'node:worker_threads';
import type { Disposable, Logger } from '@vpp-host/api';
import type { SendMailOptions } from 'nodemailer';
import type { PooledTransportOptions } from './smtp-transport.js';

/** What the thread needs of a message: plain data, copied to the thread. */
export type ThreadMail = Pick<SendMailOptions, 'from' | 'to' | 'subject' | 'html' | 'text' | 'messageId' | 'headers'>;

/** A pooled transport on the thread; closing it lets its connections finish the messages they hold. */
export interface SmtpLease {
  send(mail: ThreadMail): Promise<{ response: string }>;
  close(): void;
}

type Answer = { seq: number; response: string } | { seq: number; failure: Record<string, unknown> };

/**
 * Bulk SMTP on a worker thread (smtp-thread.mjs): MIME building and the SMTP conversations of every pooled connection
 * run there, so a bulk send leaves the host's event loop to the panel, the API and the other plugins, and a second
 * core does the mail. The outbox's bookkeeping stays on the event loop. A thread that dies fails the messages it held
 * (they are retried, as when the host stops mid-send) and the next message starts a new one, with every lease's
 * transport opened again.
 */
export class SmtpThread implements Disposable {
  private worker?: Worker;
  private nextLease = 0;
  private nextSeq = 0;
  private readonly leases = new Map<number, PooledTransportOptions>();
  private readonly waiting = new Map<number, { resolve(answer: { response: string }): void; reject(failure: unknown): void }>();

  /** `entry` is smtp-thread.mjs (tests give a copy that can be made to die). */
  constructor(
    private readonly entry: string,
    private readonly logger: Logger,
  ) {}

  open(options: PooledTransportOptions): SmtpLease {
    const lease = ++this.nextLease;
    this.leases.set(lease, options);
    this.worker?.postMessage({ type: 'open', lease, options });
    return {
      send: (mail) =>
        new Promise((resolve, reject) => {
          const seq = ++this.nextSeq;
          this.waiting.set(seq, { resolve, reject });
          this.thread().postMessage({ type: 'send', lease, seq, mail });
        }),
      close: () => {
        if (!this.leases.delete(lease)) return;
        this.worker?.postMessage({ type: 'close', lease });
      },
    };
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.leases.clear();
    this.failWaiting('The mail plugin stopped');
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry);
    // The host stops it through dispose(); it never keeps a process alive on its own.
    worker.unref();
    worker.on('message', (answer: Answer) => this.settle(answer));
    worker.on('error', (error) => this.lost(worker, `failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `exited with code ${code}`));
    for (const [lease, options] of this.leases) worker.postMessage({ type: 'open', lease, options });
    this.worker = worker;
    return worker;
  }

  private settle(answer: Answer): void {
    const waiting = this.waiting.get(answer.seq);
    this.waiting.delete(answer.seq);
    if ('failure' in answer) waiting?.reject(answer.failure);
    else waiting?.resolve({ response: answer.response });
  }

  private lost(worker: Worker, how: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.logger.error(`The mail sending thread ${how}; the messages it held are sent again`);
    this.failWaiting(`The mail sending thread ${how} before the server answered`);
  }

  private failWaiting(message: string): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of waiting) reject({ message });
  }
}
