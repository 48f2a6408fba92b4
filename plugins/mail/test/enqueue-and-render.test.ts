import { beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '@vpp-host/api';
import type { MailApi, MailRequest } from '@vpp-host/plugins/mail/api';
import { useMailTestBed, waitFor } from './mail-test-host.js';

describe('mail: enqueue, templates and delivery to a real SMTP server', () => {
  const bed = useMailTestBed();
  let mail: MailApi;

  beforeEach(async () => {
    ({ mail } = await bed.start());
  });

  const greeting = (key: string, to: MailRequest['to'], values: Record<string, unknown> = { name: 'Ann', link: 'https://example.com/in' }): MailRequest => ({
    templateId: 'greeting',
    to,
    values,
    idempotencyKey: key,
    pluginId: 'mail-greetings',
  });

  it('delivers each of 50 messages exactly once, with a Message-ID derived from its idempotency key', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => greeting(`bulk-${i}`, { address: `user${i}@example.com` }));
    const stored = await mail.enqueueMany(requests);
    await waitFor(() => mail.list({ state: 'sent' }).total === 50, 'all 50 sent');

    const counts = bed.smtp.countsByMessageId();
    expect(bed.smtp.received).toHaveLength(50);
    expect(new Set(stored.map((m) => m.messageId))).toEqual(new Set(counts.keys()));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const sent = mail.get(stored[7]!.id)!;
    expect(sent).toMatchObject({ state: 'sent', attempts: 1 });
    expect(sent.serverResponse).toMatch(/^250/);
  });

  it('picks the recipient language, falls back to English, and escapes values in the HTML only', async () => {
    const nasty = { name: '<script>alert("x")</script> & Co', link: 'https://example.com/?a=1&b=2' };
    await mail.enqueueMany([
      greeting('nl', { address: 'nl@example.com', language: 'nl-BE' }, nasty),
      greeting('fr', { address: 'fr@example.com', language: 'fr' }, nasty),
      greeting('de', { address: 'de@example.com', language: 'de' }, nasty),
      greeting('none', { address: 'none@example.com', name: 'No\r\nBcc: evil@example.com' }, nasty),
    ]);
    await waitFor(() => bed.smtp.received.length === 4, '4 messages received');

    const byRecipient = new Map(bed.smtp.received.map((m) => [(m.to as { value: { address: string }[] }).value[0]!.address, m]));
    expect(byRecipient.get('nl@example.com')!.subject).toBe('Hallo <script>alert("x")</script> & Co');
    expect(byRecipient.get('fr@example.com')!.subject).toMatch(/^Bonjour /);
    expect(byRecipient.get('de@example.com')!.subject).toMatch(/^Hello /);
    const en = byRecipient.get('none@example.com')!;
    expect(en.subject).toMatch(/^Hello /);
    expect(en.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(en.html).not.toContain('<script>');
    expect(en.html).toContain('href="https://example.com/?a&#x3D;1&amp;b&#x3D;2"');
    expect(en.text).toContain('Hello <script>alert("x")</script> & Co, sign in: https://example.com/?a=1&b=2');
    // The line break in the display name did not become a header.
    expect(en.bcc).toBeUndefined();
    expect(bed.smtp.received.every((m) => (m.to as { value: unknown[] }).value.length === 1)).toBe(true);
  });

  it('refuses a missing required value by name and stores nothing', async () => {
    const attempt = mail.enqueue(greeting('missing', { address: 'a@example.com' }, { name: 'Ann', link: '  ' }));
    await expect(attempt).rejects.toBeInstanceOf(BadInputError);
    await expect(attempt).rejects.toThrow('Template "greeting" needs "link", which is missing');
    expect(mail.list().total).toBe(0);
  });

  it.each([
    ['no at sign', 'ann.example.com'],
    ['empty', ' '],
    ['two dots', 'ann..lee@example.com'],
    ['no domain dot', 'ann@localhost'],
    ['header injection', 'ann@example.com\r\nBcc: x@example.com'],
    ['space', 'ann lee@example.com'],
  ])('refuses an invalid address (%s) and stores nothing', async (_why, address) => {
    await expect(mail.enqueue(greeting('bad', { address }))).rejects.toThrow(/^to\.address /);
    expect(mail.list().total).toBe(0);
  });

  it('refuses a whole batch when one message is bad, naming its position', async () => {
    const batch = [greeting('ok-1', { address: 'ok@example.com' }), greeting('bad-2', { address: 'nope' })];
    await expect(mail.enqueueMany(batch)).rejects.toThrow(/^Message 2 of 2: to\.address/);
    expect(mail.list().total).toBe(0);
  });

  it('refuses an unknown template, naming the known ones', async () => {
    await expect(mail.enqueue({ ...greeting('x', { address: 'a@example.com' }), templateId: 'nope' })).rejects.toThrow(
      'No mail template "nope"; known templates: mail-test, mail-alert, greeting',
    );
  });

  it('returns the stored message for a repeated idempotency key and sends it once', async () => {
    const first = await mail.enqueue(greeting('once', { address: 'once@example.com' }));
    const [again, alsoAgain] = await Promise.all([
      mail.enqueue(greeting('once', { address: 'other@example.com' })),
      mail.enqueueMany([greeting('once', { address: 'once@example.com' }), greeting('once', { address: 'once@example.com' })]),
    ]);
    expect(again.id).toBe(first.id);
    expect(alsoAgain.map((m) => m.id)).toEqual([first.id, first.id]);
    await waitFor(() => mail.get(first.id)?.state === 'sent', 'sent');
    expect(mail.list().total).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bed.smtp.received).toHaveLength(1);
    // The same key from another plugin is another message.
    const otherPlugin = await mail.enqueue({ ...greeting('once', { address: 'once@example.com' }), pluginId: 'someone-else' });
    expect(otherPlugin.id).not.toBe(first.id);
  });
});
