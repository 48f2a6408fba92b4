import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Rejection {
  readonly code: number;
  readonly message: string;
  /** Reject this many times, then accept; forever when unset. */
  times?: number;
}

/**
 * A real SMTP server on loopback for tests: parses every message with mailparser, can reject recipients with any
 * reply code, and can be stopped and started again on the same port (a server that goes down and comes back).
 */
export class TestSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly rejections = new Map<string, Rejection>();
  private server?: SMTPServer;
  private boundPort = 0;

  get port(): number {
    return this.boundPort;
  }

  async start(port = this.boundPort): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const rejection = this.rejections.get(address.address);
        if (!rejection || rejection.times === 0) return callback();
        if (rejection.times !== undefined) rejection.times--;
        const error = Object.assign(new Error(rejection.message), { responseCode: rejection.code });
        callback(error);
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A client killed mid-conversation (a host a test kills) resets its connection: that is no failure of the server.
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
  }

  /** Stops listening; open connections get "421 Server shutting down" after 100 ms. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How many times each Message-ID arrived. */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.received) counts.set(mail.messageId ?? '', (counts.get(mail.messageId ?? '') ?? 0) + 1);
    return counts;
  }
}
