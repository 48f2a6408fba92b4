// The one lookup of invitation and distribution targets, against the host's real inventory.
import { describe, expect, it } from 'vitest';
import { BadInputError, type Actor } from '@vpp-host/api';
import { useInventory } from '../../../../host/inventory/test-fixtures/open-inventory.js';
import { resolveTarget, type TargetRefusal } from './target-resolver.js';

const ADMIN: Actor = { kind: 'admin', id: 'admin-1', name: 'Ada' };
const openInventory = useInventory();

async function directory() {
  const { inventory } = await openInventory();
  await inventory.import(
    {
      users: [
        { id: 'sam', name: 'Sam Carter', email: 'sam@riverside.example' },
        { id: 'sam-2', name: 'Sam Carter', email: 'sam.carter@riverside.example' },
        { id: 'lena', name: 'Léna de Vries', email: 'Lena@Riverside.example' },
      ],
      userGroups: [
        { id: 'pilots', name: 'Pilot class', members: ['sam', 'lena'] },
        // A group called what another group's id is: the id wins.
        { id: 'late', name: 'pilots' },
      ],
      devices: [
        { id: 'ipad-1', serialNumber: 'SNRIVER001', name: 'Classroom iPad', platform: 'iPadOS', osVersion: '17.4' },
        { id: 'ipad-2', serialNumber: 'SNRIVER002', name: 'Classroom iPad', platform: 'iPadOS', osVersion: '17.4' },
      ],
      deviceGroups: [{ id: 'classroom', name: 'Classroom iPads', members: ['ipad-1', 'ipad-2'] }],
    },
    ADMIN,
  );
  return inventory;
}

function refusal(run: () => unknown): { message: string; details: TargetRefusal } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return { message: (error as BadInputError).message, details: (error as BadInputError).details as TargetRefusal };
  }
  throw new Error('expected a refusal');
}

describe('resolveTarget', () => {
  it('takes each kind by its id', async () => {
    const inventory = await directory();
    expect(resolveTarget(inventory, 'user', 'sam')).toEqual({ kind: 'user', id: 'sam' });
    expect(resolveTarget(inventory, 'user-group', 'pilots')).toEqual({ kind: 'user-group', id: 'pilots' });
    expect(resolveTarget(inventory, 'device', 'ipad-2')).toEqual({ kind: 'device', id: 'ipad-2' });
    expect(resolveTarget(inventory, 'device-group', ' classroom ')).toEqual({ kind: 'device-group', id: 'classroom' });
  });

  it('takes a user by email, a device by serial number and a group by name, whatever the case and accents', async () => {
    const inventory = await directory();
    expect(resolveTarget(inventory, 'user', 'lena@riverside.EXAMPLE')).toEqual({ kind: 'user', id: 'lena' });
    expect(resolveTarget(inventory, 'user', 'lena de vries')).toEqual({ kind: 'user', id: 'lena' });
    expect(resolveTarget(inventory, 'device', 'snriver002')).toEqual({ kind: 'device', id: 'ipad-2' });
    expect(resolveTarget(inventory, 'user-group', 'pilot CLASS')).toEqual({ kind: 'user-group', id: 'pilots' });
    expect(resolveTarget(inventory, 'device-group', 'Classroom iPads')).toEqual({ kind: 'device-group', id: 'classroom' });
  });

  it('prefers an id to a name, and an email to a name', async () => {
    const inventory = await directory();
    expect(resolveTarget(inventory, 'user-group', 'pilots')).toEqual({ kind: 'user-group', id: 'pilots' });
    expect(resolveTarget(inventory, 'user', 'sam.carter@riverside.example')).toEqual({ kind: 'user', id: 'sam-2' });
  });

  it('refuses a name two records share, listing both, so the admin can type the id', async () => {
    const inventory = await directory();
    const users = refusal(() => resolveTarget(inventory, 'user', 'Sam Carter'));
    expect(users.message).toBe('2 users are called "Sam Carter": "Sam Carter <sam@riverside.example>" (sam), "Sam Carter <sam.carter@riverside.example>" (sam-2); give the id');
    expect(users.details).toEqual({
      problem: 'ambiguous',
      kind: 'user',
      typed: 'Sam Carter',
      candidates: [
        { id: 'sam', label: 'Sam Carter <sam@riverside.example>' },
        { id: 'sam-2', label: 'Sam Carter <sam.carter@riverside.example>' },
      ],
    });
    const devices = refusal(() => resolveTarget(inventory, 'device', 'classroom ipad'));
    expect(devices.details.problem).toBe('ambiguous');
    expect(devices.details.candidates.map((c) => c.id)).toEqual(['ipad-1', 'ipad-2']);
  });

  it('refuses an unknown target, naming the records that come close, or none', async () => {
    const inventory = await directory();
    const close = refusal(() => resolveTarget(inventory, 'user-group', 'Pilot'));
    expect(close.message).toBe('No user group "Pilot"; did you mean "Pilot class" (pilots), "pilots" (late)?');
    expect(close.details).toMatchObject({ problem: 'unknown', kind: 'user-group', typed: 'Pilot' });
    expect(refusal(() => resolveTarget(inventory, 'user-group', 'Pilot klas')).message).toBe('No user group "Pilot klas"; did you mean "Pilot class" (pilots), "pilots" (late)?');
    expect(refusal(() => resolveTarget(inventory, 'user', 'lena.devries@riverside.example')).details.candidates.map((c) => c.id)).toEqual(['lena']);
    expect(refusal(() => resolveTarget(inventory, 'device', 'SNOTHER')).message).toBe('No device "SNOTHER"');
    expect(refusal(() => resolveTarget(inventory, 'device-group', 'pilots')).message).toBe('No device group "pilots"');
    expect(refusal(() => resolveTarget(inventory, 'user', '  ')).message).toBe('Give the user by id or name');
  });
});
