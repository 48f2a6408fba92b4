export { AppleVppClient, APPLE_VPP_BASE_URL } from './apple-vpp-client.js';
export type {
  AppleVppClientOptions,
  AssetTargets,
  AssetsWalkOptions,
  AssignmentsWalkOptions,
  BatchOutcome,
  CheckOptions,
  SubmittedEvent,
  UsersWalkOptions,
} from './apple-vpp-client.js';
export { MetadataLookupError } from './content-metadata.js';
export type { ContentMetadata, MetadataLookupOptions } from './content-metadata.js';
export { AppleApiError, EventTimeoutError, MdmConflictError, WalkUnstableError, appleErrorKind } from './errors.js';
export type { AppleErrorKind } from './errors.js';
export { APPLE_ERRORS, AppleErrorNumber } from './error-numbers.js';
export type { EventOutcome, ItemFailure } from './event-outcome.js';
export type { NotifiedOutcome, WaitForEventOptions } from './event-waiter.js';
export type { WalkOptions, WalkResult, WalkedPage } from './page-walker.js';
export type { RetryPolicy } from './retry-policy.js';
export { parseRetryAfterMs } from './retry-policy.js';
export type * from './wire.js';
export { NOTIFICATION_TYPES } from './wire.js';
