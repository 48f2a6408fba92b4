import { isDeepStrictEqual } from 'node:util';
import type { DistributionPolicy, MigrationBundle } from '@vpp-host/plugins/vpp-apple/api';
import { exclusionEntries, includeEntry, policyOfSettings, settingsOf, type Collection, type CoreAssignment, type GraphSettings } from '../assignment-model.js';
import type { GraphObject } from '../odata.js';
import { completePolicy } from './dump-assignments.js';

type Assignment = MigrationBundle['assignments'][number];
type CatalogItem = MigrationBundle['catalog'][number];

/** What Intune's Graph API is sent to recreate a bundle's assignments: the `intune` format's written shape. */
export interface IntuneRequests {
  /** Each group of the bundle, to be matched by displayName with an Azure AD group or created with these members. */
  readonly groups: ReadonlyArray<{ id: string; displayName: string; kind: 'user-group' | 'device-group'; members: ReadonlyArray<Record<string, string>> }>;
  /** One `assign` per VPP item with assignments: it replaces the item's whole set in Intune. */
  readonly requests: ReadonlyArray<{ method: 'POST'; url: string; body: Record<string, GraphObject[]> }>;
  /** The bundle's VPP items, for finding each one's Intune id (by adamId or bundleId) when it is not the bundle's. */
  readonly apps: ReadonlyArray<{ id: string; adamId: string; bundleId?: string; name: string; kind: CatalogItem['kind'] }>;
  /** What Intune cannot say: left out of the requests, or sent without the part Intune lacks, as `why` tells. */
  readonly notExpressible: ReadonlyArray<{ assignmentId: string; why: string }>;
}

type Note = IntuneRequests['notExpressible'][number];

/** The bundle's assignments in Intune's words, with the existing translation from core assignments to Graph entries. */
export function graphRequestsOf(bundle: MigrationBundle): IntuneRequests {
  const notExpressible: Note[] = [];
  const byItem = new Map<string, Assignment[]>();
  for (const assignment of bundle.assignments) {
    const list = byItem.get(assignment.itemId);
    if (list) list.push(assignment);
    else byItem.set(assignment.itemId, [assignment]);
  }
  const requests = bundle.catalog.flatMap((item) => {
    const assignments = byItem.get(item.id) ?? [];
    if (assignments.length === 0) return [];
    if (!item.vpp) {
      for (const assignment of assignments) notExpressible.push({ assignmentId: assignment.id, why: 'An in-house item is not VPP content: add it to Intune as a line-of-business app and assign it there. Left out.' });
      return [];
    }
    const collection: Collection = item.kind === 'vpp-book' ? 'managedEBooks' : 'mobileApps';
    const mac = item.platforms.length > 0 && item.platforms.every((platform) => platform === 'macOS');
    const sent = assignments.flatMap((assignment) => {
      const refusal = unsendable(assignment, collection);
      if (refusal) {
        notExpressible.push({ assignmentId: assignment.id, why: `${refusal} Left out.` });
        return [];
      }
      notExpressible.push(...lostParts(assignment, collection, mac));
      return [asCore(assignment, collection)];
    });
    if (sent.length === 0) return [];
    const entries = [...sent.map((assignment) => includeEntry(collection, assignment, mac, null)), ...exclusionEntries(collection, sent)].map(assignable);
    return [{ method: 'POST' as const, url: `/deviceAppManagement/${collection}/${encodeURIComponent(item.id)}/assign`, body: { [collection === 'mobileApps' ? 'mobileAppAssignments' : 'managedEBookAssignments']: entries } }];
  });
  const people = new Map(bundle.people.map((person) => [person.id, person]));
  const devices = new Map(bundle.devices.map((device) => [device.id, device]));
  const memberOf = (kind: 'user-group' | 'device-group', id: string): Record<string, string> => {
    if (kind === 'user-group') {
      const person = people.get(id);
      return { id, ...(person ? { displayName: person.name, mail: person.email } : {}) };
    }
    const device = devices.get(id);
    return { id, ...(device ? { serialNumber: device.serialNumber, ...(device.name !== undefined ? { displayName: device.name } : {}) } : {}) };
  };
  return {
    groups: bundle.groups.map((group) => ({ id: group.id, displayName: group.name, kind: group.kind, members: group.members.map((member) => memberOf(group.kind, member.id)) })),
    requests,
    apps: bundle.catalog.flatMap((item) => (item.vpp ? [{ id: item.id, adamId: item.vpp.adamId, ...(item.bundleId !== undefined ? { bundleId: item.bundleId } : {}), name: item.name, kind: item.kind }] : [])),
    notExpressible,
  };
}

/** Why Intune cannot take the assignment at all, or nothing. */
function unsendable(assignment: Assignment, collection: Collection): string | undefined {
  const { kind } = assignment.target;
  if (kind === 'user' || kind === 'device') return `Intune assigns to groups, all users and all devices, not to a single ${kind} (${assignment.target.id}): put them in a group.`;
  if (assignment.state === 'awaiting-approval') return 'The assignment awaits an admin’s approval; Intune has no approval step.';
  const devices = kind === 'device-group' || kind === 'all-devices';
  if (devices && collection === 'managedEBooks') return 'Intune assigns books to user groups only.';
  if (devices && assignment.installMode === 'manual') return 'Intune does not offer apps (Available) to devices.';
  return undefined;
}

/** The parts of a sent assignment Intune has no field for: it is sent without them. */
function lostParts(assignment: Assignment, collection: Collection, mac: boolean): Note[] {
  const notes: Note[] = [];
  if (assignment.quota !== undefined) notes.push({ assignmentId: assignment.id, why: `Intune has no licence quota per group (${assignment.quota}): sent without it, every member takes a licence while they last.` });
  const expressed = collection === 'managedEBooks' ? completePolicy() : completePolicy(policyOfSettings(settingsOf(asCore(assignment, collection), mac, null) as GraphSettings));
  const lost = (Object.keys(expressed) as Array<keyof DistributionPolicy>).filter((key) => !isDeepStrictEqual(expressed[key], assignment.policy[key]));
  if (lost.length > 0) notes.push({ assignmentId: assignment.id, why: `Intune's settings have no place for the policy's ${lost.join(', ')}: sent without them, Intune's own behaviour applies.` });
  return notes;
}

/** An app's assignment without a licence type takes the core's default: device licences for devices. */
function asCore(assignment: Assignment, collection: Collection): CoreAssignment {
  const { kind } = assignment.target;
  const licenseType = assignment.licenseType ?? (kind === 'device-group' || kind === 'all-devices' ? 'device' : 'user');
  return collection === 'mobileApps' ? { ...assignment, licenseType } : assignment;
}

/** Ids, source and sourceId are Intune's to give: an `assign` body goes without them. */
function assignable({ id: _id, source: _source, sourceId: _sourceId, ...entry }: GraphObject): GraphObject {
  return entry as GraphObject;
}
