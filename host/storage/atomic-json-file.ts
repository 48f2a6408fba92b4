import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { PRIVATE_FILE_MODE } from './private-modes.js';

export type WriteListener = (file: string, bytes: number) => void;

export interface AtomicJsonFileOptions<T> {
  /** Checks the parsed content; throws CorruptFileError naming the file when it is not what the engine writes. */
  readonly validate: (data: unknown, file: string) => T;
  /** A file that must exist once its layout is committed: missing means lost, not empty. */
  readonly required?: boolean;
  /** Called once per physical write, after the rename. */
  readonly onWrite?: WriteListener;
}

/** Thrown when a file at load is not the JSON the engine wrote; the data is never reset to hide it. */
export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Storage file ${file} is unreadable: ${reason}. It was left untouched; restore it from a backup or move it away.`);
    this.name = 'CorruptFileError';
  }
}

/**
 * A lowdb adapter holding compact JSON. A write goes to a temp file that is fsynced and then renamed over the
 * target (then the directory is fsynced), so the file on disk is always one complete version, and a resolved write
 * survives a crash. Steno, lowdb's own writer, skips the fsyncs, hence this adapter.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  private readonly tempFile: string;
  /** The file's size as last read or written, in bytes (0 when there is none yet). */
  size = 0;

  constructor(
    readonly file: string,
    private readonly options: AtomicJsonFileOptions<T>,
  ) {
    this.tempFile = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (!missing) throw new CorruptFileError(this.file, (error as Error).message);
      if (this.options.required) throw new CorruptFileError(this.file, 'the file is missing from a committed layout');
      return null;
    }
    this.size = Buffer.byteLength(text);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptFileError(this.file, `invalid JSON (${(error as Error).message})`);
    }
    return this.options.validate(data, this.file);
  }

  /** Serialises synchronously before the first await, so the file holds exactly the state at the moment of the call. */
  async write(data: T): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(data), 'utf8');
    const handle = await open(this.tempFile, 'w', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempFile, this.file);
    await syncDirectory(path.dirname(this.file));
    this.size = bytes.length;
    this.options.onWrite?.(this.file, bytes.length);
  }
}

/** Makes a rename durable; some platforms cannot fsync a directory, and there the rename is as durable as it gets. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
