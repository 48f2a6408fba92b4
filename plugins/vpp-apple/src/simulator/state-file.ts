import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { listen, type Disposable } from '@vpp-host/api';
import type { AppleVppSimulator, SimulatorSnapshot } from './model.js';

/**
 * The simulator's state in one file, so a restarted simulator is the same Apple (same locations, tokens, users,
 * assignments and counts). Loaded once at start; then every change is written as it happens, at most one write at
 * a time and the latest state next. A write goes to a temp file (mode 0600: the file holds the locations' tokens)
 * that is fsynced and renamed over the file, so the file on disk is always one complete state.
 */
export class SimulatorStateFile implements Disposable {
  private readonly tempFile: string;
  private subscription?: Disposable;
  private writing?: Promise<void>;
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly simulator: AppleVppSimulator,
    private readonly onError: (error: unknown) => void,
  ) {
    this.tempFile = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  /**
   * Restores `simulator` from `file` when there is one (true), else lets `seed` set it up and writes it (false); from
   * then on keeps the file up to date. A file that is not a simulator state is refused, never overwritten.
   */
  static async open(file: string, simulator: AppleVppSimulator, options: { seed: () => void; onError: (error: unknown) => void }): Promise<{ stateFile: SimulatorStateFile; restored: boolean }> {
    const stateFile = new SimulatorStateFile(file, simulator, options.onError);
    const snapshot = await readSnapshot(file);
    if (snapshot) simulator.restore(snapshot);
    else options.seed();
    stateFile.subscription = listen(simulator.onDidChange, () => stateFile.schedule());
    if (!snapshot) await stateFile.flush();
    return { stateFile, restored: snapshot !== undefined };
  }

  /** Resolves once the state as it is now is on disk. */
  async flush(): Promise<void> {
    this.dirty = true;
    this.schedule();
    while (this.writing) await this.writing;
  }

  async dispose(): Promise<void> {
    this.subscription?.dispose();
    while (this.writing) await this.writing;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = this.writeWhileDirty().finally(() => (this.writing = undefined));
  }

  private async writeWhileDirty(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.write(this.simulator.snapshot());
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private async write(snapshot: SimulatorSnapshot): Promise<void> {
    const handle = await open(this.tempFile, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(JSON.stringify(snapshot));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempFile, this.file);
  }
}

async function readSnapshot(file: string): Promise<SimulatorSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`The simulator state file ${file} is not JSON (${(error as Error).message}); it was left untouched`);
  }
  const snapshot = data as Partial<SimulatorSnapshot> | null;
  if (snapshot?.format !== 1 || !Array.isArray(snapshot.locations) || !Array.isArray(snapshot.store)) {
    throw new Error(`The simulator state file ${file} is not a simulator state (format 1 with locations and store); it was left untouched`);
  }
  return snapshot as SimulatorSnapshot;
}
