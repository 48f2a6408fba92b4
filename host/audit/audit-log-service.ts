import type { AuditEntry, AuditLog, AuditQuery, AuditRecord } from '../api/audit.js';
import type { Clock } from '../api/clock.js';
import { Emitter } from '../api/event.js';
import type { Page, Repository, Storage } from '../api/storage.js';

/**
 * The host's append-only audit log, persisted in the host's storage. Each plugin gets a view that stamps its id
 * as the entry's source; entries are never changed or removed.
 */
export class AuditLogService {
  private readonly recorded = new Emitter<AuditEntry>();
  readonly onDidRecordEntry = this.recorded.event;
  private sequence: number;

  private constructor(
    private readonly entries: Repository<AuditEntry>,
    private readonly clock: Clock,
  ) {
    this.sequence = entries.count();
  }

  static async open(storage: Storage, clock: Clock): Promise<AuditLogService> {
    return new AuditLogService(await storage.collection<AuditEntry>('audit', { expectedSize: 1_000_000 }), clock);
  }

  forSource(source: string): AuditLog {
    return {
      record: (entry) => this.record(source, entry),
      query: (query) => this.query(query),
      onDidRecordEntry: this.onDidRecordEntry,
    };
  }

  async record(source: string, record: AuditRecord): Promise<AuditEntry> {
    const at = this.clock.now().toISOString();
    // Zero-padded sequence keeps ids unique and ordered even within one millisecond.
    const entry: AuditEntry = { id: `${at}#${String(++this.sequence).padStart(10, '0')}`, at, source, ...record };
    await this.entries.put(entry);
    this.recorded.fire(entry);
    return entry;
  }

  query(query: AuditQuery): Page<AuditEntry> {
    const text = query.text?.toLowerCase();
    return this.entries.query({
      where: (e) =>
        (query.actorKind === undefined || e.actor.kind === query.actorKind) &&
        (query.actorId === undefined || e.actor.id === query.actorId) &&
        (query.action === undefined || e.action === query.action || e.action.startsWith(`${query.action}.`)) &&
        (query.targetId === undefined || e.target?.id === query.targetId) &&
        (query.since === undefined || e.at >= query.since) &&
        (query.until === undefined || e.at <= query.until) &&
        (text === undefined || JSON.stringify(e).toLowerCase().includes(text)),
      sort: (a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      offset: query.offset ?? 0,
      limit: Math.min(query.limit ?? 50, 500),
    });
  }
}
