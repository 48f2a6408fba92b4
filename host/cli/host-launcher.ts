import { SYSTEM_ACTOR } from '../api/actor.js';
import type { PluginStatus } from '../api/manifest.js';
import { AccountService } from '../http/auth/account-service.js';
import { Host, type HostOptions } from '../runtime/host.js';
import { claimDataDir, HostAlreadyRunning } from './cli-file.js';
import { CliFailure } from './cli-failure.js';

/** The API token the local CLI uses, replaced on every start so a lost one stops working. */
export const LOCAL_CLI_TOKEN_NAME = 'vpp-host CLI (local)';

export interface LaunchedHost {
  readonly host: Host;
  readonly url: string;
  /** Set only when this start created the first admin: the password is shown this once. */
  readonly firstAdmin: { name: string; password: string } | undefined;
  readonly plugins: PluginStatus[];
  /** Stops the host and lets the next `vpp-host start` take the data dir. */
  stop(): Promise<void>;
}

/**
 * Starts a host for `vpp-host start`: takes the data dir (one writer only), makes sure an admin exists, and leaves
 * the address and a fresh admin API token in `<dataDir>/cli.json` for the other commands.
 */
export async function launchHost(options: HostOptions): Promise<LaunchedHost> {
  const claim = await claimDataDir(options.dataDir).catch((error: unknown) => {
    throw error instanceof HostAlreadyRunning ? new CliFailure(error.message, 1) : error;
  });
  let host: Host | undefined;
  try {
    host = await Host.start(options);
    const accounts = host.container.get<AccountService>(AccountService);
    const firstAdmin = await accounts.ensureFirstAdmin();
    for (const stale of accounts.listApiTokens().filter((t) => t.name === LOCAL_CLI_TOKEN_NAME)) await accounts.revokeApiToken(stale.id, SYSTEM_ACTOR);
    const { token } = await accounts.createApiToken({ name: LOCAL_CLI_TOKEN_NAME, role: 'admin' }, SYSTEM_ACTOR);
    const url = host.environment.publicUrl();
    await claim.publish(url, token);
    const running = host;
    return {
      host,
      url,
      firstAdmin,
      plugins: host.plugins.statuses(),
      stop: async () => {
        try {
          await running.stop();
        } finally {
          await claim.release();
        }
      },
    };
  } catch (error) {
    await host?.stop().catch(() => undefined);
    await claim.release();
    throw error;
  }
}
