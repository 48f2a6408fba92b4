import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything `vpp-host start` printed on stdout up to its "Stop with Ctrl+C." line. */
  readonly banner: string;
  readonly url: string;
  readonly exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** A `vpp-host` command running as its own process, once it printed its ready line. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed on stdout up to its ready line. */
  readonly stdout: string;
  readonly exited: Promise<number | null>;
}

/** Runs the real `vpp-host ARGS` (of the checkout at root) as a user would and waits until stdout shows `ready`. */
export function startCliProcess(args: readonly string[], ready: string, env: NodeJS.ProcessEnv = {}, root = REPO_ROOT): Promise<CliProcess> {
  const child = spawn(process.execPath, ['bin/vpp-host.js', ...args], {
    cwd: root,
    env: { ...process.env, VPP_HOST_URL: '', VPP_HOST_TOKEN: '', ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(ready)) resolve({ child, stdout, exited });
    });
    void exited.then((code) => reject(new Error(`vpp-host ${args[0]} exited with ${code} before "${ready}":\n${stdout}\n${stderr}`)));
  });
}

/** Runs the real `vpp-host start ARGS` (of the checkout at root) as a user would and waits for its banner. */
export async function startHostProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, root = REPO_ROOT): Promise<HostProcess> {
  const { child, stdout, exited } = await startCliProcess(['start', ...args], 'Stop with Ctrl+C.', env, root);
  const url = /^vpp-host is running(?: in demo mode)?: (http:\/\/\S+)$/m.exec(stdout)?.[1] ?? '';
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, banner: stdout, url, exited, stop };
}
