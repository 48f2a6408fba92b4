import { Clock, Inventory, inject, injectable, type Actor } from '@vpp-host/api';
import { MailApi, type LocalizedMail, type MailRequest, type MailTemplate, type MailTemplateContribution } from '@vpp-host/plugins/mail/api';
import type { ReclaimCandidate, ReclaimResult } from '../../api/index.js';
import { DistributionRuntime } from './distribution-runtime.js';

export const RECLAIM_TEMPLATE_ID = 'vpp-license-reclaimed';

function mail(texts: { subject: string; greeting: string; body: string; after: string }): LocalizedMail {
  return {
    subject: texts.subject,
    html: `<p>${texts.greeting}</p>\n<p>${texts.body}</p>\n<p>${texts.after}</p>`,
    text: `${texts.greeting}\n\n${texts.body}\n\n${texts.after}\n`,
  };
}

/** The mail a user gets when a license of theirs is reclaimed, if the admin asked for it. */
@injectable()
export class ReclaimNoticeTemplate implements MailTemplateContribution {
  readonly templates: readonly MailTemplate[] = [
    {
      id: RECLAIM_TEMPLATE_ID,
      requiredValues: ['userName', 'appName', 'days'],
      languages: {
        en: mail({
          subject: 'Your license for {{appName}} was reclaimed',
          greeting: 'Hello {{userName}},',
          body: 'Your license for {{appName}} was not used for {{days}} days, so it was given back for someone else to use.',
          after: 'If you still need the app, ask your administrator to assign it to you again.',
        }),
        nl: mail({
          subject: 'Uw licentie voor {{appName}} is teruggenomen',
          greeting: 'Beste {{userName}},',
          body: 'Uw licentie voor {{appName}} is {{days}} dagen niet gebruikt en is daarom teruggegeven, zodat iemand anders haar kan gebruiken.',
          after: 'Hebt u de app nog nodig? Vraag uw beheerder om haar opnieuw aan u toe te wijzen.',
        }),
        fr: mail({
          subject: 'Votre licence pour {{appName}} a été récupérée',
          greeting: 'Bonjour {{userName}},',
          body: "Votre licence pour {{appName}} n'a pas été utilisée depuis {{days}} jours ; elle a donc été rendue pour que quelqu'un d'autre puisse l'utiliser.",
          after: "Si vous avez encore besoin de l'app, demandez à votre administrateur de vous l'affecter à nouveau.",
        }),
      },
    },
  ];
}

export interface ReclaimOptions {
  readonly reason?: string;
  /** Mail each user who loses a license (a device's license: its owner), in their language. */
  readonly notifyUsers?: boolean;
}

/** Reclaiming as the surfaces offer it: the core's reclaim, then, when asked, a mail to each user who lost a license. */
@injectable()
export class ReclaimService {
  constructor(
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(MailApi) private readonly mail: MailApi,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async reclaim(days: number, actor: Actor, options: ReclaimOptions = {}): Promise<ReclaimResult & { readonly mailed: number }> {
    const at = this.clock.now().toISOString();
    const result = await this.runtime.service.reclaim(days, actor, options.reason);
    const requests = options.notifyUsers ? result.reclaimed.flatMap((candidate) => this.notice(candidate, days, at)) : [];
    if (requests.length > 0) await this.mail.enqueueMany(requests);
    return { ...result, mailed: requests.length };
  }

  /** One mail to the user behind the license, when the inventory knows one with an address. */
  private notice(candidate: ReclaimCandidate, days: number, at: string): MailRequest[] {
    const userId = candidate.holder.kind === 'user' ? candidate.holder.id : this.inventory.getDevice(candidate.holder.id)?.ownerUserId;
    const user = userId === undefined ? undefined : this.inventory.getUser(userId);
    if (!user) return [];
    const appName = this.runtime.service.catalog.get(candidate.itemId)?.name ?? candidate.itemId;
    return [
      {
        templateId: RECLAIM_TEMPLATE_ID,
        to: { address: user.email, name: user.name, ...(user.language ? { language: user.language } : {}) },
        values: { userName: user.name, appName, days },
        idempotencyKey: `reclaim:${candidate.itemId}:${candidate.holder.kind}:${candidate.holder.id}:${at}`,
      },
    ];
  }
}
