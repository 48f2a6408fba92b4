import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Storage } from '@vpp-host/api';
import { vppItemId, type SyncedAsset } from '../api/index.js';
import { ADMIN, useHarness } from './harness.js';

const startHarness = useHarness();

describe("a VPP item's id", () => {
  it('is the same in CatalogReader and the catalog command', async () => {
    const h = await startHarness();
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));

    const readerIds = h.catalog.assets({ tokenId: token.id, productType: 'App' }).items.map((asset) => asset.id).sort();
    expect(readerIds).toEqual([`vpp:${token.id}:100:STDQ`, `vpp:${token.id}:200:STDQ`]);
    expect(h.catalog.asset(token.id, { adamId: '100', pricingParam: 'STDQ' })?.id).toBe(vppItemId(token.id, { adamId: '100', pricingParam: 'STDQ' }));
    const cliIds = ((await h.command('catalog', {}, { kind: 'vpp-app' })).data as Array<{ id: string }>).map((item) => item.id).sort();
    expect(cliIds).toEqual(readerIds);
  });

  it('is also accepted in the form CatalogReader gave before, <token>|<adamId>|<pricing>', async () => {
    const h = await startHarness();
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const queue = await h.command('queue', { item: `${token.id}|200|STDQ` });
    expect((queue.data as { item: { id: string } }).item.id).toBe(`vpp:${token.id}:200:STDQ`);
  });

  it('replaces the key assets were stored under before, when the plugin starts', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-item-ids-'));
    const first = await startHarness({ dataDir });
    const token = await first.settle(first.tokens.add({ name: 'Head office', file: first.handles[0]!.sToken }, ADMIN));
    await first.settle(first.sync.sync(token.id));
    // Store the assets under the earlier `<token>|<adamId>|<pricing>` key, as an older version left them.
    const repo = await first.container.get<Storage>(Storage).collection<SyncedAsset>('apple-assets');
    const stored = [...repo.values()];
    await repo.deleteMany(stored.map((asset) => asset.id));
    await repo.putMany(stored.map((asset) => ({ ...asset, id: `${asset.tokenId}|${asset.adamId}|${asset.pricingParam}` })));
    await first.stop();

    const second = await startHarness({ dataDir });
    const items = second.catalog.assets({ tokenId: token.id }).items;
    expect(items.map((asset) => asset.id).sort()).toEqual(stored.map((asset) => asset.id).sort());
    expect(items.every((asset) => asset.id.startsWith('vpp:'))).toBe(true);
    const reopened = await second.container.get<Storage>(Storage).collection<SyncedAsset>('apple-assets');
    expect([...reopened.values()].map((asset) => asset.id).sort()).toEqual(stored.map((asset) => asset.id).sort());
    await second.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
});
