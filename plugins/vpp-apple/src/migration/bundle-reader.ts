import { BadInputError } from '@vpp-host/api';
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
    throw new BadInputError('This is not a vpp-host migration bundle: it has no formatVersion');
  }
  const version = data.formatVersion;
  if (version !== MIGRATION_BUNDLE_FORMAT_VERSION) {
    throw new BadInputError(`The bundle is format version ${JSON.stringify(version).slice(0, 40)}; this vpp-host reads version ${MIGRATION_BUNDLE_FORMAT_VERSION} only`);
  }
  const parsed = MigrationBundleSchema.safeParse(data);
  if (!parsed.success) throw new BadInputError(`The bundle is damaged: ${bundleProblems(parsed.error)}`);
  return parsed.data;
}

/** A native bundle, validated, with its token decrypted when a passphrase is given (a wrong one is refused). */
export async function readBundle(text: string, passphrase?: string): Promise<ReadBundle> {
  const bundle = parseBundle(text);
  if (passphrase === undefined || bundle.token === undefined) return { bundle };
  return { bundle, sToken: await openToken(bundle.token, passphrase) };
}
