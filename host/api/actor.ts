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
