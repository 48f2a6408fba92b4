import { injectable } from '@vpp-host/api';
import type { MigrationBundle, MigrationFormatContribution } from '@vpp-host/plugins/vpp-apple/api';
import { bundleOfExport } from './maas360-bundle.js';
import { parseMaas360Export } from './maas360-export.js';
import { exportOfBundle } from './maas360-writer.js';

/**
 * MaaS360's migration format: reads a MaaS360 export (its token's settings, Token Details, distributions, VPP users,
 * devices, groups and licences) into a bundle, and writes a bundle in the same shape with what MaaS360 cannot hold
 * listed in `notExpressible`.
 */
@injectable()
export class Maas360MigrationFormat implements MigrationFormatContribution {
  readonly id = 'maas360';

  read(text: string): MigrationBundle {
    return bundleOfExport(parseMaas360Export(text));
  }

  write(bundle: MigrationBundle): string {
    return `${JSON.stringify(exportOfBundle(bundle), null, 2)}\n`;
  }
}
