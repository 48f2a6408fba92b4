import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  Clock,
  HostEnvironment,
  inject,
  injectable,
  Logger,
  SYSTEM_ACTOR,
  toDisposable,
  type ActiveWorkContribution,
  type Actor,
  type Disposable,
  type LifecycleContribution,
} from '@vpp-host/api';
import { CatalogReader, SyncService, TokenService } from '../../api/index.js';
import type { AppleVppSimulator } from '../simulator/index.js';
import { licenseTotals } from '../sync/sync-report.js';
import { AppleEndpoint } from '../tokens/apple-endpoint.js';

const DEMO_ACTOR: Actor = { ...SYSTEM_ACTOR, id: 'demo', name: 'Demo set-up' };
const ADDRESS_WAIT_MS = 30_000;
const ADDRESS_POLL_MS = 50;
/** Below the data directory: the demo's Apple, kept between starts so a restarted demo is the same organisation. */
const DEMO_DIR = 'demo';
const SIMULATOR_STATE_FILE = 'apple-simulator.json';

interface DemoLocation {
  readonly uId: string;
  readonly sToken: string;
  readonly name: string;
}

/**
 * `--demo`: Apple's service simulated on localhost with a two-location organisation, its state kept in the data
 * directory (`demo/apple-simulator.json`), so assignments, users and tokens outlive a restart. The tokens are added
 * on the first start (renewed in place when the state file was lost, or the host's webhook moved) and synced once
 * the host listens, so Apple's notifications can reach it over plain http on localhost (the real Apple requires https).
 */
@injectable()
export class DemoAppleService implements LifecycleContribution, ActiveWorkContribution {
  private readonly started: Disposable[] = [];
  private stopped = false;
  private seeding: Promise<void> | undefined;
  private simulator?: AppleVppSimulator;
  private locations: DemoLocation[] = [];
  private restored = false;

  constructor(
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  /** Starts the simulated Apple from its state file (or a new organisation) and points the plugin at it. */
  async startApple(): Promise<void> {
    if (!this.environment.demo) return;
    // Loaded here, not at the top: the simulator (and msw) is only for a demo start.
    const { addDemoOrganisation, AppleVppSimulator, DEMO_LOCATIONS, SimulatorStateFile, startAppleSimulatorServer } = await import('../simulator/index.js');
    const simulator = new AppleVppSimulator({ clock: this.clock, requireHttpsNotificationUrl: false, eventDelayMs: 2_000 });
    const directory = path.join(this.environment.dataDir, DEMO_DIR);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const { stateFile, restored } = await SimulatorStateFile.open(path.join(directory, SIMULATOR_STATE_FILE), simulator, {
      seed: () => addDemoOrganisation(simulator),
      onError: (error) => this.logger.error('Could not save the demo Apple service state', { error: String(error) }),
    });
    this.started.push(stateFile);
    const server = await startAppleSimulatorServer(simulator);
    this.started.push(server, this.endpoint.useDemoService(server.baseUrl));
    this.simulator = simulator;
    this.restored = restored;
    this.locations = DEMO_LOCATIONS.map((spec) => ({ uId: spec.uId, sToken: simulator.location(spec.uId).identity.sToken, name: spec.locationName }));
    this.logger.info('Demo Apple service listening', { url: server.baseUrl, restored });
  }

  /** Adds (or renews) and syncs the demo locations once the host listens: they are written, so the active host does it. */
  startActiveWork(): Disposable {
    if (this.environment.demo) this.seeding = this.seedWhenListening().catch((error: unknown) => this.logger.error('Setting up the demo locations failed', { error }));
    return toDisposable(() => this.stopSeeding());
  }

  async onStop(): Promise<void> {
    await this.stopSeeding();
    for (const item of this.started.reverse()) await item.dispose();
  }

  private async stopSeeding(): Promise<void> {
    this.stopped = true;
    await this.seeding;
  }

  private async seedWhenListening(): Promise<void> {
    for (let waited = 0; !this.environment.publicUrl() && waited < ADDRESS_WAIT_MS; waited += ADDRESS_POLL_MS) {
      if (this.stopped) return;
      await this.clock.sleep(ADDRESS_POLL_MS);
    }
    for (const file of this.locations) {
      if (this.stopped) return;
      const existing = this.tokens.list().find((token) => token.uId === file.uId);
      const token = !existing
        ? await this.tokens.add({ name: file.name, file: file.sToken, takeOver: true }, DEMO_ACTOR)
        : this.restored && this.simulator!.location(file.uId).notificationUrl === this.endpoint.notificationUrl(existing.id)
          ? existing
          : await this.tokens.renew(existing.id, file.sToken, DEMO_ACTOR, { takeOver: true });
      const summary = await this.sync.sync(token.id);
      const licenses = licenseTotals(this.catalog, token.id);
      this.logger.info('Demo location synced', { name: token.name, assets: summary.assets, users: summary.users, licenses: licenses.total, available: licenses.available });
    }
  }
}
