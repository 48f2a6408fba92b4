const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why an address cannot receive an invitation, or undefined when it can. Checked before a user is registered with
 * Apple (one bad address fails Apple's whole batch with 9717) and before the mail outbox would refuse it.
 */
export function emailProblem(address: string | undefined): string | undefined {
  const value = address?.trim() ?? '';
  if (value === '') return 'has no email address';
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  const valid =
    value.length <= 254 && at > 0 && local.length <= 64 && LOCAL_PART.test(local) && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
  return valid ? undefined : `has an invalid email address "${value}"`;
}
