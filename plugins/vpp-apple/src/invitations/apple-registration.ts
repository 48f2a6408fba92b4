import { phrase, type Said } from '@vpp-host/api';
import type { CatalogReader, HoldingsRegistry } from '../../api/index.js';
import { AppleErrorNumber, type RequestUser, type ResponseUser } from '../client/index.js';
import type { AppleVppClient } from '../../api/client.js';

/** Some of the users, settled: registered (Apple's record) or refused (Apple's words). */
export interface Registration {
  /** Apple's record of each registered user, by clientUserId. */
  readonly users: Map<string, ResponseUser>;
  /** Users Apple refused, with Apple's words. */
  readonly refused: Map<string, Said>;
}

export interface RegistrationOptions {
  /**
   * Receives each part as soon as Apple settled it (users Apple already had first, then each users/create request),
   * so the caller can go on with those users while the next requests wait for Apple's rate limit. Parts may overlap.
   */
  readonly onPart: (part: Registration) => Promise<void>;
  readonly onRequest?: (sent: number, total: number) => void;
  /** Asked before each request: true sends no more (the host is stopping); the parts under way still finish. */
  readonly stopped?: () => boolean;
}

/** Above this many users to look up, one walk of the location's users costs fewer requests than one each. */
const LOOKUPS_BEFORE_WALK = 100;

/**
 * Registers users with Apple so each gets an invite code (users/create, at most `maxUsers` per request), waits for
 * each request's CREATE event, and reads the codes back. A user Apple already has (known from the last sync, or 9716
 * on create: a run interrupted after the request) is looked up instead, so registering twice is harmless. Users the
 * notifications did not bring are looked up together at the end, in as few requests as possible.
 * Resolves `complete: false` when `stopped` cut it short: the users of requests never sent are in no part.
 */
export async function registerUsers(
  tokenId: string,
  client: AppleVppClient,
  catalog: Pick<CatalogReader, 'user'>,
  holdings: Pick<HoldingsRegistry, 'track'>,
  requested: readonly RequestUser[],
  options: RegistrationOptions,
): Promise<{ complete: boolean }> {
  const settle = async (part: Registration): Promise<void> => {
    if (part.users.size + part.refused.size === 0) return;
    await holdings.track(tokenId, [...part.users.keys()].map((clientUserId) => ({ kind: 'user' as const, clientUserId })));
    await options.onPart(part);
  };
  const known = emptyPart();
  const toCreate: RequestUser[] = [];
  for (const user of requested) {
    const found = catalog.user(tokenId, user.clientUserId);
    if (found && found.status !== 'Retired') known.users.set(user.clientUserId, found);
    else toCreate.push(user);
  }
  const parts: Promise<void>[] = [settle(known)];
  const unseen: string[] = [];
  let complete = true;
  try {
    const batchSize = toCreate.length > 0 ? (await client.getLimits()).maxUsers : 1;
    const requests = Math.ceil(toCreate.length / batchSize);
    for (let i = 0; i < toCreate.length; i += batchSize) {
      if (options.stopped?.()) {
        complete = false;
        break;
      }
      const chunk = toCreate.slice(i, i + batchSize);
      const submitted = await client.createUsers(chunk);
      options.onRequest?.(i / batchSize + 1, requests);
      parts.push(
        client.waitForEvents(submitted).then((outcome) => {
          const part = emptyPart();
          for (const failure of outcome.failures) {
            if (failure.clientUserId === undefined || failure.errorNumber === AppleErrorNumber.ClientUserIdExists) continue;
            const words = `Apple refused to register the user: ${failure.errorMessage} (${failure.errorNumber})`;
            part.refused.set(failure.clientUserId, phrase(words, 'vpp.invitation.apple-refused-user', { error: failure.errorMessage, number: failure.errorNumber }));
          }
          for (const { clientUserId } of chunk) {
            if (part.refused.has(clientUserId)) continue;
            const user = catalog.user(tokenId, clientUserId);
            if (user && user.status !== 'Retired') part.users.set(clientUserId, user);
            else unseen.push(clientUserId);
          }
          return settle(part);
        }),
      );
    }
  } finally {
    // Every part under way finishes (and records what it did) before this returns or fails.
    const settled = await Promise.allSettled(parts);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
  const found = await lookUp(tokenId, client, catalog, unseen);
  const last = emptyPart();
  for (const id of unseen) {
    const user = found.get(id);
    if (user) last.users.set(id, user);
    else last.refused.set(id, phrase('Apple did not register the user', 'vpp.invitation.apple-not-registered'));
  }
  await settle(last);
  return { complete };
}

function emptyPart(): Registration {
  return { users: new Map(), refused: new Map() };
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
