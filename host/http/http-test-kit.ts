import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../api/clock.js';
import { Host } from '../runtime/host.js';
import type { LogLine } from '../runtime/logger.js';
import { AccountService } from './auth/account-service.js';

/** A real host on a free port with its own data directory, for the HTTP and panel tests. */
export interface TestHost {
  readonly host: Host;
  readonly url: string;
  readonly accounts: AccountService;
  readonly logs: LogLine[];
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface TestHostOptions {
  /** Plugin directories to load; none by default. */
  readonly pluginDirs?: readonly string[];
  readonly clock?: Clock;
  /** Extra environment, e.g. `{ VPP_HOST_SESSION_IDLE_MINUTES: '5' }`. */
  readonly env?: NodeJS.ProcessEnv;
  /** An existing data directory to start on (a new temporary one by default); `stop()` removes it either way. */
  readonly dataDir?: string;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'vpp-http-')));
  const logs: LogLine[] = [];
  const host = await Host.start({
    dataDir,
    bundledPluginsDir: null,
    port: 0,
    logLevel: 'debug',
    logSink: (line) => logs.push(line),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.pluginDirs ? { pluginDirs: options.pluginDirs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    host,
    url: host.environment.publicUrl(),
    accounts: host.container.get<AccountService>(AccountService),
    logs,
    dataDir,
    stop: async () => {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Signed {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in through the REST API, as a script or the panel's own code would. */
export async function signIn(url: string, name: string, password: string): Promise<Signed> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  if (response.status !== 200) throw new Error(`Sign-in failed with ${response.status}: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookieOf(response, 'vpp_session')!, csrfToken };
}

/** `name=value` of a Set-Cookie header in the response, ready for a Cookie header. */
export function cookieOf(response: Response, name: string): string | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0];
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
