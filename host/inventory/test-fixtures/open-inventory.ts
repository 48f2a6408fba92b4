import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { AuditLogService } from '../../audit/audit-log-service.js';
import { ManualClock } from '../../runtime/clock.js';
import { FileStorageEngine } from '../../storage/index.js';
import { InventoryService } from '../inventory-service.js';

export interface OpenedInventory {
  readonly inventory: InventoryService;
  readonly audit: AuditLogService;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Closes this storage and opens the same data directory again, as a restart would. */
  reopen(): Promise<OpenedInventory>;
}

/** A real InventoryService on a real FileStorageEngine in a temp directory, closed and removed after each test. */
export function useInventory(): () => Promise<OpenedInventory> {
  const engines: FileStorageEngine[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close()));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const open = async (dataDir: string, clock: ManualClock): Promise<OpenedInventory> => {
    const engine = new FileStorageEngine({ dataDir });
    engines.push(engine);
    const storage = engine.namespace('host');
    const audit = await AuditLogService.open(storage, clock);
    const inventory = await InventoryService.open(storage, clock, audit.forSource('host'));
    return {
      inventory,
      audit,
      clock,
      dataDir,
      reopen: async () => {
        await engine.close();
        return open(dataDir, clock);
      },
    };
  };
  return async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-inventory-'));
    dirs.push(dataDir);
    return open(dataDir, new ManualClock('2026-03-01T09:00:00.000Z'));
  };
}
