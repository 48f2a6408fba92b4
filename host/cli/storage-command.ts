import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';
import { errorMessage } from '../runtime/scheduler.js';
import { loadSecretKey, SECRET_KEY_ENV } from '../runtime/secret-vault.js';
import { copyStorage } from '../storage/copy-storage.js';
import { PRIVATE_DIR_MODE } from '../storage/private-modes.js';
import { isPostgresUrl, openStorageEngine, redactPostgresUrl, StorageUnavailableError, type StorageEngine } from '../storage/index.js';
import { claimDataDir, HostAlreadyRunning, type DataDirClaim } from './cli-file.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import { languageIn, reasonOf, sayLocally } from './cli-messages.js';
import { parseOptions } from './parse-options.js';
import { formatTable } from './result-output.js';
import { storageCopyUsage } from './usage.js';

/** `vpp-host storage copy --from DIR|URL --to DIR|URL`: runs without a host, on a stopped host's data. */
export async function runStorage(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  if (argv[0] !== 'copy') {
    const command = argv[0] ?? '';
    throw usageError(sayLocally(phrase(`Unknown storage command "${command}": use \`vpp-host storage copy --help\``, 'host.cli.storage.unknown', { command }), languageIn(argv, io.env)));
  }
  const options = parseCopyOptions(argv.slice(1), io.env);
  if (!options) {
    io.stdout.write(`${storageCopyUsage(languageIn(argv, io.env))}\n`);
    return 0;
  }
  const say = (said: Said): string => sayLocally(said, options.language);
  const claims: DataDirClaim[] = [];
  const opened: StorageEngine[] = [];
  try {
    // One after the other, each held as soon as taken: a refused source leaves no claim (nor a new dir) at the target.
    claims.push(...(await claimStopped(options.from, 'from', say)));
    claims.push(...(await claimStopped(options.to, 'to', say)));
    const source = await open(options.from, opened);
    const secretKey = await sourceSecretKey(options.from, io.env);
    const target = await open(options.to, opened, secretKey);
    const summary = await copyStorage(source, target, () => open(options.to, opened, secretKey));
    const from = describe(options.from);
    const to = describe(options.to);
    if (options.json) io.stdout.write(`${JSON.stringify({ from, to, ...summary }, null, 2)}\n`);
    else {
      const columns = [phrase('namespace', 'host.cli.storage.column.namespace'), phrase('collection', 'host.cli.storage.column.collection'), phrase('records', 'host.cli.storage.column.records')].map(say);
      const rows = summary.collections.map((c) => [c.namespace, c.collection, c.records]);
      const copied = { records: summary.records, collections: summary.collections.length, from, to };
      io.stdout.write(`${formatTable({ columns, rows }, options.language)}\n`);
      io.stdout.write(`${say(phrase(`Copied ${summary.records} records in ${summary.collections.length} collections from ${from} to ${to}, each one verified.`, 'host.cli.storage.copied', copied))}\n`);
      io.stdout.write(`${say(phrase('Secrets stay sealed with the host secret key: start the host on the copy with the same key.', 'host.cli.storage.sealed'))}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    const badInput = error instanceof BadInputError || error instanceof StorageUnavailableError;
    throw new CliFailure(say(phrase(`Copying the storage failed: ${errorMessage(error)}`, 'host.cli.storage.failed', { reason: reasonOf(error) })), badInput ? 2 : 1);
  } finally {
    for (const engine of opened) await engine.close().catch(() => undefined);
    for (const claim of claims) await claim.release();
  }
}

interface CopyOptions {
  readonly from: string;
  readonly to: string;
  readonly json: boolean;
  readonly language: string | undefined;
}

/** Undefined for `--help`. Directories come back absolute. */
function parseCopyOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CopyOptions | undefined {
  const options = { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  const { values, language } = parseOptions(argv, options, 'storage copy', env);
  const say = (said: Said): string => sayLocally(said, language);
  if (values.help) return undefined;
  if (!values.from || !values.to) throw usageError(say(phrase('vpp-host storage copy needs --from DIR|URL and --to DIR|URL', 'host.cli.storage.needs')));
  const location = (value: string): string => (isPostgresUrl(value) ? value : path.resolve(value));
  const [from, to] = [location(values.from), location(values.to)];
  if (from === to) throw usageError(say(phrase('--from and --to name the same storage', 'host.cli.storage.same')));
  return { from, to, json: values.json ?? false, language };
}

/** A data dir is taken for the copy like a host takes it, so no host starts on it meanwhile (and none runs now). */
async function claimStopped(location: string, side: 'from' | 'to', say: (said: Said) => string): Promise<DataDirClaim[]> {
  if (isPostgresUrl(location)) return [];
  if (side === 'from' && !(await stat(location).then((s) => s.isDirectory(), () => false))) {
    throw usageError(say(phrase(`--from ${location}: no such directory`, 'host.cli.storage.no-dir', { dir: location })));
  }
  await mkdir(location, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    return [await claimDataDir(location)];
  } catch (error) {
    if (error instanceof HostAlreadyRunning) throw new CliFailure(say(phrase(`Stop the host first: ${error.message}`, 'host.cli.storage.stop-first', { reason: error.message })), 2);
    throw error;
  }
}

/**
 * The secret key of the host whose data dir is copied, when it has one: a database copied into is bound to it, as if
 * that host had started there, so a host with another key is refused rather than failing to open the secrets.
 */
async function sourceSecretKey(from: string, env: NodeJS.ProcessEnv): Promise<Buffer | undefined> {
  if (isPostgresUrl(from)) return undefined;
  const hasKey = Boolean(env[SECRET_KEY_ENV]) || (await stat(path.join(from, 'secret.key')).then(() => true, () => false));
  return hasKey ? loadSecretKey(from, env) : undefined;
}

async function open(location: string, opened: StorageEngine[], secretKey?: Buffer): Promise<StorageEngine> {
  const engine = await openStorageEngine(location, secretKey ? { secretKey } : {});
  opened.push(engine);
  return engine;
}

function describe(location: string): string {
  return isPostgresUrl(location) ? redactPostgresUrl(location) : location;
}
