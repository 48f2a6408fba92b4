import { BadInputError, ContributionProvider, inject, injectable, Logger, saying } from '@vpp-host/api';
import { MailTemplateContribution, type MailTemplate } from '@vpp-host/plugins/mail/api';

/** Finds templates among every running plugin's contributions, asked at each lookup so late plugins count too. */
@injectable()
export class TemplateCatalog {
  private readonly warnedDuplicates = new Set<string>();

  constructor(
    @inject(ContributionProvider) private readonly contributions: ContributionProvider,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  find(templateId: string): MailTemplate {
    const matches = this.all().filter((entry) => entry.template.id === templateId);
    const first = matches[0];
    if (!first) {
      // The test message's template is always there, so the list is never empty.
      const known = this.all().map((entry) => entry.template.id).join(', ');
      throw saying(new BadInputError(`No mail template "${templateId}"; known templates: ${known}`, { templateId }), 'mail.template.unknown', { id: templateId, known });
    }
    if (matches.length > 1 && !this.warnedDuplicates.has(templateId)) {
      this.warnedDuplicates.add(templateId);
      this.logger.warn('Several plugins contribute the same mail template; the first one is used', {
        templateId,
        plugins: matches.map((m) => m.pluginId),
      });
    }
    return first.template;
  }

  private all(): { pluginId: string; template: MailTemplate }[] {
    return this.contributions
      .get<MailTemplateContribution>(MailTemplateContribution)
      .flatMap(({ pluginId, contribution }) => contribution.templates.map((template) => ({ pluginId, template })));
  }
}
