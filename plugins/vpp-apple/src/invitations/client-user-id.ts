/**
 * The one mapping between an inventory user and the clientUserId Apple knows them by at a location. The inventory
 * id is stable and unique, and Apple only needs an opaque id, so the two are the same; every part of the plugin
 * that names a user to Apple (invitations, distribution, enrolment) goes through these two functions.
 */
export function clientUserIdOf(userId: string): string {
  return userId;
}

export function userIdOfClientUserId(clientUserId: string): string {
  return clientUserId;
}
