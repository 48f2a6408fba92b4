// The Activity page on a real audit log: newest first, or oldest first from its When header across every page,
// with the filters keeping the order.
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../api/actor.js';
import type { ViewRequest } from '../../api/views.js';
import { ManualClock } from '../../runtime/clock.js';
import { FileStorageEngine } from '../../storage/file-storage-engine.js';
import { useTempDataDirs } from '../../storage/test-fixtures/temp-data-dir.js';
import { AuditLogService } from '../audit-log-service.js';
import { ActivityView } from './activity-view.js';

const ADMIN: Principal = { kind: 'admin', id: 'alice', name: 'Alice', role: 'admin' };
const tempDataDir = useTempDataDirs();
const engines: FileStorageEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

/** A log of 55 entries a minute apart ("entry 00" the oldest), every fifth a sync, and its Activity page. */
async function activity(): Promise<(query: Record<string, string>) => Promise<string>> {
  const engine = new FileStorageEngine({ dataDir: await tempDataDir() });
  engines.push(engine);
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const log = await AuditLogService.open(engine.namespace('host'), clock);
  for (let i = 0; i < 55; i++) {
    await log.record('host', { actor: { kind: 'system', id: 'host' }, action: i % 5 === 0 ? 'vpp.token.sync' : 'inventory.user.update', reason: `entry ${String(i).padStart(2, '0')}` });
    await clock.advance(60_000);
  }
  const view = new ActivityView(log.forSource('host'), () => []);
  return async (query) => (await view.render({ principal: ADMIN, language: 'en', query, csrfToken: 'c', url: '/views/host/activity' } satisfies ViewRequest)).body.value;
}

const entries = (page: string) => [...page.matchAll(/<td>entry (\d\d)<\/td>/g)].map((m) => Number(m[1]));

describe('the Activity page', () => {
  it('shows the newest first, and the oldest first from its When header, across every page', async () => {
    const render = await activity();
    expect(entries(await render({})).slice(0, 2)).toEqual([54, 53]);
    const oldest = await render({ sort: '0', dir: 'asc' });
    expect(entries(oldest)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(oldest).toContain('<th scope="col" aria-sort="ascending"><a class="sort" href="/views/host/activity?sort=0&#38;dir=desc">When ▲</a></th>');
    expect(oldest).toContain('href="/views/host/activity?sort=0&#38;dir=asc&#38;page=2"');
    expect(entries(await render({ sort: '0', dir: 'asc', page: '2' }))).toEqual([50, 51, 52, 53, 54]);
    expect(entries(await render({ sort: '0', dir: 'desc' })).slice(0, 2)).toEqual([54, 53]);
    // Only the time sorts: the other headers are plain.
    expect(oldest).toContain('<th scope="col">Actor</th>');
  });

  it('keeps the order through the filters and their Clear link', async () => {
    const render = await activity();
    const synced = await render({ action: 'vpp.token.sync', sort: '0', dir: 'asc' });
    expect(entries(synced)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(synced).toMatch(/<input type="hidden" name="sort" value="0">\s*<input type="hidden" name="dir" value="asc">/);
    expect(synced).toContain('<a class="button secondary" href="/views/host/activity?sort=0&#38;dir=asc">Clear</a>');
  });
});
