/** Who made a change: recorded in the audit log and passed down from every surface. */
export interface Actor {
  readonly kind: 'admin' | 'api-token' | 'plugin' | 'schedule' | 'system' | 'apple';
  readonly id: string;
  readonly name?: string;
}

export type Role = 'admin' | 'read-only';

/** The signed-in admin or API token behind a request, with the role that decides what it may do. */
export interface Principal extends Actor {
  readonly kind: 'admin' | 'api-token';
  readonly role: Role;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'host' };

/**
 * Who the host acts for right now: the admin or API token behind the request, panel action or command being handled
 * (the CLI's commands run as its API token). Undefined in a plugin's own work: its start, its schedules. The audit log
 * and mail stamp it themselves, so a plugin cannot claim someone else.
 */
export const ActingPrincipal = Symbol.for('host.ActingPrincipal');
export interface ActingPrincipal {
  current(): Principal | undefined;
}
