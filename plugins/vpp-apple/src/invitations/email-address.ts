import { emailAddressProblem } from '@vpp-host/api';

/**
 * Why an address cannot receive an invitation, or undefined when it can. Checked before a user is registered with
 * Apple (one bad address fails Apple's whole batch with 9717) and before the mail outbox would refuse it.
 */
export function emailProblem(address: string | undefined): string | undefined {
  const value = address?.trim() ?? '';
  if (value === '') return 'has no email address';
  const problem = emailAddressProblem(value);
  return problem === undefined ? undefined : `has an invalid email address "${value}" (it ${problem})`;
}
