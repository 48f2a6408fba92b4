// vpp-apple's catalog page with 1,000 apps and books: time to first byte (server time) and to a rendered page in chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../host/api/actor.js';
import { AccountService } from '../host/http/auth/account-service.js';
import { Host } from '../host/runtime/host.js';
import { SyncService, TokenService } from '../plugins/vpp-apple/api/index.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock, type AssetSpec } from '../plugins/vpp-apple/src/simulator/index.js';
import { timePanelPages } from './page-timing.js';

const ITEMS = 1_000;

const simulator = new AppleVppSimulator({ clock: systemClock, eventDelayMs: 0, enforceRateLimit: false });
const assets: AssetSpec[] = Array.from({ length: ITEMS }, (_, i) => ({ adamId: String(700_000_000 + i), productType: i % 4 === 3 ? 'Book' : 'App', totalCount: 1 + (i % 50) }));
const location = simulator.addLocation({ uId: '4000000000000001', locationName: 'Bench Campus', assets });
const server = await startAppleSimulatorServer(simulator);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-catalog-'));
const host = await Host.start({
  dataDir,
  bundledPluginsDir: null,
  pluginDirs: [path.join(import.meta.dirname, '..', 'plugins')],
  port: 0,
  logSink: () => {},
  env: { ...process.env, VPP_APPLE_BASE_URL: server.baseUrl },
});
try {
  const plugin = host.plugins.containerOf('vpp-apple')!;
  const token = await plugin.get<TokenService>(TokenService).add({ name: 'Bench', file: location.sToken }, SYSTEM_ACTOR);
  await plugin.get<SyncService>(SyncService).sync(token.id, { full: true });

  await host.container.get<AccountService>(AccountService).createAdmin({ name: 'bench', password: 'bench password 1', role: 'admin' }, SYSTEM_ACTOR);
  const url = host.environment.publicUrl();
  const session = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', password: 'bench password 1' }) });
  const cookie = session.headers.getSetCookie().find((c) => c.startsWith('vpp_session='))!.split(';')[0]!;

  const pages = {
    'panel.catalog-1k': '/views/vpp-apple/catalog',
    'panel.catalog-1k-filtered': `/views/vpp-apple/catalog?kind=vpp-book&search=7000009&page=1`,
    'panel.catalog-1k-last-page': '/views/vpp-apple/catalog?page=20',
  };
  await timePanelPages(url, cookie, pages, async (page) => {
    const shown = await page.goto(`${url}/views/vpp-apple/catalog`).then(() => page.locator('.pager-range').textContent());
    if (shown !== `1–50 of ${ITEMS.toLocaleString('en')}`) throw new Error(`The catalog shows "${shown}", not ${ITEMS} items`);
  });
} finally {
  await host.stop();
  await server.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
