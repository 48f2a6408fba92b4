import { HostError, saying } from '../api/errors.js';

/** A write asked of a standby host: only the active host writes; the answer names it, so the caller can go there. */
export class StandbyError extends HostError {
  override readonly name = 'StandbyError';

  constructor(
    readonly activeHost: string | null,
    options?: ErrorOptions,
  ) {
    super(
      'standby',
      503,
      activeHost
        ? `This host is a standby and accepts no changes; send them to the active host at ${activeHost}`
        : 'This host is a standby and accepts no changes; which host is active is not known at the moment: try again shortly',
      { activeHost },
    );
    if (activeHost) saying(this, 'host.standby', { host: activeHost });
    else saying(this, 'host.standby-unknown');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
