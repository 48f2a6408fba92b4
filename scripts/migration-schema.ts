// Writes docs/migration-bundle.schema.json from the zod schema of the migration bundle: `npm run migration-schema`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATION_SCHEMA_FILE, migrationBundleJsonSchemaText } from '../plugins/vpp-apple/src/migration/bundle-json-schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
await writeFile(path.join(root, MIGRATION_SCHEMA_FILE), migrationBundleJsonSchemaText());
process.stdout.write(`Wrote ${MIGRATION_SCHEMA_FILE}\n`);
