import { Alerts, Clock, formatTime, HostEnvironment, inject, injectable, listen, Logger, Messages, phrase, PluginContext, toDisposable, type ActiveWorkContribution, type Alert, type AlertRecipient, type Disposable } from '@vpp-host/api';
import { mailLanguageOf, type LocalizedMail, type MailRequest, type MailTemplate, type MailTemplateContribution } from '@vpp-host/plugins/mail/api';
import { MailService } from '../mail-service.js';

export const ALERT_TEMPLATE_ID = 'mail-alert';
/** The Alerts page, where an alert without a page of its own links to. */
const ALERTS_PAGE = '/views/host/alerts';

function mail(texts: { subject: string; raised: string; open: string; why: string }): LocalizedMail {
  return {
    subject: texts.subject,
    html: `<p><b>{{severity}}</b>: {{summary}}</p>\n<p>${texts.raised}</p>\n{{#if link}}<p><a href="{{link}}">${texts.open}</a></p>\n{{/if}}<p style="color:#666">${texts.why}</p>`,
    text: `{{severity}}: {{summary}}\n\n${texts.raised}\n{{#if link}}\n${texts.open}: {{link}}\n{{/if}}\n${texts.why}\n`,
  };
}

/** The mail an admin who asked for alert mail gets when an alert is raised, in the admin's language. */
@injectable()
export class AlertMailTemplate implements MailTemplateContribution {
  readonly templates: readonly MailTemplate[] = [
    {
      id: ALERT_TEMPLATE_ID,
      requiredValues: ['summary', 'severity', 'raisedAt'],
      languages: {
        en: mail({
          subject: 'Alert: {{summary}}',
          raised: 'Raised {{raisedAt}}.',
          open: 'Open it in VPP Host',
          why: 'You get this mail because you asked for alert mail; you get at most one a day for each alert. An admin turns it off on the Alerts page.',
        }),
        nl: mail({
          subject: 'Melding: {{summary}}',
          raised: 'Gemeld op {{raisedAt}}.',
          open: 'Bekijk het in VPP Host',
          why: 'U krijgt deze e-mail omdat u meldingen per e-mail hebt gevraagd; u krijgt er hoogstens één per dag voor elke melding. Een beheerder zet ze uit op de pagina Meldingen.',
        }),
        fr: mail({
          subject: 'Alerte : {{summary}}',
          raised: 'Signalée le {{raisedAt}}.',
          open: 'L’ouvrir dans VPP Host',
          why: 'Vous recevez ce courriel parce que vous avez demandé les alertes par courriel ; vous en recevez au plus un par jour pour chaque alerte. Un administrateur les désactive sur la page Alertes.',
        }),
      },
    },
  ];
}

/**
 * Mails each alert, when it is raised, to every admin who asked for alert mail, in the admin's language. The
 * idempotency key names the alert's condition, the admin and the day, so an alert raised, resolved and raised again
 * the same day mails nobody twice that day. At start it mails the open alerts raised today that no mail went out for
 * (raised while it was stopped, or by a plugin that started before it): the same keys, so none goes twice.
 */
@injectable()
export class AlertMailer implements ActiveWorkContribution {
  constructor(
    @inject(Alerts) private readonly alerts: Alerts,
    @inject(MailService) private readonly mail: MailService,
    @inject(Messages) private readonly messages: Messages,
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
    @inject(PluginContext) private readonly context: PluginContext,
    @inject(Logger) private readonly logger: Logger,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  private readonly sending = new Set<Promise<void>>();

  /** The active host mails; mail being queued is queued before the work stops. */
  startActiveWork(): Disposable {
    const raised = listen(this.alerts.onDidRaiseAlert, (alert) => this.track(this.send(alert)));
    const today = this.clock.now().toISOString().slice(0, 10);
    const missed = this.alerts.list({ state: 'open', limit: 500 }).items.filter((alert) => alert.raisedAt.startsWith(today));
    for (const alert of missed) this.track(this.send(alert));
    return toDisposable(async () => {
      await raised.dispose();
      await Promise.all([...this.sending]);
    });
  }

  private track(sending: Promise<void>): void {
    this.sending.add(sending);
    void sending.finally(() => this.sending.delete(sending));
  }

  /** One mail per recipient; a refused one (an address that is no longer one) is logged, the others go. */
  async send(alert: Alert): Promise<void> {
    const requests = this.alerts.recipients().map((recipient) => this.request(alert, recipient));
    for (const request of requests) {
      await this.mail.enqueue(request).catch((error: unknown) =>
        this.logger.warn('An alert could not be mailed', { alert: alert.key, to: request.to.address, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  private request(alert: Alert, recipient: AlertRecipient): MailRequest {
    const language = mailLanguageOf(recipient.language);
    const base = this.environment.publicUrl();
    return {
      templateId: ALERT_TEMPLATE_ID,
      to: { address: recipient.address, name: recipient.name, language },
      values: {
        summary: this.messages.say(alert, language),
        severity: this.messages.say(phrase(alert.severity, `host.alerts.severity.${alert.severity}`), language),
        raisedAt: formatTime(alert.raisedAt, language),
        link: base ? `${base}${alert.href ?? ALERTS_PAGE}` : '',
      },
      idempotencyKey: `alert:${alert.source}:${alert.key}:${recipient.adminId}:${alert.raisedAt.slice(0, 10)}`,
      pluginId: this.context.id,
    };
  }
}
