import path from 'node:path';
import { SYSTEM_ACTOR } from '../../../host/api/actor.js';
import { Inventory } from '../../../host/api/inventory.js';
import { startTestHost, type TestHostOptions } from '../../../host/http/http-test-kit.js';
import type { Host } from '../../../host/runtime/host.js';
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

/** Plugin directories default to none, e.g. `[EXAMPLES_DIR]` adds the example plugin. */
export type PanelHostOptions = TestHostOptions;

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The test host (startTestHost) with an admin and a read-only admin. */
export async function startPanelHost(options: PanelHostOptions = {}): Promise<PanelHost> {
  const { host, url, accounts, logs, stop } = await startTestHost(options);
  const admin = { name: 'alice', password: 'correct horse battery' };
  const reader = { name: 'rita', password: 'staple battery horse' };
  await accounts.createAdmin({ ...admin, role: 'admin' }, SYSTEM_ACTOR);
  await accounts.createAdmin({ ...reader, role: 'read-only' }, SYSTEM_ACTOR);
  return { host, url, inventory: host.container.get<Inventory>(Inventory), admin, reader, logs, stop };
}
