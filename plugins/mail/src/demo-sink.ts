import type { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { Clock, inject, injectable, Logger, Storage, type Disposable, type Repository } from '@vpp-host/api';
import type { SinkMessage } from '../api/index.js';
import { readHeaders } from './raw-headers.js';

export interface SinkAddress {
  readonly host: string;
  readonly port: number;
}

/** A received message as the sink keeps it, by arrival number (zero-padded, so ids sort as they arrived). */
interface KeptMessage extends SinkMessage {
  readonly id: string;
}

const KEPT_MESSAGES = 500;
const KEPT_HEADER_BYTES = 64 * 1024;

/**
 * The demo's stand-in for a mail server: a real SMTP server on 127.0.0.1 that accepts everything and keeps the
 * latest messages (headers only) in the plugin's storage, so the demo shows what would have been sent, across
 * restarts too. A message is on disk before the sink answers 250, as a real server's queue would be.
 */
@injectable()
export class DemoSmtpSink implements Disposable {
  private server?: SMTPServer;
  private listening?: SinkAddress;
  private messages: KeptMessage[] = [];
  private kept?: Repository<KeptMessage>;
  private arrivals = 0;

  constructor(
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
    @inject(Storage) private readonly storage: Storage,
  ) {}

  address(): SinkAddress | undefined {
    return this.listening;
  }

  async start(): Promise<SinkAddress> {
    // Loaded here, not at the top: only a demo start needs an SMTP server.
    const { SMTPServer } = await import('smtp-server');
    this.kept = await this.storage.collection<KeptMessage>('demo-sink');
    this.messages = [...this.kept.values()].sort((a, b) => a.id.localeCompare(b.id));
    this.arrivals = this.messages.length > 0 ? Number(this.messages.at(-1)!.id) : 0;
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
          this.keep(Buffer.concat(chunks).toString('utf8'), size, session.envelope).then(
            () => callback(),
            (error: Error) => callback(error),
          );
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
    return this.messages.slice(-limit).reverse().map(({ id: _id, ...message }) => message);
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

  private async keep(raw: string, size: number, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }): Promise<void> {
    const headers = readHeaders(raw);
    const message: KeptMessage = {
      id: String(++this.arrivals).padStart(12, '0'),
      receivedAt: this.clock.now().toISOString(),
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
      envelopeTo: envelope.rcptTo.map((r) => r.address),
      messageId: headers.get('message-id') ?? '',
      from: headers.get('from') ?? '',
      to: headers.get('to') ?? '',
      subject: headers.get('subject') ?? '',
      size,
    };
    this.messages.push(message);
    const dropped = this.messages.length > KEPT_MESSAGES ? this.messages.splice(0, this.messages.length - KEPT_MESSAGES) : [];
    await this.kept!.put(message);
    if (dropped.length > 0) await this.kept!.deleteMany(dropped.map((m) => m.id));
  }
}
