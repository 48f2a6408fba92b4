import { z } from '@vpp-host/api';
import { MIGRATION_BUNDLE_SCHEMA_ID, MigrationBundleSchema } from '../../api/index.js';

/** Where the generated JSON Schema is committed, relative to the repository root. */
export const MIGRATION_SCHEMA_FILE = 'docs/migration-bundle.schema.json';

/** The bundle's JSON Schema, generated from the zod schema the reader validates with: one source of truth. */
export function migrationBundleJsonSchemaText(): string {
  const { $schema, ...schema } = z.toJSONSchema(MigrationBundleSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return `${JSON.stringify({ $schema, $id: MIGRATION_BUNDLE_SCHEMA_ID, ...schema }, null, 2)}\n`;
}
