import type { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { Clock, inject, injectable, Logger, type Disposable } from '@vpp-host/api';
import type { SinkMessage } from '../api/index.js';
import { readHeaders } from './raw-headers.js';

export interface SinkAddress {
  readonly host: string;
  readonly port: number;
}

const KEPT_MESSAGES = 500;
const KEPT_HEADER_BYTES = 64 * 1024;

/**
 * The demo's stand-in for a mail server: a real SMTP server on 127.0.0.1 that accepts everything and keeps the
 * latest messages in memory (headers only), so the demo shows what would have been sent.
 */
@injectable()
export class DemoSmtpSink implements Disposable {
  private server?: SMTPServer;
  private listening?: SinkAddress;
  private readonly messages: SinkMessage[] = [];

  constructor(
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  address(): SinkAddress | undefined {
    return this.listening;
  }

  async start(): Promise<SinkAddress> {
    // Loaded here, not at the top: only a demo start needs an SMTP server.
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          if (size < KEPT_HEADER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        stream.on('end', () => {
          this.keep(Buffer.concat(chunks).toString('utf8'), size, session.envelope);
          callback();
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.on('error', (error) => this.logger.warn('The demo SMTP sink reported an error', { error: error.message }));
    const { port } = server.server.address() as AddressInfo;
    this.listening = { host: '127.0.0.1', port };
    this.logger.info('Demo SMTP sink listening; mail goes here instead of the configured server', { port });
    return this.listening;
  }

  /** Newest first. */
  received(limit = 50): SinkMessage[] {
    return this.messages.slice(-limit).reverse();
  }

  count(): number {
    return this.messages.length;
  }

  async dispose(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.listening = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private keep(raw: string, size: number, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }): void {
    const headers = readHeaders(raw);
    this.messages.push({
      receivedAt: this.clock.now().toISOString(),
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
      envelopeTo: envelope.rcptTo.map((r) => r.address),
      messageId: headers.get('message-id') ?? '',
      from: headers.get('from') ?? '',
      to: headers.get('to') ?? '',
      subject: headers.get('subject') ?? '',
      size,
    });
    if (this.messages.length > KEPT_MESSAGES) this.messages.splice(0, this.messages.length - KEPT_MESSAGES);
  }
}
