// Mail to a server as slow as a real MTA: the local SMTP server takes 25 ms over each message before its 250, so a
// plain client over 5 connections gets about 200 messages/s, as it did against Postfix on this machine. The mail
// plugin's outbox (every state change durable) against a plain pooled nodemailer client over the same 5 connections,
// nothing stored: the target is at least 0.9x.
// Run: node bin/run-ts.js bench/mail-slow-server.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { greetings, startMailHost, waitFor } from '../plugins/mail/test/mail-host.js';
import { clockNow, startCountingSink } from './counting-smtp-sink.js';
import { report } from './support.js';

const MESSAGES = 3_000;
const CONNECTIONS = 5;
const SERVER_DELAY_MS = 25;

async function outboxRun(): Promise<number> {
  const sink = await startCountingSink({ delayMs: SERVER_DELAY_MS });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mail-slow-bench-'));
  const { host, mail } = await startMailHost({ dataDir, smtpPort: sink.port, env: { VPP_MAIL_MAX_CONNECTIONS: String(CONNECTIONS) } });
  try {
    const started = clockNow();
    const messages = await mail.enqueueMany(greetings(MESSAGES, 'slow'));
    const elapsedMs = (await sink.whenAccepted(MESSAGES, 600_000)) - started;
    await waitFor(() => mail.list({ state: 'sent', limit: 1 }).total === MESSAGES, 'every message recorded as sent', 60_000);
    const { lost, doubled } = await sink.tally(messages.map((m) => m.messageId));
    if (lost > 0 || doubled > 0) throw new Error(`Outbox run lost ${lost} and doubled ${doubled} messages`);
    return (MESSAGES / elapsedMs) * 1000;
  } finally {
    await host.stop();
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A plain nodemailer client: one pooled transport over the same connections, every message handed to it at once. */
async function plainRun(): Promise<number> {
  const sink = await startCountingSink({ delayMs: SERVER_DELAY_MS });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: 100 });
  try {
    const started = clockNow();
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        transport.sendMail({ from: 'bench@example.com', to: `user${i}@example.com`, subject: `Hello User ${i}`, text: `Hello User ${i}`, html: `<p>Hello User ${i}</p>`, messageId: `<plain-${i}@bench.local>` }),
      ),
    );
    return (MESSAGES / (clockNow() - started)) * 1000;
  } finally {
    transport.close();
    await sink.close();
  }
}

const plain = await plainRun();
const outbox = await outboxRun();
report('mail.slow-server.plain-client', Math.round(plain), 'msg/s'); // pooled nodemailer, 5 connections, nothing stored
report('mail.slow-server.outbox', Math.round(outbox), 'msg/s', `>= 0.9x the plain client; ${CONNECTIONS} connections, server ${SERVER_DELAY_MS} ms a message`);
report('mail.slow-server.outbox-vs-plain', Number((outbox / plain).toFixed(2)), 'x', '>= 0.9');
