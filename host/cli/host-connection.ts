import path from 'node:path';
import { phrase } from '../api/messages.js';
import { CliFailure, usageError } from './cli-failure.js';
import { readerLanguage, sayLocally } from './cli-messages.js';
import { isProcessAlive, readCliFile } from './cli-file.js';
import type { GlobalFlags } from './global-flags.js';

export const DEFAULT_DATA_DIR = './data';

export interface HostConnection {
  readonly url: string;
  readonly token: string;
}

export function notRunning(dataDir: string, language: string | undefined): CliFailure {
  const dir = path.resolve(dataDir);
  return new CliFailure(sayLocally(phrase(`No vpp-host is running for data dir ${dir} (start it with \`vpp-host start\`)`, 'host.cli.not-running', { dir }), language), 1);
}

/**
 * Where the host listens and which token to send: `--url`/`--api-token`, else VPP_HOST_URL/VPP_HOST_TOKEN, else the
 * `cli.json` the running host wrote into its data dir.
 */
export async function resolveConnection(flags: GlobalFlags, env: NodeJS.ProcessEnv): Promise<HostConnection> {
  const url = flags.url ?? env.VPP_HOST_URL;
  const token = flags.apiToken ?? env.VPP_HOST_TOKEN;
  const language = readerLanguage(flags, env);
  if (url !== undefined && url !== '') {
    if (token === undefined || token === '') throw usageError(sayLocally(phrase(`Give the API token for ${url} with --api-token or VPP_HOST_TOKEN`, 'host.cli.give-token', { url }), language));
    if (!/^https?:\/\//.test(url)) throw usageError(sayLocally(phrase(`--url must be an http(s) address, got "${url}"`, 'host.cli.url', { got: url }), language));
    return { url: url.replace(/\/$/, ''), token };
  }
  const dataDir = flags.dataDir ?? DEFAULT_DATA_DIR;
  const file = await readCliFile(dataDir);
  if (!file?.url || !file.token || !isProcessAlive(file.pid)) throw notRunning(dataDir, language);
  return { url: file.url.replace(/\/$/, ''), token: token || file.token };
}
