import { inject, injectable, multiInject, optional } from '@vpp-host/api';
import { TokenService, type TokenDeletionEffect, type TokenDeletionPreview } from '../../api/index.js';

/**
 * What deleting a location's token does in one part of the plugin (distribution, invitations): each part that keeps
 * something of the location contributes what it would stop or leave behind.
 */
export const TokenDeletionEffects = Symbol.for('vpp-apple.TokenDeletionEffects');
export interface TokenDeletionEffects {
  effectsOfDeleting(tokenId: string): TokenDeletionEffect[];
}

/** The preview of deleting a token: every part's effects, those with nothing to say left out. */
@injectable()
export class TokenDeletion {
  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @multiInject(TokenDeletionEffects) @optional() private readonly parts: readonly TokenDeletionEffects[] = [],
  ) {}

  preview(idOrName: string): TokenDeletionPreview {
    const token = this.tokens.require(idOrName);
    const effects = this.parts.flatMap((part) => part.effectsOfDeleting(token.id)).filter((effect) => effect.count > 0);
    return { preview: true, tokenId: token.id, name: token.name, effects };
  }
}

/** The preview in sentences, for the CLI. */
export function tokenDeletionText(preview: TokenDeletionPreview): string {
  const lines = preview.effects.map((effect) => `  - ${effect.message}`);
  return [`Preview, nothing was changed: deleting token "${preview.name}" would`, ...(lines.length > 0 ? lines : ['  - stop syncing it; nothing else depends on it'])].join('\n');
}
