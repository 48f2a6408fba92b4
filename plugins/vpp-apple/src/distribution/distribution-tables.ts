import { phrase, type CommandCell, type CommandResult, type CommandTable, type Said } from '@vpp-host/api';
import { accountSentence } from './account-sentence.js';
import type { AssignmentRecord, AssignmentState, CatalogItem, LicenseRecord, Target } from './model.js';
import type { DistributionSummary, QueueView, RevocationResult } from './distribution-service.js';
import { ruleMessageId, type AccountList, type AssignmentUpdate, type LicenseAccount, type ReclaimCandidate } from '../../api/index.js';
import { COLUMN } from '../command-columns.js';

/** Tables and sentences the CLI prints; `--json` prints the data instead. */

export function catalogTable(items: readonly CatalogItem[]): CommandTable {
  return {
    columns: [COLUMN.id, COLUMN.kind, COLUMN.name, COLUMN.adamId, COLUMN.platforms, COLUMN.total, COLUMN.held, COLUMN.available, COLUMN.queued],
    rows: items.map((i) => [i.id, i.kind, i.name, i.vpp?.adamId ?? '-', i.platforms.join(','), i.counts?.total, i.counts?.held, i.counts?.available, i.counts?.queued]),
  };
}

/** An item in a sentence: its name, and the adamId of a VPP item. */
export function itemLabel(item: CatalogItem): string {
  return item.vpp ? `${item.name} (${item.vpp.adamId})` : item.name;
}

export function assignmentTable(assignments: readonly AssignmentRecord[]): CommandTable {
  return {
    columns: [COLUMN.id, COLUMN.item, COLUMN.target, COLUMN.excluded, COLUMN.quota, COLUMN.install, COLUMN.license, COLUMN.state, COLUMN.created],
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
    columns: [COLUMN.item, COLUMN.holder, COLUMN.lastCheckIn, COLUMN.assignment],
    rows: candidates.map((c) => [c.itemId, `${c.holder.kind} ${c.holder.id}`, c.lastCheckInAt, c.assignmentId]),
  };
}

export function ledgerTable(licenses: readonly LicenseRecord[]): CommandTable {
  return {
    columns: [COLUMN.license, COLUMN.asset, COLUMN.holder, COLUMN.appleId, COLUMN.state, COLUMN.since, COLUMN.why],
    rows: licenses.map((l) => [l.id, `${l.adamId} @ ${l.tokenId}`, `${l.holderKind} ${l.holderId}`, l.appleHolderId, l.state, l.updatedAt, l.failure?.message ?? l.releaseCause ?? '']),
  };
}

export function queueTable(view: QueueView): CommandTable {
  return {
    columns: [COLUMN.position, COLUMN.holder, COLUMN.since, COLUMN.assignment, COLUMN.note],
    rows: [
      ...view.waiting.map((w) => [w.position, w.holder, w.at, w.assignmentId, w.overQuota ? phrase('over quota', 'vpp.queue.over-quota') : '']),
      ...view.awaitingEnrolment.map((holder) => ['-', holder, phrase('awaiting enrolment', 'vpp.queue.awaiting-enrolment'), '', '']),
    ],
  };
}

const STATES: Readonly<Record<AssignmentState, Said>> = {
  active: phrase('active', 'vpp.assignment-state.active'),
  'awaiting-approval': phrase('awaiting-approval', 'vpp.assignment-state.awaiting-approval'),
};

/** What assigning did to whom the assignment covers, and its notes. */
export function summaryText(summary: DistributionSummary): Said {
  const { licensed, alreadyLicensed, queued, awaitingEnrolment, delivered, removed, released, ineligible } = summary;
  const parts = [
    phrase(`${licensed} license(s) requested`, 'vpp.summary.requested', { count: licensed }),
    ...(alreadyLicensed > 0 ? [phrase(`${alreadyLicensed} already licensed`, 'vpp.summary.already-licensed', { count: alreadyLicensed })] : []),
    ...(queued > 0 ? [phrase(`${queued} waiting in the queue`, 'vpp.summary.queued', { count: queued })] : []),
    ...(awaitingEnrolment > 0 ? [phrase(`${awaitingEnrolment} waiting to enrol`, 'vpp.summary.awaiting-enrolment', { count: awaitingEnrolment })] : []),
    ...(delivered > 0 ? [phrase(`${delivered} delivered without a license`, 'vpp.summary.delivered', { count: delivered })] : []),
    ...(removed > 0 ? [phrase(`${removed} asked to remove the app (${released} license(s) released)`, 'vpp.summary.removed', { count: removed, released })] : []),
    ...(ineligible.length > 0 ? [ineligibleSaid(ineligible)] : []),
  ];
  const counts = summary.counts ? [phrase(` Available now: ${summary.counts.available} of ${summary.counts.total}.`, 'vpp.summary.available', { ...summary.counts })] : [];
  const notes = notesSaid(summary.notesSaid);
  const { id, state } = summary.assignment;
  const english = `Assignment ${id} (${state}): ${parts.map((p) => p.message).join(', ')}.${counts[0]?.message ?? ''}${notes[0]?.message ?? ''}`;
  return phrase(english, 'vpp.summary', { id, state: STATES[state], parts, counts, notes });
}

