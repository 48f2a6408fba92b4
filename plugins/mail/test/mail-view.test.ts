// The Mail page: the outbox with the server's words, sending a failed message again (every failed one after a
// preview), a test message and the server's password, in the admin's language.
import { describe, expect, it } from 'vitest';
import { ViewContribution, type HostError, type PanelView, type RefusedForm, type ViewActionRequest, type ViewRequest } from '@vpp-host/api';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import type { MailRequest } from '@vpp-host/plugins/mail/api';
import { useMailTestBed, waitFor } from './mail-test-host.js';

const ADMIN = { kind: 'admin' as const, id: 'admin-1', name: 'Ada', role: 'admin' as const };
const greeting = (key: string, address: string): MailRequest => ({ templateId: 'greeting', to: { address }, values: { name: 'Ann', link: 'https://example.com' }, idempotencyKey: key });

describe('the Mail page', () => {
  const bed = useMailTestBed();

  async function page() {
    const { host, mail } = await bed.start();
    const view = host.plugins.containerOf('mail')!.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'mail')!;
    const request = (language = 'en', query: Record<string, string> = {}): ViewRequest => ({ principal: ADMIN, language, query, csrfToken: 'c', url: '/views/mail/mail' });
    const render = async (language?: string, query?: Record<string, string>, refused?: RefusedForm) => (await view.render({ ...request(language, query), refused })).body.value;
    const act = (action: string, form: Record<string, string>, language?: string) => view.handleAction!({ ...request(language), action, form, files: {} } satisfies ViewActionRequest);
    const messages = new MessageCatalog(() => host.plugins.manifests());
    return { mail, render, act, messages };
  }

  it("lists the outbox with the server's words and sends every failed message again only after its preview", async () => {
    bed.smtp.rejections.set('full@example.com', { code: 552, message: 'Mailbox full', times: 1 });
    const { mail, render, act, messages } = await page();
    const [ok, full] = await mail.enqueueMany([greeting('ok', 'ok@example.com'), greeting('full', 'full@example.com')]);
    await waitFor(() => mail.get(full!.id)?.state === 'failed' && mail.get(ok!.id)?.state === 'sent', 'one sent, the full mailbox refused');
    const outbox = await render();
    expect(outbox).toContain('full@example.com');
    expect(outbox).toContain('Mailbox full');
    expect(outbox).toContain('badge-bad">failed');
    expect(await render('nl')).toContain('badge-bad">mislukt');

    const previewed = await act('retry-failed', {});
    expect(previewed).toEqual({ query: { preview: 'retry-failed' } });
    const preview = await render('en', previewed.query as Record<string, string>);
    expect(preview).toContain('1 failed message would be sent again');
    expect(preview).toContain('<input type="hidden" name="confirmed" value="yes">');
    expect(mail.get(full!.id)?.state).toBe('failed');
    const received = bed.smtp.received.length;

    const done = await act('retry-failed', { confirmed: 'yes' });
    expect(done.flash).toEqual({ kind: 'success', message: '1 failed message queued again.' });
    await waitFor(() => mail.get(full!.id)?.state === 'sent', 'sent the second time');
    expect(bed.smtp.received.length).toBe(received + 1);

    // A message the server accepted is not sent twice; the refusal is said in the admin's language.
    const twice = await act('retry', { id: full!.id }, 'fr').catch((error: HostError) => error);
    expect(twice).toMatchObject({ status: 409, messageId: 'mail.retry.sent' });
    expect(messages.say(twice as HostError, 'fr')).toMatch(/^Le message « .+ » a déjà été accepté par le serveur le .+ ; le renvoyer le délivrerait deux fois$/);
  });

  it('sends a test message and says which server accepted it; a bad address is refused by name', async () => {
    const { render, act } = await page();
    expect(await render()).toContain('<a href="/views/host/settings?plugin=mail">SMTP and relay settings</a>');
    const sent = await act('test', { to: 'admin@example.com', language: 'fr' });
    expect(sent.flash?.kind).toBe('success');
    expect(sent.flash?.message).toMatch(/^Test message accepted by 127\.0\.0\.1:\d+: 250/);
    await waitFor(() => bed.smtp.received.some((m) => m.text?.includes('127.0.0.1')), 'the test message');
    // The refusal names the field; the shell gives the form back as typed, the error at that field.
    const refused = await act('test', { to: 'not an address' });
    expect(refused).toEqual({ flash: { kind: 'error', message: 'Test message not sent: To must look like name@example.com', field: 'to' } });
    const back = await render('en', {}, { action: 'test', values: { to: 'not an address', language: 'en' }, field: 'to', message: refused.flash!.message });
    expect(back).toContain('name="to" type="email" value="not an address" required aria-invalid="true" aria-describedby="field-to-error"');
    // In the admin's language, the field by its label there.
    await expect(act('test', { to: 'not an address' }, 'nl')).resolves.toMatchObject({ flash: { kind: 'error', message: expect.stringContaining('Aan moet eruitzien als naam@example.com') } });
  });

  it('sorts the whole outbox by a column before paging, and the state filter keeps the order', async () => {
    const { mail, render } = await page();
    const two = (i: number) => String(i).padStart(2, '0');
    await mail.enqueueMany(Array.from({ length: 55 }, (_, i) => greeting(`sorted-${i}`, `m${two(i)}@example.com`)));
    const addresses = (body: string) => [...body.matchAll(/<tr><td>(m\d\d@example\.com)<\/td>/g)].map((m) => m[1]);
    const first = await render('en', { sort: '0', dir: 'desc' });
    expect(addresses(first).slice(0, 3)).toEqual(['m54@example.com', 'm53@example.com', 'm52@example.com']);
    expect(first).toContain('aria-sort="descending"');
    expect(first).toContain('href="/views/mail/mail?state=failed&#38;sort=0&#38;dir=desc"');
    expect(addresses(await render('en', { sort: '0', dir: 'desc', page: '2' }))).toEqual(['m04@example.com', 'm03@example.com', 'm02@example.com', 'm01@example.com', 'm00@example.com']);
  });
});
