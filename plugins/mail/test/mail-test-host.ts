import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { Clock } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import { Host } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { TestSmtpServer } from './smtp-test-server.js';

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

export interface MailTestBed {
  /** A fresh loopback SMTP server for each test. */
  readonly smtp: TestSmtpServer;
  /** A fresh data dir for each test; hosts started again in one test share it. */
  readonly dataDir: string;
  /** A mail host on this test's data dir and SMTP server, stopped after the test unless stopped before. */
  start(options?: Omit<MailHostOptions, 'dataDir' | 'smtpPort'>): Promise<{ host: Host; mail: MailApi }>;
  stop(host: Host): Promise<void>;
}

/** Registers the hooks that give each test of the calling file its own SMTP server, data dir and hosts. */
export function useMailTestBed(): MailTestBed {
  let current: { smtp: TestSmtpServer; dataDir: string } | undefined;
  const hosts: Host[] = [];
  const active = () => {
    if (!current) throw new Error('The mail test bed is used outside a test');
    return current;
  };

  beforeEach(async () => {
    const smtp = new TestSmtpServer();
    await smtp.start(0);
    current = { smtp, dataDir: await mkdtemp(path.join(os.tmpdir(), 'mail-data-')) };
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    const { smtp, dataDir } = active();
    current = undefined;
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  return {
    get smtp() {
      return active().smtp;
    },
    get dataDir() {
      return active().dataDir;
    },
    async start(options = {}) {
      const started = await startMailHost({ ...options, dataDir: active().dataDir, smtpPort: active().smtp.port });
      hosts.push(started.host);
      return started;
    },
    async stop(host) {
      hosts.splice(hosts.indexOf(host), 1);
      await host.stop();
    },
  };
}
