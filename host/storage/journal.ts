import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Entity } from '../api/storage.js';
import { CorruptFileError, syncDirectory, type WriteListener } from './atomic-json-file.js';
import { GroupCommit } from './group-commit.js';
import { PRIVATE_FILE_MODE } from './private-modes.js';

/** One durable set of changes: records written whole, and ids removed. */
export interface JournalEntry<T> {
  readonly put: T[];
  readonly delete: string[];
}

export interface JournalFile {
  readonly seq: number;
  readonly file: string;
}

/**
 * A journal file holds one line per durable write, `<JSON entry> <crc32 of the JSON in hex>`: the checksum comes
 * last, so a large entry is serialised and written a part at a time. Files are numbered; a checkpoint starts a new
 * one, so the older ones can go once the snapshot holds their changes.
 */
function journalFile(namespaceDir: string, collection: string, seq: number): string {
  return path.join(namespaceDir, `${collection}.${seq}.journal`);
}

/** The number of a collection's journal file from its name, or undefined for any other file. */
export function journalSeq(collection: string, fileName: string): number | undefined {
  const match = /^([a-z0-9-]+)\.(\d+)\.journal$/.exec(fileName);
  return match?.[1] === collection ? Number(match[2]) : undefined;
}

/** The journal files of a collection, oldest first. */
export async function listJournals(namespaceDir: string, collection: string): Promise<JournalFile[]> {
  const found: JournalFile[] = [];
  for (const name of await readdir(namespaceDir)) {
    const seq = journalSeq(collection, name);
    if (seq !== undefined) found.push({ seq, file: path.join(namespaceDir, name) });
  }
  return found.sort((a, b) => a.seq - b.seq);
}

export async function readJournal<T extends Entity>(file: string): Promise<JournalEntry<T>[]> {
  return parseJournal<T>(await readFile(file, 'utf8'), file);
}

/**
 * A journal file's entries in order. Invalid lines at the end of a file are a write the crash (or a failed disk
 * write) cut short, never acknowledged, and are ignored; an invalid line followed by a valid one means the file was
 * damaged, and loading it would silently drop changes.
 */
export function parseJournal<T extends Entity>(text: string, file: string): JournalEntry<T>[] {
  const lines = text.split('\n');
  // What follows the last newline is a line whose write never finished (or nothing at all).
  lines.pop();
  const entries: JournalEntry<T>[] = [];
  let damagedAt: number | undefined;
  for (const [at, line] of lines.entries()) {
    const entry = parseLine<T>(line);
    if (entry === undefined) {
      damagedAt ??= at;
      continue;
    }
    if (damagedAt !== undefined) throw new CorruptFileError(file, `journal line ${damagedAt + 1} is damaged but later lines are not`);
    entries.push(entry);
  }
  return entries;
}

function parseLine<T extends Entity>(line: string): JournalEntry<T> | undefined {
  const space = line.length - CHECKSUM_LENGTH - 1;
  const json = line.slice(0, Math.max(space, 0));
  if (space < 0 || line[space] !== ' ' || line.slice(space + 1) !== hex(crc32(json))) return undefined;
  let entry: Partial<JournalEntry<T>> | null;
  try {
    entry = JSON.parse(json) as Partial<JournalEntry<T>> | null;
  } catch {
    return undefined;
  }
  if (!Array.isArray(entry?.put) || !Array.isArray(entry.delete)) return undefined;
  if (!entry.put.every((record) => typeof (record as Entity | null)?.id === 'string')) return undefined;
  if (!entry.delete.every((id) => typeof id === 'string')) return undefined;
  return entry as JournalEntry<T>;
}

const CHECKSUM_LENGTH = 8;

function hex(checksum: number): string {
  return checksum.toString(16).padStart(CHECKSUM_LENGTH, '0');
}

/** Records serialised at a time: a large entry never becomes one huge string, and the loop gets turns between parts. */
const RECORDS_PER_PART = 1000;
/** Serialised bytes gathered before they are handed to the file. */
const BYTES_PER_WRITE = 2 ** 20;

/**
 * The append side of a collection's journal. Changes made while an append is in flight share the next one (group
 * commit), and each caller's promise settles once the line holding its change is fsynced. A later change of the same
 * id replaces the earlier one in the pending line, so a line holds each id once, in its newest state.
 */
export class Journal<T extends Entity> {
  private pending = new Map<string, T | null>();
  private readonly commits = new GroupCommit(() => this.exclusively(() => this.appendPending()));
  private queue: Promise<unknown> = Promise.resolve();
  private handle?: { readonly seq: number; readonly file: FileHandle };
  private seq: number;
  /** Bytes in the current file. */
  size = 0;

