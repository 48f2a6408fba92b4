import { inject, injectable, InventoryFacetContribution, ViewContribution, type ContainerModuleLoadOptions, type PanelView } from '@vpp-host/api';
import { AssignmentsView } from './assignments-view.js';
import { CatalogView } from './catalog-view.js';
import { DashboardView } from './dashboard-view.js';
import { LicenseFacet } from './license-facet.js';
import { ReclaimView } from './reclaim-view.js';
import { TokensView } from './tokens-view.js';

/** The pages plugin.json declares: dashboard, tokens, catalog, assignments, unused licenses. */
@injectable()
export class VppPanelViews implements ViewContribution {
  readonly views: readonly PanelView[];

  constructor(
    @inject(DashboardView) dashboard: DashboardView,
    @inject(TokensView) tokens: TokensView,
    @inject(CatalogView) catalog: CatalogView,
    @inject(AssignmentsView) assignments: AssignmentsView,
    @inject(ReclaimView) reclaim: ReclaimView,
  ) {
    this.views = [dashboard, tokens, catalog, assignments, reclaim];
  }
}

/** The panel pages and the licenses facet on the inventory pages. */
export function bindPanel({ bind }: ContainerModuleLoadOptions): void {
  bind(DashboardView).toSelf().inSingletonScope();
  bind(TokensView).toSelf().inSingletonScope();
  bind(CatalogView).toSelf().inSingletonScope();
  bind(AssignmentsView).toSelf().inSingletonScope();
  bind(ReclaimView).toSelf().inSingletonScope();
  bind(VppPanelViews).toSelf().inSingletonScope();
  bind(ViewContribution).toService(VppPanelViews);
  bind(LicenseFacet).toSelf().inSingletonScope();
  bind(InventoryFacetContribution).toService(LicenseFacet);
}
