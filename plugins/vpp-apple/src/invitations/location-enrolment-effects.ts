import { inject, injectable } from '@vpp-host/api';
import type { TokenDeletionEffect } from '../../api/index.js';
import type { TokenDeletionEffects } from '../tokens/token-deletion.js';
import { InvitationService } from './invitation-service.js';

/** What deleting a location's token does to its enrolment and the invitations not yet sent. */
@injectable()
export class LocationEnrolmentEffects implements TokenDeletionEffects {
  constructor(@inject(InvitationService) private readonly invitations: InvitationService) {}

  effectsOfDeleting(tokenId: string): TokenDeletionEffect[] {
    const { enrolled, unsent } = this.invitations.locationFootprint(tokenId);
    return [
      { id: 'invitations-unsent', count: unsent, message: `${unsent} invitation(s) not yet sent are never sent` },
      { id: 'enrolments-stay-at-apple', count: enrolled, message: `${enrolled} enrolled user(s) stay associated with the location at Apple; this host stops managing them` },
    ];
  }
}
