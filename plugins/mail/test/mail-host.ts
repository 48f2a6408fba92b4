// A host with the mail plugin pointed at a loopback SMTP server; free of the test runner, so a child process a test
// kills can start one too.
import { fileURLToPath } from 'node:url';
import type { Clock } from '@vpp-host/api';
import { MailApi, type MailRequest } from '@vpp-host/plugins/mail/api';
import { Host } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';

/** The greeting-template plugin, a sender as any plugin that sends mail would be. */
const FIXTURE_PLUGINS = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PLUGINS_UNDER_TEST = ['mail', 'mail-greetings'];

export interface MailHostOptions {
  readonly dataDir: string;
  readonly smtpPort: number;
  readonly env?: Record<string, string>;
  readonly demo?: boolean;
  readonly clock?: Clock;
  readonly logs?: LogLine[];
}

/**
 * A real host with the repository's mail plugin and the greeting plugin only, the mail plugin pointed at a loopback
 * SMTP server, with short retries and timeouts.
 */
export async function startMailHost(options: MailHostOptions): Promise<{ host: Host; mail: MailApi }> {
  const host = await Host.start({
    dataDir: options.dataDir,
    pluginDirs: [FIXTURE_PLUGINS],
    onlyPlugins: PLUGINS_UNDER_TEST,
    port: 0,
    demo: options.demo ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
    logSink: (line) => options.logs?.push(line),
    logLevel: 'debug',
    env: {
      VPP_MAIL_SMTP_HOST: '127.0.0.1',
      VPP_MAIL_SMTP_PORT: String(options.smtpPort),
      VPP_MAIL_RETRY_BASE_MS: '50',
      VPP_MAIL_RETRY_MAX_MS: '200',
      VPP_MAIL_TIMEOUT_MS: '3000',
      ...options.env,
    },
  });
  const failed = host.plugins.statuses().filter((s) => PLUGINS_UNDER_TEST.includes(s.id) && s.state !== 'started');
  if (failed.length > 0) {
    await host.stop();
    throw new Error(`Plugins did not start: ${failed.map((s) => `${s.id}: ${s.error}`).join('; ')}`);
  }
  const container = host.plugins.containerOf('mail')!;
  return { host, mail: container.get<MailApi>(MailApi) };
}

/** Polls until `condition` holds (real time: SMTP runs on real sockets). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Greeting mails to `<prefix><i>@example.com`, keyed `<prefix>-<i>`, as the greeting plugin would send them. */
export function greetings(count: number, prefix = 'g'): MailRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    templateId: 'greeting',
    to: { address: `${prefix}${i}@example.com` },
    values: { name: `User ${i}`, link: `https://example.com/${i}` },
    idempotencyKey: `${prefix}-${i}`,
  }));
}
