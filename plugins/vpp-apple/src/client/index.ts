export { AppleVppClient, APPLE_VPP_BASE_URL } from './apple-vpp-client.js';
export type { AppleVppClientOptions } from './apple-vpp-client.js';
export { MetadataLookupError } from './content-metadata.js';
export { AppleApiError, EventTimeoutError, MdmConflictError, WalkUnstableError, appleErrorKind } from './errors.js';
export { APPLE_ERRORS, AppleErrorNumber } from './error-numbers.js';
export type { RetryPolicy } from './retry-policy.js';
export { parseRetryAfterMs } from './retry-policy.js';
// The wire format and the client's contract types live in the plugin's api/: src imports them from there.
export type * from '../../api/apple-wire.js';
export { NOTIFICATION_TYPES } from '../../api/apple-wire.js';
export type * from '../../api/client.js';
