import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BadInputError, Clock, inject, injectable, phrase, saying, UpstreamError, type MessageParam, type Said } from '@vpp-host/api';
import { mailLanguageOf, type DeliveryError } from '@vpp-host/plugins/mail/api';
import { checkAddress } from './address.js';
import { describeDeliveryError } from './delivery-error.js';
import { MailConfig } from './mail-config.js';
import { automaticHeaders, createSingleTransport } from './smtp-transport.js';
import { TEST_TEMPLATE_ID } from './test-message-template.js';
import { TemplateCatalog } from './template-catalog.js';
import { TemplateRenderer } from './template-renderer.js';

export interface TestReport {
  readonly to: string;
  readonly via: string;
  readonly host: string;
  readonly port: number;
  readonly security: string;
  readonly warnings: readonly string[];
  /** The server's acceptance line. */
  readonly response: string;
  readonly messageId: string;
}

/**
 * Sends one test message straight away, outside the outbox, step by step (DNS, then connect + TLS + auth, then the
 * message), so a failure names the step and carries the server's words. Throws UpstreamError with the report.
 */
@injectable()
export class TestSender {
  constructor(
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(TemplateCatalog) private readonly templates: TemplateCatalog,
    @inject(TemplateRenderer) private readonly renderer: TemplateRenderer,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async send(to: string, language?: string): Promise<TestReport> {
    const address = checkAddress(to, 'to');
    const check = this.config.check();
    const [errors, warnings] = [check.errors.map((e) => e.message), check.warnings.map((w) => w.message)];
    if (errors.length > 0) throw saying(new BadInputError(`The mail settings are wrong: ${errors.join('; ')}`, { errors, warnings }), 'mail.settings-wrong', { problems: check.errors });
    const server = this.config.server();
    const where = { via: server.via, host: server.host, port: server.port, security: server.security, warnings };
    // The server's words (the reason) are shown as it wrote them; the step is said in the reader's language.
    const fail = (error: DeliveryError, reason: MessageParam = error.message): never => {
      const step = STEP[error.kind];
      throw saying(new UpstreamError(`Test message not sent: ${step.message} failed: ${error.message}`, { ...where, failure: error }), 'mail.test.failed', { step, reason });
    };

    if (isIP(server.host) === 0 && server.host !== 'localhost') {
      await lookup(server.host).catch((error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        const unresolved = phrase(`${server.host} could not be resolved (${code})`, 'mail.test.unresolved', { host: server.host, code });
        return fail({ kind: 'dns', message: unresolved.message, at: this.clock.now().toISOString() }, unresolved);
      });
    }
    const transport = createSingleTransport(server, this.config.tuning());
    try {
      await transport.verify().catch((error: unknown) => fail(describeDeliveryError(error, this.clock.now())));
      const rendered = this.renderer.render(this.templates.find(TEST_TEMPLATE_ID), mailLanguageOf(language), { server: `${server.host}:${server.port}` });
      const info = await transport
        .sendMail({ from: this.config.sender(), to: address, ...rendered, headers: automaticHeaders(mailLanguageOf(language)) })
        .catch((error: unknown) => fail(describeDeliveryError(error, this.clock.now())));
      return { to: address, ...where, response: String(info.response ?? ''), messageId: String(info.messageId ?? '') };
    } finally {
      transport.close();
    }
  }
}

const STEP: Record<DeliveryError['kind'], Said> = {
  dns: phrase('DNS lookup', 'mail.step.dns'),
  connect: phrase('connecting to the server', 'mail.step.connect'),
  tls: phrase('TLS', 'mail.step.tls'),
  auth: phrase('authentication', 'mail.step.auth'),
  timeout: phrase('waiting for the server', 'mail.step.timeout'),
  'rejected-recipient': phrase('the recipient (rejected by the server)', 'mail.step.rejected-recipient'),
  'rejected-message': phrase('the message (rejected by the server)', 'mail.step.rejected-message'),
  protocol: phrase('talking SMTP with the server', 'mail.step.protocol'),
  other: phrase('sending', 'mail.step.other'),
};
