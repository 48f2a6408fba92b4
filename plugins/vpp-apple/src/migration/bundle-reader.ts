import { BadInputError, saying } from '@vpp-host/api';
import { MIGRATION_BUNDLE_FORMAT_VERSION, MigrationBundleSchema, bundleProblems, parseJsonObject, type MigrationBundle } from '../../api/index.js';
import { openToken } from './token-sealing.js';

export interface ReadBundle {
  readonly bundle: MigrationBundle;
  /** The token file, when the bundle carries one and a passphrase was given. */
  readonly sToken?: string;
}

/** Parses and validates native bundle text; BadInputError names what is wrong (at most five problems, by path). */
export function parseBundle(text: string): MigrationBundle {
  const data = parseJsonObject(text, 'The bundle');
  if (!('formatVersion' in data)) {
    throw saying(new BadInputError('This is not a vpp-host migration bundle: it has no formatVersion'), 'vpp.migration.not-a-bundle');
  }
  const version = data.formatVersion;
  if (version !== MIGRATION_BUNDLE_FORMAT_VERSION) {
    const given = JSON.stringify(version).slice(0, 40);
    const refusal = new BadInputError(`The bundle is format version ${given}; this vpp-host reads version ${MIGRATION_BUNDLE_FORMAT_VERSION} only`);
    throw saying(refusal, 'vpp.migration.format-version', { given, read: MIGRATION_BUNDLE_FORMAT_VERSION });
  }
  const parsed = MigrationBundleSchema.safeParse(data);
  if (!parsed.success) {
    const problems = bundleProblems(parsed.error);
    throw saying(new BadInputError(`The bundle is damaged: ${problems}`), 'vpp.migration.damaged', { problems });
  }
  return parsed.data;
}

/** A native bundle, validated, with its token decrypted when a passphrase is given (a wrong one is refused). */
export async function readBundle(text: string, passphrase?: string): Promise<ReadBundle> {
  const bundle = parseBundle(text);
  if (passphrase === undefined || bundle.token === undefined) return { bundle };
  return { bundle, sToken: await openToken(bundle.token, passphrase) };
}
