import { Clock, inject, injectable, respond, z, type Actor, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { CatalogReader, Distribution, SyncService, TokenService, type TokenRecord } from '@vpp-host/plugins/vpp-apple/api';
import { GraphError } from './graph-errors.js';
import { vppToken, type GraphVersion } from './graph-objects.js';
import { graphRoute } from './graph-route.js';

const VERSIONS: readonly GraphVersion[] = ['beta', 'v1.0'];

/** What a script may send of a vppToken: the writable fields, and the read-only ones it read before (ignored). */
const vppTokenFields = {
  '@odata.type': z.literal('#microsoft.graph.vppToken').optional(),
  token: z.string().min(1).max(64 * 1024).optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
  appleId: z.string().max(320).nullable().optional(),
  vppTokenAccountType: z.enum(['business', 'education']).optional(),
  automaticallyUpdateApps: z.boolean().optional(),
  claimTokenManagementFromExternalMdm: z.boolean().optional(),
  dataSharingConsentGranted: z.boolean().optional(),
  countryOrRegion: z.string().max(10).nullable().optional(),
  roleScopeTagIds: z.array(z.string()).optional(),
  id: z.string().optional(),
  organizationName: z.string().nullable().optional(),
  state: z.string().optional(),
  lastSyncStatus: z.string().optional(),
  lastSyncDateTime: z.string().optional(),
  lastModifiedDateTime: z.string().optional(),
  expirationDateTime: z.string().optional(),
  locationName: z.string().nullable().optional(),
};
const CreateBody = z.strictObject({ ...vppTokenFields, token: z.string().min(1, 'the token file is required').max(64 * 1024) });
const PatchBody = z.strictObject(vppTokenFields);
const RevokeLicensesBody = z.strictObject({ notifyManagedDevices: z.boolean().nullable().optional(), revokeUntrackedLicenses: z.boolean().nullable().optional() }).optional();

/** Graph's vppToken writes and actions on the core's tokens: create, PATCH (rename, renew, take over), DELETE, revokeLicenses, syncLicenseCounts. */
@injectable()
export class TokenWriteRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Distribution) private readonly distribution: Distribution,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.routes = VERSIONS.flatMap((version) => this.routesOf(version));
  }

  private routesOf(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement/vppTokens`;
    return [
      graphRoute(this.clock, {
        method: 'POST',
        path: base,
        summary: `Graph ${version}: add a VPP token (the token file in \`token\`)`,
        access: 'admin',
        body: CreateBody,
        handle: async ({ body, principal }) => respond({ status: 201, body: await this.create(body, version, principal!) }),
      }),
      graphRoute(this.clock, {
        method: 'PATCH',
        path: `${base}/:id`,
        summary: `Graph ${version}: change a VPP token: a new \`token\` renews it in place, \`displayName\` renames it, \`claimTokenManagementFromExternalMdm\` takes the location over`,
        access: 'admin',
        body: PatchBody,
        handle: async ({ params, body, principal }) => {
          await this.patch(this.require(params.id!), body, principal!);
          return undefined;
        },
      }),
      graphRoute(this.clock, {
        method: 'DELETE',
        path: `${base}/:id`,
        summary: `Graph ${version}: delete a VPP token (its licenses are not revoked)`,
        access: 'admin',
        handle: async ({ params, principal }) => {
          await this.tokens.delete(this.require(params.id!).id, principal!);
          return undefined;
        },
      }),
      graphRoute(this.clock, {
        method: 'POST',
        path: `${base}/:id/revokeLicenses`,
        summary: `Graph ${version}: revoke every app license the location's assignments hold (books cannot be revoked)`,
        access: 'admin',
        body: RevokeLicensesBody,
        handle: async ({ params, body, principal }) => {
          if (body?.revokeUntrackedLicenses === true) {
            throw new GraphError(400, 'revokeUntrackedLicenses is not supported: only the licenses this service assigned are revoked; licenses another product assigned stay.');
          }
          await this.revokeAll(this.require(params.id!), principal!);
          return undefined;
        },
      }),
      graphRoute(this.clock, {
        method: 'POST',
        path: `${base}/syncLicenseCounts`,
        summary: `Graph ${version}: sync every VPP token's licenses with Apple`,
        access: 'admin',
        handle: async () => {
          for (const token of this.tokens.list()) void this.sync.sync(token.id).catch(() => undefined);
          return undefined;
        },
      }),
    ];
  }

  private async create(body: z.infer<typeof CreateBody>, version: GraphVersion, actor: Actor) {
    checkAutomaticUpdates(body.automaticallyUpdateApps);
    const provisional = body.displayName ?? `VPP token ${this.clock.now().toISOString()}`;
    let token = await this.tokens.add({ name: provisional, file: body.token, takeOver: body.claimTokenManagementFromExternalMdm === true }, actor);
    if (body.vppTokenAccountType !== undefined && body.vppTokenAccountType !== token.program) {
      // Apple says which program a location is in only once the token is added: a wrong type undoes the addition.
      await this.tokens.delete(token.id, actor);
      throw new GraphError(400, `The token is a ${token.program} token, not ${body.vppTokenAccountType}.`);
    }
    if (body.displayName === undefined && !this.tokens.list().some((t) => t.name === token.locationName)) {
      token = await this.tokens.rename(token.id, token.locationName, actor);
    }
    void this.sync.sync(token.id).catch(() => undefined);
    return vppToken(token, this.sync.state(token.id), version);
  }

  private async patch(token: TokenRecord, body: z.infer<typeof PatchBody>, actor: Actor): Promise<void> {
    checkAutomaticUpdates(body.automaticallyUpdateApps);
    const takeOver = body.claimTokenManagementFromExternalMdm === true;
    if (body.token !== undefined) await this.tokens.renew(token.id, body.token, actor, { takeOver });
    else if (takeOver) await this.tokens.takeOver(token.id, actor);
    if (body.displayName !== undefined && body.displayName !== token.name) await this.tokens.rename(token.id, body.displayName, actor);
  }

  private async revokeAll(token: TokenRecord, actor: Actor): Promise<void> {
    for (const asset of this.catalog.assets({ tokenId: token.id, productType: 'App', limit: Number.MAX_SAFE_INTEGER }).items) {
      if (this.distribution.licenseHolders(asset.id).length === 0) continue;
      await this.distribution.revoke({ item: asset.id, reason: 'revokeLicenses through Microsoft Graph' }, actor);
    }
  }

  private require(id: string): TokenRecord {
    const token = this.tokens.get(id);
    if (!token) throw new GraphError(404, `No vppToken with id '${id.slice(0, 100)}'.`);
    return token;
  }
}

/** The core does not update apps itself: asking for it is refused, not ignored. */
function checkAutomaticUpdates(value: boolean | undefined): void {
  if (value === true) throw new GraphError(400, 'automaticallyUpdateApps is not supported: app updates are the MDM\'s to push; set it to false.');
}
