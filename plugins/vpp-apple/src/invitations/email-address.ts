import { emailAddressFault, phrase, type Said, type User } from '@vpp-host/api';

/**
 * Why a user's address cannot receive an invitation ("Ann has no email address"), or undefined when it can. Checked
 * before a user is registered with Apple (one bad address fails Apple's whole batch with 9717) and before the mail
 * outbox would refuse it.
 */
export function emailProblem(user: Pick<User, 'name' | 'email'>): Said | undefined {
  const address = user.email?.trim() ?? '';
  if (address === '') return phrase(`${user.name} has no email address`, 'vpp.invitation.no-email', { user: user.name });
  const fault = emailAddressFault(address);
  return fault && phrase(`${user.name} has an invalid email address "${address}" (it ${fault.message})`, 'vpp.invitation.bad-email', { user: user.name, address, fault });
}
