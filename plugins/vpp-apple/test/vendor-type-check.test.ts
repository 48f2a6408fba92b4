import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'vendor-type-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A vendor plugin's source that uses every area of vpp-apple's contract. */
const vendorSource = `
import type { Actor } from '@vpp-host/api';
import { Distribution, Invitations, TokenService, CatalogReader, SyncService } from '@vpp-host/plugins/vpp-apple/api';
import type { AssignInput, EnrolmentEntry, SyncedAsset, TokenRecord, AppleVppClient } from '@vpp-host/plugins/vpp-apple/api';

export async function use(distribution: Distribution, tokens: TokenService, catalog: CatalogReader, actor: Actor): Promise<number> {
  const input: AssignInput = { item: 'vpp:t:1:STDQ', target: { kind: 'user', id: 'u1' } };
  await distribution.assign(input, actor);
  const token: TokenRecord | undefined = tokens.list()[0];
  const client: AppleVppClient | undefined = token ? tokens.clientFor(token.id) : undefined;
  const assets: readonly SyncedAsset[] = catalog.assets().items;
  const entry: EnrolmentEntry | undefined = undefined;
  return assets.length + (client ? 1 : 0) + (entry ? 1 : 0);
}
export const symbols = [Distribution, Invitations, TokenService, CatalogReader, SyncService];
`;

/** The files tsc reads to type-check the vendor source, relative to the repository. */
async function filesTypeCheckReads(): Promise<string[]> {
  writeFileSync(join(work, 'vendor.ts'), vendorSource);
  const config = {
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
      experimentalDecorators: true, types: [], typeRoots: [join(repo, 'node_modules', '@types')],
      paths: {
        '@vpp-host/api': [join(repo, 'host/api/index.ts')],
        '@vpp-host/plugins/*/api': [join(repo, 'plugins/*/api/index.ts')],
      },
    },
    files: [join(work, 'vendor.ts')],
  };
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(config));
  const { stdout } = await promisify(execFile)(process.execPath, [tsc, '--listFilesOnly', '-p', join(work, 'tsconfig.json')], {
    cwd: work, maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.split('\n').filter(Boolean).map((file) => relative(repo, file).split(sep).join('/'));
}

describe("a vendor's type-check of vpp-apple's contract", () => {
  it('reads the contract and the host api, and no file of the plugin\'s implementation', async () => {
    const files = await filesTypeCheckReads();
    expect(files.some((file) => file.startsWith('plugins/vpp-apple/api/'))).toBe(true);
    expect(files.filter((file) => file.startsWith('plugins/vpp-apple/src/'))).toEqual([]);
  }, 120_000);

  it('type-checks cleanly', async () => {
    const result = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', join(work, 'tsconfig.json')], { cwd: work })
      .then(() => 'ok', (error: { stdout?: string }) => error.stdout ?? String(error));
    expect(result).toBe('ok');
  }, 120_000);
});
