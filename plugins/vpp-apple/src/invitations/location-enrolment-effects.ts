import { inject, injectable, Inventory } from '@vpp-host/api';
import type { AccountList, TokenDeletionEffect, TokenDeletionLine } from '../../api/index.js';
import type { TokenDeletionEffects } from '../tokens/token-deletion.js';
import { InvitationService } from './invitation-service.js';

/** What deleting a location's token does to its enrolment and the invitations not yet sent. */
@injectable()
export class LocationEnrolmentEffects implements TokenDeletionEffects {
  constructor(
    @inject(InvitationService) private readonly invitations: InvitationService,
    @inject(Inventory) private readonly inventory: Inventory,
  ) {}

  effectsOfDeleting(tokenId: string): TokenDeletionEffect[] {
    const { enrolled, unsent } = this.invitations.locationFootprint(tokenId);
    return [
      { id: 'invitations-unsent', count: unsent.total, outcome: 'stops', lines: this.users(unsent), message: `${unsent.total} invitation(s) not yet sent are never sent` },
      {
        id: 'enrolments-stay-at-apple',
        count: enrolled.total,
        outcome: 'stays-at-apple',
        lines: this.users(enrolled),
        message: `${enrolled.total} enrolled user(s) stay associated with the location at Apple; this host stops managing them`,
      },
    ];
  }

  private users(list: AccountList<string>): TokenDeletionLine[] {
    return list.lines.map((id) => ({ who: { kind: 'user', id, name: this.inventory.getUser(id)?.name ?? id } }));
  }
}
