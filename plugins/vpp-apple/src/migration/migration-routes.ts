import { inject, injectable, respond, route, z, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { MigrationService } from './migration-service.js';

const ExportBody = z.strictObject({
  token: z.string().min(1).max(200),
  format: z.string().min(1).max(40).default('native'),
  includeToken: z.boolean().default(false),
  passphrase: z.string().max(1_000).optional(),
});

/** Migration over REST: the bundle of one location. */
@injectable()
export class MigrationRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(@inject(MigrationService) migration: MigrationService) {
    this.routes = [
      route({
        method: 'POST',
        path: '/migration/export',
        summary: "A location's migration bundle (docs/migration-bundle.schema.json); its token only with includeToken and a passphrase, encrypted",
        access: 'admin',
        body: ExportBody,
        handle: async ({ body, principal }) => {
          const { text } = await migration.export(body, principal!);
          return respond({ status: 200, body: Buffer.from(text, 'utf8'), headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
        },
      }),
    ];
  }
}
