import { DryRunQuery, inject, injectable, isDryRun, respond, route, type RouteContribution, type RouteDefinition, z } from '@vpp-host/api';
import { TokenDeletion } from './token-deletion.js';
import { SyncService, TokenService, type TokenRecord } from '../../api/index.js';

const TokenFileBody = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  file: z.string(),
  program: z.enum(['business', 'education']).optional(),
  takeOver: z.boolean().optional(),
});
const RenewBody = z.strictObject({ file: z.string(), takeOver: z.boolean().optional() });
const RenameBody = z.strictObject({ name: z.string().min(1).max(100) });

/** `/api/plugins/vpp-apple/tokens...`: the same service the CLI and the panel use. */
@injectable()
export class TokenRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(TokenDeletion) private readonly deletion: TokenDeletion,
  ) {
    const view = (token: TokenRecord) => ({ ...token, sync: this.sync.state(token.id) });
    this.routes = [
      route({ method: 'GET', path: '/tokens', summary: 'List the location tokens with their state and sync state', access: 'read', handle: async () => this.tokens.list().map(view) }),
      route({ method: 'GET', path: '/tokens/:id', summary: 'One token', access: 'read', handle: async ({ params }) => view(this.tokens.require(params.id!)) }),
      route({
        method: 'POST',
        path: '/tokens',
        summary: "Add a token from its .vpptoken file content (Base64), named after its location unless named; program refuses a location of the other program; takeOver consents to taking the location from another MDM",
        access: 'admin',
        body: TokenFileBody,
        handle: async ({ body, principal }) => respond({ status: 201, body: view(await this.tokens.add(body, principal!)) }),
      }),
      route({
        method: 'PUT',
        path: '/tokens/:id/file',
        summary: 'Renew a token in place with a new file of the same location; every assignment stays',
        access: 'admin',
        body: RenewBody,
        handle: async ({ params, body, principal }) => view(await this.tokens.renew(params.id!, body.file, principal!, { takeOver: body.takeOver ?? false })),
      }),
      route({
        method: 'PATCH',
        path: '/tokens/:id',
        summary: 'Rename a token',
        access: 'admin',
        body: RenameBody,
        handle: async ({ params, body, principal }) => view(await this.tokens.rename(params.id!, body.name, principal!)),
      }),
      route({
        method: 'POST',
        path: '/tokens/:id/take-over',
        summary: "Take the token's location over from another MDM",
        access: 'admin',
        handle: async ({ params, principal }) => view(await this.tokens.takeOver(params.id!, principal!)),
      }),
      route({
        method: 'DELETE',
        path: '/tokens/:id',
        summary: 'Delete a token and the data synced for it; ?dryRun=true says first what that stops and leaves behind (assignments, licenses still at Apple, waiting holders, unsent invitations)',
        access: 'admin',
        query: DryRunQuery,
        handle: async ({ params, principal, query }) => {
          if (isDryRun(query)) return this.deletion.preview(params.id!);
          await this.tokens.delete(params.id!, principal!);
          return respond({ status: 204 });
        },
      }),
    ];
  }
}
