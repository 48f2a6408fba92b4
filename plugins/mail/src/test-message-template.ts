import { injectable } from '@vpp-host/api';
import type { MailTemplate, MailTemplateContribution } from '@vpp-host/plugins/mail/api';

export const TEST_TEMPLATE_ID = 'mail-test';

/** The message `vpp-host mail test` sends; the mail plugin contributes it like any other plugin would. */
@injectable()
export class MailTestTemplate implements MailTemplateContribution {
  readonly templates: readonly MailTemplate[] = [
    {
      id: TEST_TEMPLATE_ID,
      requiredValues: ['server'],
      languages: {
        en: {
          subject: 'VPP Host test message',
          html: '<p>This test message from VPP Host reached you through <b>{{server}}</b>. Mail delivery works.</p>',
          text: 'This test message from VPP Host reached you through {{server}}. Mail delivery works.\n',
        },
        nl: {
          subject: 'Testbericht van VPP Host',
          html: '<p>Dit testbericht van VPP Host heeft u bereikt via <b>{{server}}</b>. Het versturen van e-mail werkt.</p>',
          text: 'Dit testbericht van VPP Host heeft u bereikt via {{server}}. Het versturen van e-mail werkt.\n',
        },
        fr: {
          subject: 'Message de test de VPP Host',
          html: '<p>Ce message de test de VPP Host vous est parvenu par <b>{{server}}</b>. L’envoi de courriels fonctionne.</p>',
          text: 'Ce message de test de VPP Host vous est parvenu par {{server}}. L’envoi de courriels fonctionne.\n',
        },
      },
    },
  ];
}
