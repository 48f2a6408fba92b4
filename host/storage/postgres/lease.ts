import type { ClientBase, Pool } from 'pg';

/** The SQLSTATE of a write the database refused because its epoch is not the lease's (see the schema). */
export const STALE_EPOCH = 'VPPFE';

export function isStaleEpochError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === STALE_EPOCH;
}

/** The lease as the database holds it; ages are measured by the database's clock, the same for every host. */
export interface LeaseState {
  readonly hostId: string | null;
  readonly address: string | null;
  readonly epoch: number;
  readonly ageMs: number;
}

export interface StandbyState {
  readonly hostId: string;
  readonly address: string;
  readonly appliedSeq: number;
  /** Changes committed that this standby has not applied yet. */
  readonly lagChanges: number;
  readonly appliedAgeMs: number;
  readonly seenAgeMs: number;
}

/**
 * The lease row of hosts sharing one database: who is active, under which epoch, and when it last said so. Taking it
 * raises the epoch, which fences every write of the host that held it before.
 */
export class Lease {
  constructor(private readonly pool: Pool | ClientBase) {}

  async read(): Promise<LeaseState> {
    const { rows } = await this.pool.query<{ host_id: string | null; address: string | null; epoch: string; age_ms: number }>(
      'SELECT host_id, address, epoch, (extract(epoch FROM now() - heartbeat_at) * 1000)::float8 AS age_ms FROM lease',
    );
    const row = rows[0]!;
    return { hostId: row.host_id, address: row.address, epoch: Number(row.epoch), ageMs: row.age_ms };
  }

  /**
   * Takes the lease when nobody holds it or its heartbeat is older than `timeoutMs`.
   * Returns the new epoch, or undefined while another host holds it.
   */
  async tryTake(hostId: string, address: string, timeoutMs: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ epoch: string }>(
      `UPDATE lease SET host_id = $1, address = $2, epoch = epoch + 1, heartbeat_at = now()
       WHERE host_id IS NULL OR heartbeat_at < now() - make_interval(secs => $3::float8 / 1000)
       RETURNING epoch`,
      [hostId, address, timeoutMs],
    );
    return rows[0] ? Number(rows[0].epoch) : undefined;
  }

  /** Says this host is still active (and where it serves); false once another host took the lease (this host is then fenced). */
  async renew(hostId: string, epoch: number, address: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE lease SET heartbeat_at = now(), address = $3 WHERE host_id = $1 AND epoch = $2', [hostId, epoch, address]);
    return rowCount === 1;
  }

  /** Gives the lease up on a clean stop, so a standby takes over at once instead of after the timeout. */
  async release(hostId: string, epoch: number): Promise<void> {
    await this.pool.query('UPDATE lease SET host_id = NULL, address = NULL WHERE host_id = $1 AND epoch = $2', [hostId, epoch]);
  }

  /** Records how far a standby has followed the changes (`vpp-host status` shows its lag). */
  async reportStandby(hostId: string, address: string, appliedSeq: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO standbys (host_id, address, applied_seq) VALUES ($1, $2, $3)
       ON CONFLICT (host_id) DO UPDATE SET address = EXCLUDED.address, seen_at = now(),
         applied_at = CASE WHEN standbys.applied_seq = EXCLUDED.applied_seq THEN standbys.applied_at ELSE now() END,
         applied_seq = EXCLUDED.applied_seq`,
      [hostId, address, appliedSeq],
    );
  }

  /** An active host is no standby. */
  async forgetStandby(hostId: string): Promise<void> {
    await this.pool.query('DELETE FROM standbys WHERE host_id = $1', [hostId]);
  }

  async standbys(): Promise<StandbyState[]> {
    const { rows } = await this.pool.query<{ host_id: string; address: string; applied_seq: string; lag: string; applied_age_ms: number; seen_age_ms: number }>(
      `SELECT host_id, address, applied_seq,
         (SELECT coalesce(sum(cardinality(ids)), 0) FROM changes WHERE seq > applied_seq) AS lag,
         (extract(epoch FROM now() - applied_at) * 1000)::float8 AS applied_age_ms,
         (extract(epoch FROM now() - seen_at) * 1000)::float8 AS seen_age_ms
       FROM standbys ORDER BY host_id`,
    );
    return rows.map((row) => ({
      hostId: row.host_id,
      address: row.address,
      appliedSeq: Number(row.applied_seq),
      lagChanges: Number(row.lag),
      appliedAgeMs: row.applied_age_ms,
      seenAgeMs: row.seen_age_ms,
    }));
  }
}
