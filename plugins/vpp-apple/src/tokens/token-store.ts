import { inject, injectable, NotFoundError, saying, Secrets, Storage, type Repository } from '@vpp-host/api';
import type { TokenRecord } from '../../api/index.js';

/** The collection of the token records. */
export const TOKENS_COLLECTION = 'tokens';
const STOKEN = (id: string) => `stoken.${id}`;
const NOTIFY = (id: string) => `notify.${id}`;

/** Token records in storage and their secrets (the sToken, the webhook's bearer token) in Secrets. */
@injectable()
export class TokenStore {
  private repository: Repository<TokenRecord> | undefined;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(Secrets) private readonly secrets: Secrets,
  ) {}

  async open(): Promise<void> {
    this.repository = await this.storage.collection<TokenRecord>(TOKENS_COLLECTION);
  }

  private get records(): Repository<TokenRecord> {
    if (!this.repository) throw new Error('Token storage is read before the plugin started');
    return this.repository;
  }

  list(): TokenRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): TokenRecord | undefined {
    return this.records.get(id);
  }

  byName(name: string): TokenRecord | undefined {
    const wanted = name.trim().toLowerCase();
    return this.list().find((token) => token.name.toLowerCase() === wanted);
  }

  byUid(uId: string): TokenRecord | undefined {
    return this.list().find((token) => token.uId === uId);
  }

  require(idOrName: string): TokenRecord {
    const token = this.get(idOrName) ?? this.byName(idOrName);
    if (!token) throw saying(new NotFoundError(`No token with the id or name "${idOrName}"`), 'vpp.token.unknown', { token: idOrName });
    return token;
  }

  put(token: TokenRecord): Promise<void> {
    return this.records.put(token);
  }

  async remove(id: string): Promise<void> {
    await this.records.delete(id);
    await this.secrets.delete(STOKEN(id));
    await this.secrets.delete(NOTIFY(id));
  }

  sToken(id: string): string {
    const secret = this.secrets.get(STOKEN(id));
    if (secret === undefined) throw new NotFoundError(`Token ${id} has no stored secret`);
    return secret;
  }

  storeSToken(id: string, sToken: string): Promise<void> {
    return this.secrets.store(STOKEN(id), sToken);
  }

  notificationSecret(id: string): string | undefined {
    return this.secrets.get(NOTIFY(id));
  }

  storeNotificationSecret(id: string, secret: string): Promise<void> {
    return this.secrets.store(NOTIFY(id), secret);
  }

  deleteNotificationSecret(id: string): Promise<void> {
    return this.secrets.delete(NOTIFY(id));
  }
}
