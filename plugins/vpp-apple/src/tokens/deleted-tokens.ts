import type { Logger } from '@vpp-host/api';
import type { TokenService } from '../../api/index.js';

/**
 * Deleting a token removes its record first; each part (sync, distribution, invitations) then drops what it kept of
 * the location when it hears of it. A host stopped in between leaves those records behind, so each part, when it
 * opens, also drops whatever belongs to a token id that names no token any more. The token records are the one
 * truth of which locations exist: no "deleting" marker is needed that could disagree with them.
 */
export async function sweepDeletedTokens(
  part: string,
  keptTokenIds: Iterable<string>,
  tokens: Pick<TokenService, 'get'>,
  logger: Logger,
  forget: (tokenId: string) => Promise<Record<string, number>>,
): Promise<void> {
  for (const tokenId of new Set(keptTokenIds)) {
    if (tokens.get(tokenId)) continue;
    const dropped = await forget(tokenId);
    // `id`: a field named like a token is redacted from logs, and this id is no secret.
    logger.info(`Dropped what ${part} still kept of a deleted token`, { id: tokenId, ...dropped });
  }
}
