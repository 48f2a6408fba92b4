import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { MailApi } from '@vpp-host/plugins/mail/api';
import type { Host } from '../../../host/runtime/host.js';
import { startMailHost, type MailHostOptions } from './mail-host.js';
import { TestSmtpServer } from './smtp-test-server.js';

export { greetings, startMailHost, waitFor, type MailHostOptions } from './mail-host.js';

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
