import { describe, expect, it } from 'vitest';
import { actionFor, DEFAULT_POLICY, mayTakeLicense, resolvePolicy } from './policy.js';

describe('distribution policy', () => {
  it('fills every field with its default', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({ onSelectiveWipe: { removeApp: false } }).onSelectiveWipe).toEqual({ removeApp: false, releaseLicense: true });
  });

  it('refuses unknown fields and wrong types, naming the field', () => {
    expect(() => resolvePolicy({ onWipe: {} })).toThrow(/Policy field/);
    expect(() => resolvePolicy({ preventBackup: 'yes' })).toThrow('Policy field "preventBackup"');
    expect(() => resolvePolicy({ onDeviceUnenrolled: { releaseLicense: 1 } })).toThrow('onDeviceUnenrolled.releaseLicense');
  });

  it('never releases or removes a VPP book, whatever the policy says', () => {
    const policy = resolvePolicy({ onLeftTarget: { removeApp: true, releaseLicense: true } });
    expect(actionFor(policy, 'left-target', 'vpp-book')).toEqual({ removeApp: false, releaseLicense: false });
    expect(actionFor(policy, 'left-target', 'vpp-app')).toEqual({ removeApp: true, releaseLicense: true });
    expect(actionFor(resolvePolicy({ onDistributionStopped: { releaseLicense: false } }), 'distribution-stopped', 'vpp-app')).toEqual({
      removeApp: true,
      releaseLicense: false,
    });
  });

  it('restricts licenses to the listed user groups', () => {
    const policy = resolvePolicy({ licenseRestrictedToUserGroups: ['teachers', 'teachers'] });
    expect(policy.licenseRestrictedToUserGroups).toEqual(['teachers']);
    expect(mayTakeLicense(policy.licenseRestrictedToUserGroups, ['staff', 'teachers'])).toBe(true);
    expect(mayTakeLicense(policy.licenseRestrictedToUserGroups, ['students'])).toBe(false);
    expect(mayTakeLicense(policy.licenseRestrictedToUserGroups, undefined)).toBe(false);
    expect(mayTakeLicense(DEFAULT_POLICY.licenseRestrictedToUserGroups, undefined)).toBe(true);
  });
});
