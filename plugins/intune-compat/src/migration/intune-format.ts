import { Clock, inject, injectable } from '@vpp-host/api';
import type { MigrationBundle, MigrationFormatContribution } from '@vpp-host/plugins/vpp-apple/api';
import { bundleOfDump } from './dump-bundle.js';
import { graphRequestsOf } from './graph-requests.js';
import { parseDump } from './intune-dump.js';

/**
 * Intune's migration format: reads the dump a Graph script collects from Intune (its token, VPP apps and books with
 * their assignments and licences, groups and managed devices) and writes the Graph requests that recreate a
 * bundle's assignments in Intune.
 */
@injectable()
export class IntuneMigrationFormat implements MigrationFormatContribution {
  readonly id = 'intune';

  constructor(@inject(Clock) private readonly clock: Clock) {}

  read(text: string): MigrationBundle {
    return bundleOfDump(parseDump(text), this.clock.now());
  }

  write(bundle: MigrationBundle): string {
    return `${JSON.stringify(graphRequestsOf(bundle), null, 2)}\n`;
  }
}
