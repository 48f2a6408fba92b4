import { ContainerModule, DirectoryProvider, injectable, UpstreamError, type InventorySnapshot } from '@vpp-host/api';

/** An HR export: two people, a team and a laptop. */
@injectable()
class HrFeed implements DirectoryProvider {
  readonly id = 'hr-feed';
  readonly displayName = 'HR feed';

  async fetch(): Promise<InventorySnapshot> {
    return {
      users: [
        { id: 'hr-ines', name: 'Inès Laurent', email: 'ines@hr.example.com', language: 'fr' },
        { id: 'hr-bram', name: 'Bram Visser', email: 'bram@hr.example.com', language: 'nl' },
      ],
      devices: [{ serialNumber: 'HRMAC00001', platform: 'macOS', osVersion: '14.4', ownerUserId: 'ines@hr.example.com' }],
      userGroups: [{ id: 'hr-team', name: 'HR team', members: ['hr-ines', 'bram@hr.example.com'] }],
    };
  }
}

@injectable()
class UnreachableLdap implements DirectoryProvider {
  readonly id = 'ldap';
  readonly displayName = 'Company LDAP';

  async fetch(): Promise<InventorySnapshot> {
    throw new UpstreamError('ldap.example.com did not answer');
  }
}

export default new ContainerModule(({ bind }) => {
  bind(HrFeed).toSelf().inSingletonScope();
  bind(UnreachableLdap).toSelf().inSingletonScope();
  bind(DirectoryProvider).toService(HrFeed);
  bind(DirectoryProvider).toService(UnreachableLdap);
});
