import { contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { Distribution } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { DISTRIBUTION_MEMBERS } from '../contract-members.js';

/**
 * Offers the running DistributionService as the `Distribution` contract. Resolved on each request (not a singleton):
 * the service exists only while the plugin runs and is made anew at each start.
 */
export function bindDistributionContract({ bind }: ContainerModuleLoadOptions): void {
  bind(Distribution).toDynamicValue((context) => contractFacade<Distribution>(context.get(DistributionRuntime).service, DISTRIBUTION_MEMBERS));
}
