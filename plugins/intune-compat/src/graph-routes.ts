import { Clock, inject, injectable, type RouteContribution, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { CatalogReader, TokenService, type ProductType, type SyncedAsset } from '@vpp-host/plugins/vpp-apple/api';
import { GraphError } from './graph-errors.js';
import { graphPage, graphRoute } from './graph-route.js';
import { GRAPH_VERSIONS, graphTypeOf, vppApp, vppEBook, type GraphVersion } from './graph-objects.js';
import { IntuneAssignments, type Collection } from './intune-assignments.js';
import { expandsAssignments, selected, type GraphObject, type Listing } from './odata.js';

/** Graph's mobileApps and managedEBooks below `/{version}/deviceAppManagement`, read from the core through vpp-apple's contract (vppTokens: TokenRoutes). */
@injectable()
export class GraphRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Clock) private readonly clock: Clock,
    @inject(IntuneAssignments) private readonly assignments: IntuneAssignments,
  ) {
    this.routes = GRAPH_VERSIONS.flatMap((version) => this.routesOf(version));
  }

  private routesOf(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement`;
    const read = (path: string, summary: string, answer: (request: RouteRequest) => unknown): RouteDefinition =>
      graphRoute(this.clock, { method: 'GET', path: `${base}${path}`, summary: `Graph ${version}: ${summary}`, access: 'read', handle: async (request) => answer(request) });
    return [
      read('/mobileApps', 'list the VPP apps', (request) => this.page(this.items('App', version), request, version, 'mobileApps')),
      read('/mobileApps/:id', 'get a VPP app', (request) => this.expanded('mobileApps', this.item('App', request.params.id!, version), request)),
      read('/managedEBooks', 'list the VPP books', (request) => this.page(this.items('Book', version), request, version, 'managedEBooks')),
      read('/managedEBooks/:id', 'get a VPP book', (request) => this.expanded('managedEBooks', this.item('Book', request.params.id!, version), request)),
    ];
  }

  private items(productType: ProductType, version: GraphVersion): Listing<SyncedAsset> {
    return {
      records: this.catalog.assets({ productType, limit: Number.MAX_SAFE_INTEGER }).items,
      typeOf: graphTypeOf,
      objectOf: (asset) => this.itemObject(asset, version),
    };
  }

  private item(productType: ProductType, id: string, version: GraphVersion): GraphObject {
    const asset = this.catalog.assets({ productType, limit: Number.MAX_SAFE_INTEGER }).items.find((candidate) => candidate.id === id);
    if (!asset) throw new GraphError(404, `No ${productType === 'App' ? 'mobileApp' : 'managedEBook'} with id '${id.slice(0, 100)}'.`);
    return this.itemObject(asset, version);
  }

  private itemObject(asset: SyncedAsset, version: GraphVersion): GraphObject {
    const token = this.tokens.get(asset.tokenId);
    return asset.productType === 'Book' ? vppEBook(asset, token) : vppApp(asset, token, version);
  }

  private async page<T>(listing: Listing<T>, request: RouteRequest, version: GraphVersion, collection: Collection): Promise<unknown> {
    const { page, query } = graphPage(listing, request, version, collection);
    if (query.expandAssignments) {
      page.value = await Promise.all((page.value as GraphObject[]).map(async (object) => ({ ...object, assignments: await this.assignments.list(collection, object.id) })));
    }
    return page;
  }

  /** An app or book with its assignments when `$expand=assignments` asks for them. */
  private async expanded(collection: Collection, object: GraphObject, request: RouteRequest): Promise<GraphObject> {
    const options = request.query as Record<string, string>;
    const select = options.$select?.split(',').map((field) => field.trim());
    const shown = selected(object, select);
    return expandsAssignments(options) ? { ...shown, assignments: await this.assignments.list(collection, object.id) } : shown;
  }
}
