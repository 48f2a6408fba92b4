import { randomBytes } from 'node:crypto';
import { AppleErrorNumber as N } from '../client/error-numbers.js';
import type {
  AssetEventType,
  Assignment,
  ErrorResponse,
  RequestUser,
  ResponseUser,
  UserEventType,
} from '../../api/apple-wire.js';
import { toResponseUser, type LocationState, type SimAsset, type Target } from './location-state.js';
import { errorResponse } from './simulated-error.js';

/** What processing an async event did: Apple's status counts and per-item failures, plus what to notify. */
export interface ProcessedEvent {
  readonly numRequested: number;
  readonly numCompleted: number;
  readonly failures: ErrorResponse[];
  readonly notifications: PendingNotification[];
}

export type PendingNotification =
  | { type: 'ASSET_MANAGEMENT'; items: Assignment[]; result: 'SUCCESS' | 'FAILURE'; eventType: AssetEventType; error?: ErrorResponse }
  | { type: 'USER_MANAGEMENT'; items: ResponseUser[]; result: 'SUCCESS' | 'FAILURE'; eventType: UserEventType; error?: ErrorResponse };

type FailureNumber = typeof N.NotEnoughLicenses | typeof N.RegisteredUserNotFound | typeof N.ClientUserIdExists;

/** Groups per-item failures the way Apple reports them: one ErrorResponse per error number and asset. */
class Failures {
  private readonly groups = new Map<string, { number: FailureNumber; asset?: SimAsset; users: string[]; serials: string[] }>();

  add(number: FailureNumber, target: Target, asset?: SimAsset): void {
    const key = `${number}|${asset ? `${asset.adamId}|${asset.pricingParam}` : ''}`;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { number, asset, users: [], serials: [] }));
    if (target.clientUserId !== undefined) group.users.push(target.clientUserId);
    else group.serials.push(target.serialNumber);
  }

  get count(): number {
    let total = 0;
    for (const group of this.groups.values()) total += group.users.length + group.serials.length;
    return total;
  }

  responses(): Array<{ response: ErrorResponse; assignments: Assignment[]; users: string[] }> {
    return [...this.groups.values()].map(({ number, asset, users, serials }) => {
      const key = asset ? { adamId: asset.adamId, pricingParam: asset.pricingParam } : undefined;
      const response = errorResponse(number, {
        ...(key ? { assets: [key] } : {}),
        ...(users.length > 0 ? { clientUserIds: users } : {}),
        ...(serials.length > 0 ? { serialNumbers: serials } : {}),
      });
      const assignments = key
        ? [...users.map((clientUserId) => ({ ...key, clientUserId })), ...serials.map((serialNumber) => ({ ...key, serialNumber }))]
        : [];
      return { response, assignments, users };
    });
  }
}

function isActiveUser(location: LocationState, target: Target): boolean {
  if (target.clientUserId === undefined) return true;
  const user = location.users.get(target.clientUserId);
  return user !== undefined && user.status !== 'Retired';
}

export function processAssets(
  location: LocationState,
  eventType: AssetEventType,
  assets: SimAsset[],
  targets: Target[],
): ProcessedEvent {
  const version = location.bumpVersion();
  const failures = new Failures();
  const done: Assignment[] = [];
  let numRequested = 0;
  const succeed = (asset: SimAsset, target: Target) =>
    done.push({ adamId: asset.adamId, pricingParam: asset.pricingParam, ...target } as Assignment);

  if (eventType === 'REVOKE') {
    for (const target of targets) {
      for (const asset of location.assetsHeldBy(target)) {
        numRequested++;
        if (!asset.revocable) continue;
        location.unassign(asset, target);
        succeed(asset, target);
      }
    }
  } else {
    for (const asset of assets) {
      for (const target of targets) {
        numRequested++;
        if (eventType === 'DISASSOCIATE') {
          location.unassign(asset, target);
          succeed(asset, target);
        } else if (location.holds(asset, target)) {
          succeed(asset, target);
        } else if (!isActiveUser(location, target)) {
          failures.add(N.RegisteredUserNotFound, target, asset);
        } else if (asset.totalCount - asset.assignedCount <= 0) {
          failures.add(N.NotEnoughLicenses, target, asset);
        } else {
          location.assign(asset, target, version);
          succeed(asset, target);
        }
      }
    }
  }
  const failed = failures.responses();
  return {
    numRequested,
    numCompleted: numRequested - failures.count,
    failures: failed.map((f) => f.response),
    notifications: [
      ...(done.length > 0 ? [{ type: 'ASSET_MANAGEMENT' as const, items: done, result: 'SUCCESS' as const, eventType }] : []),
      ...failed.map((f) => ({
        type: 'ASSET_MANAGEMENT' as const,
        items: f.assignments,
        result: 'FAILURE' as const,
        eventType,
        error: f.response,
      })),
    ],
  };
}

export function processUsers(location: LocationState, eventType: UserEventType, requested: RequestUser[]): ProcessedEvent {
  const version = location.bumpVersion();
  const failures = new Failures();
  const done: ResponseUser[] = [];
  for (const request of requested) {
    const existing = location.users.get(request.clientUserId);
    const active = existing !== undefined && existing.status !== 'Retired';
    const target = { clientUserId: request.clientUserId };
    if (eventType === 'CREATE') {
      if (active) {
        failures.add(N.ClientUserIdExists, target);
        continue;
      }
      // A retired user registers again as a new record.
      const user = request.managedAppleId
        ? { ...request, status: 'Associated' as const, idHash: newIdHash(), version }
        : { ...request, status: 'Registered' as const, inviteCode: newInviteCode(), version };
      location.putUser(user, version);
      done.push(toResponseUser(user));
    } else if (!active) {
      failures.add(N.RegisteredUserNotFound, target);
    } else if (eventType === 'UPDATE') {
      const user = { ...existing, ...request };
      location.putUser(user, version);
      done.push(toResponseUser(user));
    } else {
      // Retiring releases the user's revocable licenses; books stay with the user.
      for (const asset of location.assetsHeldBy(target)) if (asset.revocable) location.unassign(asset, target);
      const { inviteCode: _dropped, ...rest } = existing;
      const user = { ...rest, status: 'Retired' as const };
      location.putUser(user, version);
      done.push(toResponseUser(user));
    }
  }
  const failed = failures.responses();
  return {
    numRequested: requested.length,
    numCompleted: requested.length - failures.count,
    failures: failed.map((f) => f.response),
    notifications: [
      ...(done.length > 0 ? [{ type: 'USER_MANAGEMENT' as const, items: done, result: 'SUCCESS' as const, eventType }] : []),
      ...failed.map((f) => ({
        type: 'USER_MANAGEMENT' as const,
        items: f.users.map((clientUserId) => ({ clientUserId, status: 'Registered' as const })),
        result: 'FAILURE' as const,
        eventType,
        error: f.response,
      })),
    ],
  };
}

export function newInviteCode(): string {
  return randomBytes(16).toString('hex');
}

export function newIdHash(): string {
  return randomBytes(20).toString('base64url');
}
