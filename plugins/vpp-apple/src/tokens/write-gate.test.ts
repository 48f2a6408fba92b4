import { describe, expect, it } from 'vitest';
import { AppleVppClient } from '../client/index.js';
import { WRITE_METHODS } from './write-gate.js';

/** Methods that only read from Apple or only touch the client itself; anything else must be gated as a write. */
const READS = new Set([
  'constructor',
  'setExpectedMdmId',
  'getServiceConfig',
  'getLimits',
  'getClientConfig',
  'getAssets',
  'getAssignments',
  'getUsers',
  'getEventStatus',
  'lookupMetadata',
  'storefrontOf',
  'rememberStorefront',
  'walkAssignments',
  'walkUsers',
  'walkAssets',
  'waitForEvent',
  'waitForEvents',
  'notifyEvent',
  'dispose',
  'call',
  'manageAssets',
  'manageUsers',
  'submitEach',
]);

describe('the write gate', () => {
  it('knows every method of the Apple client as a read or a write, so a new write cannot slip past it', () => {
    const methods = Object.getOwnPropertyNames(AppleVppClient.prototype);
    const unclassified = methods.filter((name) => !READS.has(name) && !WRITE_METHODS.has(name));
    expect(unclassified).toEqual([]);
    expect([...WRITE_METHODS].filter((name) => !methods.includes(name))).toEqual([]);
  });
});
