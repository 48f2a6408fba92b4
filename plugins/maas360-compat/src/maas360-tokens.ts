import { BadInputError, Inventory, Storage, inject, injectable, phrase, quoteInput, saying, z, type Actor, type Entity, type Repository, type Said } from '@vpp-host/api';
import { CatalogReader, LocationSettingsService, TokenService, type TokenRecord } from '@vpp-host/plugins/vpp-apple/api';
import { EVENTS, REGIONS, locationChangeOf, maas360SettingsOf, statusOf, type Maas360Settings, type TokenStatus } from './maas360-model.js';

const events = z.array(z.enum(EVENTS)).max(EVENTS.length);

/** What the schema says of a field it refuses, said in the reader's language (zod's own words stay English). */
const PROBLEMS = {
  region: phrase('choose a region from the list', 'maas360.problem.region'),
  name: phrase('enter a unique token name', 'maas360.problem.name'),
  file: phrase('upload the .vpptoken file', 'maas360.problem.file'),
};

/** The Policies and Distribution tabs, and the region: what an edit may change. */
export const Maas360SettingsSchema = z.strictObject({
  region: z.string().trim().toUpperCase().refine((code) => REGIONS.includes(code), { message: PROBLEMS.region.message }),
  addAppsAutomatically: z.boolean(),
  removeAppOn: events,
  revokeLicenseOn: events,
  restrictBackup: z.boolean(),
  appApproval: z.boolean(),
  restrictToUserGroups: z.array(z.string().trim().min(1).max(200)).max(100),
});

/** The Add Token window: the Token Detail tab's name and file, and every setting. */
export const AddTokenSchema = Maas360SettingsSchema.partial({
  addAppsAutomatically: true,
  removeAppOn: true,
  revokeLicenseOn: true,
  restrictBackup: true,
  appApproval: true,
  restrictToUserGroups: true,
}).extend({
  name: z.string().trim().min(1, PROBLEMS.name.message).max(200),
  file: z.string().min(1, PROBLEMS.file.message).max(64 * 1024),
});
export type AddTokenInput = z.input<typeof AddTokenSchema>;

/** A token as MaaS360's Apple VPP Licenses page lists it. */
export interface Maas360Token extends Maas360Settings {
  readonly id: string;
  readonly name: string;
  readonly status: TokenStatus;
  /** Why the token is not active (Apple's message). */
  readonly message?: string;
  readonly organization: string;
  readonly location: string;
  readonly expiresAt: string;
}

/** One row of the Token Details page. */
export interface TokenDetailRow {
  readonly itunesAppId: string;
  readonly appName: string;
  readonly totalLicense: number;
  readonly availableLicense: number;
  readonly addedTime: string;
  readonly autoAppAdditionStatus: 'success' | 'failed';
  readonly addedBy: 'automatic' | 'admin';
  readonly comments: string;
}

/** The Add Token window's options start unticked, as MaaS360's do. */
const NEW_TOKEN_SETTINGS: Omit<Maas360Settings, 'region'> = {
  addAppsAutomatically: false,
  removeAppOn: [],
  revokeLicenseOn: [],
  restrictBackup: false,
  appApproval: false,
  restrictToUserGroups: [],
};

/** Reads input against a schema; BadInputError naming the field otherwise. */
function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = FIELD_NAMES[String(issue.path[0])] ?? { message: issue.path.join('.') || 'input' };
  const problem = Object.values(PROBLEMS).find((said) => said.message === issue.message) ?? { message: issue.message };
  const refusal = new BadInputError(`${field.message}: ${problem.message}`, { field: String(issue.path[0] ?? 'input'), problem: 'invalid' } satisfies FieldRefusal);
  throw saying(refusal, 'maas360.token.invalid', { field, problem });
}

/** Which field of the Add Token window a refusal is about, and why: for the panel to say in the admin's language. */
export interface FieldRefusal {
  readonly field: string;
  readonly problem: 'invalid' | 'taken' | 'unknown-group';
  readonly value?: string;
}

/** How the Add Token window names its fields. */
const FIELD_NAMES: Readonly<Record<string, Said>> = {
  name: phrase('Token name', 'maas360.field.name'),
  file: phrase('VPP token file', 'maas360.field.file'),
  region: phrase('Region', 'maas360.field.region'),
  addAppsAutomatically: phrase('Add apps automatically', 'maas360.field.add-apps-automatically'),
  removeAppOn: phrase('Remove app on', 'maas360.field.remove-app-on'),
  revokeLicenseOn: phrase('Revoke license on', 'maas360.field.revoke-license-on'),
  restrictBackup: phrase('App policies and behavior', 'maas360.field.app-policies'),
  appApproval: phrase('App approval', 'maas360.field.app-approval'),
  restrictToUserGroups: phrase('Restrict to user groups', 'maas360.field.restrict-to-user-groups'),
};

