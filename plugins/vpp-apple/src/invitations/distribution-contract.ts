import { liveContractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { Distribution } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { DISTRIBUTION_MEMBERS } from '../contract-members.js';

/**
 * Offers the running DistributionService as the `Distribution` contract. Resolved on each request (not a singleton):
 * the service exists only while the plugin runs and is made anew at each start. Each call goes through the runtime,
 * which first brings a standby's service up to the active host's changes.
 */
export function bindDistributionContract({ bind }: ContainerModuleLoadOptions): void {
  bind(Distribution).toDynamicValue((context) => {
    const runtime = context.get(DistributionRuntime);
    return liveContractFacade<Distribution>(() => runtime.service, DISTRIBUTION_MEMBERS);
  });
}
