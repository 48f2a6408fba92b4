import { STORAGE_ENV } from '../runtime/host-storage.js';
import { errorMessage } from '../runtime/scheduler.js';
import { isPostgresUrl, redactPostgresUrl, StorageUnavailableError } from '../storage/index.js';
import { readLeaseStatus, type LeaseStatus } from '../storage/postgres/lease-status.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { formatTable } from './result-output.js';
import { STATUS_USAGE } from './usage.js';

/** `vpp-host status --storage URL`: which host is active on a shared database and how far behind its standbys are. */
export async function runStatus(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const options = { storage: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  const values = parseOptions(argv, options, 'status');
  if (values.help) {
    io.stdout.write(`${STATUS_USAGE}\n`);
    return 0;
  }
  const url = values.storage ?? io.env[STORAGE_ENV];
  if (!url || !isPostgresUrl(url)) throw usageError(`vpp-host status needs --storage postgres://… (or ${STORAGE_ENV}): hosts share a PostgreSQL database`);
  let status: LeaseStatus;
  try {
    status = await readLeaseStatus(url);
  } catch (error) {
    throw new CliFailure(`Could not read the status: ${errorMessage(error)}`, error instanceof StorageUnavailableError ? 2 : 1);
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ storage: redactPostgresUrl(url), ...status }, null, 2)}\n`);
  else io.stdout.write(`${describeStatus(status)}\n`);
  return 0;
}

function describeStatus({ lease, standbys }: LeaseStatus): string {
  const active = lease.hostId
    ? `Active: ${lease.address ?? '(address not known yet)'} (host ${lease.hostId}, epoch ${lease.epoch}, heartbeat ${seconds(lease.ageMs)} ago)`
    : `Active: none (epoch ${lease.epoch}); a standby takes over at its next check`;
  if (standbys.length === 0) return `${active}\nStandbys: none`;
  const rows = standbys.map((s) => [s.address, s.hostId, s.lagChanges, seconds(s.appliedAgeMs), seconds(s.seenAgeMs)]);
  return `${active}\nStandbys:\n${formatTable({ columns: ['address', 'host', 'changes behind', 'last applied', 'last seen'], rows })}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
