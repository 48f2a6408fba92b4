import { ContainerModule } from '@vpp-host/api';
import { bindAlerts } from './src/alerts/bind-alerts.js';
import { bindDemo, bindDemoApple } from './src/demo/bind-demo.js';
import { bindDistribution } from './src/distribution/distribution-module.js';
import { bindDistributionContract } from './src/invitations/distribution-contract.js';
import { bindInvitations } from './src/invitations/bind-invitations.js';
import { bindLocations } from './src/locations/bind-locations.js';
import { bindMigration } from './src/migration/bind-migration.js';
import { bindNotifications } from './src/notifications/bind-notifications.js';
import { bindPanel } from './src/panel/bind-panel.js';
import { bindSync } from './src/sync/bind-sync.js';
import { bindTokens } from './src/tokens/bind-tokens.js';

/**
 * The vpp-apple plugin: one binder per area. Lifecycle hooks run in this order, on start and on stop alike: the
 * demo's Apple comes up first (before anything talks to Apple), tokens open next, and the demo's set-up (which
 * stops its Apple) comes last; a new area adds its binder before the panel.
 */
export default new ContainerModule((options) => {
  bindDemoApple(options);
  bindTokens(options);
  bindSync(options);
  bindNotifications(options);
  bindLocations(options);
  bindDistribution(options);
  bindDistributionContract(options);
  bindInvitations(options);
  bindMigration(options);
  bindAlerts(options);
  bindPanel(options);
  bindDemo(options);
});
