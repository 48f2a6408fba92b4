import { inject, injectable, type ActiveWorkContribution, type Disposable, type LifecycleContribution } from '@vpp-host/api';
import { InvitationService } from './invitation-service.js';

/**
 * Opens invitations after distribution (it records acceptances there); the active host finishes the batches the host
 * before it left, and lets running batches finish on stop.
 */
@injectable()
export class InvitationsLifecycle implements LifecycleContribution, ActiveWorkContribution {
  constructor(@inject(InvitationService) private readonly service: InvitationService) {}

  onStart(): Promise<void> {
    return this.service.open();
  }

  startActiveWork(): Promise<Disposable> {
    return this.service.resumeBatches();
  }

  onStop(): Promise<void> {
    return this.service.close();
  }
}
