import { AppleVppClient, type AppleVppClientOptions } from '../../client/index.js';
import { AppleVppSimulator, type AppleVppSimulatorOptions, type LocationSpec } from '../model.js';
import { InstantClock } from './instant-clock.js';
import { MemoryLogger } from './memory-logger.js';

export const TEST_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** A small location: two apps (one with 2 licenses), one book, three users. */
export const TEST_LOCATION: LocationSpec = {
  uId: '2049025000431439',
  locationName: 'Test Location',
  orgName: 'Test Org',
  assets: [
    { adamId: '100', productType: 'App', totalCount: 10 },
    { adamId: '200', productType: 'App', totalCount: 2 },
    { adamId: '900', productType: 'Book', totalCount: 5 },
  ],
  users: [
    { clientUserId: 'u1', email: 'u1@example.com', status: 'Associated' },
    { clientUserId: 'u2', email: 'u2@example.com', status: 'Associated' },
    { clientUserId: 'u3', email: 'u3@example.com' },
  ],
};

export interface ContractFixture {
  readonly clock: InstantClock;
  readonly simulator: AppleVppSimulator;
  readonly sToken: string;
  readonly uId: string;
  readonly logger: MemoryLogger;
  client(options?: Partial<AppleVppClientOptions>): AppleVppClient;
}

/** A simulator with one location and a way to make clients for it, on an instant clock. */
export function createContractFixture(
  options: { simulator?: Partial<AppleVppSimulatorOptions>; location?: LocationSpec } = {},
): ContractFixture {
  const clock = new InstantClock();
  const simulator = new AppleVppSimulator({ clock, ...options.simulator });
  const { sToken, uId } = simulator.addLocation(options.location ?? TEST_LOCATION);
  const logger = new MemoryLogger();
  return {
    clock,
    simulator,
    sToken,
    uId,
    logger,
    client: (overrides) =>
      new AppleVppClient({ sToken, clock, logger, baseUrl: TEST_BASE_URL, random: () => 0.5, eventPollIntervalMs: 1000, ...overrides }),
  };
}
