import { StandbyError } from '../../storage/standby-error.js';
import type { Clock } from '../../api/clock.js';
import type { Logger } from '../../api/logger.js';
import type { Repository, Storage } from '../../api/storage.js';
import type { Flash, RefusedForm } from '../../api/views.js';
import { randomSecret, sameSecret, sha256 } from './secret-hashing.js';

/**
 * A signed-in panel or script session. Persisted so a host restart keeps admins signed in; the record is keyed by
 * the SHA-256 of the cookie value, so the session file alone cannot be replayed as a cookie.
 */
interface StoredSession {
  readonly id: string;
  readonly adminId: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

export interface Session {
  readonly adminId: string;
  readonly csrfToken: string;
}

/** Refreshing `lastSeenAt` on every request would rewrite the file each time; a minute of slack is harmless. */
const TOUCH_RESOLUTION_MS = 60_000;

export class SessionStore {
  /** One-shot messages shown after a redirect; they only need to outlive one request, so they stay in memory. */
  private readonly flashes = new Map<string, Flash>();
  /** A refused form to give back to the page at `url`, as one-shot as a flash. */
  private readonly refusedForms = new Map<string, { readonly url: string; readonly form: RefusedForm }>();

  private constructor(
    private readonly sessions: Repository<StoredSession>,
    private readonly clock: Clock,
    private readonly idleMs: () => number,
    private readonly logger: Logger,
  ) {}

  static async open(storage: Storage, clock: Clock, idleMs: () => number, logger: Logger): Promise<SessionStore> {
    const store = new SessionStore(await storage.collection<StoredSession>('sessions'), clock, idleMs, logger);
    const idle = [...store.sessions.values()].filter((s) => store.isIdle(s)).map((s) => s.id);
    // A standby leaves the pruning to the active host.
    await store.sessions.deleteMany(idle).catch((error: unknown) => {
      if (!(error instanceof StandbyError)) throw error;
    });
    return store;
  }

  /** Returns the cookie value; it is never stored. */
  async create(adminId: string): Promise<{ cookie: string; session: Session }> {
    const cookie = randomSecret(32);
    const now = this.clock.now().toISOString();
    const stored: StoredSession = { id: sha256(cookie), adminId, csrfToken: randomSecret(24), createdAt: now, lastSeenAt: now };
    await this.sessions.put(stored);
    return { cookie, session: stored };
  }

  /** The live session behind a cookie; an idle one is removed and reported as absent. */
  resume(cookie: string): Session | undefined {
    const stored = this.sessions.get(sha256(cookie));
    if (!stored) return undefined;
    if (this.isIdle(stored)) {
      this.forget(stored.id);
      return undefined;
    }
    const now = this.clock.now();
    if (now.getTime() - Date.parse(stored.lastSeenAt) >= TOUCH_RESOLUTION_MS) {
      // A standby serves pages but writes nothing: the session's idle time counts from its last use on the active host.
      this.sessions.put({ ...stored, lastSeenAt: now.toISOString() }).catch(this.warnUnlessStandby('Could not refresh a session'));
    }
    return stored;
  }

  async end(cookie: string): Promise<void> {
    await this.sessions.delete(sha256(cookie));
    this.flashes.delete(sha256(cookie));
    this.refusedForms.delete(sha256(cookie));
  }

  csrfMatches(session: Session, submitted: string | undefined): boolean {
    return submitted !== undefined && sameSecret(session.csrfToken, submitted);
  }

  setFlash(cookie: string, flash: Flash): void {
    this.flashes.set(sha256(cookie), flash);
  }

  takeFlash(cookie: string): Flash | undefined {
    const key = sha256(cookie);
    const flash = this.flashes.get(key);
    this.flashes.delete(key);
    return flash;
  }

  keepRefusedForm(cookie: string, url: string, form: RefusedForm): void {
    this.refusedForms.set(sha256(cookie), { url, form });
  }

  /** The form refused on the page at `url`, once; a refusal kept for another page is dropped. */
  takeRefusedForm(cookie: string, url: string): RefusedForm | undefined {
    const key = sha256(cookie);
    const kept = this.refusedForms.get(key);
    this.refusedForms.delete(key);
    return kept?.url === url ? kept.form : undefined;
  }

  /** A write in the background that failed: worth a warning, unless this host is a standby, which writes nothing. */
  private warnUnlessStandby(what: string): (error: unknown) => void {
    return (error) => {
      if (!(error instanceof StandbyError)) this.logger.warn(what, { error: String(error) });
    };
  }

  private isIdle(stored: StoredSession): boolean {
    return this.clock.now().getTime() - Date.parse(stored.lastSeenAt) > this.idleMs();
  }

  private forget(id: string): void {
    this.flashes.delete(id);
    this.refusedForms.delete(id);
    this.sessions.delete(id).catch(this.warnUnlessStandby('Could not remove an expired session'));
  }
}
