import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { summarizePlugins } from '../commands/plugins-command.js';
import { NOT_A_STORAGE_URL, STORAGE_ENV } from '../runtime/host-storage.js';
import { errorMessage } from '../runtime/scheduler.js';
import { isPostgresUrl, redactPostgresUrl, StorageUnavailableError } from '../storage/index.js';
import { PRIVATE_DIR_MODE, PRIVATE_UMASK } from '../storage/private-modes.js';
import type { CliIo } from './cli-io.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import { DEFAULT_DATA_DIR } from './host-connection.js';
import { launchHost, type LaunchedHost } from './host-launcher.js';
import { exitOnceStopped } from './exit-watch.js';
import { parseOptions } from './parse-options.js';
import { CliLogSinks } from './log-sinks.js';
import { START_USAGE } from './usage.js';

export const DEFAULT_PORT = 8080;

interface StartOptions {
  readonly port: number;
  readonly hostname?: string;
  readonly dataDir: string;
  /** A `postgres://` URL, from --storage or VPP_HOST_STORAGE. */
  readonly storage?: string;
  readonly pluginDirs: string[];
  readonly demo: boolean;
}

/** `vpp-host start`: runs the host until SIGINT or SIGTERM, then stops it cleanly. */
export async function runStart(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const options = parseStartOptions(argv, io.env);
  if (!options) {
    io.stdout.write(`${START_USAGE}\n`);
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
    throw new CliFailure(`The host could not start: ${errorMessage(error)} (see ${logs.logFile})`, error instanceof StorageUnavailableError ? 2 : 1);
  }
  // Listen before the banner: whoever reads it may signal at once.
  const stopped = nextSignal(io);
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
  const values = parseOptions(
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
  );
  if (values.help) return undefined;
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  const storage = values.storage ?? (env[STORAGE_ENV] || undefined);
  if (storage !== undefined && !isPostgresUrl(storage)) throw usageError(NOT_A_STORAGE_URL);
  return {
    port,
    ...(values.hostname !== undefined ? { hostname: values.hostname } : {}),
    dataDir: path.resolve(values['data-dir'] ?? DEFAULT_DATA_DIR),
    ...(storage !== undefined ? { storage } : {}),
    pluginDirs: (values['plugins-dir'] ?? []).map((dir) => path.resolve(dir)),
    demo: values.demo ?? false,
  };
}

function banner(launched: LaunchedHost, options: StartOptions, logFile: string): string {
  const lines = [`vpp-host is running${options.demo ? ' in demo mode' : ''}: ${launched.url}`, `  data dir  ${options.dataDir}`, `  log       ${logFile}`];
  if (options.storage !== undefined) lines.push(`  storage   ${redactPostgresUrl(options.storage)}`);
  lines.push(`  plugins   ${summarizePlugins(launched.plugins)}`);
  for (const plugin of launched.plugins.filter((p) => p.error !== undefined)) lines.push(`            ${plugin.id} ${plugin.state}: ${plugin.error}`);
  for (const plugin of launched.plugins.filter((p) => p.startWarning !== undefined)) lines.push(`            ${plugin.id} slow start: ${plugin.startWarning}`);
  if (launched.firstAdmin) {
    lines.push(
      '',
      'First admin account created. Its password is shown only this once:',
      `  name      ${launched.firstAdmin.name}`,
      `  password  ${launched.firstAdmin.password}`,
    );
  }
  lines.push('', 'Other `vpp-host` commands use this host through ' + path.join(options.dataDir, 'cli.json') + '. Stop with Ctrl+C.', '');
  return lines.join('\n');
}

/** Resolves on SIGINT or SIGTERM; a second signal while stopping ends the process at once. */
function nextSignal(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (): never => process.exit(1);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      io.stderr.write('Stopping vpp-host...\n');
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
