import { phrase, type Said } from '../api/messages.js';
import { STORAGE_ENV } from '../runtime/host-storage.js';
import { errorMessage } from '../runtime/scheduler.js';
import { isPostgresUrl, redactPostgresUrl, StorageUnavailableError } from '../storage/index.js';
import { readLeaseStatus, type LeaseStatus } from '../storage/postgres/lease-status.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import { reasonOf, sayLocally } from './cli-messages.js';
import { parseOptions } from './parse-options.js';
import { formatTable } from './result-output.js';
import { statusUsage } from './usage.js';

/** `vpp-host status --storage URL`: which host is active on a shared database and how far behind its standbys are. */
export async function runStatus(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const options = { storage: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  const { values, language } = parseOptions(argv, options, 'status', io.env);
  const say = (said: Said): string => sayLocally(said, language);
  if (values.help) {
    io.stdout.write(`${statusUsage(language)}\n`);
    return 0;
  }
  const url = values.storage ?? io.env[STORAGE_ENV];
  if (!url || !isPostgresUrl(url)) throw usageError(say(phrase(`vpp-host status needs --storage postgres://… (or ${STORAGE_ENV}): hosts share a PostgreSQL database`, 'host.cli.status.needs-storage', { env: STORAGE_ENV })));
  let status: LeaseStatus;
  try {
    status = await readLeaseStatus(url);
  } catch (error) {
    throw new CliFailure(say(phrase(`Could not read the status: ${errorMessage(error)}`, 'host.cli.status.unreadable', { reason: reasonOf(error) })), error instanceof StorageUnavailableError ? 2 : 1);
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ storage: redactPostgresUrl(url), ...status }, null, 2)}\n`);
  else io.stdout.write(`${describeStatus(status, language)}\n`);
  return 0;
}

function describeStatus({ lease, standbys }: LeaseStatus, language: string | undefined): string {
  const say = (said: Said): string => sayLocally(said, language);
  const address = lease.address ?? say(phrase('(address not known yet)', 'host.cli.status.address-unknown'));
  const active = lease.hostId
    ? say(phrase(`Active: ${address} (host ${lease.hostId}, epoch ${lease.epoch}, heartbeat ${seconds(lease.ageMs)} ago)`, 'host.cli.status.active', { address, host: lease.hostId, epoch: lease.epoch, age: seconds(lease.ageMs) }))
    : say(phrase(`Active: none (epoch ${lease.epoch}); a standby takes over at its next check`, 'host.cli.status.none-active', { epoch: lease.epoch }));
  if (standbys.length === 0) return `${active}\n${say(phrase('Standbys: none', 'host.cli.status.no-standbys'))}`;
  const columns = [
    phrase('address', 'host.cli.status.column.address'),
    phrase('host', 'host.cli.status.column.host'),
    phrase('changes behind', 'host.cli.status.column.behind'),
    phrase('last applied', 'host.cli.status.column.applied'),
    phrase('last seen', 'host.cli.status.column.seen'),
  ].map(say);
  const rows = standbys.map((s) => [s.address, s.hostId, s.lagChanges, seconds(s.appliedAgeMs), seconds(s.seenAgeMs)]);
  return `${active}\n${say(phrase('Standbys:', 'host.cli.status.standbys'))}\n${formatTable({ columns, rows }, language)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
