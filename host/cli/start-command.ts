import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { phrase, type Said } from '../api/messages.js';
import { pluginsSaid } from '../commands/plugins-command.js';
import { NOT_A_STORAGE_URL, STORAGE_ENV } from '../runtime/host-storage.js';
import { errorMessage } from '../runtime/scheduler.js';
import { isPostgresUrl, redactPostgresUrl, StorageUnavailableError } from '../storage/index.js';
import { PRIVATE_DIR_MODE, PRIVATE_UMASK } from '../storage/private-modes.js';
import type { CliIo } from './cli-io.js';
import { languageIn, reasonOf, sayLocally } from './cli-messages.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import { DEFAULT_DATA_DIR } from './host-connection.js';
import { launchHost, type LaunchedHost } from './host-launcher.js';
import { exitOnceStopped } from './exit-watch.js';
import { parseOptions } from './parse-options.js';
import { CliLogSinks } from './log-sinks.js';
import { startUsage } from './usage.js';

export const DEFAULT_PORT = 8080;

interface StartOptions {
  readonly port: number;
  readonly hostname?: string;
  readonly dataDir: string;
  /** A `postgres://` URL, from --storage or VPP_HOST_STORAGE. */
  readonly storage?: string;
  readonly pluginDirs: string[];
  readonly demo: boolean;
  /** The reader's language, for the banner and the failures. */
  readonly language: string | undefined;
}

/** `vpp-host start`: runs the host until SIGINT or SIGTERM, then stops it cleanly. */
export async function runStart(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const options = parseStartOptions(argv, io.env);
  if (!options) {
    io.stdout.write(`${startUsage(languageIn(argv, io.env))}\n`);
    return 0;
  }
  // Every file the host writes sets its own mode; the mask also covers what libraries and plugins create.
  process.umask(PRIVATE_UMASK);
  await mkdir(options.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const logs = new CliLogSinks(path.join(options.dataDir, 'host.log'), io.stderr);
  let launched: LaunchedHost;
  try {
    launched = await launchHost({
      dataDir: options.dataDir,
      ...(options.storage !== undefined ? { storage: options.storage } : {}),
      pluginDirs: options.pluginDirs,
      demo: options.demo,
      port: options.port,
      ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
      logSink: logs.sink,
      env: io.env,
    });
  } catch (error) {
    await logs.close();
    if (error instanceof CliFailure) throw error;
    // Storage the admin must fix (unreachable, refused, another host's): bad input, nothing was written.
    const reason = reasonOf(error);
    const failed = phrase(`The host could not start: ${errorMessage(error)} (see ${logs.logFile})`, 'host.cli.start.failed', { reason, log: logs.logFile });
    throw new CliFailure(sayLocally(failed, options.language), error instanceof StorageUnavailableError ? 2 : 1);
  }
  // Listen before the banner: whoever reads it may signal at once.
  const stopped = nextSignal(io, options.language);
  io.stdout.write(banner(launched, options, logs.logFile));
  await stopped;
  try {
    await launched.stop();
  } finally {
    await logs.close();
    exitOnceStopped(io);
  }
  return 0;
}

/** Undefined for `--help`. */
function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions | undefined {
  const { values, language } = parseOptions(
    argv,
    {
      port: { type: 'string' },
      hostname: { type: 'string' },
      'data-dir': { type: 'string' },
      storage: { type: 'string' },
      'plugins-dir': { type: 'string', multiple: true },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'start',
    env,
  );
  const say = (said: Said): string => sayLocally(said, language);
  if (values.help) return undefined;
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535) throw usageError(say(phrase(`--port must be a number from 0 to 65535, got "${values.port}"`, 'host.cli.port', { got: values.port ?? '' })));
  const storage = values.storage ?? (env[STORAGE_ENV] || undefined);
  if (storage !== undefined && !isPostgresUrl(storage)) throw usageError(say(phrase(NOT_A_STORAGE_URL, 'host.cli.storage-url', { env: STORAGE_ENV })));
  return {
    port,
    ...(values.hostname !== undefined ? { hostname: values.hostname } : {}),
    dataDir: path.resolve(values['data-dir'] ?? DEFAULT_DATA_DIR),
    ...(storage !== undefined ? { storage } : {}),
    pluginDirs: (values['plugins-dir'] ?? []).map((dir) => path.resolve(dir)),
    demo: values.demo ?? false,
    language,
  };
}

function banner(launched: LaunchedHost, options: StartOptions, logFile: string): string {
  const say = (said: Said): string => sayLocally(said, options.language);
  const running = options.demo
    ? phrase(`vpp-host is running in demo mode: ${launched.url}`, 'host.cli.start.running-demo', { url: launched.url })
    : phrase(`vpp-host is running: ${launched.url}`, 'host.cli.start.running', { url: launched.url });
  const facts: [Said, string][] = [
    [phrase('data dir', 'host.cli.start.data-dir'), options.dataDir],
    [phrase('log', 'host.cli.start.log'), logFile],
    ...(options.storage !== undefined ? [[phrase('storage', 'host.cli.start.storage'), redactPostgresUrl(options.storage)] as [Said, string]] : []),
    [phrase('plugins', 'host.cli.start.plugins'), say(pluginsSaid(launched.plugins))],
  ];
  const lines = [say(running), ...labelled(facts, say)];
  const indent = ' '.repeat(labelWidth(facts, say) + 4);
  for (const plugin of launched.plugins.filter((p) => p.errorSaid !== undefined)) lines.push(`${indent}${plugin.id} ${plugin.state}: ${say(plugin.errorSaid!)}`);
  for (const plugin of launched.plugins.filter((p) => p.startWarning !== undefined)) {
    lines.push(`${indent}${say(phrase(`${plugin.id} slow start: ${plugin.startWarning}`, 'host.cli.start.slow', { id: plugin.id, warning: plugin.startWarning! }))}`);
  }
  if (launched.firstAdmin) {
    const account: [Said, string][] = [
      [phrase('name', 'host.cli.start.name'), launched.firstAdmin.name],
      [phrase('password', 'host.cli.start.password'), launched.firstAdmin.password],
    ];
    lines.push('', say(phrase('First admin account created. Its password is shown only this once:', 'host.cli.start.first-admin')), ...labelled(account, say));
  }
  const file = path.join(options.dataDir, 'cli.json');
  lines.push('', say(phrase(`Other \`vpp-host\` commands use this host through ${file}. Stop with Ctrl+C.`, 'host.cli.start.through', { file })), '');
  return lines.join('\n');
}

/** "  data dir  /srv/data": each fact under its label, the labels padded to one width in the reader's language. */
function labelled(facts: readonly (readonly [Said, string])[], say: (said: Said) => string): string[] {
  const width = labelWidth(facts, say);
  return facts.map(([label, value]) => `  ${say(label).padEnd(width)}  ${value}`);
}

function labelWidth(facts: readonly (readonly [Said, string])[], say: (said: Said) => string): number {
  return Math.max(...facts.map(([label]) => say(label).length));
}

/** Resolves on SIGINT or SIGTERM; a second signal while stopping ends the process at once. */
function nextSignal(io: CliIo, language: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (): never => process.exit(1);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      io.stderr.write(`${sayLocally(phrase('Stopping vpp-host...', 'host.cli.start.stopping'), language)}\n`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
