import { Clock, inject, injectable, type RouteContribution, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService, type ProductType, type SyncedAsset, type TokenRecord } from '@vpp-host/plugins/vpp-apple/api';
import { GraphError } from './graph-errors.js';
import { GRAPH_PREFIX, graphRoute, originOf } from './graph-route.js';
import { graphTypeOf, vppApp, vppEBook, vppToken, type GraphVersion } from './graph-objects.js';
import { IntuneAssignments, type Collection } from './intune-assignments.js';
import { collectionPage, collectionQuery, expandsAssignments, selected, type GraphObject, type Listing } from './odata.js';

const VERSIONS: readonly GraphVersion[] = ['beta', 'v1.0'];
/** `getLicensesForApp(bundleId='com.example.app')`, a function in the place of a token's id. */
const LICENSES_FOR_APP = /^getLicensesForApp\(bundleId='([^']{1,300})'\)$/;

/** Graph's deviceAppManagement paths below `/{version}/`, read from the core through vpp-apple's contract. */
@injectable()
export class GraphRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Clock) private readonly clock: Clock,
    @inject(IntuneAssignments) private readonly assignments: IntuneAssignments,
  ) {
    this.routes = VERSIONS.flatMap((version) => this.routesOf(version));
  }

  private routesOf(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement`;
    const read = (path: string, summary: string, answer: (request: RouteRequest) => unknown): RouteDefinition =>
      graphRoute(this.clock, { method: 'GET', path: `${base}${path}`, summary: `Graph ${version}: ${summary}`, access: 'read', handle: async (request) => answer(request) });
    return [
      read('/vppTokens', 'list the VPP tokens', (request) => this.page(this.vppTokens(version), request, version, 'vppTokens')),
      read('/vppTokens/:id', "get a VPP token; also Graph's function getLicensesForApp(bundleId='…')", ({ params }) =>
        LICENSES_FOR_APP.test(params.id!) ? this.licensesForApp(LICENSES_FOR_APP.exec(params.id!)![1]!) : this.vppToken(params.id!, version),
      ),
      graphRoute(this.clock, {
        method: 'POST',
        path: `${base}/vppTokens/:id/syncLicenses`,
        summary: `Graph ${version}: sync a VPP token's licenses with Apple`,
        access: 'admin',
        handle: async ({ params }) => {
          const answer = this.vppToken(params.id!, version);
          void this.sync.sync(answer.id).catch(() => undefined);
          return this.vppToken(answer.id, version);
        },
      }),
      read('/mobileApps', 'list the VPP apps', (request) => this.page(this.items('App', version), request, version, 'mobileApps')),
      read('/mobileApps/:id', 'get a VPP app', (request) => this.expanded('mobileApps', this.item('App', request.params.id!, version), request)),
      read('/managedEBooks', 'list the VPP books', (request) => this.page(this.items('Book', version), request, version, 'managedEBooks')),
      read('/managedEBooks/:id', 'get a VPP book', (request) => this.expanded('managedEBooks', this.item('Book', request.params.id!, version), request)),
    ];
  }

  private vppTokens(version: GraphVersion): Listing<TokenRecord> {
    return { records: this.tokens.list(), typeOf: () => '#microsoft.graph.vppToken', objectOf: (token) => vppToken(token, this.sync.state(token.id), version) };
  }

  /** Each location holding the app, with its counts: Graph's `getLicensesForApp(bundleId='…')`. */
  private licensesForApp(bundleId: string): unknown {
    const value = this.catalog
      .assets({ productType: 'App', limit: Number.MAX_SAFE_INTEGER })
      .items.filter((asset) => asset.bundleId === bundleId)
      .map((asset) => ({
        vppTokenId: asset.tokenId,
        appleId: null,
        organizationName: this.tokens.get(asset.tokenId)?.orgName ?? null,
        availableLicenseCount: asset.availableCount,
        usedLicenseCount: asset.assignedCount,
      }));
    return { value };
  }

  private vppToken(id: string, version: GraphVersion): GraphObject {
    const token = this.tokens.get(id);
    if (!token) throw new GraphError(404, `No vppToken with id '${id.slice(0, 100)}'.`);
    return vppToken(token, this.sync.state(token.id), version);
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

  private async page<T>(listing: Listing<T>, request: RouteRequest, version: GraphVersion, collection: Collection | 'vppTokens'): Promise<unknown> {
    const options = request.query as Record<string, string>;
    const query = collectionQuery(options);
    const { $skiptoken: _previous, ...kept } = options;
    const self = { url: `${originOf(request.headers)}${GRAPH_PREFIX}/${version}/deviceAppManagement/${collection}`, query: kept };
    const page = collectionPage(listing, query, self, `https://graph.microsoft.com/${version}/$metadata#deviceAppManagement/${collection}`);
    if (query.expandAssignments && collection !== 'vppTokens') {
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
