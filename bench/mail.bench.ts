// Bulk mail: 10,000 messages through the mail plugin's outbox (pooled SMTP, every state change durable) into a local
// SMTP sink that counts each Message-ID, timed from the enqueue to the sink's last acceptance; then the naive way,
// one new SMTP connection per message at the same concurrency and without an outbox, for the ratio.
// Run: node bin/run-ts.js bench/mail.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { MailRequest } from '../plugins/mail/api/index.js';
import { readHeaders } from '../plugins/mail/src/raw-headers.js';
import { createSingleTransport } from '../plugins/mail/src/smtp-transport.js';
import { startMailHost, waitFor } from '../plugins/mail/test/mail-test-host.js';

const MESSAGES = 10_000;
const CONNECTIONS = 10;
const TARGET_PER_SECOND = 500;

/** A local SMTP server that accepts everything and counts how often each Message-ID arrived. */
async function startCountingSink(): Promise<{ port: number; counts: Map<string, number>; accepted: () => number; close: () => Promise<void> }> {
  const counts = new Map<string, number>();
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const id = readHeaders(Buffer.concat(chunks).toString('utf8')).get('message-id') ?? '';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    counts,
    accepted: () => accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function requests(run: string): MailRequest[] {
  return Array.from({ length: MESSAGES }, (_, i) => ({
    templateId: 'greeting',
    to: { address: `user${i}@example.com`, language: ['en', 'nl', 'fr'][i % 3]! },
    values: { name: `User ${i}`, link: `https://example.com/invite/${run}/${i}` },
    idempotencyKey: `${run}-${i}`,
    pluginId: 'bench',
  }));
}

function tally(counts: Map<string, number>, expected: readonly string[]): { lost: number; doubled: number } {
  return { lost: expected.filter((id) => !counts.has(id)).length, doubled: [...counts.values()].filter((n) => n > 1).length };
}

async function outboxRun(): Promise<number> {
  const sink = await startCountingSink();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mail-bench-'));
  const { host, mail } = await startMailHost({ dataDir, smtpPort: sink.port, env: { VPP_MAIL_MAX_CONNECTIONS: String(CONNECTIONS) } });
  try {
    const started = performance.now();
    const messages = await mail.enqueueMany(requests('outbox'));
    const enqueuedMs = performance.now() - started;
    await waitFor(() => sink.accepted() >= MESSAGES, 'the sink to accept every message', 600_000);
    const elapsedMs = performance.now() - started;
    await waitFor(() => mail.list({ state: 'sent', limit: 1 }).total === MESSAGES, 'every message recorded as sent', 60_000);
    const { lost, doubled } = tally(sink.counts, messages.map((m) => m.messageId));
    console.log(`mail.bulk-10k: enqueue (render + durable store) ${enqueuedMs.toFixed(0)} ms, delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
    if (lost > 0 || doubled > 0 || sink.accepted() !== MESSAGES) throw new Error(`Outbox run lost ${lost} and doubled ${doubled} messages`);
    return (MESSAGES / elapsedMs) * 1000;
  } finally {
    await host.stop();
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A new connection (connect, greeting, EHLO, send, QUIT) per message, CONNECTIONS at a time, nothing stored. */
async function naiveRun(): Promise<number> {
  const sink = await startCountingSink();
  const server = { via: 'direct', host: '127.0.0.1', port: sink.port, security: 'none', allowInvalidCertificates: false } as const;
  const tuning = { maxConnections: 1, maxMessagesPerConnection: 1, ratePerSecond: 0, timeoutMs: 30_000, retryBaseMs: 1, retryMaxMs: 1, maxAttempts: 1 };
  const all = requests('naive').map((r, i) => ({ to: r.to.address, subject: `Hello User ${i}`, text: `Hello User ${i}`, messageId: `<naive-${i}@bench.local>` }));
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < all.length) {
          const message = all[next++]!;
          const transport = createSingleTransport(server, tuning);
          await transport.sendMail({ from: 'bench@example.com', ...message });
          transport.close();
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const { lost, doubled } = tally(sink.counts, all.map((m) => m.messageId));
    console.log(`mail.naive-10k: delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
    return (MESSAGES / elapsedMs) * 1000;
  } finally {
    await sink.close();
  }
}

const pooled = await outboxRun();
const naive = await naiveRun();
console.log(`BENCH mail.bulk-10k: ${pooled.toFixed(0)} msg/s (target >= ${TARGET_PER_SECOND}; outbox, ${CONNECTIONS} pooled connections, zero lost or doubled)`);
console.log(`BENCH mail.naive-10k: ${naive.toFixed(0)} msg/s (one connection per message, ${CONNECTIONS} at a time, no outbox)`);
console.log(`BENCH mail.bulk-vs-naive: ${(pooled / naive).toFixed(2)}x`);
