import { ActiveWorkContribution, inject, injectable, LifecycleContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { DemoAppleService } from './demo-apple-service.js';

/** Brings the demo's Apple up before any area of the plugin talks to Apple (a resumed batch, a sync). */
@injectable()
class DemoAppleStart implements LifecycleContribution {
  constructor(@inject(DemoAppleService) private readonly service: DemoAppleService) {}

  onStart(): Promise<void> {
    return this.service.startApple();
  }
}

/** Bound before every other area: the demo's Apple starts first. */
export function bindDemoApple({ bind }: ContainerModuleLoadOptions): void {
  bind(DemoAppleService).toSelf().inSingletonScope();
  bind(DemoAppleStart).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(DemoAppleStart);
}

/** Bound after every other area: the demo locations are set up once the host listens, and Apple stops last. */
export function bindDemo({ bind }: ContainerModuleLoadOptions): void {
  bind(LifecycleContribution).toService(DemoAppleService);
  bind(ActiveWorkContribution).toService(DemoAppleService);
}
