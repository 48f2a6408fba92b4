import { BadInputError, HostEnvironment, inject, injectable, phrase, saidAsText, saying, type CommandContribution, type CommandHandler, type CommandInput, type Said } from '@vpp-host/api';
import { MailApi, OUTBOX_STATES, type OutboxState } from '@vpp-host/plugins/mail/api';
import { DemoSmtpSink } from './demo-sink.js';
import { MailConfig } from './mail-config.js';
import { outboxTable, summarize } from './outbox-view.js';
import { PasswordSetter } from './password.js';
import { TestSender, type TestReport } from './test-sender.js';
import { COLUMN } from './command-columns.js';

/** `vpp-host mail outbox | retry | test | set-password | sink`. */
@injectable()
export class MailCommands implements CommandContribution {
  readonly commands: readonly CommandHandler[];

  constructor(
    @inject(MailApi) mail: MailApi,
    @inject(TestSender) tester: TestSender,
    @inject(PasswordSetter) passwords: PasswordSetter,
    @inject(DemoSmtpSink) sink: DemoSmtpSink,
    @inject(HostEnvironment) environment: HostEnvironment,
    @inject(MailConfig) config: MailConfig,
  ) {
    this.commands = [
      {
        id: 'mail.outbox',
        run: async (input) => {
          const state = optionalString(input, 'state');
          if (state !== undefined && !(OUTBOX_STATES as readonly string[]).includes(state)) throw saying(new BadInputError(`--state must be one of ${OUTBOX_STATES.join(', ')}`), 'mail.option.state', { states: OUTBOX_STATES.join(', ') });
          const page = mail.list({ ...(state ? { state: state as OutboxState } : {}), limit: limit(input) });
          return { data: { total: page.total, items: page.items.map(summarize) }, table: outboxTable(page.items), ...saidAsText(phrase(`${page.items.length} of ${page.total} messages`, 'mail.outbox.shown', { shown: page.items.length, total: page.total })) };
        },
      },
      {
        id: 'mail.retry',
        run: async (input, context) => {
          const message = await mail.retry(input.args.id ?? '', context.principal);
          return { data: summarize(message), ...saidAsText(phrase(`Message ${message.id} to ${message.to.address} is queued again`, 'mail.retried', { id: message.id, to: message.to.address })) };
        },
      },
      {
        id: 'mail.test',
        run: async (input) => {
          const report = await tester.send(optionalString(input, 'to') ?? '', optionalString(input, 'language'));
          return { data: report, ...saidAsText(testAccepted(report, config.check().warnings)) };
        },
      },
      {
        id: 'mail.set-password',
        run: async (input, context) => {
          const result = await passwords.apply(
            {
              server: optionalString(input, 'server'),
              password: optionalString(input, 'password'),
              file: input.args.file,
              clear: input.options.clear === true,
            },
            context.principal,
          );
          const said = result.stored
            ? phrase(`The ${result.server} password is stored encrypted`, 'mail.password.stored', { server: result.server.toUpperCase() })
            : phrase(`The ${result.server} password is removed`, 'mail.password.removed', { server: result.server.toUpperCase() });
          return { data: result, ...saidAsText(said) };
        },
      },
      {
        id: 'mail.sink',
        run: async (input) => {
          if (!environment.demo) return { data: { running: false, messages: [] }, ...saidAsText(phrase('The SMTP sink runs only in demo mode (vpp-host start --demo)', 'mail.sink.demo-only')) };
          const messages = sink.received(limit(input));
          return {
            data: { running: sink.address() !== undefined, address: sink.address(), total: sink.count(), messages },
            table: { columns: [COLUMN.received, COLUMN.to, COLUMN.subject, COLUMN.messageId], rows: messages.map((m) => [m.receivedAt, m.envelopeTo.join(', '), m.subject, m.messageId]) },
            ...saidAsText(phrase(`${messages.length} of ${sink.count()} messages received by the demo SMTP sink`, 'mail.sink.received', { shown: messages.length, total: sink.count() })),
          };
        },
      },
    ];
  }
}

function optionalString(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw saying(new BadInputError(`--${name} must be text`), 'host.option.text', { option: `--${name}` });
  return value;
}

function limit(input: CommandInput): number {
  const value = input.options.limit ?? 50;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) throw saying(new BadInputError('--limit must be a whole number from 1 to 1000'), 'mail.option.limit');
  return value;
}

/** "Test message to … accepted by …", then each warning of the mail settings on a line of its own. */
function testAccepted(report: TestReport, warnings: readonly Said[]): Said {
  const { to, host, port, via, response } = report;
  const accepted = phrase(`Test message to ${to} accepted by ${host}:${port} (${via}): ${response}`, 'mail.test.accepted', { to, host, port, via, response });
  return warnings.reduce((said, warning) => phrase(`${said.message}\nWarning: ${warning.message}`, 'mail.test.warning', { said, warning }), accepted);
}
