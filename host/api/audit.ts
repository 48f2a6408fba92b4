import type { Actor } from './actor.js';
import type { Event } from './event.js';
import type { Page } from './storage.js';

export interface AuditTarget {
  readonly type: string;
  readonly id: string;
  readonly name?: string;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  /** The plugin (or "host") that recorded it. */
  readonly source: string;
  readonly actor: Actor;
  /** Dot-separated verb, e.g. "vpp.assignment.create". */
  readonly action: string;
  readonly target?: AuditTarget;
  readonly reason?: string;
  readonly details?: Record<string, unknown>;
}

export type AuditRecord = Omit<AuditEntry, 'id' | 'at' | 'source'>;

export interface AuditQuery {
  readonly actorKind?: Actor['kind'];
  readonly actorId?: string;
  readonly action?: string;
  readonly targetId?: string;
  readonly text?: string;
  readonly since?: string;
  readonly until?: string;
  /** Oldest first instead of newest first: the log is kept in time order, so either way costs the same. */
  readonly oldestFirst?: boolean;
  readonly offset?: number;
  readonly limit?: number;
}

/** Append-only and persisted: who did what, to what, when and why. Newest entries first in queries unless asked oldest first. */
export const AuditLog = Symbol.for('host.AuditLog');
export interface AuditLog {
  record(entry: AuditRecord): Promise<AuditEntry>;
  query(query: AuditQuery): Page<AuditEntry>;
  readonly onDidRecordEntry: Event<AuditEntry>;
}
