import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { REPO_ROOT } from '../../../test/support/host-process.js';

export { REPO_ROOT };
export const FIXTURE_PLUGINS = fileURLToPath(new URL('../../commands/test-fixtures/plugins/', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `vpp-host` bin as a child process, as a user or a script would. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/vpp-host.js', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, VPP_HOST_URL: '', VPP_HOST_TOKEN: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
