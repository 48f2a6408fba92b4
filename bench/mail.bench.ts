// Bulk mail: 10,000 messages through the mail plugin's outbox (pooled SMTP, every state change durable) into a local
// SMTP server in a child process that counts each Message-ID, timed from the enqueue to the server's last
// acceptance; then the naive way, one new SMTP connection per message at the same concurrency and without an
// outbox, for the ratio.
// Run: node bin/run-ts.js bench/mail.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MailRequest } from '../plugins/mail/api/index.js';
import { startMailHost, waitFor } from '../plugins/mail/test/mail-test-host.js';
import { clockNow, sendNaively, startCountingSink } from './counting-smtp-sink.js';
import { report } from './support.js';

const MESSAGES = 10_000;
const CONNECTIONS = 10;

function requests(run: string): MailRequest[] {
  return Array.from({ length: MESSAGES }, (_, i) => ({
    templateId: 'greeting',
    to: { address: `user${i}@example.com`, language: ['en', 'nl', 'fr'][i % 3]! },
    values: { name: `User ${i}`, link: `https://example.com/invite/${run}/${i}` },
    idempotencyKey: `${run}-${i}`,
    pluginId: 'bench',
  }));
}

async function outboxRun(): Promise<number> {
  const sink = await startCountingSink();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mail-bench-'));
  const { host, mail } = await startMailHost({ dataDir, smtpPort: sink.port, env: { VPP_MAIL_MAX_CONNECTIONS: String(CONNECTIONS) } });
  try {
    const started = clockNow();
    const messages = await mail.enqueueMany(requests('outbox'));
    const enqueuedMs = clockNow() - started;
    const elapsedMs = (await sink.whenAccepted(MESSAGES, 600_000)) - started;
    await waitFor(() => mail.list({ state: 'sent', limit: 1 }).total === MESSAGES, 'every message recorded as sent', 60_000);
    const { accepted, lost, doubled } = await sink.tally(messages.map((m) => m.messageId));
    console.log(`mail.bulk-10k: enqueue (render + durable store) ${enqueuedMs.toFixed(0)} ms, delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
    if (lost > 0 || doubled > 0 || accepted !== MESSAGES) throw new Error(`Outbox run lost ${lost} and doubled ${doubled} messages`);
    return (MESSAGES / elapsedMs) * 1000;
  } finally {
    await host.stop();
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function naiveRun(): Promise<number> {
  const sink = await startCountingSink();
  const all = requests('naive').map((r, i) => ({ to: r.to.address, subject: `Hello User ${i}`, text: `Hello User ${i}`, messageId: `<naive-${i}@bench.local>` }));
  try {
    const elapsedMs = await sendNaively(sink.port, 'bench@example.com', all, CONNECTIONS);
    const { lost, doubled } = await sink.tally(all.map((m) => m.messageId));
    console.log(`mail.naive-10k: delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
    return (MESSAGES / elapsedMs) * 1000;
  } finally {
    await sink.close();
  }
}

const pooled = await outboxRun();
const naive = process.argv.includes('--no-naive') ? undefined : await naiveRun();
report('mail.bulk-10k', Math.round(pooled), 'msg/s', `>= 500; outbox, ${CONNECTIONS} pooled connections, zero lost or doubled`);
if (naive !== undefined) {
  report('mail.naive-10k', Math.round(naive), 'msg/s'); // one connection per message, CONNECTIONS at a time, no outbox
  report('mail.bulk-vs-naive', Number((pooled / naive).toFixed(2)), 'x');
}
console.log(`load at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) on ${os.cpus().length} cores`);
