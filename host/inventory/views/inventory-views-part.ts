import { Inventory } from '../../api/inventory.js';
import { ViewDeclarationSchema } from '../../api/manifest.js';
import { ViewContribution } from '../../api/views.js';
import type { HostPart } from '../../runtime/host-part.js';
import { MembershipEdits } from '../membership-edits.js';
import { DevicesView } from './devices-view.js';
import { GroupsView } from './groups-view.js';
import { InventoryFacets } from './inventory-facets.js';
import { INVENTORY_VIEW_DECLARATIONS } from './inventory-view-declarations.js';
import { UsersView } from './users-view.js';

/** The panel's inventory pages (users, groups, devices, device groups), with the facets plugins add to them. */
export const inventoryViewsPart: HostPart = {
  name: 'inventory-views',
  contributes: { views: INVENTORY_VIEW_DECLARATIONS.map((declaration) => ViewDeclarationSchema.parse(declaration)) },

  async open({ container, plugins, logger }) {
    const inventory = container.get<Inventory>(Inventory);
    const edits = container.get(MembershipEdits);
    const facets = new InventoryFacets(plugins, logger);
    container.bind<ViewContribution>(ViewContribution).toConstantValue({
      views: [
        new UsersView(inventory, edits, facets),
        new GroupsView('user-group', inventory, edits, facets),
        new DevicesView(inventory, edits, facets),
        new GroupsView('device-group', inventory, edits, facets),
      ],
    });
    return {};
  },
};
