import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '@vpp-host/api';
import { launchHost, type LaunchedHost } from '../../../host/cli/host-launcher.js';
import { runCli } from '../../../host/cli/test-support/run-cli.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { DEMO_LOCATIONS } from '../src/simulator/index.js';

let root: string;
let launched: LaunchedHost | undefined;
const logs: LogLine[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'vpp-apple-demo-'));
  await mkdir(path.join(root, 'data'));
  launched = await launchHost({ dataDir: path.join(root, 'data'), onlyPlugins: ['vpp-apple'], port: 0, demo: true, logSink: (line) => logs.push(line) });
});

afterAll(async () => {
  await launched?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('demo mode', () => {
  it('adds and syncs both demo locations against the local Apple service; the CLI and REST show their counts', async () => {
    const host = launched!;
    await vi.waitFor(() => expect(logs.filter((l) => l.message === 'Demo location synced')).toHaveLength(2), { timeout: 30_000 });

    const list = await runCli(['token', 'list', '--json', '--data-dir', path.join(root, 'data')]);
    const tokens = JSON.parse(list.stdout) as { id: string; locationName: string; program: string; sync: { status: string } }[];
    expect(tokens.map((t) => [t.locationName, t.program, t.sync.status])).toEqual([
      ['Contoso Head Office', 'business', 'completed'],
      ['Northside School', 'education', 'completed'],
    ]);

    const sync = await runCli(['sync', '--data-dir', path.join(root, 'data')]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Contoso Head Office\s+Contoso Head Office\s+completed\s+incremental\s+33\s+\d+/);

    const apiToken = (await host.host.container.get<AccountService>(AccountService).createApiToken({ name: 'reader', role: 'read-only' }, SYSTEM_ACTOR)).token;
    const response = await fetch(`${host.url}/api/plugins/vpp-apple/assets?tokenId=${tokens[1]!.id}&limit=100`, { headers: { authorization: `Bearer ${apiToken}` } });
    const assets = (await response.json()) as { total: number; items: { totalCount: number; availableCount: number }[] };
    expect(assets.total).toBe(DEMO_LOCATIONS[1]!.assets!.length);
    expect(assets.items.every((a) => a.totalCount > 0 && a.availableCount <= a.totalCount)).toBe(true);
  });

  it('stops the local Apple service with the plugin', async () => {
    const url = logs.find((l) => l.message === 'Demo Apple service listening')?.fields?.url as string;
    expect((await fetch(`${url}/service/config`)).status).toBe(200);
    await launched!.stop();
    launched = undefined;
    await expect(fetch(`${url}/service/config`)).rejects.toThrow();
  });
});
