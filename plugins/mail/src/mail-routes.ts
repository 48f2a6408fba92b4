import { HostEnvironment, inject, injectable, route, z, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { MailApi, OUTBOX_STATES } from '@vpp-host/plugins/mail/api';
import { DemoSmtpSink } from './demo-sink.js';
import { unknownMessage } from './mail-service.js';
import { summarize } from './outbox-view.js';
import { PasswordSetter } from './password.js';
import { TestSender } from './test-sender.js';

const OutboxListQuery = z.strictObject({
  state: z.enum(OUTBOX_STATES).optional(),
  templateId: z.string().min(1).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

const SinkQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const TestBody = z.strictObject({ to: z.string().min(1), language: z.enum(['en', 'nl', 'fr']).optional() });

const PasswordBody = z.strictObject({
  server: z.enum(['smtp', 'isp']).default('smtp'),
  password: z.string().min(1).optional(),
  clear: z.boolean().optional(),
});

/** `/api/plugins/mail/...`: the outbox, retries, the test message, passwords and the demo sink. */
@injectable()
export class MailRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition<unknown, unknown>[];

  constructor(
    @inject(MailApi) mail: MailApi,
    @inject(TestSender) tester: TestSender,
    @inject(PasswordSetter) passwords: PasswordSetter,
    @inject(DemoSmtpSink) sink: DemoSmtpSink,
    @inject(HostEnvironment) environment: HostEnvironment,
  ) {
    this.routes = [
      route({
        method: 'GET',
        path: '/outbox',
        summary: 'List outbox messages (newest first) with their delivery state',
        access: 'read',
        query: OutboxListQuery,
        handle: async ({ query }) => {
          const page = mail.list(query);
          return { total: page.total, items: page.items.map(summarize) };
        },
      }),
      route({
        method: 'GET',
        path: '/outbox/:id',
        summary: 'One outbox message with its rendered content',
        access: 'read',
        handle: async ({ params }) => {
          const message = mail.get(params.id ?? '');
          if (!message) throw unknownMessage(params.id ?? '');
          return message;
        },
      }),
      route({
        method: 'POST',
        path: '/outbox/:id/retry',
        summary: 'Send a failed or retrying message again now',
        access: 'admin',
        handle: async ({ params, principal }) => summarize(await mail.retry(params.id ?? '', principal!)),
      }),
      route({
        method: 'POST',
        path: '/test',
        summary: 'Send a test message now; a failure names the step (DNS, connect, TLS, auth, recipient) and the server reply',
        access: 'admin',
        body: TestBody,
        handle: async ({ body }) => tester.send(body.to, body.language),
      }),
      route({
        method: 'POST',
        path: '/password',
        summary: 'Store (or clear) the SMTP or ISP relay password as an encrypted secret',
        access: 'admin',
        body: PasswordBody,
        handle: async ({ body, principal }) => passwords.apply(body, principal!),
      }),
      route({
        method: 'GET',
        path: '/sink',
        summary: 'Demo: messages the embedded SMTP sink received (newest first)',
        access: 'read',
        query: SinkQuery,
        handle: async ({ query }) => ({
          running: environment.demo && sink.address() !== undefined,
          address: sink.address(),
          total: sink.count(),
          messages: sink.received(query.limit),
        }),
      }),
    ];
  }
}
