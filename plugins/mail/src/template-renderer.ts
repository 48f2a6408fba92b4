import Handlebars from 'handlebars';
import { BadInputError, saying } from '@vpp-host/api';
import type { MailLanguage, MailTemplate } from '@vpp-host/plugins/mail/api';

export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

type Compiled = { readonly [K in keyof RenderedMail]: Handlebars.TemplateDelegate };

/**
 * Renders a template in one language. Only the HTML escapes values: the subject and the text are plain text
 * (escaping there would show "&amp;" to the reader), and line breaks are taken out of the subject so a value
 * cannot add headers.
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new WeakMap<MailTemplate, Map<MailLanguage, Compiled>>();

  render(template: MailTemplate, language: MailLanguage, values: Readonly<Record<string, unknown>>): RenderedMail {
    const missing = template.requiredValues.filter((name) => isMissing(values[name]));
    if (missing.length > 0) {
      const names = missing.map((m) => `"${m}"`).join(', ');
      const refusal = new BadInputError(`Template "${template.id}" needs ${names}, which ${missing.length === 1 ? 'is' : 'are'} missing`, { templateId: template.id, missing });
      const params = { template: template.id, names };
      throw missing.length === 1 ? saying(refusal, 'mail.template.missing-value', params) : saying(refusal, 'mail.template.missing-values', params);
    }
    const compiled = this.compile(template, language);
    return {
      subject: compiled.subject(values).replace(/[\r\n]+/g, ' ').trim(),
      html: htmlDocument(compiled.html(values), language),
      text: compiled.text(values),
    };
  }

  private compile(template: MailTemplate, language: MailLanguage): Compiled {
    let byLanguage = this.compiled.get(template);
    if (!byLanguage) this.compiled.set(template, (byLanguage = new Map()));
    let compiled = byLanguage.get(language);
    if (!compiled) {
      const source = template.languages[language] ?? template.languages.en;
      compiled = {
        subject: this.handlebars.compile(source.subject, { noEscape: true }),
        html: this.handlebars.compile(source.html),
        text: this.handlebars.compile(source.text, { noEscape: true }),
      };
      byLanguage.set(language, compiled);
    }
    return compiled;
  }
}

/** A template's HTML as a whole document that names its language (`<html lang>`), unless it is one already. */
function htmlDocument(html: string, language: MailLanguage): string {
  if (/<html[\s>]/i.test(html)) return html;
  return `<!doctype html>\n<html lang="${language}">\n<head><meta charset="utf-8"></head>\n<body>\n${html}\n</body>\n</html>`;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
