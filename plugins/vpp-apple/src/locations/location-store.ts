import { inject, injectable, Storage, type Entity, type Repository } from '@vpp-host/api';
import type { LocationSettings, Publication } from '../../api/index.js';

export type LocationSettingsRecord = Omit<LocationSettings, 'tokenId'> & Entity;
export type PublicationRecord = Publication & Entity;

/** Location settings by token id, and publications by catalog item id. */
@injectable()
export class LocationStore {
  private opened: { settings: Repository<LocationSettingsRecord>; publications: Repository<PublicationRecord> } | undefined;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async open(): Promise<void> {
    const [settings, publications] = await Promise.all([
      this.storage.collection<LocationSettingsRecord>('location-settings'),
      this.storage.collection<PublicationRecord>('catalog-publications', { expectedSize: 10_000 }),
    ]);
    this.opened = { settings, publications };
  }

  get settings(): Repository<LocationSettingsRecord> {
    return this.repositories.settings;
  }

  get publications(): Repository<PublicationRecord> {
    return this.repositories.publications;
  }

  private get repositories(): NonNullable<LocationStore['opened']> {
    if (!this.opened) throw new Error('Location settings are read before the plugin started');
    return this.opened;
  }
}
