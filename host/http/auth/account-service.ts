import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SYSTEM_ACTOR, type Actor, type Principal, type Role } from '../../api/actor.js';
import type { AuditLog } from '../../api/audit.js';
import type { Clock } from '../../api/clock.js';
import { ConflictError, NotFoundError, saying } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';
import type { Repository, Storage } from '../../api/storage.js';
import { parseInput } from '../validation.js';
import { decoyPasswordHash, hashPassword, passwordMatches, randomSecret, sha256 } from './secret-hashing.js';

export const ROLES = ['admin', 'read-only'] as const satisfies readonly Role[];

const RoleSchema = z.enum(ROLES);
const LanguageSchema = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as "en"');

export const AdminInputSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9._-]{1,63}$/, 'must be 2-64 letters, digits, dots, underscores or hyphens, starting with a letter'),
  password: z.string().min(10, 'must be at least 10 characters').max(1024, 'must be at most 1024 characters'),
  role: RoleSchema,
  language: LanguageSchema.optional(),
});
export type AdminInput = z.infer<typeof AdminInputSchema>;

export const ApiTokenInputSchema = z.strictObject({
  name: z.string().regex(/^[^\p{Cc}]{1,64}$/u, 'must be 1-64 characters without control characters').refine((name) => name.trim() === name && name !== '', 'must not start or end with spaces'),
  role: RoleSchema,
});
export type ApiTokenInput = z.infer<typeof ApiTokenInputSchema>;

export interface AdminAccount {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly language?: string;
  readonly createdAt: string;
}

/** An API token as listed; the token itself is shown once at creation and only its SHA-256 is kept. */
export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

interface StoredAdmin extends AdminAccount {
  /** scrypt with a per-admin salt (see secret-hashing.ts). */
  readonly passwordHash: string;
}

interface StoredApiToken extends ApiTokenRecord {
  readonly hash: string;
}

/** Admin accounts (panel sign-in) and API tokens (scripts), persisted in the host's storage. */
export const AccountService = Symbol.for('host.AccountService');
export interface AccountService {
  createAdmin(input: { name: string; password: string; role: Role; language?: string }, actor: Actor): Promise<AdminAccount>;
  /** Creates `admin` with a random password when there is no admin yet, and returns its credentials that once. */
  ensureFirstAdmin(): Promise<{ name: string; password: string } | undefined>;
  createApiToken(input: { name: string; role: Role }, actor: Actor): Promise<{ token: string; record: ApiTokenRecord }>;
  /** Undefined for an unknown name and for a wrong password alike, in about the same time. */
  verifyPassword(name: string, password: string): Promise<Principal | undefined>;
  verifyApiToken(token: string): Principal | undefined;
  /** The principal of an admin by id, with the admin's current role (sessions use it on every request). */
  principalOf(adminId: string): Principal | undefined;
  getAdmin(id: string): AdminAccount | undefined;
  listAdmins(): AdminAccount[];
  listApiTokens(): ApiTokenRecord[];
  revokeApiToken(id: string, actor: Actor): Promise<void>;
  /** The admin's panel language. */
  setLanguage(adminId: string, language: string, actor: Actor): Promise<void>;
}

