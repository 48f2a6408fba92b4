import { Emitter, HostEnvironment, inject, injectable, listen, Settings, toDisposable, type Disposable } from '@vpp-host/api';

export const NOTIFICATION_ROUTE_PREFIX = '/api/plugins/vpp-apple/notifications';

/**
 * Where Apple is and where Apple should post notifications. The demo points both at local stand-ins for its run
 * only, without storing a setting.
 */
@injectable()
export class AppleEndpoint implements Disposable {
  private demoBaseUrl: string | undefined;
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;
  private readonly settingChanges: Disposable;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
  ) {
    this.settingChanges = listen(settings.onDidChangeSetting, ({ key }) => {
      if (key === 'appleApiBaseUrl') this.changes.fire();
    });
  }

  dispose(): void {
    void this.settingChanges.dispose();
    this.changes.dispose();
  }

  baseUrl(): string {
    return this.demoBaseUrl ?? this.settings.get<string>('appleApiBaseUrl');
  }

  /** The demo's local Apple service, until the returned Disposable is disposed. */
  useDemoService(baseUrl: string): Disposable {
    this.demoBaseUrl = baseUrl;
    this.changes.fire();
    return toDisposable(() => {
      this.demoBaseUrl = undefined;
      this.changes.fire();
    });
  }

  /**
   * The webhook address Apple posts to, or undefined when this host has no public address. Apple requires HTTPS;
   * the demo's local service accepts the host's own http address.
   */
  notificationUrl(tokenId: string): string | undefined {
    const configured = this.settings.get<string>('notificationBaseUrl') as string | undefined;
    const base = configured || (this.demoBaseUrl ? this.environment.publicUrl() : '');
    return base ? `${base.replace(/\/+$/, '')}${NOTIFICATION_ROUTE_PREFIX}/${encodeURIComponent(tokenId)}` : undefined;
  }

  /** Free text Apple shows next to our mdmInfo. */
  mdmMetadata(): string {
    return (this.environment.publicUrl() || 'vpp-host').slice(0, 255);
  }
}
