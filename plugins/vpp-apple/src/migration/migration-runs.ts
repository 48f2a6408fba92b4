import { createHash } from 'node:crypto';
import { Storage, inject, injectable, type Repository } from '@vpp-host/api';
import type { MigrationBundle } from '../../api/index.js';

/** One `migrate apply` of a bundle to a location, kept so a second run resumes it and `verify` can check it. */
export interface MigrationRun {
  /** The location's uId. */
  readonly id: string;
  /** The bundle's digest: a run of another bundle starts afresh. */
  readonly digest: string;
  readonly startedAt: string;
  readonly completedAt?: string;
  readonly tokenId?: string;
  /** Bundle licences Apple no longer held at apply (`itemId#kind:holderId`): their holders wait again. */
  readonly missingAtApple: readonly string[];
  /** Bundle licences the other product was releasing: finished here, so a release of them is expected. */
  readonly releasing: readonly string[];
  /** Bundle assignment ids this host had to give another id, as `bundle id → id here`. */
  readonly renamedAssignments: Readonly<Record<string, string>>;
}

/** The bundle's digest, of its content whatever the format it was read from. */
export function bundleDigest(bundle: MigrationBundle): string {
  const { token: _secret, ...content } = bundle;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

@injectable()
export class MigrationRuns {
  private repository: Repository<MigrationRun> | undefined;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async get(uId: string): Promise<MigrationRun | undefined> {
    return (await this.open()).get(uId);
  }

  /** The run of this bundle: by its location when the bundle names Apple's, else by its digest. */
  async find(bundle: MigrationBundle): Promise<MigrationRun | undefined> {
    const byLocation = await this.get(bundle.location.uId);
    if (byLocation) return byLocation;
    const digest = bundleDigest(bundle);
    return [...(await this.open()).values()].find((run) => run.digest === digest);
  }

  async put(run: MigrationRun): Promise<void> {
    await (await this.open()).put(run);
  }

  private async open(): Promise<Repository<MigrationRun>> {
    this.repository ??= await this.storage.collection<MigrationRun>('migration-runs', { expectedSize: 100 });
    return this.repository;
  }
}
