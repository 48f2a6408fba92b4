/**
 * vpp-apple's contract: what other plugins (and this plugin's distribution and invitation code) may use.
 * Records here never carry a token's secret.
 */

export type * from './apple-wire.js';
export { NOTIFICATION_TYPES } from './apple-wire.js';
export type * from './client.js';
export * from './tokens.js';
export * from './sync.js';
export * from './catalog.js';
export * from './notifications.js';
export * from './distribution.js';
export * from './invitations.js';
export * from './migration.js';
export * from './locations.js';
export * from './rules.js';