/** The one thing MaaS360 has and the core lacks: the region an admin chose for a token. */
interface RegionRecord extends Entity {
  readonly region: string;
}

/**
 * MaaS360's VPP tokens on the core: a token is the core's token, its Policies and Distribution tabs are the core
 * location's settings, its Token Details the core's catalog publications. Only the region is kept here.
 */
@injectable()
export class Maas360Tokens {
  private regions?: Promise<Repository<RegionRecord>>;

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(LocationSettingsService) private readonly locations: LocationSettingsService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Storage) private readonly storage: Storage,
  ) {}

  async list(): Promise<Maas360Token[]> {
    const regions = await this.regionRepository();
    return this.tokens.list().map((token) => this.view(token, regions.get(token.id)?.region ?? token.countryCode));
  }

  async get(token: string): Promise<Maas360Token> {
    const record = this.tokens.require(token);
    return this.view(record, (await this.regionRepository()).get(record.id)?.region ?? record.countryCode);
  }

  /** Checks everything first (name, region, groups, file), so a refusal changes nothing. */
  async add(input: unknown, actor: Actor): Promise<Maas360Token> {
    const given = parse(AddTokenSchema, input);
    if (this.tokens.list().some((token) => token.name.toLowerCase() === given.name.toLowerCase())) {
      const taken = new BadInputError(`Token name: ${quoteInput(given.name)} is taken; enter a unique token name`, { field: 'name', problem: 'taken' } satisfies FieldRefusal);
      throw saying(taken, 'maas360.token.name-taken', { name: given.name });
    }
    this.requireGroups(given.restrictToUserGroups ?? []);
    const { name: _name, file: _file, ...chosen } = given;
    const settings: Maas360Settings = { ...NEW_TOKEN_SETTINGS, ...(Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== undefined)) as typeof chosen) };
    const token = await this.tokens.add({ name: given.name, file: given.file }, actor);
    // No reason, as in edit(): an audit reason is what an admin typed.
    await this.locations.update(token.id, locationChangeOf(settings), actor);
    await (await this.regionRepository()).put({ id: token.id, region: settings.region });
    return this.get(token.id);
  }

  /** The edit form: every setting as the form has it; the default policy applies to new assignments. */
  async edit(token: string, input: unknown, actor: Actor): Promise<Maas360Token> {
    const record = this.tokens.require(token);
    const settings = parse(Maas360SettingsSchema, input);
    this.requireGroups(settings.restrictToUserGroups);
    // No reason: an audit reason is what an admin typed; the entry's actor and source say the MaaS360 page made it.
    await this.locations.update(record.id, locationChangeOf(settings), actor);
    await (await this.regionRepository()).put({ id: record.id, region: settings.region });
    return this.get(record.id);
  }

  /** Token Details: each app the token added to the catalog, with Apple's counts. */
  details(token: string): TokenDetailRow[] {
    const record = this.tokens.require(token);
    return this.locations.publications(record.id).map((publication) => {
      const asset = this.catalog.asset(record.id, { adamId: publication.adamId, pricingParam: publication.itemId.endsWith(':PLUS') ? 'PLUS' : 'STDQ' });
      return {
        itunesAppId: publication.adamId,
        appName: asset?.name ?? publication.adamId,
        totalLicense: asset?.totalCount ?? 0,
        availableLicense: asset?.availableCount ?? 0,
        addedTime: publication.addedAt,
        autoAppAdditionStatus: publication.status,
        addedBy: publication.addedBy,
        comments: publication.comment ?? '',
      };
    });
  }

  private view(token: TokenRecord, region: string): Maas360Token {
    const status = statusOf(token.health.state);
    return {
      id: token.id,
      name: token.name,
      status,
      ...(status !== 'active' ? { message: token.health.reason } : {}),
      organization: token.orgName,
      location: token.locationName,
      expiresAt: token.expiresAt,
      ...maas360SettingsOf(this.locations.get(token.id), region),
    };
  }

  private requireGroups(groupIds: readonly string[]): void {
    for (const id of groupIds) {
      if (!this.inventory.getUserGroup(id)) {
        const unknown = new BadInputError(`Restrict to user groups: no user group ${quoteInput(id)}`, { field: 'restrictToUserGroups', problem: 'unknown-group', value: id.slice(0, 100) } satisfies FieldRefusal);
        throw saying(unknown, 'maas360.token.unknown-group', { group: id.slice(0, 100) });
      }
    }
  }

  private regionRepository(): Promise<Repository<RegionRecord>> {
    this.regions ??= this.storage.collection<RegionRecord>('token-regions');
    return this.regions;
  }
}
