import { injectable } from '@vpp-host/api';
import type { LocalizedMail, MailTemplate, MailTemplateContribution } from '@vpp-host/plugins/mail/api';

export const INVITATION_TEMPLATE_ID = 'vpp-invitation';

/** Apple's placeholder for the code in `urls.invitationEmail` of service/config. */
const INVITE_CODE_PLACEHOLDER = '%25inviteCode%25';

/** Apple's invitation link for one invite code. */
export function invitationUrl(template: string, inviteCode: string): string {
  return template.split(INVITE_CODE_PLACEHOLDER).join(encodeURIComponent(inviteCode));
}

export function isInvitationUrlTemplate(template: string | undefined): template is string {
  return typeof template === 'string' && template.includes(INVITE_CODE_PLACEHOLDER) && /^https?:\/\//.test(template);
}

/** The values every invitation mail needs; the mail plugin refuses a message missing one, by name. */
export interface InvitationValues {
  readonly userName: string;
  readonly organisationName: string;
  readonly locationName: string;
  readonly invitationUrl: string;
}

const button = (label: string) =>
  `<p style="margin:24px 0"><a href="{{invitationUrl}}" style="background:#0071e3;color:#ffffff;padding:12px 24px;border-radius:8px;text-decoration:none;font-weight:600">${label}</a></p>`;

function mail(texts: { subject: string; greeting: string; body: string; action: string; button: string; after: string; fallback: string }): LocalizedMail {
  return {
    subject: texts.subject,
    html: `<p>${texts.greeting}</p>
<p>${texts.body}</p>
<p>${texts.action}</p>
${button(texts.button)}
<p>${texts.after}</p>
<p style="color:#6e6e73;font-size:12px">${texts.fallback}<br><a href="{{invitationUrl}}">{{invitationUrl}}</a></p>`,
    text: `${texts.greeting}\n\n${texts.body}\n\n${texts.action}\n\n${texts.button}: {{invitationUrl}}\n\n${texts.after}\n`,
  };
}

/** The invitation to VPP managed distribution, in the words of the product documents (seed 000). */
@injectable()
export class InvitationTemplate implements MailTemplateContribution {
  readonly templates: readonly MailTemplate[] = [
    {
      id: INVITATION_TEMPLATE_ID,
      requiredValues: ['userName', 'organisationName', 'locationName', 'invitationUrl'] satisfies (keyof InvitationValues)[],
      languages: {
        en: mail({
          subject: 'Join VPP managed distribution at {{organisationName}}',
          greeting: 'Hello {{userName}},',
          body: '{{organisationName}} ({{locationName}}) invites you to enrol in VPP managed distribution: apps become available for installing and books for downloading.',
          action: 'Click Sign In and sign in with your Apple ID. Once you agree to the terms and conditions, apps appear in your Purchases list in the App Store and books in Books.',
          button: 'Sign In',
          after: 'If you have not set up an Apple ID yet, you can create one when you sign in.',
          fallback: 'If the button does not work, open this link:',
        }),
        nl: mail({
          subject: 'Schrijf u in voor beheerde distributie via het VPP bij {{organisationName}}',
          greeting: 'Beste {{userName}},',
          body: '{{organisationName}} ({{locationName}}) nodigt u uit om u in te schrijven voor beheerde distributie via het VPP: apps komen beschikbaar om te installeren en boeken om te downloaden.',
          action: "Klik op 'Log in' en log in met uw Apple ID. Zodra u akkoord gaat met de voorwaarden, verschijnen apps in uw aankopenlijst in de App Store en boeken in Boeken.",
          button: 'Log in',
          after: 'Hebt u nog geen Apple ID, dan kunt u er een aanmaken wanneer u inlogt.',
          fallback: 'Werkt de knop niet? Open dan deze link:',
        }),
        fr: mail({
          subject: 'Inscrivez-vous à la distribution gérée VPP de {{organisationName}}',
          greeting: 'Bonjour {{userName}},',
          body: '{{organisationName}} ({{locationName}}) vous invite à vous inscrire à la distribution gérée VPP : des apps deviennent disponibles à l’installation et des livres au téléchargement.',
          action: 'Cliquez sur « Se connecter » et connectez-vous avec votre identifiant Apple. Dès que vous acceptez les conditions générales, les apps apparaissent dans vos achats de l’App Store et les livres dans Livres.',
          button: 'Se connecter',
          after: 'Si vous n’avez pas encore d’identifiant Apple, vous pourrez en créer un en vous connectant.',
          fallback: 'Si le bouton ne fonctionne pas, ouvrez ce lien :',
        }),
      },
    },
  ];
}
