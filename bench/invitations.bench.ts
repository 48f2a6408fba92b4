// Inviting a group of 10,000 users: a real host (vpp-apple + mail), Apple's simulator on loopback in a child process
// (apple-simulator.ts, so it does not compete with the host for the CPU, as Apple's service would not; users/create in
// batches of 100 at Apple's 15 requests per second, CREATE events confirmed by its notifications and a status call
// each), and a local SMTP server in a child process counting each Message-ID. Each request's users are mailed as soon
// as Apple settled it, while the next requests wait for the rate limit. Timed from the invite call to the server's
// last acceptance (end to end), and the mail side: from the first invitation in the outbox to the last acceptance,
// and how long the mail took after the last invitation was queued. Then the same mails the naive way: a new SMTP
// connection per message.
// Run: node bin/run-ts.js bench/invitations.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Inventory, Settings, listen } from '../host/api/index.js';
import { Host } from '../host/runtime/host.js';
import { MailApi } from '../plugins/mail/api/index.js';
import { Invitations, SyncService, TokenService } from '../plugins/vpp-apple/api/index.js';
import { InvitationService } from '../plugins/vpp-apple/src/invitations/invitation-service.js';
import { ADMIN } from '../plugins/vpp-apple/src/invitations/testing/invitation-world.js';
import { startAppleSimulatorProcess } from './apple-simulator.js';
import { clockNow, sendNaively, startCountingSink, type NaiveMessage } from './counting-smtp-sink.js';
import { report } from './support.js';

const USERS = 10_000;
const CONNECTIONS = 10;
const FROM = 'it@contoso.example';

const apple = await startAppleSimulatorProcess();
const sink = await startCountingSink();
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-invitations-bench-'));
let host: Host | undefined;
let naiveMails: NaiveMessage[] = [];
let figures: { started: number; firstQueued: number; lastQueued: number; finished: number; appleRequests: number };
try {
  // As the invitation tests' world starts it, with Apple and the SMTP server in their own processes.
  const logs: unknown[] = [];
  host = await Host.start({
    dataDir,
    onlyPlugins: ['vpp-apple'],
    port: 0,
    hostname: '127.0.0.1',
    logLevel: 'debug',
    logSink: (line) => logs.push(line),
    env: { VPP_APPLE_BASE_URL: apple.baseUrl, VPP_MAIL_RETRY_BASE_MS: '50', VPP_MAIL_RETRY_MAX_MS: '200', VPP_MAIL_TIMEOUT_MS: '3000', VPP_MAIL_FROM: FROM },
  });
  const failed = host.plugins.statuses().filter((s) => s.state !== 'started');
  if (failed.length > 0) throw new Error(`Plugins did not start: ${failed.map((s) => `${s.id}: ${s.error}`).join('; ')}`);
  const container = host.plugins.containerOf('vpp-apple')!;
  const appleSettings = container.get<Settings>(Settings);
  // Apple posts its USER_MANAGEMENT notifications to the host's webhook.
  await appleSettings.update('notificationBaseUrl', host.environment.publicUrl(), ADMIN);
  await appleSettings.update('statusPollSeconds', 1, ADMIN);
  const mailContainer = host.plugins.containerOf('mail')!;
  const mailSettings = mailContainer.get<Settings>(Settings);
  await mailSettings.update('smtpHost', '127.0.0.1', ADMIN);
  await mailSettings.update('smtpPort', sink.port, ADMIN);
  await mailSettings.update('maxConnections', CONNECTIONS, ADMIN);
  const token = await container.get<TokenService>(TokenService).add({ name: 'Head office', file: apple.sToken }, ADMIN);
  await container.get<SyncService>(SyncService).sync(token.id);
  const h = {
    invitations: container.get<Invitations>(Invitations),
    inventory: container.get<Inventory>(Inventory),
    mail: mailContainer.get<MailApi>(MailApi),
    idle: () => container.get(InvitationService).whenIdle(),
  };
  const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `user${i}@contoso.example`, language: ['en', 'nl', 'fr'][i % 3]! }));
  await h.inventory.import({ users, userGroups: [{ id: 'everyone', name: 'Everyone', members: users.map((u) => u.id) }] }, ADMIN);

  let firstQueued = 0;
  let lastQueued = 0;
  const queued = listen(h.invitations.onDidChangeEnrolment, (change) => {
    if (change.status !== 'invited') return;
    lastQueued = clockNow();
    firstQueued ||= lastQueued;
  });
  const started = clockNow();
  const summary = await h.invitations.invite({ kind: 'user-group', id: 'everyone' }, ADMIN);
  const finished = await sink.whenAccepted(USERS, 600_000);
  void queued.dispose();
  await h.idle();
  const entries = h.invitations.list({ limit: USERS }).items;
  const { accepted, lost, doubled } = await sink.tally(entries.map((e) => e.delivery?.messageId ?? 'none'));
  const appleRequests = await apple.succeededRequests('users/create');
  console.log(`invitations.group-10k: ${summary.invited} invited, ${appleRequests} users/create requests; lost ${lost}, doubled ${doubled}, server accepted ${accepted}`);
  if (lost > 0 || doubled > 0 || accepted !== USERS || summary.invited !== USERS) throw new Error(`Lost ${lost}, doubled ${doubled}, accepted ${accepted}`);
  figures = { started, firstQueued, lastQueued, finished, appleRequests };
  naiveMails = h.mail.list({ limit: USERS }).items.map((m, i) => ({ to: m.to.address, subject: m.subject, html: m.html, text: m.text, messageId: `<naive-${i}@bench.local>` }));
} finally {
  await host?.stop();
  await apple.close();
  await sink.close();
  await rm(dataDir, { recursive: true, force: true });
}

const naiveSink = await startCountingSink();
let naive: number;
try {
  const elapsedMs = await sendNaively(naiveSink.port, FROM, naiveMails, CONNECTIONS);
  const { lost, doubled } = await naiveSink.tally(naiveMails.map((m) => m.messageId));
  console.log(`invitations.naive-10k: delivered in ${(elapsedMs / 1000).toFixed(2)} s, lost ${lost}, doubled ${doubled}`);
  naive = (naiveMails.length / elapsedMs) * 1000;
} finally {
  await naiveSink.close();
}

const { started, firstQueued, lastQueued, finished, appleRequests } = figures;
const endToEnd = (USERS / (finished - started)) * 1000;
const mailPhase = (USERS / (finished - firstQueued)) * 1000;
console.log(
  'invitations: apple-registration = invite call to the last invitation queued (Apple rate limit); mail-phase = first invitation queued to last accepted; ' +
    `mail-after-last-queued = last invitation queued to last accepted; ${CONNECTIONS} pooled connections, naive ${CONNECTIONS} connections at a time`,
);
report('invitations.group-10k-end-to-end', Math.round(endToEnd), 'msg/s', `>= 500; invite call to last mail accepted, ${appleRequests} users/create at <= 15 req/s included, zero lost or doubled`);
report('invitations.apple-registration', (lastQueued - started) / 1000, 's');
report('invitations.mail-phase', Math.round(mailPhase), 'msg/s');
report('invitations.mail-after-last-queued', Math.round(finished - lastQueued), 'ms');
report('invitations.naive-10k', Math.round(naive), 'msg/s');
report('invitations.mail-phase-vs-naive', Number((mailPhase / naive).toFixed(2)), 'x');
report('invitations.end-to-end-vs-naive', Number((endToEnd / naive).toFixed(2)), 'x');
console.log(`load at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) on ${os.cpus().length} cores`);