  constructor(
    private readonly namespaceDir: string,
    private readonly collection: string,
    firstSeq: number,
    private readonly onWrite?: WriteListener,
  ) {
    this.seq = firstSeq;
  }

  /** Call right after changing memory; resolves once the change is on disk. */
  record(put: readonly T[], deleted: readonly string[]): Promise<void> {
    for (const record of put) this.pending.set(record.id, record);
    for (const id of deleted) this.pending.set(id, null);
    return this.commits.commit();
  }

  /** Resolves once every change recorded so far is on disk. */
  flush(): Promise<void> {
    return this.commits.flush();
  }

  /**
   * Creates the file the next append goes to, so that append does not wait for the file to be created and its
   * directory entry made durable (an fsync of the directory: tens of milliseconds after a busy checkpoint).
   */
  prepare(): Promise<void> {
    return this.exclusively(async () => {
      await this.fileForAppend();
    });
  }

  /** Sends later appends to a new file; returns its number: the files before it hold only older changes. */
  rotate(): number {
    this.size = 0;
    return ++this.seq;
  }

  /** Removes the files before `seq`, once no append to them is under way. */
  removeBefore(seq: number): Promise<void> {
    return this.exclusively(async () => {
      if (this.handle && this.handle.seq < seq) await this.closeHandle();
      const stale = (await listJournals(this.namespaceDir, this.collection)).filter((journal) => journal.seq < seq);
      for (const journal of stale) await unlink(journal.file);
      if (stale.length > 0) await syncDirectory(this.namespaceDir);
    });
  }

  /** Closes the open file; call once the journal is flushed and no more changes come. */
  close(): Promise<void> {
    return this.exclusively(() => this.closeHandle());
  }

  private async appendPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const put: T[] = [];
    const deleted: string[] = [];
    for (const [id, record] of batch) {
      if (record) put.push(record);
      else deleted.push(id);
    }
    let bytes: number;
    try {
      const file = await this.fileForAppend();
      bytes = await writeLine(file, put, deleted);
      await file.datasync();
    } catch (error) {
      // A half-written line must stay the last of its file, where reading ignores it: go on in a new file. The
      // batch is kept for the retry, behind any newer change of the same ids.
      this.rotate();
      for (const [id, record] of batch) if (!this.pending.has(id)) this.pending.set(id, record);
      throw error;
    }
    const written = this.handle!.seq;
    if (written === this.seq) this.size += bytes;
    this.onWrite?.(journalFile(this.namespaceDir, this.collection, written), bytes);
  }

  private async fileForAppend(): Promise<FileHandle> {
    if (this.handle?.seq === this.seq) return this.handle.file;
    await this.closeHandle();
    const seq = this.seq;
    const file = await open(journalFile(this.namespaceDir, this.collection, seq), 'a', PRIVATE_FILE_MODE);
    this.handle = { seq, file };
    await syncDirectory(this.namespaceDir);
    return file;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.file.close();
  }

  /** Appends and removals take turns, so no file is removed or closed under an append. */
  private exclusively<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Appends one entry as a line, serialised a part at a time; returns its length in bytes. */
async function writeLine<T extends Entity>(file: FileHandle, put: readonly T[], deleted: readonly string[]): Promise<number> {
  let checksum = 0;
  let bytes = 0;
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const add = async (text: string): Promise<void> => {
    const part = Buffer.from(text, 'utf8');
    checksum = crc32(part, checksum);
    gathered.push(part);
    gatheredBytes += part.length;
    if (gatheredBytes >= BYTES_PER_WRITE) await flush();
  };
  const flush = async (): Promise<void> => {
    const { bytesWritten } = await file.writev(gathered);
    if (bytesWritten !== gatheredBytes) throw new Error(`Journal write cut short: ${bytesWritten} of ${gatheredBytes} bytes written`);
    bytes += gatheredBytes;
    gathered = [];
    gatheredBytes = 0;
  };
  await add('{"put":[');
  for (let at = 0; at < put.length; at += RECORDS_PER_PART) {
    const records = JSON.stringify(put.slice(at, at + RECORDS_PER_PART));
    await add(`${at === 0 ? '' : ','}${records.slice(1, -1)}`);
  }
  await add(`],"delete":${JSON.stringify(deleted)}}`);
  const end = Buffer.from(` ${hex(checksum)}\n`, 'utf8');
  gathered.push(end);
  gatheredBytes += end.length;
  await flush();
  return bytes;
}
