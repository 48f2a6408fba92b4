import { randomUUID } from 'node:crypto';
import { inject, injectable, Storage, type Entity, type Repository } from '@vpp-host/api';

interface InstallationRecord extends Entity {
  readonly mdmId: string;
}

export const MDM_NAME = 'vpp-host';

/**
 * This installation's `mdmInfo.id`: generated once (by the active host, see `ensure`), kept for good, so Apple can tell
 * this host from other MDMs.
 */
@injectable()
export class InstallationIdentity {
  private records: Repository<InstallationRecord> | undefined;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async open(): Promise<void> {
    this.records = await this.storage.collection<InstallationRecord>('installation');
  }

  /** Generates the id on the first start; a standby reads the one the active host made. */
  async ensure(): Promise<void> {
    if (this.stored()) return;
    await this.opened().put({ id: 'mdm', mdmId: randomUUID() });
  }

  get mdmId(): string {
    const id = this.stored();
    if (id === undefined) throw new Error('The installation identity is read before the plugin started');
    return id;
  }

  private stored(): string | undefined {
    return this.opened().get('mdm')?.mdmId;
  }

  private opened(): Repository<InstallationRecord> {
    if (!this.records) throw new Error('The installation identity is read before the plugin started');
    return this.records;
  }
}
