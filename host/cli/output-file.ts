import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { usageError } from './cli-failure.js';

/**
 * Writes a command's output to `file` (mode 0600: an export may carry an encrypted token and people's names) through
 * a temp file and a rename, so a failed write leaves whatever was there before.
 */
export async function writeOutputFile(file: string, content: string): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'w', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`Cannot write "${file}": ${code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
}
