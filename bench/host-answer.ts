import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs `vpp-host start ARGS` as a user would and returns the milliseconds until `path` on the address it prints
 * answers as `answered` wants; the host is stopped before this resolves.
 */
export async function timeToAnswer(args: readonly string[], env: NodeJS.ProcessEnv, route: string, answered: (response: Response) => boolean): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repo, 'bin/vpp-host.js'), 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /https?:\/\/[\w.[\]:-]+:\d+/.exec(out);
        if (found) resolve(found[0]);
      });
      child.on('exit', (code) => reject(new Error(`host exited with ${code} before printing its address`)));
    });
    for (;;) {
      const answer = await fetch(`${url}${route}`).catch(() => undefined);
      if (answer && answered(answer)) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
