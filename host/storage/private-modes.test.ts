import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { startTestHost, type TestHost } from '../http/http-test-kit.js';

/** Every entry under `dir` (itself included) with the permission bits it has. */
async function modesUnder(dir: string): Promise<{ path: string; kind: 'file' | 'folder'; mode: number }[]> {
  const found: { path: string; kind: 'file' | 'folder'; mode: number }[] = [{ path: dir, kind: 'folder', mode: (await lstat(dir)).mode & 0o777 }];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await modesUnder(full)));
    else if (entry.isFile()) found.push({ path: full, kind: 'file', mode: (await lstat(full)).mode & 0o777 });
  }
  return found;
}

/** The entries that group or others may read, write or enter. */
async function openToOthers(dir: string): Promise<string[]> {
  return (await modesUnder(dir)).filter((e) => (e.mode & 0o077) !== 0).map((e) => `${path.relative(dir, e.path) || '.'} ${e.mode.toString(8)}`);
}

/** A host that wrote password and API-token hashes, then stopped, so its journals were folded into JSON files. */
async function hostThatWroteSecrets(): Promise<TestHost> {
  const started = await startTestHost();
  await started.accounts.createAdmin({ name: 'alice', password: 'correct horse battery staple', role: 'admin' }, SYSTEM_ACTOR);
  await started.accounts.createApiToken({ name: 'nightly script', role: 'admin' }, SYSTEM_ACTOR);
  await started.host.stop();
  return started;
}

describe('the data directory', () => {
  it('is private to the host user: files 0600 and folders 0700, journals, snapshots and the key included', async () => {
    const stopped = await hostThatWroteSecrets();
    try {
      const entries = await modesUnder(stopped.dataDir);
      expect(entries.some((e) => e.path.endsWith('.json'))).toBe(true);
      expect(entries.some((e) => e.path.endsWith('secret.key'))).toBe(true);
      expect(await openToOthers(stopped.dataDir)).toEqual([]);
    } finally {
      await rm(stopped.dataDir, { recursive: true, force: true });
    }
  });

  it('is made private at start when an older version left it readable by everyone', async () => {
    const stopped = await hostThatWroteSecrets();
    for (const entry of await modesUnder(stopped.dataDir)) await chmod(entry.path, entry.kind === 'folder' ? 0o755 : 0o644);
    expect((await openToOthers(stopped.dataDir)).length).toBeGreaterThan(3);

    const restarted = await startTestHost({ dataDir: stopped.dataDir });
    try {
      expect(await openToOthers(restarted.dataDir)).toEqual([]);
      expect(restarted.logs.some((l) => l.message === 'Took group and world access away from the data directory')).toBe(true);
      expect(restarted.accounts.listAdmins().map((a) => a.name)).toContain('alice');
    } finally {
      await restarted.stop();
    }
  });
});
