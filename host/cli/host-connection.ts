import path from 'node:path';
import { CliFailure, usageError } from './cli-failure.js';
import { isProcessAlive, readCliFile } from './cli-file.js';
import type { GlobalFlags } from './global-flags.js';

export const DEFAULT_DATA_DIR = './data';

export interface HostConnection {
  readonly url: string;
  readonly token: string;
}

export function notRunning(dataDir: string): CliFailure {
  return new CliFailure(`No vpp-host is running for data dir ${path.resolve(dataDir)} (start it with \`vpp-host start\`)`, 1);
}

/**
 * Where the host listens and which token to send: `--url`/`--api-token`, else VPP_HOST_URL/VPP_HOST_TOKEN, else the
 * `cli.json` the running host wrote into its data dir.
 */
export async function resolveConnection(flags: GlobalFlags, env: NodeJS.ProcessEnv): Promise<HostConnection> {
  const url = flags.url ?? env.VPP_HOST_URL;
  const token = flags.apiToken ?? env.VPP_HOST_TOKEN;
  if (url !== undefined && url !== '') {
    if (token === undefined || token === '') throw usageError(`Give the API token for ${url} with --api-token or VPP_HOST_TOKEN`);
    if (!/^https?:\/\//.test(url)) throw usageError(`--url must be an http(s) address, got "${url}"`);
    return { url: url.replace(/\/$/, ''), token };
  }
  const dataDir = flags.dataDir ?? DEFAULT_DATA_DIR;
  const file = await readCliFile(dataDir);
  if (!file?.url || !file.token || !isProcessAlive(file.pid)) throw notRunning(dataDir);
  return { url: file.url.replace(/\/$/, ''), token: token || file.token };
}
