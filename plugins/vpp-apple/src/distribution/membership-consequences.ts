import { inject, injectable, type ChangeConsequences, type InventoryChangeConsequences, type MembershipEdit } from '@vpp-host/api';
import type { LicenseAccount } from '../../api/index.js';
import { accountLists } from '../panel/account-view.js';
import { accountSentence } from './account-sentence.js';
import { isEmptyAccount } from './license-account.js';
import { DistributionRuntime } from './distribution-runtime.js';

/** Tells the inventory what a group gaining or losing a member does to licenses: before (a preview) and after. */
@injectable()
export class MembershipConsequences implements InventoryChangeConsequences {
  constructor(@inject(DistributionRuntime) private readonly runtime: DistributionRuntime) {}

  previewMembership(edit: MembershipEdit, language: string): ChangeConsequences | undefined {
    return told(this.runtime.service.previewMembership(edit), language);
  }

  async membershipChanged(edit: MembershipEdit, language: string): Promise<ChangeConsequences | undefined> {
    const account = await this.runtime.service.membershipAccount(edit);
    return account && told(account, language);
  }
}

/** Nothing to tell when the edit moves nothing of distribution's. */
function told(account: LicenseAccount, language: string): ChangeConsequences | undefined {
  if (isEmptyAccount(account)) return undefined;
  return { summary: accountSentence(account, language), details: account, html: accountLists(account, language) };
}
