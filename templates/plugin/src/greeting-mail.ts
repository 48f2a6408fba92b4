import { injectable } from '@vpp-host/api';
import type { LocalizedMail, MailTemplate, MailTemplateContribution } from '@vpp-host/plugins/mail/api';

export const GREETING_MAIL = '__PLUGIN_ID__-greeting';

function mail(subject: string): LocalizedMail {
  return { subject, text: '{{greeting}}\n', html: '<p>{{greeting}}</p>' };
}

/** The mail plugin renders this template (Handlebars; the HTML escapes every value) in the recipient's language. */
@injectable()
export class GreetingMail implements MailTemplateContribution {
  readonly templates: readonly MailTemplate[] = [
    {
      id: GREETING_MAIL,
      requiredValues: ['greeting'],
      languages: { en: mail('A greeting for you'), nl: mail('Een groet voor u'), fr: mail('Un salut pour vous') },
    },
  ];
}
