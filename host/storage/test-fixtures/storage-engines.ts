import { usePostgres } from '../../../test/support/postgres-cluster.js';
import { FileStorageEngine } from '../file-storage-engine.js';
import { PostgresStorageEngine } from '../postgres/postgres-storage-engine.js';
import type { StorageEngine } from '../storage-engine.js';
import { useTempDataDirs } from './temp-data-dir.js';

/** A place to keep data in one engine, opened as often as a test likes (one engine at a time). */
export interface EngineLocation {
  /** Opens the location; `commits` counts the durable writes of this engine (journal appends, transactions). */
  open(): Promise<{ engine: StorageEngine; commits: () => number }>;
}

export interface EngineKind {
  readonly name: string;
  /** A fresh, empty location, removed after the test. */
  location(): Promise<EngineLocation>;
}

/**
 * Both engines, for suites that run the same tests against each (`describe.each(storageEngineKinds())`). Call at
 * the top of a test file: it registers the temp dirs and the PostgreSQL server the tests use.
 */
export function storageEngineKinds(): EngineKind[] {
  const tempDataDir = useTempDataDirs();
  const postgres = usePostgres();
  return [
    {
      name: 'files',
      location: async () => {
        const dataDir = await tempDataDir();
        return {
          open: async () => {
            let commits = 0;
            const engine = new FileStorageEngine({ dataDir, onWrite: (file) => (commits += file.endsWith('.journal') ? 1 : 0) });
            return { engine, commits: () => commits };
          },
        };
      },
    },
    {
      name: 'postgres',
      location: async () => {
        const url = await postgres.createDatabase();
        return {
          open: async () => {
            let commits = 0;
            const engine = await PostgresStorageEngine.open({ url, onCommit: () => commits++ });
            return { engine, commits: () => commits };
          },
        };
      },
    },
  ];
}
