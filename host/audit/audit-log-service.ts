import type { Actor, Principal } from '../api/actor.js';
import type { AuditEntry, AuditLog, AuditQuery, AuditRecord } from '../api/audit.js';
import type { Clock } from '../api/clock.js';
import { BadInputError, saying } from '../api/errors.js';
import { Emitter } from '../api/event.js';
import type { Page, Repository, Storage } from '../api/storage.js';
import { actingPrincipal } from '../runtime/acting-principal.js';

const HOST_SOURCE = 'host';

/**
 * The host's append-only audit log, persisted in the host's storage. Each plugin gets a view that stamps its id
 * as the entry's source; entries are never changed or removed.
 */
export class AuditLogService {
  private readonly recorded = new Emitter<AuditEntry>();
  readonly onDidRecordEntry = this.recorded.event;
  private sequence: number;
  /** Every entry by id (so oldest first), kept in order as entries arrive: a query pages from either end, never sorts. */
  private readonly ordered: AuditEntry[];

  private constructor(
    private readonly entries: Repository<AuditEntry>,
    private readonly clock: Clock,
  ) {
    this.sequence = entries.count();
    this.ordered = [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  static async open(storage: Storage, clock: Clock): Promise<AuditLogService> {
    return new AuditLogService(await storage.collection<AuditEntry>('audit', { expectedSize: 1_000_000 }), clock);
  }

  /**
   * The log as `source` (a plugin's id, or "host") writes it. For a plugin, the host stamps who acted: the admin or
   * API token of the request or command being handled, whatever the entry claims; outside one, a plugin may name itself or a
   * non-person actor (a schedule, Apple, the system), never an admin, an API token or another plugin.
   */
  forSource(source: string): AuditLog {
    return {
      record: (entry) => this.record(source, { ...entry, actor: stampActor(source, entry.actor, actingPrincipal.current()) }),
      query: (query) => this.query(query),
      onDidRecordEntry: this.onDidRecordEntry,
    };
  }

  async record(source: string, record: AuditRecord): Promise<AuditEntry> {
    const at = this.clock.now().toISOString();
    // Zero-padded sequence keeps ids unique and ordered even within one millisecond.
    const entry: AuditEntry = { id: `${at}#${String(++this.sequence).padStart(10, '0')}`, at, source, ...record };
    const written = this.entries.put(entry);
    this.insertInOrder(entry);
    await written;
    this.recorded.fire(entry);
    return entry;
  }

  query(query: AuditQuery): Page<AuditEntry> {
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? 50, 500);
    for (const [name, value] of [['offset', offset], ['limit', limit]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw saying(new BadInputError(`${name} must be a whole number of 0 or more, got ${String(value)}`), 'host.query.count', { name, got: String(value) });
    }
    const text = query.text?.toLowerCase();
    const matches = (e: AuditEntry): boolean =>
      (query.actorKind === undefined || e.actor.kind === query.actorKind) &&
      (query.actorId === undefined || e.actor.id === query.actorId) &&
      (query.action === undefined || e.action === query.action || e.action.startsWith(`${query.action}.`)) &&
      (query.targetId === undefined || e.target?.id === query.targetId) &&
      (query.since === undefined || e.at >= query.since) &&
      (query.until === undefined || e.at <= query.until) &&
      (text === undefined || JSON.stringify(e).toLowerCase().includes(text));
    const items: AuditEntry[] = [];
    let total = 0;
    const last = this.ordered.length - 1;
    for (let n = 0; n <= last; n++) {
      const entry = this.ordered[query.oldestFirst ? n : last - n]!;
      if (!matches(entry)) continue;
      if (total >= offset && total < offset + limit) items.push(entry);
      total++;
    }
    return { items, total };
  }

  /** Ids grow with the clock, so a new entry almost always goes last; a clock set back still lands in place. */
  private insertInOrder(entry: AuditEntry): void {
    let at = this.ordered.length;
    while (at > 0 && this.ordered[at - 1]!.id > entry.id) at--;
    this.ordered.splice(at, 0, entry);
  }
}

/** The host's own code names its actors itself (a directory provider's import, say); a plugin's claim is checked. */
function stampActor(source: string, claimed: Actor, principal: Principal | undefined): Actor {
  if (source === HOST_SOURCE) return claimed;
  if (principal !== undefined) return { kind: principal.kind, id: principal.id, ...(principal.name !== undefined ? { name: principal.name } : {}) };
  const claimsSomeoneElse = claimed.kind === 'admin' || claimed.kind === 'api-token' || (claimed.kind === 'plugin' && claimed.id !== source);
  return claimsSomeoneElse ? { kind: 'plugin', id: source } : claimed;
}
