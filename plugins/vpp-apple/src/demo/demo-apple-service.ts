import {
  Clock,
  HostEnvironment,
  inject,
  injectable,
  Logger,
  SYSTEM_ACTOR,
  type Actor,
  type Disposable,
  type LifecycleContribution,
} from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService } from '../../api/index.js';
import { licenseTotals } from '../sync/sync-report.js';
import { AppleEndpoint } from '../tokens/apple-endpoint.js';

const DEMO_ACTOR: Actor = { ...SYSTEM_ACTOR, id: 'demo', name: 'Demo set-up' };
const ADDRESS_WAIT_MS = 30_000;
const ADDRESS_POLL_MS = 50;

/**
 * `--demo`: Apple's service simulated on localhost with a two-location organisation. Its tokens are added (or,
 * on later starts, renewed in place, since the simulator issues new files each run) and synced once the host
 * listens, so Apple's notifications can reach it over plain http on localhost (the real Apple requires https).
 */
@injectable()
export class DemoAppleService implements LifecycleContribution {
  private readonly started: Disposable[] = [];
  private stopped = false;
  private seeding: Promise<void> | undefined;

  constructor(
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async onStart(): Promise<void> {
    if (!this.environment.demo) return;
    // Loaded here, not at the top: the simulator (and msw) is only for a demo start.
    const { addDemoOrganisation, AppleVppSimulator, DEMO_LOCATIONS, startAppleSimulatorServer } = await import('../simulator/index.js');
    const simulator = new AppleVppSimulator({ clock: this.clock, requireHttpsNotificationUrl: false, eventDelayMs: 2_000 });
    const handles = addDemoOrganisation(simulator);
    const server = await startAppleSimulatorServer(simulator);
    this.started.push(server, this.endpoint.useDemoService(server.baseUrl));
    this.logger.info('Demo Apple service listening', { url: server.baseUrl });
    this.seeding = this.seedWhenListening(handles.map((handle, i) => ({ ...handle, name: DEMO_LOCATIONS[i]!.locationName }))).catch((error: unknown) =>
      this.logger.error('Setting up the demo locations failed', { error }),
    );
  }

  async onStop(): Promise<void> {
    this.stopped = true;
    await this.seeding;
    for (const item of this.started.reverse()) await item.dispose();
  }

  private async seedWhenListening(files: { uId: string; sToken: string; name: string }[]): Promise<void> {
    for (let waited = 0; !this.environment.publicUrl() && waited < ADDRESS_WAIT_MS; waited += ADDRESS_POLL_MS) {
      if (this.stopped) return;
      await this.clock.sleep(ADDRESS_POLL_MS);
    }
    for (const file of files) {
      if (this.stopped) return;
      const existing = this.tokens.list().find((token) => token.uId === file.uId);
      const token = existing
        ? await this.tokens.renew(existing.id, file.sToken, DEMO_ACTOR, { takeOver: true })
        : await this.tokens.add({ name: file.name, file: file.sToken, takeOver: true }, DEMO_ACTOR);
      const summary = await this.sync.sync(token.id);
      const licenses = licenseTotals(this.catalog, token.id);
      this.logger.info('Demo location synced', { name: token.name, assets: summary.assets, users: summary.users, licenses: licenses.total, available: licenses.available });
    }
  }
}
