import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, SYSTEM_ACTOR } from '@vpp-host/api';
import type { MailApi, MailRequest } from '@vpp-host/plugins/mail/api';
import type { Host } from '../../../host/runtime/host.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { useMailTestBed, waitFor } from './mail-test-host.js';

describe('mail: REST, commands, the test message and the demo sink', () => {
  const bed = useMailTestBed();
  let host: Host | undefined;
  let logs: LogLine[];
  beforeEach(() => {
    logs = [];
  });

  async function start(options: { env?: Record<string, string>; demo?: boolean } = {}): Promise<{ mail: MailApi; api: (p: string, init?: RequestInit) => Promise<Response> }> {
    const started = await bed.start({ logs, ...options });
    host = started.host;
    const accounts = host.container.get<AccountService>(AccountService);
    const { token } = await accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR);
    const url = host.environment.publicUrl();
    const api = (p: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${url}/api${p}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    return { mail: started.mail, api };
  }

  async function command(api: (p: string, init?: RequestInit) => Promise<Response>, id: string, input: { args?: object; options?: object }): Promise<{ type: string; result?: { data: any; text?: string; table?: { rows: unknown[][] } }; error?: { error: string; message: string; details?: any } }> {
    const response = await api(`/commands/${id}`, { method: 'POST', body: JSON.stringify({ args: {}, options: {}, ...input }) });
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    return lines.find((line) => line.type === 'result' || line.type === 'error');
  }

  const greeting = (key: string, address: string): MailRequest => ({ templateId: 'greeting', to: { address }, values: { name: 'Ann', link: 'https://example.com' }, idempotencyKey: key });

  it('lists the outbox over REST and the CLI command, shows one message, and retries a failed one', async () => {
    bed.smtp.rejections.set('full@example.com', { code: 552, message: 'Mailbox full', times: 1 });
    const { mail, api } = await start();
    const [ok, full] = await mail.enqueueMany([greeting('ok', 'ok@example.com'), greeting('full', 'full@example.com')]);
    await waitFor(() => mail.get(full!.id)?.state === 'failed' && mail.get(ok!.id)?.state === 'sent', 'one sent, one failed');

    const failedList = (await (await api('/plugins/mail/outbox?state=failed')).json()) as { total: number; items: any[] };
    expect(failedList.total).toBe(1);
    expect(failedList.items[0]).toMatchObject({ id: full!.id, state: 'failed', lastError: { responseCode: 552 } });
    expect(failedList.items[0].html).toBeUndefined();
    const one = (await (await api(`/plugins/mail/outbox/${ok!.id}`)).json()) as { html: string; state: string };
    expect(one.state).toBe('sent');
    expect(one.html).toContain('Hello Ann');
    expect((await api('/plugins/mail/outbox?state=bogus')).status).toBe(400);
    expect((await api('/plugins/mail/outbox/m-nope')).status).toBe(404);

    const listed = await command(api, 'mail.outbox', { options: { state: 'failed' } });
    expect(listed.type).toBe('result');
    expect(listed.result!.table!.rows).toHaveLength(1);
    expect(listed.result!.table!.rows[0]).toContain('full@example.com');

    expect((await api(`/plugins/mail/outbox/${ok!.id}/retry`, { method: 'POST' })).status).toBe(409);
    const retried = await api(`/plugins/mail/outbox/${full!.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    await waitFor(() => mail.get(full!.id)?.state === 'sent', 'the retried message sent');
    expect(bed.smtp.countsByMessageId().get(full!.messageId)).toBe(1);
  });

  it('sends a test message and names the failing step with the server\'s words', async () => {
    const { api } = await start();
    const sent = await api('/plugins/mail/test', { method: 'POST', body: JSON.stringify({ to: 'admin@example.com', language: 'nl' }) });
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as { response: string }).response).toMatch(/^250/);
    expect(bed.smtp.received.at(-1)!.subject).toBe('Testbericht van VPP Host');

    bed.smtp.rejections.set('nobody@example.com', { code: 550, message: 'User unknown in local recipient table' });
    const rejected = await command(api, 'mail.test', { options: { to: 'nobody@example.com' } });
    expect(rejected.error).toMatchObject({ error: 'upstream', details: { failure: { kind: 'rejected-recipient', responseCode: 550 } } });
    expect(rejected.error!.message).toContain('User unknown in local recipient table');

    expect((await command(api, 'mail.test', { options: { to: 'not-an-address' } })).error).toMatchObject({ error: 'bad_input' });

    await bed.smtp.stop();
    const down = await command(api, 'mail.test', { options: { to: 'admin@example.com' } });
    expect(down.error!.details.failure.kind).toBe('connect');
    expect(down.error!.message).toMatch(/^Test message not sent: connecting to the server failed/);
  });

  it.each([
    ['dns', { VPP_MAIL_SMTP_HOST: 'no-such-host.invalid' }],
    ['tls', { VPP_MAIL_SECURITY: 'tls' }],
    ['tls', { VPP_MAIL_SECURITY: 'starttls' }],
  ])('reports a %s failure for wrong settings (%o)', async (kind, env) => {
    const { api } = await start({ env });
    const result = await command(api, 'mail.test', { options: { to: 'admin@example.com' } });
    expect(result.error).toMatchObject({ error: 'upstream', details: { failure: { kind } } });
    expect(bed.smtp.received).toHaveLength(0);
  });

  it('stores the password as a secret, never echoes or logs it, and refuses bad input', async () => {
    const { api } = await start();
    const password = 'correct-horse-battery-staple';
    const stored = await command(api, 'mail.set-password', { args: { file: `${password}\n` }, options: { server: 'isp' } });
    expect(stored.result!.data).toEqual({ server: 'isp', stored: true });
    const viaRest = await api('/plugins/mail/password', { method: 'POST', body: JSON.stringify({ server: 'smtp', password }) });
    expect(await viaRest.text()).not.toContain(password);
    const both = await command(api, 'mail.set-password', { args: { file: 'a' }, options: { password: 'b' } });
    expect(both.error).toMatchObject({ error: 'bad_input', message: 'Give exactly one of: a password file, --password, or --clear' });
    expect(JSON.stringify(logs)).not.toContain(password);
    const audit = host!.container.get<AuditLog>(AuditLog).query({ action: 'mail.password.set' });
    expect(audit.items.map((e) => e.target?.id).sort()).toEqual(['isp', 'smtp']);
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('in demo mode delivers to the embedded SMTP sink and shows what it received', async () => {
    await bed.smtp.stop(); // The configured server is unreachable; the demo must not need it.
    const { mail, api } = await start({ demo: true });
    const message = await mail.enqueue({ ...greeting('demo', 'demo@example.com'), to: { address: 'demo@example.com', language: 'fr' } });
    await waitFor(() => mail.get(message.id)?.state === 'sent', 'sent to the sink');

    const sink = (await (await api('/plugins/mail/sink')).json()) as { running: boolean; messages: { subject: string; messageId: string; envelopeTo: string[] }[] };
    expect(sink.running).toBe(true);
    expect(sink.messages).toEqual([expect.objectContaining({ subject: 'Bonjour Ann', messageId: message.messageId, envelopeTo: ['demo@example.com'] })]);
    const listed = await command(api, 'mail.sink', {});
    expect(listed.result!.table!.rows[0]).toContain('Bonjour Ann');
  });
});