/** How many holders were refused, and the first one's rule explained. */
function ineligibleSaid(ineligible: DistributionSummary['ineligible']): Said {
  const first = ineligible[0]!;
  const reason = phrase(first.message, ruleMessageId(first.rule));
  return phrase(`${ineligible.length} not eligible (${first.message})`, 'vpp.summary.ineligible', { count: ineligible.length, reason });
}

/** " First note. Second note.": each note after the one before, said in one language. */
function notesSaid(notes: readonly Said[]): Said[] {
  if (notes.length === 0) return [];
  const [note, ...others] = notes as [Said, ...Said[]];
  const rest = notesSaid(others);
  return [phrase(` ${note.message}.${rest[0]?.message ?? ''}`, 'vpp.summary.note', { note, rest })];
}

/** What changing an assignment did to whom it covers. */
export function updateText(update: AssignmentUpdate): Said {
  const english = [
    `Assignment ${update.assignment.id} changed`,
    `${update.leftOut} holder(s) no longer covered (${update.released} license(s) released)`,
    `${update.covered} newly covered (${update.licensed} license(s) requested, ${update.queued} waiting)`,
  ].join('; ') + '.';
  const { leftOut, released, covered, licensed, queued } = update;
  return phrase(english, 'vpp.assignment.changed', { id: update.assignment.id, leftOut, released, covered, licensed, queued });
}

/** Holders named in a sentence before the rest are only counted. */
const NAMED_IN_TEXT = 10;

/** What a revocation took back, what it did to the queue, and what is left. */
export function revocationText(result: RevocationResult, target: Target | undefined): Said {
  const { dropped, servedOthers, servedHolders } = result.queue;
  const named = servedHolders.slice(0, NAMED_IN_TEXT).join(', ') + (servedOthers > NAMED_IN_TEXT ? ` and ${servedOthers - NAMED_IN_TEXT} more` : '');
  const from = target ? [phrase(` from ${target.kind} ${target.id}`, 'vpp.revoked.from', { kind: target.kind, id: target.id })] : [];
  const served =
    servedOthers > 0
      ? phrase(`${servedOthers} license(s) went to other waiting holders (${named})`, 'vpp.revoked.served', { count: servedOthers, holders: named })
      : phrase('no license went to another waiting holder', 'vpp.revoked.none-served');
  const english = [
    `${result.revoked} license(s) revoked${from[0]?.message ?? ''}`,
    `its ${dropped} waiting holder(s) left the queue until the item is assigned to them again`,
    served.message,
    `available now ${result.counts.available} of ${result.counts.total}, ${result.counts.queued} waiting.`,
  ].join('; ');
  return phrase(english, 'vpp.revoked', { count: result.revoked, from, dropped, served, ...result.counts });
}

/** What a command's `--dry-run` prints: the account's sentence in the reader's language and its lines; `--json` prints `data`. */
export function previewResult(data: unknown, account: LicenseAccount, language = 'en'): CommandResult {
  return { data, table: accountTable(account), text: accountSentence(account, language) };
}

/** Every line of an account, one row per holder and item: what happens to it and why. */
export function accountTable(account: LicenseAccount): CommandTable {
  const rows: (readonly CommandCell[])[] = [];
  const add = <T extends { holder: { kind: string; name: string }; item: { name: string; location?: string } }>(list: AccountList<T>, what: Said, detail: (line: T) => CommandCell) => {
    for (const line of list.lines) rows.push([what, `${line.holder.kind} ${line.holder.name}`, line.item.location ? `${line.item.name} @ ${line.item.location}` : line.item.name, detail(line)]);
  };
  add(account.granted, phrase('gets a license', 'vpp.account.granted'), () => '');
  add(account.served, phrase('served from the queue', 'vpp.account.served'), (l) => phrase(`waiting since ${l.waitingSince}`, 'vpp.account.waiting-since', { date: l.waitingSince }));
  add(account.queued, phrase('waits', 'vpp.account.queued'), (l) => phrase(`place ${l.position}`, 'vpp.account.place', { position: l.position }));
  add(account.released, phrase('loses its license', 'vpp.account.released'), (l) => l.cause);
  add(account.skipped, phrase('passed over', 'vpp.account.skipped'), (l) => `${l.rule}: ${l.message}`);
  add(account.awaitingEnrolment, phrase('waits to enrol', 'vpp.account.awaiting-enrolment'), () => phrase('invite to managed distribution', 'vpp.account.invite'));
  add(account.appRemoved, phrase('app removed', 'vpp.account.app-removed'), () => '');
  add(account.irreversible, phrase('cannot be taken back', 'vpp.account.irreversible'), () => phrase('VPP book', 'vpp.account.book'));
  return { columns: [COLUMN.change, COLUMN.holder, COLUMN.item, COLUMN.detail], rows };
}
