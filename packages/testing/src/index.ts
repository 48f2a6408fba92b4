/**
 * @vpp-host/testing: a vendor's plugin tests run it in the real host, beside the bundled plugins.
 */
export { startTestHost } from './test-host.js';
export type * from './types.js';
