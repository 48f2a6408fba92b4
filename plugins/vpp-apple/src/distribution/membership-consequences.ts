import { inject, injectable, type ChangeConsequences, type InventoryChangeConsequences, type MembershipEdit } from '@vpp-host/api';
import type { LicenseAccount } from '../../api/index.js';
import { accountText } from './distribution-tables.js';
import { DistributionRuntime } from './distribution-runtime.js';

/** Tells the inventory what a group gaining or losing a member does to licenses: before (a preview) and after. */
@injectable()
export class MembershipConsequences implements InventoryChangeConsequences {
  constructor(@inject(DistributionRuntime) private readonly runtime: DistributionRuntime) {}

  previewMembership(edit: MembershipEdit): ChangeConsequences {
    return told(this.runtime.service.previewMembership(edit));
  }

  async membershipChanged(edit: MembershipEdit): Promise<ChangeConsequences | undefined> {
    const account = await this.runtime.service.membershipAccount(edit);
    return account && told(account);
  }
}

function told(account: LicenseAccount): ChangeConsequences {
  return { summary: accountText(account), details: account };
}
