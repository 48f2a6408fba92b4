import type { CliIo } from './cli-io.js';
import { usageError, type ExitCode } from './cli-failure.js';

/**
 * `vpp-host apple-simulator`: vpp-apple's simulator served on its own, without a host. Loaded only for this command
 * (the simulator brings msw along).
 */
export async function runAppleSimulatorCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { AppleSimulatorUsageError, runAppleSimulator } = await import('../../plugins/vpp-apple/src/simulator/standalone.js');
  try {
    return await runAppleSimulator(argv, io);
  } catch (error) {
    if (error instanceof AppleSimulatorUsageError) throw usageError(error.message);
    throw error;
  }
}
