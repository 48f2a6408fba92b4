import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import { Host } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';

const MAIL_PLUGIN = fileURLToPath(new URL('..', import.meta.url));
const GREETINGS_PLUGIN = fileURLToPath(new URL('./fixtures/mail-greetings', import.meta.url));
/** Inside the repository (not a dot folder), so tsx and vitest compile the copies with its tsconfig (decorators). */
const SCRATCH = fileURLToPath(new URL('./scratch/', import.meta.url));

/**
 * A plugins directory holding only the mail plugin and the greeting-template plugin. They are copied, because
 * the host refuses plugin folders that are symlinks leading outside their directory.
 */
export async function preparePluginsDir(): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  const dir = await mkdtemp(path.join(SCRATCH, 'plugins-'));
  for (const entry of ['plugin.json', 'index.ts', 'api', 'src']) {
    await cp(path.join(MAIL_PLUGIN, entry), path.join(dir, 'mail', entry), { recursive: true });
  }
  await cp(GREETINGS_PLUGIN, path.join(dir, 'mail-greetings'), { recursive: true });
  return dir;
}

export interface MailHostOptions {
  readonly dataDir: string;
  readonly pluginsDir: string;
  readonly smtpPort: number;
  readonly env?: Record<string, string>;
  readonly demo?: boolean;
  readonly clock?: Clock;
  readonly logs?: LogLine[];
}

/** A real host with the mail plugin pointed at a loopback SMTP server, short retries and timeouts. */
export async function startMailHost(options: MailHostOptions): Promise<{ host: Host; mail: MailApi }> {
  const host = await Host.start({
    dataDir: options.dataDir,
    bundledPluginsDir: options.pluginsDir,
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
  const failed = host.plugins.statuses().filter((s) => s.state !== 'started');
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
