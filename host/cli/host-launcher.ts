import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { listen } from '../api/event.js';
import type { PluginStatus } from '../api/manifest.js';
import { AccountService } from '../http/auth/account-service.js';
import { Host, type HostOptions } from '../runtime/host.js';
import { claimDataDir, HostAlreadyRunning } from './cli-file.js';
import { CliFailure } from './cli-failure.js';

/**
 * The API token the local CLI of a data dir uses, replaced on every start so a lost one stops working. Hosts sharing a
 * database each have their own, so one's start does not revoke another's.
 */
export function localCliTokenName(dataDir: string): string {
  // A token name is at most 64 characters: the host and data dir are named by a short digest of both.
  const where = createHash('sha256').update(`${hostname()}:${path.resolve(dataDir)}`).digest('hex').slice(0, 8);
  return `vpp-host CLI (local ${where})`;
}

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
 * the address and a fresh admin API token in `<dataDir>/cli.json` for the other commands. A standby host (on a
 * database another host is active on) writes nothing: it leaves its address alone, and does the rest once it takes
 * over.
 */
export async function launchHost(options: HostOptions): Promise<LaunchedHost> {
  const claim = await claimDataDir(options.dataDir).catch((error: unknown) => {
    throw error instanceof HostAlreadyRunning ? new CliFailure(error.message, 1) : error;
  });
  let host: Host | undefined;
  try {
    host = await Host.start(options);
    const accounts = host.container.get<AccountService>(AccountService);
    const url = host.environment.publicUrl();
    const roles = host.storage.leaseKeeper;
    const issueCliAccess = async (): Promise<{ name: string; password: string } | undefined> => {
      const firstAdmin = await accounts.ensureFirstAdmin();
      const name = localCliTokenName(options.dataDir);
      for (const stale of accounts.listApiTokens().filter((t) => t.name === name)) await accounts.revokeApiToken(stale.id, SYSTEM_ACTOR);
      const { token } = await accounts.createApiToken({ name, role: 'admin' }, SYSTEM_ACTOR);
      await claim.publish(url, token);
      return firstAdmin;
    };
    const standby = roles?.role() === 'standby';
    const firstAdmin = standby ? undefined : await issueCliAccess();
    if (standby) await claim.publish(url);
    const logger = host.logger;
    const takeovers = roles
      ? listen(roles.onDidChangeRole, (role) => {
          if (role === 'active') issueCliAccess().catch((error: unknown) => logger.warn('Could not issue the local CLI token after taking over', { error: String(error) }));
        })
      : undefined;
    const running = host;
    return {
      host,
      url,
      firstAdmin,
      plugins: host.plugins.statuses(),
      stop: async () => {
        await takeovers?.dispose();
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
