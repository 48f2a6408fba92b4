import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from '../storage/private-modes.js';

/**
 * `<dataDir>/cli.json` tells the CLI where the host of a data dir listens and which API token to use. It doubles as
 * the lock that keeps a second host off the same data files: only one process may write them.
 */
const CliFileSchema = z.object({
  pid: z.number().int().positive(),
  url: z.string().optional(),
  token: z.string().optional(),
});
export type CliFile = z.infer<typeof CliFileSchema>;

export function cliFilePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'cli.json');
}

/** The file's content, or undefined when there is none or it cannot be read as one. */
export async function readCliFile(dataDir: string): Promise<CliFile | undefined> {
  try {
    const parsed = CliFileSchema.safeParse(JSON.parse(await readFile(cliFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Any HTTP answer counts: the question is only whether something serves that address. */
export async function isServing(url: string): Promise<boolean> {
  try {
    await fetch(`${url.replace(/\/$/, '')}/api/commands`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

export class HostAlreadyRunning extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: CliFile,
  ) {
    super(`a host is already ${holder.url ? 'running' : 'starting'} on ${dataDir} (pid ${holder.pid})${holder.url ? ` at ${holder.url}` : ''}`);
  }
}

/**
 * This process's hold on a data dir: publish the address once the host listens (with the CLI's API token once the
 * host may write one: a standby publishes its address alone), release on a clean stop.
 */
export interface DataDirClaim {
  publish(url: string, token?: string): Promise<void>;
  release(): Promise<void>;
}

/** Takes the data dir for this process, or throws HostAlreadyRunning; a file left by a dead host is taken over. */
export async function claimDataDir(dataDir: string): Promise<DataDirClaim> {
  const file = cliFilePath(dataDir);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeNew(file, { pid: process.pid });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = await readCliFile(dataDir);
      if (holder && (await isHeldBy(holder))) throw new HostAlreadyRunning(path.resolve(dataDir), holder);
      await unlink(file).catch(() => undefined);
    }
  }
  return {
    publish: async (url, token) => {
      const temporary = `${file}.${process.pid}.tmp`;
      await unlink(temporary).catch(() => undefined);
      await writeNew(temporary, { url, ...(token === undefined ? {} : { token }), pid: process.pid });
      await rename(temporary, file);
    },
    release: async () => {
      if ((await readCliFile(dataDir))?.pid === process.pid) await unlink(file).catch(() => undefined);
    },
  };
}

async function isHeldBy(holder: CliFile): Promise<boolean> {
  if (holder.pid === process.pid || !isProcessAlive(holder.pid)) return false;
  // A pid can be reused after a crash; a host that published its address must also answer there.
  return holder.url === undefined || (await isServing(holder.url));
}

/** Created exclusively, readable by the owner only: it holds an admin API token. */
async function writeNew(file: string, content: CliFile): Promise<void> {
  const handle = await open(file, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(`${JSON.stringify(content)}\n`);
  } finally {
    await handle.close();
  }
}
