import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PluginFixture {
  readonly manifest: Record<string, unknown>;
  /** The source of index.ts; it imports '@vpp-host/api' like a vendor's plugin. */
  readonly code: string;
  /** Folder name; the manifest's id when absent. */
  readonly folder?: string;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `vpp-${prefix}-`));
}

/** What docs/plugins.md tells a vendor to use: legacy decorators for inversify, no emitted metadata. */
export const VENDOR_TSCONFIG = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', experimentalDecorators: true, strict: true } };

/** Writes plugin folders as a vendor would ship them: package.json (ESM), tsconfig.json, plugin.json, index.ts. */
export async function writePlugins(directory: string, plugins: readonly PluginFixture[]): Promise<string> {
  for (const plugin of plugins) {
    const folder = path.join(directory, plugin.folder ?? String(plugin.manifest.id));
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(path.join(folder, 'tsconfig.json'), JSON.stringify(VENDOR_TSCONFIG));
    await writeFile(path.join(folder, 'plugin.json'), JSON.stringify({ main: 'index.ts', engines: { host: '^1.0.0' }, version: '1.0.0', ...plugin.manifest }));
    await writeFile(path.join(folder, 'index.ts'), plugin.code);
  }
  return directory;
}

export function manifest(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, displayName: id, ...extra };
}

/** A module that records its lifecycle in a global list, so a test can read the order across plugins. */
export function recordingModule(id: string, options: { failOnStart?: boolean; disposables?: number } = {}): string {
  return `
import { ContainerModule, LifecycleContribution, PluginContext, inject, injectable, toDisposable } from '@vpp-host/api';
const events = ((globalThis as any).__pluginEvents ??= []);
@injectable()
class Lifecycle implements LifecycleContribution {
  constructor(@inject(PluginContext) private readonly context: PluginContext) {}
  onStart() {
    events.push('start:${id}');
    for (let i = 1; i <= ${options.disposables ?? 0}; i++) this.context.subscriptions.push(toDisposable(() => { events.push('dispose:${id}:' + i); }));
    ${options.failOnStart ? `throw new Error('${id} cannot start: no licence server');` : ''}
  }
  onStop() { events.push('stop:${id}'); }
}
export default new ContainerModule(({ bind }) => {
  bind(LifecycleContribution).to(Lifecycle).inSingletonScope();
});
`;
}
