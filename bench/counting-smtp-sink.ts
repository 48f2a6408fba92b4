// The local SMTP server the mail benches deliver to, run in a child process (counting-smtp-sink.child.ts) so it does
// not share the host's CPU time, as a real server would not; and the naive way of sending, for the ratio.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createSingleTransport } from '../plugins/mail/src/smtp-transport.js';

export type SinkRequest = { type: 'when-accepted'; id: number; count: number } | { type: 'counts'; id: number } | { type: 'close' };
export type SinkReply =
  | { type: 'listening'; port: number }
  | { type: 'accepted'; id: number; accepted: number; lastAt: number }
  | { type: 'counts'; id: number; accepted: number; counts: [string, number][] };

export interface DeliveryTally {
  readonly accepted: number;
  /** Expected Message-IDs the server never received. */
  readonly lost: number;
  /** Message-IDs the server received more than once. */
  readonly doubled: number;
}

export interface CountingSmtpSink {
  readonly port: number;
  /** Resolves, once the server has accepted `count` messages in all, with the time of the last one (see `clockNow`). */
  whenAccepted(count: number, timeoutMs: number): Promise<number>;
  tally(expectedMessageIds: readonly string[]): Promise<DeliveryTally>;
  close(): Promise<void>;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the bench's processes. */
export function clockNow(): number {
  return performance.timeOrigin + performance.now();
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** `delayMs`: how long the server takes over each message before accepting it (a real MTA is not instant). */
export async function startCountingSink(options: { readonly delayMs?: number } = {}): Promise<CountingSmtpSink> {
  const child = spawn(process.execPath, [path.join(here, '..', 'bin', 'run-ts.js'), path.join(here, 'counting-smtp-sink.child.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SINK_DELAY_MS: String(options.delayMs ?? 0) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The SMTP sink exited with ${code} before listening`)));
    child.once('message', (message: SinkReply) => (message.type === 'listening' ? resolve(message.port) : reject(new Error(`Unexpected ${message.type}`))));
  });
  let nextId = 0;
  const ask = <T extends SinkReply['type']>(request: SinkRequest & { id: number }, type: T, timeoutMs = 60_000) =>
    new Promise<Extract<SinkReply, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`The SMTP sink did not answer ${request.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: SinkReply) => {
        if (message.type !== type || !('id' in message) || message.id !== request.id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as Extract<SinkReply, { type: T }>);
      };
      child.on('message', onMessage);
      child.send(request);
    });
  return {
    port,
    async whenAccepted(count, timeoutMs) {
      return (await ask({ type: 'when-accepted', id: nextId++, count }, 'accepted', timeoutMs)).lastAt;
    },
    async tally(expected) {
      const { accepted, counts } = await ask({ type: 'counts', id: nextId++ }, 'counts');
      const received = new Map(counts);
      return { accepted, lost: expected.filter((id) => !received.has(id)).length, doubled: counts.filter(([, n]) => n > 1).length };
    },
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'close' } satisfies SinkRequest);
  });
}

export interface NaiveMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly messageId: string;
}

/**
 * The naive way: a new SMTP connection (connect, greeting, EHLO, send, QUIT) per message, `concurrency` at a time,
 * nothing stored. Returns the elapsed milliseconds once the last message was accepted.
 */
export async function sendNaively(port: number, from: string, messages: readonly NaiveMessage[], concurrency: number): Promise<number> {
  const server = { via: 'direct', host: '127.0.0.1', port, security: 'none', allowInvalidCertificates: false } as const;
  const tuning = { maxConnections: 1, maxMessagesPerConnection: 1, ratePerSecond: 0, timeoutMs: 30_000, retryBaseMs: 1, retryMaxMs: 1, maxAttempts: 1 };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages.length) {
        const message = messages[next++]!;
        const transport = createSingleTransport(server, tuning);
        await transport.sendMail({ from, ...message });
        transport.close();
      }
    }),
  );
  return performance.now() - started;
}
