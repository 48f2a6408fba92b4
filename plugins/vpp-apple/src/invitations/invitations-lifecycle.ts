import { inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { InvitationService } from './invitation-service.js';

/** Opens invitations after distribution (it records acceptances there) and lets running batches finish on stop. */
@injectable()
export class InvitationsLifecycle implements LifecycleContribution {
  constructor(@inject(InvitationService) private readonly service: InvitationService) {}

  onStart(): Promise<void> {
    return this.service.open();
  }

  onStop(): Promise<void> {
    return this.service.close();
  }
}
