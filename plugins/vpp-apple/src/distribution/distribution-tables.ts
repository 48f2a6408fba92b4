import type { CommandResult, CommandTable } from '@vpp-host/api';
import { accountSentence } from './account-sentence.js';
import type { AssignmentRecord, CatalogItem, LicenseRecord, Target } from './model.js';
import type { DistributionSummary, QueueView, RevocationResult } from './distribution-service.js';
import type { AccountList, AssignmentUpdate, LicenseAccount, ReclaimCandidate } from '../../api/index.js';

/** Tables and sentences the CLI prints; `--json` prints the data instead. */

export function catalogTable(items: readonly CatalogItem[]): CommandTable {
  return {
    columns: ['ID', 'KIND', 'NAME', 'ADAM ID', 'PLATFORMS', 'TOTAL', 'HELD', 'AVAILABLE', 'QUEUED'],
    rows: items.map((i) => [i.id, i.kind, i.name, i.vpp?.adamId ?? '-', i.platforms.join(','), i.counts?.total, i.counts?.held, i.counts?.available, i.counts?.queued]),
  };
}

/** An item in a sentence: its name, and the adamId of a VPP item. */
export function itemLabel(item: CatalogItem): string {
  return item.vpp ? `${item.name} (${item.vpp.adamId})` : item.name;
}

export function assignmentTable(assignments: readonly AssignmentRecord[]): CommandTable {
  return {
    columns: ['ID', 'ITEM', 'TARGET', 'EXCLUDED', 'QUOTA', 'INSTALL', 'LICENSE', 'STATE', 'CREATED'],
    rows: assignments.map((a) => [
      a.id,
      a.itemId,
      `${a.target.kind} ${a.target.id}`,
      (a.exclusions ?? []).map((g) => `${g.kind} ${g.id}`).join(', ') || '-',
      a.quota === undefined ? '-' : String(a.quota),
      a.installMode,
      a.licenseType ?? '-',
      a.state,
      a.createdAt,
    ]),
  };
}

export function reclaimTable(candidates: readonly ReclaimCandidate[]): CommandTable {
  return {
    columns: ['ITEM', 'HOLDER', 'LAST CHECK-IN', 'ASSIGNMENT'],
    rows: candidates.map((c) => [c.itemId, `${c.holder.kind} ${c.holder.id}`, c.lastCheckInAt, c.assignmentId]),
  };
}

export function ledgerTable(licenses: readonly LicenseRecord[]): CommandTable {
  return {
    columns: ['LICENSE', 'ASSET', 'HOLDER', 'APPLE ID', 'STATE', 'SINCE', 'WHY'],
    rows: licenses.map((l) => [l.id, `${l.adamId} @ ${l.tokenId}`, `${l.holderKind} ${l.holderId}`, l.appleHolderId, l.state, l.updatedAt, l.failure?.message ?? l.releaseCause ?? '']),
  };
}

export function queueTable(view: QueueView): CommandTable {
  return {
    columns: ['POSITION', 'HOLDER', 'SINCE', 'ASSIGNMENT', 'NOTE'],
    rows: [
      ...view.waiting.map((w) => [w.position, w.holder, w.at, w.assignmentId, w.overQuota ? 'over quota' : '']),
      ...view.awaitingEnrolment.map((holder) => ['-', holder, 'awaiting enrolment', '', '']),
    ],
  };
}

export function summaryText(summary: DistributionSummary): string {
  const parts = [
    `${summary.licensed} license(s) requested`,
    summary.alreadyLicensed > 0 ? `${summary.alreadyLicensed} already licensed` : '',
    summary.queued > 0 ? `${summary.queued} waiting in the queue` : '',
    summary.awaitingEnrolment > 0 ? `${summary.awaitingEnrolment} waiting to enrol` : '',
    summary.delivered > 0 ? `${summary.delivered} delivered without a license` : '',
    summary.removed > 0 ? `${summary.removed} asked to remove the app (${summary.released} license(s) released)` : '',
    summary.ineligible.length > 0 ? `${summary.ineligible.length} not eligible (${summary.ineligible[0]!.message})` : '',
  ].filter(Boolean);
  const counts = summary.counts ? ` Available now: ${summary.counts.available} of ${summary.counts.total}.` : '';
  return `Assignment ${summary.assignment.id} (${summary.assignment.state}): ${parts.join(', ')}.${counts}${summary.notes.map((n) => ` ${n}.`).join('')}`;
}

/** What changing an assignment did to whom it covers. */
export function updateText(update: AssignmentUpdate): string {
  return [
    `Assignment ${update.assignment.id} changed`,
    `${update.leftOut} holder(s) no longer covered (${update.released} license(s) released)`,
    `${update.covered} newly covered (${update.licensed} license(s) requested, ${update.queued} waiting)`,
  ].join('; ') + '.';
}

/** Holders named in a sentence before the rest are only counted. */
const NAMED_IN_TEXT = 10;

/** What a revocation took back, what it did to the queue, and what is left. */
export function revocationText(result: RevocationResult, target: Target | undefined): string {
  const { dropped, servedOthers, servedHolders } = result.queue;
  const named = servedHolders.slice(0, NAMED_IN_TEXT).join(', ') + (servedOthers > NAMED_IN_TEXT ? ` and ${servedOthers - NAMED_IN_TEXT} more` : '');
  return [
    `${result.revoked} license(s) revoked${target ? ` from ${target.kind} ${target.id}` : ''}`,
    `its ${dropped} waiting holder(s) left the queue until the item is assigned to them again`,
    servedOthers > 0 ? `${servedOthers} license(s) went to other waiting holders (${named})` : 'no license went to another waiting holder',
    `available now ${result.counts.available} of ${result.counts.total}, ${result.counts.queued} waiting.`,
  ].join('; ');
}

/** What a command's `--dry-run` prints: the account's sentence and its lines; `--json` prints `data`. */
export function previewResult(data: unknown, account: LicenseAccount): CommandResult {
  return { data, table: accountTable(account), text: accountSentence(account, 'en') };
}

/** Every line of an account, one row per holder and item: what happens to it and why. */
export function accountTable(account: LicenseAccount): CommandTable {
  const rows: (readonly string[])[] = [];
  const add = <T extends { holder: { kind: string; name: string }; item: { name: string; location?: string } }>(list: AccountList<T>, what: string, detail: (line: T) => string) => {
    for (const line of list.lines) rows.push([what, `${line.holder.kind} ${line.holder.name}`, line.item.location ? `${line.item.name} @ ${line.item.location}` : line.item.name, detail(line)]);
  };
  add(account.granted, 'gets a license', () => '');
  add(account.served, 'served from the queue', (l) => `waiting since ${l.waitingSince}`);
  add(account.queued, 'waits', (l) => `place ${l.position}`);
  add(account.released, 'loses its license', (l) => l.cause);
  add(account.skipped, 'passed over', (l) => `${l.rule}: ${l.message}`);
  add(account.awaitingEnrolment, 'waits to enrol', () => 'invite to managed distribution');
  add(account.appRemoved, 'app removed', () => '');
  add(account.irreversible, 'cannot be taken back', () => 'VPP book');
  return { columns: ['CHANGE', 'HOLDER', 'ITEM', 'DETAIL'], rows };
}
