import { inject, injectable, multiInject, optional, phrase, type Said } from '@vpp-host/api';
import { TokenService, type TokenDeletionEffect, type TokenDeletionPreview } from '../../api/index.js';
import { saidLines } from '../said-text.js';

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

/** The effects the plugin's own parts contribute, said in the reader's language by their stable ids. */
const EFFECT_MESSAGES: Readonly<Record<string, { readonly messageId: string }>> = {
  'catalog-items-dropped': { messageId: 'vpp.token.deletion.catalog-items-dropped' },
  'assignments-stop': { messageId: 'vpp.token.deletion.assignments-stop' },
  'licenses-stay-at-apple': { messageId: 'vpp.token.deletion.licenses-stay-at-apple' },
  'queue-dropped': { messageId: 'vpp.token.deletion.queue-dropped' },
  'invitations-unsent': { messageId: 'vpp.token.deletion.invitations-unsent' },
  'enrolments-stay-at-apple': { messageId: 'vpp.token.deletion.enrolments-stay-at-apple' },
};

/** The preview in sentences, for the CLI; an effect of another part is said in its English. */
export function tokenDeletionText(preview: TokenDeletionPreview): Said {
  const lines = preview.effects.map((effect): Said => ({ message: `  - ${effect.message}`, ...EFFECT_MESSAGES[effect.id], params: { count: effect.count } }));
  return saidLines([
    phrase(`Preview, nothing was changed: deleting token "${preview.name}" would`, 'vpp.token.deletion.preview', { token: preview.name }),
    ...(lines.length > 0 ? lines : [phrase('  - stop syncing it; nothing else depends on it', 'vpp.token.deletion.nothing-else')]),
  ]);
}
