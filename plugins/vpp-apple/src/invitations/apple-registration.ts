import type { CatalogReader, HoldingsRegistry } from '../../api/index.js';
import { AppleErrorNumber, type AppleVppClient, type RequestUser, type ResponseUser } from '../client/index.js';

export interface Registration {
  /** Apple's record of each registered user, by clientUserId. */
  readonly users: Map<string, ResponseUser>;
  /** Users Apple refused, with Apple's words. */
  readonly refused: Map<string, string>;
}

/** Above this many users to look up, one walk of the location's users costs fewer requests than one each. */
const LOOKUPS_BEFORE_WALK = 100;

/**
 * Registers users with Apple so each gets an invite code (users/create, at most `maxUsers` per request), waits for
 * Apple's CREATE events, and reads the codes back. A user Apple already has (known from the last sync, or 9716 on
 * create: a run interrupted after the request) is looked up instead, so registering twice is harmless.
 */
export async function registerUsers(
  tokenId: string,
  client: AppleVppClient,
  catalog: Pick<CatalogReader, 'user'>,
  holdings: Pick<HoldingsRegistry, 'track'>,
  requested: readonly RequestUser[],
  onRequest: (sent: number, total: number) => void,
): Promise<Registration> {
  const users = new Map<string, ResponseUser>();
  const refused = new Map<string, string>();
  const toCreate: RequestUser[] = [];
  for (const user of requested) {
    const known = catalog.user(tokenId, user.clientUserId);
    if (known && known.status !== 'Retired') users.set(user.clientUserId, known);
    else toCreate.push(user);
  }
  const batchSize = (await client.getLimits()).maxUsers;
  const requests = Math.ceil(toCreate.length / batchSize);
  const submitted = [];
  for (let i = 0; i < toCreate.length; i += batchSize) {
    submitted.push(...(await client.createUsers(toCreate.slice(i, i + batchSize))));
    onRequest(submitted.length, requests);
  }
  const outcome = submitted.length > 0 ? await client.waitForEvents(submitted) : { failures: [] };
  for (const failure of outcome.failures) {
    if (failure.clientUserId === undefined || failure.errorNumber === AppleErrorNumber.ClientUserIdExists) continue;
    refused.set(failure.clientUserId, `Apple refused to register the user: ${failure.errorMessage} (${failure.errorNumber})`);
  }
  const missing = toCreate.map((u) => u.clientUserId).filter((id) => !refused.has(id));
  const found = await lookUp(tokenId, client, catalog, missing);
  for (const id of missing) {
    const user = found.get(id);
    if (user) users.set(id, user);
    else refused.set(id, 'Apple did not register the user');
  }
  await holdings.track(tokenId, [...users.keys()].map((clientUserId) => ({ kind: 'user' as const, clientUserId })));
  return { users, refused };
}

/** Apple's current record of each user: from the synced data when a notification brought it, else from Apple. */
async function lookUp(tokenId: string, client: AppleVppClient, catalog: Pick<CatalogReader, 'user'>, ids: readonly string[]): Promise<Map<string, ResponseUser>> {
  const found = new Map<string, ResponseUser>();
  const wanted = new Set<string>();
  for (const id of ids) {
    const known = catalog.user(tokenId, id);
    if (known && known.status !== 'Retired') found.set(id, known);
    else wanted.add(id);
  }
  const keep = (user: ResponseUser) => {
    if (wanted.has(user.clientUserId) && user.status !== 'Retired') found.set(user.clientUserId, user);
  };
  if (wanted.size > LOOKUPS_BEFORE_WALK) {
    await client.walkUsers({ filter: { activeOnly: true }, onPage: (page) => page.items.forEach(keep) });
  } else {
    for (const id of wanted) (await client.getUsers({ clientUserId: id })).users.forEach(keep);
  }
  return found;
}
