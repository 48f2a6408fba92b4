import { inject, injectable, respond, route, z, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { MigrationApplier } from './migration-applier.js';
import { MigrationPlanning } from './migration-planning.js';
import { MigrationService } from './migration-service.js';
import { MigrationVerifier } from './migration-verifier.js';

/** A bundle of a large location is large: as large as a command's file argument may be. */
const MAX_BUNDLE_BODY_BYTES = 64 * 1024 * 1024;

const ExportBody = z.strictObject({
  token: z.string().min(1).max(200),
  format: z.string().min(1).max(40).default('native'),
  includeToken: z.boolean().default(false),
  passphrase: z.string().max(1_000).optional(),
});

const MigrationBody = z.strictObject({
  bundle: z.string().min(1).describe("The bundle's text in its format"),
  format: z.string().min(1).max(40).optional(),
  tokenFile: z.string().min(1).max(100_000).optional().describe("The location's .vpptoken file content"),
  passphrase: z.string().max(1_000).optional(),
});

const ApplyBody = MigrationBody.extend({ takeOver: z.boolean().default(false), name: z.string().min(1).max(200).optional() });

/** Migration over REST: export a location's bundle; plan, apply and verify taking one over. */
@injectable()
export class MigrationRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(
    @inject(MigrationService) migration: MigrationService,
    @inject(MigrationPlanning) planning: MigrationPlanning,
    @inject(MigrationApplier) applier: MigrationApplier,
    @inject(MigrationVerifier) verifier: MigrationVerifier,
  ) {
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
      route({
        method: 'POST',
        path: '/migration/plan',
        summary: 'A dry run of taking a location over from a bundle: adopted, lost and unexplained licences, people and devices matched, problems; changes nothing',
        access: 'read',
        body: MigrationBody,
        maxBodyBytes: MAX_BUNDLE_BODY_BYTES,
        handle: async ({ body }) => (await planning.plan(body)).plan,
      }),
      route({
        method: 'POST',
        path: '/migration/apply',
        summary: 'Takes a location over from a bundle whose plan is clean (takeOver: consent to take it from another product); resumable',
        access: 'admin',
        body: ApplyBody,
        maxBodyBytes: MAX_BUNDLE_BODY_BYTES,
        handle: async ({ body, principal }) => applier.apply(body, principal!),
      }),
      route({
        method: 'POST',
        path: '/migration/verify',
        summary: 'Compares Apple and this host after an apply with the bundle; ok is false on any difference',
        access: 'read',
        body: MigrationBody.pick({ bundle: true, format: true }),
        maxBodyBytes: MAX_BUNDLE_BODY_BYTES,
        handle: async ({ body }) => verifier.verify(body),
      }),
    ];
  }
}
