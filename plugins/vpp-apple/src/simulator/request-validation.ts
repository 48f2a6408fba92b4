import { AppleErrorNumber as N } from '../client/error-numbers.js';
import { NOTIFICATION_TYPES, type ClientConfigRequest, type NotificationType, type RequestUser, type ServiceLimits } from '../../api/apple-wire.js';
import type { LocationState, SimAsset, Target } from './location-state.js';
import { SimulatedAppleError } from './simulated-error.js';

/** Apple checks write requests synchronously: a failure answers an error and processes nothing. */

export interface ValidatedAssetRequest {
  readonly assets: SimAsset[];
  readonly targets: Target[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateManageAssets(
  location: LocationState,
  body: unknown,
  limits: ServiceLimits,
  operation: 'associate' | 'disassociate',
): ValidatedAssetRequest {
  const record = asRecord(body);
  const rawAssets = optionalArray(record.assets);
  if (rawAssets.length === 0) throw new SimulatedAppleError(N.NoAssets);
  const { clientUserIds, serialNumbers } = readTargets(record);
  if (rawAssets.length > limits.maxAssets) throw new SimulatedAppleError(N.TooManyAssets);
  if (clientUserIds.length > limits.maxClientUserIds) throw new SimulatedAppleError(N.TooManyClientUserIds);
  if (serialNumbers.length > limits.maxSerialNumbers) throw new SimulatedAppleError(N.TooManySerialNumbers);

  const assets = rawAssets.map((raw) => {
    const entry = asRecord(raw);
    const adamId = requireString(entry.adamId);
    const pricingParam = entry.pricingParam === undefined ? undefined : requireString(entry.pricingParam);
    const asset = location.findAsset(adamId, pricingParam);
    if (!asset) throw new SimulatedAppleError(N.InvalidArgument, { assets: [{ adamId, pricingParam: (pricingParam ?? 'STDQ') as 'STDQ' }] });
    return asset;
  });
  if (new Set(assets).size !== assets.length) throw new SimulatedAppleError(N.DuplicateAssets);

  const refuse = (number: typeof N.NotDeviceAssignable | typeof N.NotRevocable, wrong: SimAsset[]) => {
    if (wrong.length > 0) {
      throw new SimulatedAppleError(number, { assets: wrong.map(({ adamId, pricingParam }) => ({ adamId, pricingParam })) });
    }
  };
  if (serialNumbers.length > 0) refuse(N.NotDeviceAssignable, assets.filter((a) => !a.deviceAssignable));
  if (operation === 'disassociate') refuse(N.NotRevocable, assets.filter((a) => !a.revocable));
  return { assets, targets: toTargets(clientUserIds, serialNumbers) };
}

export function validateRevoke(body: unknown, limits: ServiceLimits): Target[] {
  const { clientUserIds, serialNumbers } = readTargets(asRecord(body));
  if (clientUserIds.length > limits.maxRevokeClientUserIds) throw new SimulatedAppleError(N.TooManyClientUserIds);
  if (serialNumbers.length > limits.maxRevokeSerialNumbers) throw new SimulatedAppleError(N.TooManySerialNumbers);
  return toTargets(clientUserIds, serialNumbers);
}

export function validateUsers(body: unknown, limits: ServiceLimits): RequestUser[] {
  const rawUsers = optionalArray(asRecord(body).users);
  if (rawUsers.length === 0) throw new SimulatedAppleError(N.NoUsers);
  if (rawUsers.length > limits.maxUsers) throw new SimulatedAppleError(N.TooManyUsers);
  const users = rawUsers.map((raw) => {
    const entry = asRecord(raw);
    const user: RequestUser = { clientUserId: requireString(entry.clientUserId) };
    if (entry.email !== undefined) {
      const email = requireString(entry.email);
      if (!EMAIL.test(email)) throw new SimulatedAppleError(N.BadEmail, { clientUserIds: [user.clientUserId] });
      user.email = email;
    }
    if (entry.managedAppleId !== undefined) user.managedAppleId = requireString(entry.managedAppleId);
    return user;
  });
  const ids = users.map((u) => u.clientUserId);
  if (new Set(ids).size !== ids.length) throw new SimulatedAppleError(N.DuplicateUsers, { clientUserIds: duplicates(ids) });
  return users;
}

export function validateClientConfig(body: unknown, limits: ServiceLimits, requireHttps: boolean): ClientConfigRequest {
  const record = asRecord(body);
  const request: ClientConfigRequest = {};
  if (record.mdmInfo !== undefined) {
    const info = asRecord(record.mdmInfo);
    if (typeof info.id !== 'string' || typeof info.name !== 'string' || typeof info.metadata !== 'string' || !info.id || !info.name) {
      throw new SimulatedAppleError(N.MdmInfoIncomplete);
    }
    if (info.id.length > limits.maxMdmIdLength) throw new SimulatedAppleError(N.MdmIdTooLong);
    if (info.name.length > limits.maxMdmNameLength) throw new SimulatedAppleError(N.MdmNameTooLong);
    if (info.metadata.length > limits.maxMdmMetadataLength) throw new SimulatedAppleError(N.MdmMetadataTooLong);
    request.mdmInfo = { id: info.id, name: info.name, metadata: info.metadata };
  }
  const url = record.notificationUrl === undefined ? undefined : requireString(record.notificationUrl);
  const token = record.notificationAuthToken === undefined ? undefined : requireString(record.notificationAuthToken);
  if ((url === undefined) !== (token === undefined)) throw new SimulatedAppleError(N.NotificationUrlAndTokenRequired);
  if (url !== undefined && token !== undefined) {
    if (url.length > limits.maxNotificationLength || token.length > limits.maxNotificationLength) {
      throw new SimulatedAppleError(N.NotificationValueTooLong);
    }
    if (!isAcceptableUrl(url, requireHttps)) throw new SimulatedAppleError(N.NotificationUrlNotHttps);
    request.notificationUrl = url;
    request.notificationAuthToken = token;
  }
  if (record.notificationTypes !== undefined) {
    const types = optionalArray(record.notificationTypes).map(requireString);
    if (!types.every((t): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t))) {
      throw new SimulatedAppleError(N.InvalidArgument);
    }
    request.notificationTypes = types;
  }
  return request;
}

export function readPageIndex(value: string | null): number {
  if (value === null) return 0;
  if (!/^\d+$/.test(value)) throw new SimulatedAppleError(N.BadPageIndex);
  return Number(value);
}

function readTargets(record: Record<string, unknown>): { clientUserIds: string[]; serialNumbers: string[] } {
  const clientUserIds = optionalArray(record.clientUserIds).map(requireString);
  const serialNumbers = optionalArray(record.serialNumbers).map(requireString);
  if (clientUserIds.length + serialNumbers.length === 0) throw new SimulatedAppleError(N.NoTargets);
  if (new Set(clientUserIds).size !== clientUserIds.length) {
    throw new SimulatedAppleError(N.DuplicateClientUserIds, { clientUserIds: duplicates(clientUserIds) });
  }
  if (new Set(serialNumbers).size !== serialNumbers.length) {
    throw new SimulatedAppleError(N.DuplicateSerialNumbers, { serialNumbers: duplicates(serialNumbers) });
  }
  return { clientUserIds, serialNumbers };
}

function toTargets(clientUserIds: string[], serialNumbers: string[]): Target[] {
  return [
    ...clientUserIds.map((clientUserId) => ({ clientUserId })),
    ...serialNumbers.map((serialNumber) => ({ serialNumber })),
  ];
}

function isAcceptableUrl(url: string, requireHttps: boolean): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || (!requireHttps && protocol === 'http:');
  } catch {
    return false;
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((v) => seen.has(v) || !seen.add(v)))];
}

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimulatedAppleError(N.InvalidArgument);
  return value as Record<string, unknown>;
}

function optionalArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SimulatedAppleError(N.InvalidArgument);
  return value;
}

function requireString(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new SimulatedAppleError(N.InvalidArgument);
  return value;
}
