import { Clock, inject, injectable, respond, z, type Actor, type RouteContribution, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { CatalogReader, Distribution, SyncService, TokenService, type TokenRecord } from '@vpp-host/plugins/vpp-apple/api';
import { GraphError } from './graph-errors.js';
import { GRAPH_VERSIONS, vppToken, type GraphVersion } from './graph-objects.js';
import { graphPage, graphRoute } from './graph-route.js';
import type { GraphObject, Listing } from './odata.js';

/** `getLicensesForApp(bundleId='com.example.app')`, a function in the place of a token's id. */
const LICENSES_FOR_APP = /^getLicensesForApp\(bundleId='([^']{1,300})'\)$/;

/** The `.vpptoken` file's content; the core says what is wrong with one that is not a token. */
const TOKEN_FILE = z.string().min(1).max(64 * 1024);

/** What a script may send of a v1.0 vppToken: the writable fields, and the read-only ones it read before (ignored). */
const V1_FIELDS = {
  '@odata.type': z.literal('#microsoft.graph.vppToken').optional(),
  token: TOKEN_FILE.optional(),
  appleId: z.string().max(320).nullable().optional(),
  vppTokenAccountType: z.enum(['business', 'education']).optional(),
  automaticallyUpdateApps: z.boolean().optional(),
  countryOrRegion: z.string().max(10).nullable().optional(),
  id: z.string().max(100).optional(),
  organizationName: z.string().max(300).nullable().optional(),
  state: z.string().max(50).optional(),
  lastSyncStatus: z.string().max(50).optional(),
  lastSyncDateTime: z.string().max(50).optional(),
  lastModifiedDateTime: z.string().max(50).optional(),
  expirationDateTime: z.string().max(50).optional(),
};
/** beta's vppToken has these besides; v1.0 refuses them as properties it does not have. */
const BETA_FIELDS = {
  ...V1_FIELDS,
  displayName: z.string().trim().min(1).max(100).optional(),
  claimTokenManagementFromExternalMdm: z.boolean().optional(),
  dataSharingConsentGranted: z.boolean().optional(),
  roleScopeTagIds: z.array(z.string().max(100)).max(100).optional(),
  locationName: z.string().max(300).nullable().optional(),
};
const PATCH_BODIES = { beta: z.strictObject(BETA_FIELDS), 'v1.0': z.strictObject(V1_FIELDS) } as const;
const CREATE_BODIES = {
  beta: z.strictObject({ ...BETA_FIELDS, token: TOKEN_FILE }),
  'v1.0': z.strictObject({ ...V1_FIELDS, token: TOKEN_FILE }),
} as const;
type VppTokenBody = z.infer<(typeof PATCH_BODIES)['beta']>;
type CreateBody = z.infer<(typeof CREATE_BODIES)['beta']>;
const RevokeLicensesBody = z.strictObject({ notifyManagedDevices: z.boolean().nullable().optional(), revokeUntrackedLicenses: z.boolean().nullable().optional() }).optional();

/**
 * Graph's `deviceAppManagement/vppTokens` on the core's tokens: list and get, create from the token file, PATCH
 * (rename, renew in place, take over), DELETE, and the actions syncLicenses, revokeLicenses, getLicensesForApp and
 * syncLicenseCounts.
 */
