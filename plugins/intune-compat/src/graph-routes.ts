import { Clock, inject, injectable, route, type RouteContribution, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService, type ProductType, type SyncedAsset } from '@vpp-host/plugins/vpp-apple/api';
import { GraphError, graphErrorResponse } from './graph-errors.js';
import { vppApp, vppEBook, vppToken, type GraphVersion } from './graph-objects.js';
import { collectionPage, collectionQuery, type GraphObject } from './odata.js';

const VERSIONS: readonly GraphVersion[] = ['beta', 'v1.0'];
const PREFIX = '/api/plugins/intune-compat';

/** Graph's deviceAppManagement paths below `/{version}/`, read from the core through vpp-apple's contract. */
@injectable()
export class GraphRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.routes = VERSIONS.flatMap((version) => this.routesOf(version));
  }

  private routesOf(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement`;
    const read = (path: string, summary: string, answer: (request: RouteRequest) => unknown): RouteDefinition =>
      route({ method: 'GET', path: `${base}${path}`, summary: `Graph ${version}: ${summary}`, access: 'read', handle: async (request) => this.graph(() => answer(request)) });
    return [
      read('/vppTokens', 'list the VPP tokens', (request) => this.page(this.vppTokens(version), request, version, 'vppTokens')),
      read('/vppTokens/:id', 'get a VPP token', ({ params }) => this.vppToken(params.id!, version)),
      route({
        method: 'POST',
        path: `${base}/vppTokens/:id/syncLicenses`,
        summary: `Graph ${version}: sync a VPP token's licenses with Apple`,
        access: 'admin',
        handle: async ({ params }) =>
          this.graph(() => {
            const answer = this.vppToken(params.id!, version);
            void this.sync.sync(answer.id).catch(() => undefined);
            return this.vppToken(answer.id, version);
          }),
      }),
      read('/mobileApps', 'list the VPP apps', (request) => this.page(this.items('App', version), request, version, 'mobileApps')),
      read('/mobileApps/:id', 'get a VPP app', ({ params }) => this.item('App', params.id!, version)),
      read('/managedEBooks', 'list the VPP books', (request) => this.page(this.items('Book', version), request, version, 'managedEBooks')),
      read('/managedEBooks/:id', 'get a VPP book', ({ params }) => this.item('Book', params.id!, version)),
    ];
  }

  /** Answers a GraphError in Graph's shape; anything else is the host's to answer. */
  private graph(answer: () => unknown): unknown {
    try {
      return answer();
    } catch (error) {
      if (error instanceof GraphError) return graphErrorResponse(error, this.clock);
      throw error;
    }
  }

  private vppTokens(version: GraphVersion): GraphObject[] {
    return this.tokens.list().map((token) => vppToken(token, this.sync.state(token.id), version));
  }

  private vppToken(id: string, version: GraphVersion): GraphObject {
    const token = this.tokens.get(id);
    if (!token) throw new GraphError(404, `No vppToken with id '${id.slice(0, 100)}'.`);
    return vppToken(token, this.sync.state(token.id), version);
  }

  private items(productType: ProductType, version: GraphVersion): GraphObject[] {
    return this.catalog.assets({ productType, limit: Number.MAX_SAFE_INTEGER }).items.map((asset) => this.itemObject(asset, version));
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

  private page(objects: GraphObject[], request: RouteRequest, version: GraphVersion, collection: string): unknown {
    const options = request.query as Record<string, string>;
    const query = collectionQuery(options);
    const { $skiptoken: _previous, ...kept } = options;
    const self = { url: `${origin(request.headers)}${PREFIX}/${version}/deviceAppManagement/${collection}`, query: kept };
    return collectionPage(objects, query, self, `https://graph.microsoft.com/${version}/$metadata#deviceAppManagement/${collection}`);
  }
}

/** The address the client used, for absolute next links. */
function origin(headers: Headers): string {
  const protocol = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${protocol}://${headers.get('host') ?? '127.0.0.1'}`;
}
