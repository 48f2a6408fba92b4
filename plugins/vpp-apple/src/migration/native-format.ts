import { injectable } from '@vpp-host/api';
import { MIGRATION_BUNDLE_SCHEMA_ID, type MigrationBundle, type MigrationFormatContribution } from '../../api/index.js';
import { parseBundle } from './bundle-reader.js';

/** vpp-host's own bundle format: JSON as docs/migration-bundle.schema.json describes. */
@injectable()
export class NativeMigrationFormat implements MigrationFormatContribution {
  readonly id = 'native';

  read(text: string): MigrationBundle {
    return parseBundle(text);
  }

  write(bundle: MigrationBundle): string {
    return `${JSON.stringify({ $schema: MIGRATION_BUNDLE_SCHEMA_ID, ...bundle }, null, 2)}\n`;
  }
}
