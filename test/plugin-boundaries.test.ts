import { existsSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { manifest, tempDir, writePlugins } from './support/plugin-fixture.js';

// The rules that hold only under the real `vpp-host` process: its loader hooks, its exit after stop.
const children: HostProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const host of children.splice(0)) if (host.child.exitCode === null) host.child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** onStart runs `body`; `dataDir` is the host's data directory. */
function starting(body: string, imports = ''): string {
  return `
import { ContainerModule, HostEnvironment, LifecycleContribution, inject, injectable } from '@vpp-host/api';
${imports}
@injectable()
class Start implements LifecycleContribution {
  constructor(@inject(HostEnvironment) private readonly environment: HostEnvironment) {}
  async onStart() {
    const dataDir = this.environment.dataDir;
    ${body}
  }
}
export default new ContainerModule(({ bind }) => { bind(LifecycleContribution).to(Start).inSingletonScope(); });
`;
}

describe('a plugin in the real host process', () => {
  it('cannot import from outside its folder, restarts with its new code (REST included), and cannot keep the host alive with a leaked timer', async () => {
    const root = await tempDir('boundaries');
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    const pluginsDir = path.join(root, 'plugins');
    await writePlugins(pluginsDir, [
      { manifest: manifest('leaky'), code: starting(`setInterval(() => undefined, 60_000);`) },
      { manifest: manifest('escaper'), code: starting(`void stolen;`, `import { stolen } from '../outside.js';`) },
      { manifest: manifest('nosy'), code: starting(`void MailApi;`, `import { MailApi } from '@vpp-host/plugins/mail/api';`) },
      {
        manifest: manifest('reloadable'),
        code: `
import { ContainerModule, RouteContribution, route } from '@vpp-host/api';
import { value } from './src/value.js';
export default new ContainerModule(({ bind }) => {
  bind(RouteContribution).toConstantValue({ routes: [route({ method: 'GET', path: '/value', summary: 'The value its code holds', access: 'read', handle: async () => ({ value }) })] });
});
`,
      },
    ]);
    await writeFile(path.join(pluginsDir, 'outside.ts'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(path.join(root, 'outside-ran'))}, 'yes');\nexport const stolen = 1;\n`);
    await mkdir(path.join(pluginsDir, 'reloadable', 'src'));
    await writeFile(path.join(pluginsDir, 'reloadable', 'src', 'value.ts'), `export const value = 'first';\n`);

    const host = await startHostProcess(['--port', '0', '--hostname', '127.0.0.1', '--data-dir', dataDir, '--plugins-dir', pluginsDir], { VPP_HOST_DISABLED_PLUGINS: 'vpp-apple,mail' });
    children.push(host);
    let stderr = '';
    host.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const listed = await runCli(['plugins', '--json', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    const statuses = JSON.parse(listed.stdout) as { id: string; state: string; error?: string }[];
    const status = (id: string) => statuses.find((s) => s.id === id);
    expect(status('escaper')).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Plugin file index\.ts \(in .*escaper\/\) imports "\.\.\/outside\.js", which is .*plugins\/outside\.ts, outside the plugin's folder; refused$/) });
    expect(existsSync(path.join(root, 'outside-ran'))).toBe(false);
    expect(status('nosy')).toMatchObject({ state: 'failed', error: expect.stringContaining('imports "@vpp-host/plugins/mail/api", but the manifest does not list "mail" in its dependencies; refused') });
    expect(status('leaky')?.state).toBe('started');
    const { token } = JSON.parse(await readFile(path.join(dataDir, 'cli.json'), 'utf8')) as { token: string };
    const valueServed = async () => ((await (await fetch(`${host.url}/api/plugins/reloadable/value`, { headers: { authorization: `Bearer ${token}` } })).json()) as { value: string }).value;
    expect(await valueServed()).toBe('first');

    await writeFile(path.join(pluginsDir, 'reloadable', 'src', 'value.ts'), `export const value = 'second';\n`);
    const restarted = await runCli(['plugins', 'restart', 'reloadable', '--data-dir', dataDir]);
    expect(restarted).toMatchObject({ code: 0, stdout: expect.stringContaining('Restarted "reloadable": 1 started') });
    expect(await valueServed()).toBe('second');

    host.child.kill('SIGTERM');
    const exited = await Promise.race([host.exited, new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000))]);
    expect(exited).toBe(0);
    expect(stderr).toMatch(/the host stopped, but handles are still open after 3000 ms: Timeout opened by plugin "leaky" \(in all: .*Timeout.*\); exiting anyway/);
  });
});
