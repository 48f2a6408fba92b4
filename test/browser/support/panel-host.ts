import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../../../host/api/actor.js';
import type { Clock } from '../../../host/api/clock.js';
import { Inventory } from '../../../host/api/inventory.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { Host } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { REPO_ROOT } from '../../support/host-process.js';

export interface Credentials {
  readonly name: string;
  readonly password: string;
}

export interface PanelHost {
  readonly host: Host;
  readonly url: string;
  readonly inventory: Inventory;
  /** Role admin. */
  readonly admin: Credentials;
  /** Role read-only. */
  readonly reader: Credentials;
  readonly logs: LogLine[];
  stop(): Promise<void>;
}

export interface PanelHostOptions {
  /** Plugin directories to load, e.g. `[EXAMPLES_DIR]`; none by default. */
  readonly pluginDirs?: readonly string[];
  readonly clock?: Clock;
  /** Extra environment, e.g. `{ VPP_HOST_SESSION_IDLE_MINUTES: '5' }`. */
  readonly env?: NodeJS.ProcessEnv;
}

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** A real host on a free port with its own data directory, an admin and a read-only admin. */
export async function startPanelHost(options: PanelHostOptions = {}): Promise<PanelHost> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vpp-browser-'));
  const logs: LogLine[] = [];
  const host = await Host.start({
    dataDir,
    bundledPluginsDir: null,
    port: 0,
    logSink: (line) => logs.push(line),
    env: { ...process.env, ...options.env },
    ...(options.pluginDirs ? { pluginDirs: options.pluginDirs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const admin = { name: 'alice', password: 'correct horse battery' };
  const reader = { name: 'rita', password: 'staple battery horse' };
  const accounts = host.container.get<AccountService>(AccountService);
  await accounts.createAdmin({ ...admin, role: 'admin' }, SYSTEM_ACTOR);
  await accounts.createAdmin({ ...reader, role: 'read-only' }, SYSTEM_ACTOR);
  return {
    host,
    url: host.environment.publicUrl(),
    inventory: host.container.get<Inventory>(Inventory),
    admin,
    reader,
    logs,
    stop: async () => {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
