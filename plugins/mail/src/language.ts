import { MAIL_LANGUAGES, type MailLanguage } from '@vpp-host/plugins/mail/api';

/** "nl-BE" reads as "nl"; an unknown or missing language gets English. */
export function pickLanguage(tag: string | undefined): MailLanguage {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (MAIL_LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as MailLanguage) : 'en';
}
