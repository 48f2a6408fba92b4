import { describe, expect, it } from 'vitest';
import { checkDevice, compareVersions, isRefusal, resolveAssignmentShape } from './eligibility.js';
import type { ItemKind, TargetKind } from './model.js';

const ipad = (osVersion: string) => ({ platform: 'iPadOS' as const, osVersion, serialNumber: 'C02IPAD' });
const mac = (osVersion: string) => ({ platform: 'macOS' as const, osVersion, serialNumber: 'C02MAC' });

describe('eligibility table (seed 001)', () => {
  const cases: Array<[ItemKind, 'mac' | 'ios' | 'user', boolean]> = [
    ['in-house-app', 'mac', true],
    ['in-house-app', 'ios', true],
    ['in-house-app', 'user', true],
    ['in-house-book', 'mac', false],
    ['in-house-book', 'ios', true],
    ['in-house-book', 'user', true],
    ['vpp-app', 'mac', true],
    ['vpp-app', 'ios', true],
    ['vpp-app', 'user', true],
    ['vpp-book', 'mac', false],
    ['vpp-book', 'ios', false],
    ['vpp-book', 'user', true],
  ];
  it.each(cases)('%s to %s: %s', (kind, column, allowed) => {
    const target: TargetKind = column === 'user' ? 'user' : 'device';
    const shape = resolveAssignmentShape({ itemKind: kind, targetKind: target });
    let ok = !isRefusal(shape);
    if (ok && column !== 'user') {
      const licenseType = isRefusal(shape) ? undefined : shape.licenseType;
      ok = checkDevice(kind, [], column === 'mac' ? mac('14.0') : ipad('17.0'), licenseType) === undefined;
    }
    expect(ok).toBe(allowed);
  });

  it('names the rule when it refuses', () => {
    expect(resolveAssignmentShape({ itemKind: 'vpp-book', targetKind: 'device-group' })).toEqual({
      rule: 'vpp-book-users-only',
      message: 'VPP books can only be assigned to users or user groups',
    });
    expect(checkDevice('in-house-book', [], mac('14.0'), undefined)?.message).toBe('In-house books cannot be assigned to Macs');
  });

  it('holds device licenses to iOS 9 and macOS 10.11', () => {
    expect(checkDevice('vpp-app', [], ipad('8.4.1'), 'device')?.rule).toBe('device-license-os-minimum');
    expect(checkDevice('vpp-app', [], ipad('9'), 'device')).toBeUndefined();
    expect(checkDevice('vpp-app', [], mac('10.10.5'), 'device')?.message).toContain('macOS 10.11');
    expect(checkDevice('vpp-app', [], mac('10.11'), 'device')).toBeUndefined();
    // The minimum is for device licenses only.
    expect(checkDevice('vpp-app', [], ipad('8.0'), undefined)).toBeUndefined();
  });

  it('defaults the license type to the target and refuses a mismatch', () => {
    expect(resolveAssignmentShape({ itemKind: 'vpp-app', targetKind: 'device-group' })).toMatchObject({ licenseType: 'device' });
    expect(resolveAssignmentShape({ itemKind: 'vpp-app', targetKind: 'user-group' })).toMatchObject({ licenseType: 'user' });
    expect(resolveAssignmentShape({ itemKind: 'vpp-book', targetKind: 'user' })).toMatchObject({ licenseType: 'user' });
    expect(resolveAssignmentShape({ itemKind: 'vpp-app', targetKind: 'user', licenseType: 'device' })).toMatchObject({ rule: 'device-license-device-targets' });
    expect(resolveAssignmentShape({ itemKind: 'vpp-app', targetKind: 'device', licenseType: 'device', deviceAssignable: false })).toMatchObject({
      rule: 'not-device-assignable',
    });
    expect(resolveAssignmentShape({ itemKind: 'in-house-app', targetKind: 'device', licenseType: 'device' })).toMatchObject({
      rule: 'license-type-vpp-apps-only',
    });
  });

  it('forces in-house apps to install automatically and says so', () => {
    expect(resolveAssignmentShape({ itemKind: 'in-house-app', targetKind: 'device', installMode: 'manual' })).toEqual({
      installMode: 'automatic',
      notes: [expect.objectContaining({ message: 'In-house apps always install automatically', messageId: 'vpp.note.in-house-automatic' })],
    });
    expect(resolveAssignmentShape({ itemKind: 'vpp-app', targetKind: 'user', installMode: 'manual' })).toMatchObject({ installMode: 'manual' });
  });

  it('keeps items off platforms they are not made for', () => {
    expect(checkDevice('vpp-app', ['iOS', 'iPadOS'], mac('14.0'), 'device')?.rule).toBe('platform');
    expect(checkDevice('vpp-app', ['macOS'], mac('14.0'), 'device')).toBeUndefined();
  });

  it('compares versions numerically', () => {
    expect(compareVersions('10.11', '10.9')).toBeGreaterThan(0);
    expect(compareVersions('9', '9.0.0')).toBe(0);
    expect(compareVersions('8.4', '9')).toBeLessThan(0);
  });
});
