import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Container } from 'inversify';
import { SYSTEM_ACTOR } from '../../../host/api/actor.js';
import { Settings } from '../../../host/api/settings.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock, type AppleSimulatorServer, type LocationSpec } from '../../../plugins/vpp-apple/src/simulator/index.js';
import { REPO_ROOT } from '../../support/host-process.js';
import { startPanelHost, type PanelHost } from './panel-host.js';

export const PLUGINS_DIR = path.join(REPO_ROOT, 'plugins');

export interface VppPanelHost {
  readonly panel: PanelHost;
  /** Apple's service, simulated on a real localhost port the host reaches through VPP_APPLE_BASE_URL. */
  readonly simulator: AppleVppSimulator;
  readonly server: AppleSimulatorServer;
  /** The vpp-apple plugin's container, to reach its services (TokenService, SyncService...) from a test. */
  readonly plugin: Container;
  /** Adds a location to Apple and writes its `.vpptoken` file (the simulator's token builder) for an upload. */
  addLocation(spec: LocationSpec): Promise<{ uId: string; sToken: string; file: string }>;
  stop(): Promise<void>;
}

export interface VppPanelHostOptions {
  /** Extra environment for the host, e.g. the mail plugin's `VPP_MAIL_SMTP_HOST` and `VPP_MAIL_SMTP_PORT`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Apple posts its notifications to the host (notificationBaseUrl is the host's own address, which the simulator
   * accepts over plain HTTP); without them the host learns of Apple's changes by sync and status polls only.
   */
  readonly notifications?: boolean;
}

/**
 * A real host with the bundled plugins (mail, vpp-apple) talking to the Apple simulator over HTTP, on the system
 * clock, with status polls every second so Apple's answers show up while a browser looks.
 */
export async function startVppPanelHost(options: VppPanelHostOptions = {}): Promise<VppPanelHost> {
  const simulator = new AppleVppSimulator({ clock: systemClock, eventDelayMs: 0, requireHttpsNotificationUrl: !options.notifications });
  const server = await startAppleSimulatorServer(simulator);
  const files = await mkdtemp(path.join(tmpdir(), 'vpp-tokens-'));
  const panel = await startPanelHost({ pluginDirs: [PLUGINS_DIR], env: { ...options.env, VPP_APPLE_BASE_URL: server.baseUrl } });
  const status = panel.host.plugins.statuses().find((s) => s.id === 'vpp-apple');
  if (status?.state !== 'started') throw new Error(`vpp-apple did not start: ${JSON.stringify(status)}`);
  const plugin = panel.host.plugins.containerOf('vpp-apple')!;
  const settings = plugin.get<Settings>(Settings);
  await settings.update('statusPollSeconds', 1, SYSTEM_ACTOR);
  if (options.notifications) await settings.update('notificationBaseUrl', panel.url, SYSTEM_ACTOR);
  return {
    panel,
    simulator,
    server,
    plugin,
    async addLocation(spec) {
      const handle = simulator.addLocation(spec);
      const file = path.join(files, `${spec.uId}.vpptoken`);
      await writeFile(file, handle.sToken);
      return { ...handle, file };
    },
    async stop() {
      await panel.stop();
      await server.dispose();
      await rm(files, { recursive: true, force: true });
    },
  };
}
