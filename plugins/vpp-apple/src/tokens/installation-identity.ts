import { randomUUID } from 'node:crypto';
import { inject, injectable, Storage, type Entity } from '@vpp-host/api';

interface InstallationRecord extends Entity {
  readonly mdmId: string;
}

export const MDM_NAME = 'vpp-host';

/** This installation's `mdmInfo.id`: generated once, kept for good, so Apple can tell this host from other MDMs. */
@injectable()
export class InstallationIdentity {
  private id: string | undefined;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async open(): Promise<void> {
    const records = await this.storage.collection<InstallationRecord>('installation');
    const existing = records.get('mdm');
    if (existing) {
      this.id = existing.mdmId;
      return;
    }
    const created: InstallationRecord = { id: 'mdm', mdmId: randomUUID() };
    await records.put(created);
    this.id = created.mdmId;
  }

  get mdmId(): string {
    if (this.id === undefined) throw new Error('The installation identity is read before the plugin started');
    return this.id;
  }
}
