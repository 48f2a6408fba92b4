import type { Pool } from 'pg';
import type { Entity, FollowedCollection } from '../../api/storage.js';
import type { EngineNamespaces } from '../engine-namespaces.js';

/** Changes read per query while catching up, or more when one commit changed more records in one collection. */
const PAGE = 5_000;

/**
 * The records changed past a logged row (`$1`), as they are now, first to last: the rows of the log that start within
 * PAGE changes of it, each listing the ids it changed.
 */
const NEXT_PAGE = `
  WITH page AS (
    SELECT seq, namespace, collection, ids FROM (
      SELECT *, sum(cardinality(ids)) OVER (ORDER BY seq) - cardinality(ids) AS before
      FROM (SELECT seq, namespace, collection, ids FROM changes WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}) AS following
    ) AS counted
    WHERE before < ${PAGE}
  )
  SELECT p.seq, p.namespace, p.collection, c.id, r.data
  FROM page p CROSS JOIN LATERAL unnest(p.ids) WITH ORDINALITY AS c(id, n)
  LEFT JOIN records r ON r.namespace = p.namespace AND r.collection = p.collection AND r.id = c.id
  ORDER BY p.seq, c.n`;

interface ChangeRow {
  readonly seq: string;
  readonly namespace: string;
  readonly collection: string;
  readonly id: string;
  /** The record as it is now; null once deleted. */
  readonly data: Entity | null;
}

/**
 * Keeps a standby's collections in memory up to the active host's commits by reading the `changes` log past the last
 * change applied. Each change is applied as the record is now, so applying one twice, or a collection loaded after
 * the change, does no harm. Only collections this run opened are kept: the others load fresh when opened.
 */
export class ChangeFollower {
  private following: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly pool: Pool,
    private readonly namespaces: EngineNamespaces,
    private applied: number,
  ) {}

  /** The sequence number of the last row of the change log applied. */
  appliedSeq(): number {
    return this.applied;
  }

  /** Applies every change committed so far; calls made meanwhile run once more after it. Returns the changes applied. */
  catchUp(): Promise<number> {
    if (this.following) {
      this.again = true;
      return this.following;
    }
    const run = async (): Promise<number> => {
      let applied = 0;
      do {
        this.again = false;
        applied += await this.applyAll();
      } while (this.again);
      return applied;
    };
    this.following = run().finally(() => (this.following = undefined));
    return this.following;
  }

  /**
   * Makes memory what the database holds, for a host whose own last writes were refused (it lost the lease): every
   * opened collection is read again.
   */
  async reload(): Promise<void> {
    const { rows } = await this.pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM changes');
    this.applied = Number(rows[0]?.seq ?? 0);
    for (const [namespace, storage] of this.namespaces.openedByName()) {
      const reloaded: FollowedCollection[] = [];
      for (const name of storage.openedNames()) {
        const repository = await storage.openedCollection(name);
        if (!repository) continue;
        const stored = await this.pool.query<{ data: Entity }>('SELECT data FROM records WHERE namespace = $1 AND collection = $2', [namespace, name]);
        const kept = new Set(stored.rows.map(({ data }) => data.id));
        const deleted = repository.ids().filter((id) => !kept.has(id));
        repository.applyCommitted(stored.rows.map(({ data }) => data), deleted);
        reloaded.push({ name, ids: [...kept, ...deleted] });
      }
      storage.followed(reloaded);
    }
  }

  private async applyAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { rows } = await this.pool.query<ChangeRow>(NEXT_PAGE, [this.applied]);
      if (rows.length === 0) return total;
      const changed = new Map<string, Map<string, string[]>>();
      for (const row of rows) {
        if (!(await this.apply(row))) continue;
        let collections = changed.get(row.namespace);
        if (!collections) changed.set(row.namespace, (collections = new Map()));
        let ids = collections.get(row.collection);
        if (!ids) collections.set(row.collection, (ids = []));
        ids.push(row.id);
      }
      // Told once a page is applied, so what a plugin derives from several collections reads them all changed.
      for (const [namespace, collections] of changed) {
        this.namespaces.openedByName().get(namespace)?.followed([...collections].map(([name, ids]) => ({ name, ids })));
      }
      total += rows.length;
      this.applied = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** Whether the row's collection is open in this run (only those are kept). */
  private async apply(row: ChangeRow): Promise<boolean> {
    const repository = await this.namespaces.openedByName().get(row.namespace)?.openedCollection(row.collection);
    if (!repository) return false;
    if (row.data) repository.applyCommitted([row.data], []);
    else repository.applyCommitted([], [row.id]);
    return true;
  }
}
