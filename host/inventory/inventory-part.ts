import { SYSTEM_ACTOR } from '../api/actor.js';
import { CommandContribution } from '../api/commands.js';
import { RouteContribution } from '../api/http.js';
import { Inventory } from '../api/inventory.js';
import type { HostPart } from '../runtime/host-part.js';
import { seedDemoDirectory } from './demo-directory.js';
import { DirectorySync } from './directory-sync.js';
import { INVENTORY_COMMAND_DECLARATIONS, inventoryCommands } from './inventory-commands.js';
import { inventoryRoutes } from './inventory-routes.js';
import { InventoryService } from './inventory-service.js';
import { MembershipEdits } from './membership-edits.js';

/**
 * The host's own records of people and devices: the Inventory service for plugins, its REST API and commands, the
 * directory sync over every bound DirectoryProvider, and the demo organisation when started with --demo.
 */
export const inventoryPart: HostPart = {
  name: 'inventory',
  contributes: { commands: INVENTORY_COMMAND_DECLARATIONS },

  async open({ container, storage, clock, audit, plugins, logger, options }) {
    const hostAudit = audit.forSource('host');
    const inventory = await InventoryService.open(storage, clock, hostAudit);
    const sync = new DirectorySync(inventory, plugins, hostAudit, logger);
    container.bind<Inventory>(Inventory).toConstantValue(inventory);
    const edits = new MembershipEdits(inventory, plugins);
    container.bind(MembershipEdits).toConstantValue(edits);
    container.bind<RouteContribution>(RouteContribution).toConstantValue({ routes: inventoryRoutes(inventory, sync, edits) });
    container.bind<CommandContribution>(CommandContribution).toConstantValue({ commands: inventoryCommands(inventory, sync, edits) });
    if (options.demo) {
      const seeded = await seedDemoDirectory(inventory, { ...SYSTEM_ACTOR, name: 'Demo directory' });
      if (seeded) logger.info('Seeded the demo directory', { ...seeded });
    }
    return {
      stop: async () => inventory.dispose(),
    };
  },
};
