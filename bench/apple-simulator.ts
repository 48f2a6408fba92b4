// Apple's simulator for the benches, run in a child process (apple-simulator.child.ts) so that a stand-in for Apple's
// remote service does not compete with the host for the CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The child's one stdout line once it listens. */
export interface AppleSimulatorStarted {
  /** The base URL for VPP_APPLE_BASE_URL. */
  readonly baseUrl: string;
  /** The location's token file content, for TokenService.add. */
  readonly sToken: string;
  readonly uId: string;
}

export interface AppleSimulatorRequest {
  readonly id: number;
  /** Counts the requests whose path ends so and that Apple answered with 200. */
  readonly pathEnding: string;
}

export interface AppleSimulatorReply {
  readonly id: number;
  readonly succeeded: number;
}

export interface AppleSimulatorProcess extends AppleSimulatorStarted {
  /** How many requests to a path ending in `pathEnding` succeeded so far. */
  succeededRequests(pathEnding: string): Promise<number>;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startAppleSimulatorProcess(): Promise<AppleSimulatorProcess> {
  // The IPC channel closes when the bench exits, however it exits, and the child exits with it.
  const child = spawn(process.execPath, [path.join(here, '..', 'bin', 'run-ts.js'), path.join(here, 'apple-simulator.child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const started = await new Promise<AppleSimulatorStarted>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Apple's simulator exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as AppleSimulatorStarted));
  });
  let nextId = 0;
  return {
    ...started,
    succeededRequests: (pathEnding) =>
      new Promise((resolve) => {
        const id = nextId++;
        const onMessage = (reply: AppleSimulatorReply) => {
          if (reply.id !== id) return;
          child.off('message', onMessage);
          resolve(reply.succeeded);
        };
        child.on('message', onMessage);
        child.send({ id, pathEnding } satisfies AppleSimulatorRequest);
      }),
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.disconnect();
  });
}
