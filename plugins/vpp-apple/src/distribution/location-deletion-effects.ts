import { inject, injectable } from '@vpp-host/api';
import type { TokenDeletionEffect } from '../../api/index.js';
import type { TokenDeletionEffects } from '../tokens/token-deletion.js';
import { DistributionRuntime } from './distribution-runtime.js';

/** What deleting a location's token does to its catalog, assignments, licenses and queues. */
@injectable()
export class LocationDistributionEffects implements TokenDeletionEffects {
  constructor(@inject(DistributionRuntime) private readonly runtime: DistributionRuntime) {}

  effectsOfDeleting(tokenId: string): TokenDeletionEffect[] {
    const { items, assignments, licenses, waiting } = this.runtime.service.locationFootprint(tokenId);
    return [
      { id: 'catalog-items-dropped', count: items.total, outcome: 'stops', lines: items.lines, message: `${items.total} purchased item(s) leave the catalog with the data synced for it` },
      {
        id: 'assignments-stop',
        count: assignments.total,
        outcome: 'stops',
        lines: assignments.lines,
        message: `${assignments.total} assignment(s) of its items stop: nobody else gets these apps or books from them`,
      },
      {
        id: 'licenses-stay-at-apple',
        count: licenses.total,
        outcome: 'stays-at-apple',
        lines: licenses.lines,
        message: `${licenses.total} license(s) stay assigned at Apple but are no longer managed here: revoke them first, or move the location (vpp-host migrate export) to keep them managed`,
      },
      { id: 'queue-dropped', count: waiting.total, outcome: 'stops', lines: waiting.lines, message: `${waiting.total} holder(s) waiting for a license are never served` },
    ];
  }
}