@injectable()
export class TokenRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Distribution) private readonly distribution: Distribution,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.routes = GRAPH_VERSIONS.flatMap((version) => [...this.readRoutes(version), ...this.writeRoutes(version)]);
  }

  private readRoutes(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement/vppTokens`;
    return [
      graphRoute(this.clock, { method: 'GET', path: base, summary: `Graph ${version}: list the VPP tokens`, access: 'read', handle: async (request) => this.page(request, version) }),
      graphRoute(this.clock, {
        method: 'GET',
        path: `${base}/:id`,
        summary: `Graph ${version}: get a VPP token; also Graph's function getLicensesForApp(bundleId='…')`,
        access: 'read',
        handle: async ({ params }) => (params.id!.startsWith('getLicensesForApp(') ? this.licensesForApp(params.id!) : this.answer(this.require(params.id!), version)),
      }),
      graphRoute(this.clock, {
        method: 'POST',
        path: `${base}/:id/syncLicenses`,
        summary: `Graph ${version}: sync a VPP token's licenses with Apple`,
        access: 'admin',
        handle: async ({ params }) => {
          const token = this.require(params.id!);
          this.startSync(token.id);
          return this.answer(token, version);
        },
      }),
    ];
  }

  private writeRoutes(version: GraphVersion): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement/vppTokens`;
    return [
      graphRoute(this.clock, {
        method: 'POST',
        path: base,
        summary: `Graph ${version}: add a VPP token from the token file in \`token\``,
        access: 'admin',
        body: CREATE_BODIES[version] as z.ZodType<CreateBody>,
        handle: async ({ body, principal }) => respond({ status: 201, body: this.answer(await this.create(body, principal!), version) }),
      }),
      graphRoute(this.clock, {
        method: 'PATCH',
        path: `${base}/:id`,
        summary: `Graph ${version}: change a VPP token: a new \`token\` renews it in place, \`displayName\` renames it, \`claimTokenManagementFromExternalMdm\` takes the location over`,
        access: 'admin',
        body: PATCH_BODIES[version] as z.ZodType<VppTokenBody>,
        handle: async ({ params, body, principal }) => this.answer(await this.update(this.require(params.id!), body, principal!), version),
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
        summary: `Graph ${version}: revoke every app license of the location the core assigned (books cannot be revoked)`,
        access: 'admin',
        body: RevokeLicensesBody,
        handle: async ({ params, body, principal }) => {
          const token = this.require(params.id!);
          if (body?.revokeUntrackedLicenses === true) {
            throw new GraphError(400, 'revokeUntrackedLicenses is not supported: only the licenses this service assigned are revoked; review licenses assigned elsewhere in the Apps and Books untracked list.');
          }
          await this.revokeAll(token, principal!);
          return undefined;
        },
      }),
      graphRoute(this.clock, {
        method: 'POST',
        path: `${base}/syncLicenseCounts`,
        summary: `Graph ${version}: sync every VPP token's licenses with Apple`,
        access: 'admin',
        handle: async () => {
          for (const token of this.tokens.list()) this.startSync(token.id);
          return undefined;
        },
      }),
    ];
  }

  private page(request: RouteRequest, version: GraphVersion): unknown {
    const listing: Listing<TokenRecord> = { records: this.tokens.list(), typeOf: () => '#microsoft.graph.vppToken', objectOf: (token) => this.answer(token, version) };
    const { page, query } = graphPage(listing, request, version, 'vppTokens');
    if (query.expandAssignments) throw new GraphError(400, "A vppToken has no 'assignments' to expand.");
    return page;
  }

  private answer(token: TokenRecord, version: GraphVersion): GraphObject {
    return vppToken(token, this.sync.state(token.id), version);
  }

  /** Each location holding the app, with its counts: Graph's `getLicensesForApp(bundleId='…')`. */
  private licensesForApp(call: string): unknown {
    const bundleId = LICENSES_FOR_APP.exec(call)?.[1];
    if (bundleId === undefined) throw new GraphError(400, "Invalid function call: write getLicensesForApp(bundleId='<bundle id>').");
    const value = this.catalog
      .assets({ productType: 'App', limit: Number.MAX_SAFE_INTEGER })
      .items.filter((asset) => asset.bundleId === bundleId)
      .map((asset) => ({
        '@odata.type': 'microsoft.graph.vppTokenLicenseSummary',
        vppTokenId: asset.tokenId,
        appleId: null,
        organizationName: this.tokens.get(asset.tokenId)?.orgName ?? null,
        availableLicenseCount: asset.availableCount,
        usedLicenseCount: asset.assignedCount,
      }));
    return { value };
  }

  /** The core checks the file with Apple, the program and the location before it stores or claims anything. */
  private async create(body: CreateBody, actor: Actor): Promise<TokenRecord> {
    checkAutomaticUpdates(body);
    const token = await this.tokens.add(
      {
        file: body.token,
        ...(body.displayName !== undefined ? { name: body.displayName } : {}),
        ...(body.vppTokenAccountType !== undefined ? { program: body.vppTokenAccountType } : {}),
        takeOver: body.claimTokenManagementFromExternalMdm === true,
      },
      actor,
    );
    this.startSync(token.id);
    return token;
  }

  /** Everything the core could refuse is checked before the first change, so a refusal changes nothing. */
  private async update(token: TokenRecord, body: VppTokenBody, actor: Actor): Promise<TokenRecord> {
    checkAutomaticUpdates(body);
    if (body.vppTokenAccountType !== undefined && body.vppTokenAccountType !== token.program) {
      throw new GraphError(400, `The vppTokenAccountType of a token is its location's program (${token.program}); it cannot be changed.`);
    }
    const rename = body.displayName !== undefined && body.displayName !== token.name ? body.displayName : undefined;
    const holder = rename === undefined ? undefined : this.tokens.list().find((other) => other.id !== token.id && other.name.toLowerCase() === rename.toLowerCase());
    if (holder) throw new GraphError(409, `A vppToken named '${holder.name}' already exists.`);
    const takeOver = body.claimTokenManagementFromExternalMdm === true;
    if (body.token !== undefined) await this.tokens.renew(token.id, body.token, actor, { takeOver });
    else if (takeOver) await this.tokens.takeOver(token.id, actor);
    if (rename !== undefined) await this.tokens.rename(token.id, rename, actor);
    return this.tokens.get(token.id) ?? token;
  }

  /** Every app item of the location with a license or an assignment: books cannot be revoked and are left. */
  private async revokeAll(token: TokenRecord, actor: Actor): Promise<void> {
    for (const asset of this.catalog.assets({ tokenId: token.id, productType: 'App', limit: Number.MAX_SAFE_INTEGER }).items) {
      if (this.distribution.licenseHolders(asset.id).length === 0 && this.distribution.listAssignments({ item: asset.id }).length === 0) continue;
      await this.distribution.revoke({ item: asset.id }, actor);
    }
  }

  /** A sync runs in the background, as Graph's does; its outcome shows in lastSyncStatus. */
  private startSync(tokenId: string): void {
    void this.sync.sync(tokenId).catch(() => undefined);
  }

  private require(id: string): TokenRecord {
    const token = this.tokens.get(id);
    if (!token) throw new GraphError(404, `No vppToken with id '${id.slice(0, 100)}'.`);
    return token;
  }
}

/** The core does not update apps itself: asking for it is refused, not ignored. */
function checkAutomaticUpdates(body: VppTokenBody): void {
  if (body.automaticallyUpdateApps === true) {
    throw new GraphError(400, "automaticallyUpdateApps is not supported: this service does not push app updates; send false or leave it out.");
  }
}