/** Writing `lastUsedAt` on every request would rewrite the file each time; once a minute is enough to be useful. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class AccountServiceImpl implements AccountService {
  private readonly tokensByHash: Map<string, string>;

  private constructor(
    private readonly admins: Repository<StoredAdmin>,
    private readonly tokens: Repository<StoredApiToken>,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly registerSecret: (secret: string) => void,
  ) {
    this.tokensByHash = new Map([...tokens.values()].map((t) => [t.hash, t.id]));
  }

  static async open(storage: Storage, clock: Clock, audit: AuditLog, logger: Logger, registerSecret: (secret: string) => void): Promise<AccountServiceImpl> {
    const [admins, tokens] = await Promise.all([storage.collection<StoredAdmin>('admins'), storage.collection<StoredApiToken>('api-tokens')]);
    return new AccountServiceImpl(admins, tokens, clock, audit, logger, registerSecret);
  }

  async createAdmin(input: AdminInput, actor: Actor): Promise<AdminAccount> {
    const { name, password, role, language } = parseInput(AdminInputSchema, input, 'admin');
    this.assertAdminNameFree(name);
    this.registerSecret(password);
    const passwordHash = await hashPassword(password);
    // Checked again: another request may have taken the name while the hash was computed.
    this.assertAdminNameFree(name);
    const admin: StoredAdmin = { id: randomUUID(), name, role, ...(language ? { language } : {}), createdAt: this.now(), passwordHash };
    await this.admins.put(admin);
    await this.audit.record({ actor, action: 'host.admin.create', target: { type: 'admin', id: admin.id, name }, details: { role } });
    this.logger.info('Admin created', { name, role });
    return publicAdmin(admin);
  }

  async ensureFirstAdmin(): Promise<{ name: string; password: string } | undefined> {
    if (this.admins.count() > 0) return undefined;
    const credentials = { name: 'admin', password: randomSecret(18) };
    await this.createAdmin({ ...credentials, role: 'admin' }, SYSTEM_ACTOR);
    return credentials;
  }

  async createApiToken(input: ApiTokenInput, actor: Actor): Promise<{ token: string; record: ApiTokenRecord }> {
    const { name, role } = parseInput(ApiTokenInputSchema, input, 'API token');
    if (this.tokens.find((t) => t.name === name).length > 0) throw saying(new ConflictError(`An API token named "${name}" already exists`), 'host.api-token.taken', { name });
    const token = `vpp_${randomSecret(32)}`;
    this.registerSecret(token);
    const stored: StoredApiToken = { id: randomUUID(), name, role, createdAt: this.now(), hash: sha256(token) };
    await this.tokens.put(stored);
    this.tokensByHash.set(stored.hash, stored.id);
    await this.audit.record({ actor, action: 'host.api-token.create', target: { type: 'api-token', id: stored.id, name }, details: { role } });
    this.logger.info('API token created', { name, role });
    return { token, record: publicToken(stored) };
  }

  async verifyPassword(name: string, password: string): Promise<Principal | undefined> {
    const admin = this.findAdmin(name);
    const matches = await passwordMatches(password, admin?.passwordHash ?? (await decoyPasswordHash()));
    return admin && matches ? adminPrincipal(admin) : undefined;
  }

  verifyApiToken(token: string): Principal | undefined {
    const id = this.tokensByHash.get(sha256(token));
    const stored = id === undefined ? undefined : this.tokens.get(id);
    if (!stored) return undefined;
    this.noteUse(stored);
    return { kind: 'api-token', id: stored.id, name: stored.name, role: stored.role };
  }

  principalOf(adminId: string): Principal | undefined {
    const admin = this.admins.get(adminId);
    return admin ? adminPrincipal(admin) : undefined;
  }

  getAdmin(id: string): AdminAccount | undefined {
    const admin = this.admins.get(id);
    return admin ? publicAdmin(admin) : undefined;
  }

  listAdmins(): AdminAccount[] {
    return [...this.admins.values()].map(publicAdmin).sort((a, b) => a.name.localeCompare(b.name));
  }

  listApiTokens(): ApiTokenRecord[] {
    return [...this.tokens.values()].map(publicToken).sort((a, b) => a.name.localeCompare(b.name));
  }

  async revokeApiToken(id: string, actor: Actor): Promise<void> {
    const stored = this.tokens.get(id);
    if (!stored) throw saying(new NotFoundError(`No API token with id "${id}"`), 'host.api-token.unknown', { id });
    this.tokensByHash.delete(stored.hash);
    await this.tokens.delete(id);
    await this.audit.record({ actor, action: 'host.api-token.revoke', target: { type: 'api-token', id, name: stored.name } });
  }

  async setLanguage(adminId: string, language: string, actor: Actor): Promise<void> {
    const admin = this.admins.get(adminId);
    if (!admin) throw saying(new NotFoundError(`No admin with id "${adminId}"`), 'host.admin.unknown', { id: adminId });
    const parsed = parseInput(LanguageSchema, language, 'language');
    if (admin.language === parsed) return;
    await this.admins.put({ ...admin, language: parsed });
    await this.audit.record({ actor, action: 'host.admin.language', target: { type: 'admin', id: adminId, name: admin.name }, details: { language: parsed } });
  }

  private findAdmin(name: string): StoredAdmin | undefined {
    return this.admins.find((a) => a.name.toLowerCase() === name.toLowerCase())[0];
  }

  private assertAdminNameFree(name: string): void {
    if (this.findAdmin(name)) throw saying(new ConflictError(`An admin named "${name}" already exists`), 'host.admin.taken', { name });
  }

  private noteUse(stored: StoredApiToken): void {
    const now = this.clock.now();
    if (stored.lastUsedAt && now.getTime() - Date.parse(stored.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
    this.tokens.put({ ...stored, lastUsedAt: now.toISOString() }).catch((error: unknown) => {
      this.logger.warn('Could not record when an API token was last used', { id: stored.id, error: String(error) });
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function adminPrincipal(admin: StoredAdmin): Principal {
  return { kind: 'admin', id: admin.id, name: admin.name, role: admin.role };
}

function publicAdmin({ passwordHash: _hash, ...admin }: StoredAdmin): AdminAccount {
  return admin;
}

function publicToken({ hash: _hash, ...token }: StoredApiToken): ApiTokenRecord {
  return token;
}
