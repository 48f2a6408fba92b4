import { chmod, lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the data directory holds (password and API-token hashes, sealed secrets, people's addresses) is for the
 * host's own user only: files 0600, folders 0700.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
/** The process mask that gives what is created without an explicit mode the same privacy. */
export const PRIVATE_UMASK = 0o077;
const OTHERS = PRIVATE_UMASK;

/**
 * Takes group and world access away from everything under `dir` that still has it: data directories written before
 * the host kept them private, or files another tool copied in. Cheap when nothing is loose (one stat per entry).
 * Symbolic links are left alone. Returns how many entries it tightened.
 */
export async function tightenDataDir(dir: string): Promise<number> {
  let tightened = await tighten(dir, PRIVATE_DIR_MODE);
  for await (const entry of await opendir(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tightened += await tightenDataDir(full);
    else if (entry.isFile()) tightened += await tighten(full, PRIVATE_FILE_MODE);
  }
  return tightened;
}

async function tighten(file: string, mode: number): Promise<number> {
  const { mode: current } = await lstat(file);
  if ((current & OTHERS) === 0) return 0;
  await chmod(file, mode);
  return 1;
}
