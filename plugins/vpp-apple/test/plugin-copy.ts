import { cp, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const HOST_DIR = fileURLToPath(new URL('../../../host', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/**
 * A temporary root holding `plugins/vpp-apple` (a copy: the loader refuses plugin folders that link out of their
 * directory), links to the host and the packages beside it so the plugin's imports resolve as in the
 * repository, and the compiler settings inversify needs outside it.
 */
export async function copyPlugin(): Promise<{ root: string; pluginsDir: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'vpp-apple-'));
  const pluginsDir = path.join(root, 'plugins');
  await mkdir(pluginsDir);
  await cp(PLUGIN_DIR, path.join(pluginsDir, 'vpp-apple'), { recursive: true });
  await symlink(HOST_DIR, path.join(root, 'host'));
  await symlink(NODE_MODULES, path.join(root, 'node_modules'));
  await writeFile(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', experimentalDecorators: true, strict: true } }),
  );
  return { root, pluginsDir };
}
