// Inviting a group of 10,000 users: a real host (vpp-apple + mail), Apple's simulator on loopback (users/create in
// batches of 100 at Apple's 15 requests per second, CREATE events confirmed by its notifications), and a local SMTP
// sink counting each Message-ID. Timed from the invite call to the sink's last acceptance, twice: end to end
// (Apple's registration included: 100 requests alone take >= 6.7 s at 15 req/s) and the mail part (from the moment
// every invitation is in the outbox). Then the same mails the naive way: a new SMTP connection per message.
// Run: node bin/run-ts.js bench/invitations.bench.ts
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { Settings } from '../host/api/index.js';
import { readHeaders } from '../plugins/mail/src/raw-headers.js';
import { createSingleTransport } from '../plugins/mail/src/smtp-transport.js';
import { ADMIN, InvitationWorld, waitFor } from '../plugins/vpp-apple/src/invitations/testing/invitation-world.js';

const USERS = 10_000;
const CONNECTIONS = 10;
const TARGET_PER_SECOND = 500;

async function startCountingSink(): Promise<{ port: number; counts: Map<string, number>; accepted: () => number; lastAt: () => number; close: () => Promise<void> }> {
  const counts = new Map<string, number>();
  let accepted = 0;
  let lastAt = 0;
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
        lastAt = performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    counts,
    accepted: () => accepted,
    lastAt: () => lastAt,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function tally(counts: Map<string, number>, expected: readonly string[]): { lost: number; doubled: number } {
  return { lost: expected.filter((id) => !counts.has(id)).length, doubled: [...counts.values()].filter((n) => n > 1).length };
}

const world = await InvitationWorld.create();
const sink = await startCountingSink();
let naiveMails: { to: string; subject: string; html: string; text: string; messageId: string }[] = [];
let endToEnd = 0;
let mailPhase = 0;
try {
  const h = await world.startHost();
  const mailSettings = h.host.plugins.containerOf('mail')!.get<Settings>(Settings);
  await world.pointMailAt(mailSettings, sink.port);
  await mailSettings.update('maxConnections', CONNECTIONS, ADMIN);
  const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `user${i}@contoso.example`, language: ['en', 'nl', 'fr'][i % 3]! }));
  await h.inventory.import({ users, userGroups: [{ id: 'everyone', name: 'Everyone', members: users.map((u) => u.id) }] }, ADMIN);

  const started = performance.now();
  let queuedAt = 0;
  const summary = await h.invitations.invite({ kind: 'user-group', id: 'everyone' }, ADMIN, (progress) => {
    if (progress.label.startsWith('Queued')) queuedAt = performance.now();
  });
  await waitFor(() => sink.accepted() >= USERS, 'the sink to accept every invitation', 600_000);
  const finished = sink.lastAt();
  await h.idle();
  const entries = h.invitations.list({ limit: USERS }).items;
  const { lost, doubled } = tally(sink.counts, entries.map((e) => e.delivery?.messageId ?? 'none'));
  const appleRequests = world.simulator.requests.filter((r) => r.path.endsWith('users/create')).length;
  console.log(
    `invitations.group-10k: ${summary.invited} queued; Apple registration + enqueue ${((queuedAt - started) / 1000).toFixed(2)} s (${appleRequests} users/create requests), ` +
      `last mail accepted ${((finished - started) / 1000).toFixed(2)} s after the invite; lost ${lost}, doubled ${doubled}, sink accepted ${sink.accepted()}`,
  );
  if (lost > 0 || doubled > 0 || sink.accepted() !== USERS) throw new Error(`Lost ${lost}, doubled ${doubled}`);
  endToEnd = (USERS / (finished - started)) * 1000;
  mailPhase = (USERS / (finished - queuedAt)) * 1000;
  naiveMails = h.mail.list({ limit: USERS }).items.map((m, i) => ({ to: m.to.address, subject: m.subject, html: m.html, text: m.text, messageId: `<naive-${i}@bench.local>` }));
} finally {
  await world.dispose();
  await sink.close();
}

/** The same invitations, a new connection (connect, greeting, EHLO, send, QUIT) per message, CONNECTIONS at a time. */
async function naiveRun(): Promise<number> {
  const naiveSink = await startCountingSink();
  const server = { via: 'direct', host: '127.0.0.1', port: naiveSink.port, security: 'none', allowInvalidCertificates: false } as const;
  const tuning = { maxConnections: 1, maxMessagesPerConnection: 1, ratePerSecond: 0, timeoutMs: 30_000, retryBaseMs: 1, retryMaxMs: 1, maxAttempts: 1 };
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < naiveMails.length) {
          const message = naiveMails[next++]!;
          const transport = createSingleTransport(server, tuning);
          await transport.sendMail({ from: 'it@contoso.example', ...message });
          transport.close();
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const { lost, doubled } = tally(naiveSink.counts, naiveMails.map((m) => m.messageId));
    console.log(`invitations.naive-10k: delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
    return (naiveMails.length / elapsedMs) * 1000;
  } finally {
    await naiveSink.close();
  }
}

const naive = await naiveRun();
console.log(`BENCH invitations.group-10k: ${mailPhase.toFixed(0)} msg/s (target >= ${TARGET_PER_SECOND}; from every invitation in the outbox to the last accepted, ${CONNECTIONS} pooled connections, zero lost or doubled)`);
console.log(`BENCH invitations.group-10k-end-to-end: ${endToEnd.toFixed(0)} msg/s (from the invite call, Apple registration included: 100 users/create at <= 15 req/s)`);
console.log(`BENCH invitations.naive-10k: ${naive.toFixed(0)} msg/s (one connection per message, ${CONNECTIONS} at a time)`);
console.log(`BENCH invitations.vs-naive: ${(mailPhase / naive).toFixed(2)}x`);
