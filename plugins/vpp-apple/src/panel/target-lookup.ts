import { BadInputError, type Inventory } from '@vpp-host/api';
import { TARGET_KINDS, type Target, type TargetKind } from '../distribution/model.js';
import { fill, type VppText } from './panel-text.js';

const SUGGESTIONS = 100;

export function isTargetKind(value: string | undefined): value is TargetKind {
  return TARGET_KINDS.includes(value as TargetKind);
}

/** The record an admin typed: its id, or its exact name (a device's serial number, a user's email). */
export function findTarget(inventory: Inventory, kind: TargetKind, typed: string, text: VppText): Target {
  const value = typed.trim();
  const lower = value.toLowerCase();
  const id = (() => {
    switch (kind) {
      case 'device':
        return (inventory.getDevice(value) ?? inventory.getDeviceBySerial(value) ?? inventory.listDevices({ search: value, limit: 20 }).items.find((d) => d.name?.toLowerCase() === lower))?.id;
      case 'user':
        return (inventory.getUser(value) ?? inventory.listUsers({ search: value, limit: 20 }).items.find((u) => u.email.toLowerCase() === lower || u.name.toLowerCase() === lower))?.id;
      case 'device-group':
        return (inventory.getDeviceGroup(value) ?? inventory.listDeviceGroups({ search: value, limit: 20 }).items.find((g) => g.name.toLowerCase() === lower))?.id;
      case 'user-group':
        return (inventory.getUserGroup(value) ?? inventory.listUserGroups({ search: value, limit: 20 }).items.find((g) => g.name.toLowerCase() === lower))?.id;
    }
  })();
  if (!id) throw new BadInputError(fill(text.noTarget, { kind: text[kind].toLowerCase(), name: value }));
  return { kind, id };
}

/** Names to offer while typing a target: groups first, they are what is usually assigned. */
export function targetSuggestions(inventory: Inventory): string[] {
  return [
    ...inventory.listDeviceGroups({ limit: SUGGESTIONS }).items.map((g) => g.name),
    ...inventory.listUserGroups({ limit: SUGGESTIONS }).items.map((g) => g.name),
    ...inventory.listDevices({ limit: SUGGESTIONS }).items.map((d) => d.serialNumber),
    ...inventory.listUsers({ limit: SUGGESTIONS }).items.map((u) => u.email),
  ];
}
