import { Storage, inject, injectable, type Entity, type Repository } from '@vpp-host/api';

interface VpnSetting extends Entity {
  /** The core assignment's id. */
  readonly id: string;
  readonly vpnConfigurationId: string;
}

/**
 * The one assignment setting Intune has and the core lacks: the VPN configuration an iOS app uses, kept beside the
 * core's assignment by its id. A setting whose assignment is gone is never read (the assignment lists come from the
 * core) and is dropped when Graph removes or replaces it.
 */
@injectable()
export class VpnSettings {
  private repository?: Promise<Repository<VpnSetting>>;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async of(assignmentIds: readonly string[]): Promise<Map<string, string>> {
    const repository = await this.open();
    const found = new Map<string, string>();
    for (const id of assignmentIds) {
      const setting = repository.get(id);
      if (setting) found.set(id, setting.vpnConfigurationId);
    }
    return found;
  }

  /** Null or an empty id clears it. */
  async set(assignmentId: string, vpnConfigurationId: string | null): Promise<void> {
    const repository = await this.open();
    if (vpnConfigurationId) await repository.put({ id: assignmentId, vpnConfigurationId });
    else if (repository.has(assignmentId)) await repository.delete(assignmentId);
  }

  private open(): Promise<Repository<VpnSetting>> {
    this.repository ??= this.storage.collection<VpnSetting>('vpn-configurations');
    return this.repository;
  }
}
