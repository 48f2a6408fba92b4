import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDemoOrganisation } from './demo-organisation.js';
import { AppleVppSimulator } from './model.js';
import { startAppleSimulatorServer } from './server.js';
import { SimulatorStateFile } from './state-file.js';
import { systemClock } from './system-clock.js';

export const APPLE_SIMULATOR_USAGE = `Usage: vpp-host apple-simulator [--port N] [--state FILE] [--demo]

Serves the Apple simulator on its own, so several hosts (or a host and another product) can share one Apple, and a
host can be restarted against an Apple that remembers. Point a host at it with VPP_APPLE_BASE_URL (or the vpp-apple
setting appleApiBaseUrl). Needs no running host. Stops with Ctrl+C (or SIGTERM), saving its state first.
  --port N      Port on 127.0.0.1 (default 0: a free one)
  --state FILE  Keep Apple's state in FILE (mode 0600) across restarts; without it the state is lost at exit
  --demo        Start with the demo organisation (two locations) when there is no state yet`;

/** Bad usage of `apple-simulator`: the CLI reports it on one line and exits 2. */
export class AppleSimulatorUsageError extends Error {}

export interface AppleSimulatorOptions {
  readonly port: number;
  readonly stateFile?: string;
  readonly demo: boolean;
}

interface Output {
  write(text: string): unknown;
}

/** Undefined for `--help`. */
export function parseAppleSimulatorArgs(argv: readonly string[]): AppleSimulatorOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { port: { type: 'string' }, state: { type: 'string' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new AppleSimulatorUsageError(`${(error as Error).message.split('. ')[0]} (see \`vpp-host apple-simulator --help\`)`);
  }
  const { values } = parsed;
  if (values.help) return undefined;
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '0') || port > 65_535) {
    throw new AppleSimulatorUsageError(`--port must be a number from 0 to 65535, not "${(values.port ?? '').slice(0, 40)}"`);
  }
  if (values.state === '') throw new AppleSimulatorUsageError('--state needs a file name');
  return { port, demo: values.demo ?? false, ...(values.state !== undefined ? { stateFile: path.resolve(values.state) } : {}) };
}

export interface RunningAppleSimulator {
  readonly baseUrl: string;
  /** Each location's name and the `.vpptoken` file written for it. */
  readonly locations: ReadonlyArray<{ readonly uId: string; readonly name: string; readonly tokenFile: string }>;
  /** Saves the state and stops serving. */
  stop(): Promise<void>;
}

/**
 * Starts the simulator from its state file (or empty, or with the demo organisation) and writes each location's
 * `.vpptoken` file (mode 0600) next to the state file, or into a new temp folder (removed at stop) without one.
 */
export async function startStandaloneAppleSimulator(options: AppleSimulatorOptions, onError: (error: unknown) => void): Promise<RunningAppleSimulator> {
  // Local use only, so Apple's notifications may go to a host over plain http.
  const simulator = new AppleVppSimulator({ clock: systemClock, requireHttpsNotificationUrl: false });
  let stateFile: SimulatorStateFile | undefined;
  if (options.stateFile !== undefined) {
    await mkdir(path.dirname(options.stateFile), { recursive: true, mode: 0o700 });
    ({ stateFile } = await SimulatorStateFile.open(options.stateFile, simulator, { seed: () => options.demo && addDemoOrganisation(simulator), onError }));
  } else if (options.demo) {
    addDemoOrganisation(simulator);
  }
  const tokenDir = options.stateFile !== undefined ? path.dirname(options.stateFile) : await mkdtemp(path.join(tmpdir(), 'vpp-apple-simulator-'));
  const locations = [];
  for (const location of simulator.locations()) {
    const tokenFile = path.join(tokenDir, `${location.identity.uId}.vpptoken`);
    await writeFile(tokenFile, location.identity.sToken, { mode: 0o600 });
    // A file left from an earlier start keeps its mode through writeFile.
    await chmod(tokenFile, 0o600);
    locations.push({ uId: location.identity.uId, name: location.identity.locationName, tokenFile });
  }
  const server = await startAppleSimulatorServer(simulator, { port: options.port });
  return {
    baseUrl: server.baseUrl,
    locations,
    stop: async () => {
      await server.dispose();
      await stateFile?.flush();
      await stateFile?.dispose();
      // Without a state file the tokens die with this Apple.
      if (options.stateFile === undefined) await rm(tokenDir, { recursive: true, force: true });
    },
  };
}

/** `vpp-host apple-simulator`: serves until SIGINT or SIGTERM, then saves and resolves 0. */
export async function runAppleSimulator(argv: readonly string[], io: { stdout: Output; stderr: Output }): Promise<0> {
  const options = parseAppleSimulatorArgs(argv);
  if (!options) {
    io.stdout.write(`${APPLE_SIMULATOR_USAGE}\n`);
    return 0;
  }
  const running = await startStandaloneAppleSimulator(options, (error) => io.stderr.write(`Could not save the simulator state: ${String(error)}\n`));
  io.stdout.write(
    [
      `Apple simulator listening: ${running.baseUrl}`,
      `  state     ${options.stateFile ?? '(not kept)'}`,
      ...(running.locations.length === 0 ? ['  no locations (start with --demo for the demo organisation)'] : []),
      ...running.locations.map((location) => `  location  ${location.name} (${location.uId}): ${location.tokenFile}`),
      `Point a host at it: VPP_APPLE_BASE_URL=${running.baseUrl}`,
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.stop();
  return 0;
}
