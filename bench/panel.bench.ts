// The panel's users page with 100,000 users: time to first byte (server time) and to a rendered page in chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../host/api/actor.js';
import { Inventory, type UserInput } from '../host/api/inventory.js';
import { AccountService } from '../host/http/auth/account-service.js';
import { Host } from '../host/runtime/host.js';
import { timePanelPages } from './page-timing.js';
import { report } from './support.js';

const USERS = 100_000;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-panel-'));
const host = await Host.start({ dataDir, bundledPluginsDir: null, port: 0, logSink: () => {} });
try {
  const users: UserInput[] = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, name: `Person ${String(i).padStart(6, '0')}`, email: `person${i}@example.org`, language: ['en', 'nl', 'fr'][i % 3]! }));
  const importStarted = performance.now();
  await host.container.get<Inventory>(Inventory).import({ users }, SYSTEM_ACTOR);
  report('panel.users-100k.import', performance.now() - importStarted, 'ms');

  await host.container.get<AccountService>(AccountService).createAdmin({ name: 'bench', password: 'bench password 1', role: 'admin' }, SYSTEM_ACTOR);
  const url = host.environment.publicUrl();
  const session = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', password: 'bench password 1' }) });
  const cookie = session.headers.getSetCookie().find((c) => c.startsWith('vpp_session='))!.split(';')[0]!;

  const pages = { 'panel.users-100k': '/views/host/users', 'panel.users-100k-search': '/views/host/users?search=person09999' };
  await timePanelPages(url, cookie, pages);
} finally {
  await host.stop();
  await rm(dataDir, { recursive: true, force: true });
}
