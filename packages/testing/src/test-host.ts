import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { SYSTEM_ACTOR } from '../../../host/api/actor.js';
import type { Clock } from '../../../host/api/clock.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { runCli } from '../../../host/cli/cli.js';
import { launchHost } from '../../../host/cli/host-launcher.js';
import { ManualClock, SystemClock } from '../../../host/runtime/clock.js';
import { BUNDLED_PLUGINS_DIR } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { AppleSimulatorClient, SmtpSinkClient } from './demo-services.js';
import type { CliResult, TestClock, TestHost, TestHostOptions } from './types.js';

/**
 * Starts the real host on a temporary data directory with the given plugin folders loaded beside the bundled
 * plugins, signs in an admin and makes an admin API token: a vendor's tests talk to their plugin as an admin would.
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const folders = (options.plugins ?? []).map((folder) => path.resolve(folder));
  const ids = await Promise.all(folders.map(manifestId));
  const bundled = await bundledIds(options.bundled ?? true);
  const clock = options.clock === 'manual' ? new ManualClock(options.startTime) : new SystemClock();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vpp-host-test-'));
  const logs: LogLine[] = [];
  const launched = await launchHost({
    dataDir,
    // A plugin folder is found through the folder holding it; `onlyPlugins` keeps its neighbours out.
    pluginDirs: [...new Set(folders.map((folder) => path.dirname(folder)))],
    onlyPlugins: [...bundled, ...ids],
    demo: options.demo ?? true,
    port: 0,
    hostname: '127.0.0.1',
    clock,
    logSink: (line) => logs.push(line),
    logLevel: 'debug',
    env: { ...process.env, ...options.env },
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const stop = async (): Promise<void> => {
    await launched.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const failed = launched.plugins.filter((plugin) => ids.includes(plugin.id) && plugin.state !== 'started');
  if (failed.length > 0) {
    await stop();
    throw new Error(`Plugin ${failed.map((p) => `"${p.id}" is ${p.state}: ${p.error ?? 'no error recorded'}`).join('; ')}`);
  }
  const cliFile = JSON.parse(await readFile(path.join(dataDir, 'cli.json'), 'utf8')) as { token: string };
  const accounts = launched.host.container.get<AccountService>(AccountService);
  const url = launched.url;
  const apiToken = cliFile.token;
  const admin = launched.firstAdmin!;
  const request = (pathname: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
    const { token = apiToken, headers, ...rest } = init;
    const sent = new Headers(headers);
    sent.set('authorization', `Bearer ${token}`);
    if (typeof rest.body === 'string' && !sent.has('content-type')) sent.set('content-type', 'application/json');
    return fetch(new URL(pathname, url), { ...rest, headers: sent });
  };
  let session: Promise<string> | undefined;
  const signIn = async (): Promise<string> => {
    const response = await fetch(new URL('/api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    if (!response.ok) throw new Error(`Signing in the test admin failed: ${response.status} ${await response.text()}`);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  return {
    url,
    dataDir,
    apiToken,
    admin,
    clock: testClock(clock),
    logs,
    plugins: {
      statuses: () => launched.host.plugins.statuses(),
      service: <T>(pluginId: string, id: symbol): T => {
        const container = launched.host.plugins.containerOf(pluginId);
        if (!container) throw new Error(`Plugin "${pluginId}" is not started`);
        return container.get<T>(id);
      },
    },
    request,
    page: async (pathname, init = {}) => {
      session ??= signIn();
      const sent = new Headers(init.headers);
      sent.set('cookie', await session);
      // The panel takes changes made with the session cookie only from its own pages, as a browser's Origin shows.
      if (!sent.has('origin')) sent.set('origin', new URL(url).origin);
      return fetch(new URL(pathname, url), { ...init, headers: sent });
    },
    cli: (args) => runCliCaptured([...args, '--data-dir', dataDir]),
    createApiToken: async (name, role = 'admin') => (await accounts.createApiToken({ name, role }, SYSTEM_ACTOR)).token,
    smtpSink: new SmtpSinkClient(request),
    appleSimulator: new AppleSimulatorClient(logs),
    stop,
  };
}

async function manifestId(folder: string): Promise<string> {
  const file = path.join(folder, 'plugin.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`${folder} is not a plugin folder: it has no plugin.json`);
  });
  const id = (JSON.parse(text) as { id?: unknown }).id;
  if (typeof id !== 'string') throw new Error(`${file} has no "id"`);
  return id;
}

/** The bundled plugins to load: all, none, or the named ones (with the plugins they depend on). */
async function bundledIds(bundled: boolean | readonly string[]): Promise<readonly string[]> {
  if (bundled === false) return [];
  if (bundled !== true) return bundled;
  const folders = await readdir(BUNDLED_PLUGINS_DIR, { withFileTypes: true });
  const plugins = folders.filter((entry) => entry.isDirectory() && existsSync(path.join(BUNDLED_PLUGINS_DIR, entry.name, 'plugin.json')));
  return Promise.all(plugins.map((entry) => manifestId(path.join(BUNDLED_PLUGINS_DIR, entry.name))));
}

function testClock(clock: Clock): TestClock {
  const manual = clock instanceof ManualClock ? clock : undefined;
  const onlyManual = (): never => {
    throw new Error("Only a test host started with clock: 'manual' can move time");
  };
  return {
    now: () => clock.now(),
    advance: (ms) => (manual ? manual.advance(ms) : onlyManual()),
    set: (to) => (manual ? manual.set(to) : onlyManual()),
  };
}

/** The real CLI, in this process, against the test host (through its data dir's cli.json). */
async function runCliCaptured(args: readonly string[]): Promise<CliResult> {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, env: { ...process.env, VPP_HOST_URL: '', VPP_HOST_TOKEN: '' } });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
