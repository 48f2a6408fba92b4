import { LifecycleContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { DemoAppleService } from './demo-apple-service.js';

export function bindDemo({ bind }: ContainerModuleLoadOptions): void {
  bind(DemoAppleService).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(DemoAppleService);
}
