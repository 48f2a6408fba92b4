import { inject, injectable, route, type RouteContribution, type RouteDefinition, z } from '@vpp-host/api';
import { CatalogReader, TokenService } from '../../api/index.js';
import { SyncAll } from './sync-all.js';
import { SyncServiceImpl } from './sync-service.js';

const AssetsQuery = z.strictObject({
  tokenId: z.string().optional(),
  productType: z.enum(['App', 'Book']).optional(),
  search: z.string().optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const UntrackedQuery = z.strictObject({ tokenId: z.string().optional() });

/** Sync on demand, sync state, and the synced catalog over REST. */
@injectable()
export class SyncRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(
    @inject(SyncAll) syncAll: SyncAll,
    @inject(SyncServiceImpl) sync: SyncServiceImpl,
    @inject(TokenService) tokens: TokenService,
    @inject(CatalogReader) catalog: CatalogReader,
  ) {
    this.routes = [
      route({ method: 'POST', path: '/tokens/:id/sync', summary: 'Sync one token now; joins a sync already running', access: 'admin', handle: async ({ params }) => (await syncAll.run(params.id!))[0] }),
      route({ method: 'POST', path: '/sync', summary: 'Sync every token now', access: 'admin', handle: () => syncAll.run(undefined) }),
      route({
        method: 'GET',
        path: '/tokens/:id/sync',
        summary: "A token's sync state",
        access: 'read',
        // Wrapped: a bare object with a `status` field would be taken for the response itself.
        handle: async ({ params }) => sync.state(tokens.require(params.id!).id),
      }),
      route({
        method: 'GET',
        path: '/assets',
        summary: 'Synced apps and books with total, assigned, available and retired counts',
        access: 'read',
        query: AssetsQuery,
        handle: async ({ query }) => {
          const tokenId = query.tokenId !== undefined ? tokens.require(query.tokenId).id : undefined;
          return catalog.assets({ ...query, tokenId });
        },
      }),
      route({
        method: 'GET',
        path: '/untracked',
        summary: 'Assignments and users Apple holds that this product did not create, to adopt or revoke',
        access: 'read',
        query: UntrackedQuery,
        handle: async ({ query }) => catalog.untracked(query.tokenId !== undefined ? tokens.require(query.tokenId).id : undefined),
      }),
    ];
  }
}
