import { afterEach } from 'vitest';
import { createHarness, type Harness, type HarnessOptions } from './distribution-harness.js';

/**
 * Registers the calling test file's clean-up of a harness that a test restarts: the harness running now is closed,
 * then the first one's msw server, which the restarted ones share.
 */
export function useRestartableHarness(): {
  start(options: HarnessOptions): Promise<Harness>;
  /** Closes `previous` and starts the product again on its data directory, Apple simulator, msw server and clock. */
  restart(previous: Harness, options: HarnessOptions): Promise<Harness>;
} {
  let running: Harness | undefined;
  let server: Harness['server'] | undefined;
  afterEach(async () => {
    await running?.close();
    server?.close();
    running = server = undefined;
  });
  return {
    start: async (options) => {
      running = await createHarness(options);
      server = running.server;
      return running;
    },
    restart: async (previous, options) => {
      await previous.close();
      running = undefined;
      running = await createHarness({ ...options, dataDir: previous.dataDir, simulator: previous.simulator, server: previous.server, clock: previous.clock });
      return running;
    },
  };
}
