import { describe, expect, it } from 'vitest';
import { Alerts, phrase, SYSTEM_ACTOR, type Alert } from '@vpp-host/api';
import type { ParsedMail } from 'mailparser';
import { ManualClock } from '../../../host/runtime/clock.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import type { Host } from '../../../host/runtime/host.js';
import { ALERT_TEMPLATE_ID } from '../src/alerts/alert-mail.js';
import { OUTBOX_FAILED_KEY } from '../src/alerts/outbox-alert.js';
import { useMailTestBed, waitFor } from './mail-test-host.js';

const DAY_MS = 86_400_000;

/** Admins in three languages; each asks for alert mail over REST, as a script would. */
async function admins(host: Host): Promise<void> {
  const accounts = host.container.get<AccountService>(AccountService);
  await accounts.createAdmin({ name: 'anne', password: 'a-long-password', role: 'admin', language: 'nl' }, SYSTEM_ACTOR);
  await accounts.createAdmin({ name: 'benoit', password: 'a-long-password', role: 'admin', language: 'fr' }, SYSTEM_ACTOR);
  await accounts.createAdmin({ name: 'carol', password: 'a-long-password', role: 'admin' }, SYSTEM_ACTOR);
  const { token } = await accounts.createApiToken({ name: 'alerts', role: 'admin' }, SYSTEM_ACTOR);
  for (const [admin, address] of [['anne', 'anne@example.com'], ['benoit', 'benoit@example.com'], ['carol', 'carol@example.com']]) {
    const response = await fetch(`${host.environment.publicUrl()}/api/alerts/recipients/${admin}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ address }),
    });
    expect(response.status).toBe(200);
  }
}

const lowStock = (count: number) => ({
  key: 'low-stock:birthday',
  severity: 'warning' as const,
  said: phrase(`Only ${count} greeting cards left for Birthday`, 'greetings.alert.low-stock', { count, name: 'Birthday' }),
  href: '/views/mail-greetings/cards',
});

const to = (mail: ParsedMail) => (mail.to as { value: { address: string }[] }).value[0]!.address;

describe('mail: alerts mailed to the admins who asked for them', () => {
  const bed = useMailTestBed();

  it('mails a raised alert once a day to each recipient, in the recipient’s language, through a real SMTP server', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    const { host, mail } = await bed.start({ clock });
    await admins(host);
    const alerts = host.plugins.containerOf('mail-greetings')!.get<Alerts>(Alerts);

    const raised = await alerts.raise(lowStock(3));
    await waitFor(() => bed.smtp.received.length === 3, 'three alert mails');
    const byRecipient = new Map(bed.smtp.received.map((m) => [to(m), m]));
    expect(byRecipient.get('anne@example.com')!.subject).toBe('Melding: Nog maar 3 wenskaarten voor Birthday');
    expect(byRecipient.get('benoit@example.com')!.subject).toBe('Alerte : Plus que 3 cartes de vœux pour Birthday');
    expect(byRecipient.get('carol@example.com')!.subject).toBe('Alert: Only 3 greeting cards left for Birthday');
    expect(byRecipient.get('anne@example.com')!.text).toContain('waarschuwing: Nog maar 3 wenskaarten voor Birthday');
    expect(byRecipient.get('anne@example.com')!.text).toContain(`${host.environment.publicUrl()}/views/mail-greetings/cards`);
    expect(byRecipient.get('benoit@example.com')!.text).toContain('Signalée le 2 mars 2026');
    expect(mail.list({ templateId: ALERT_TEMPLATE_ID }).total).toBe(3);

    // Still open, its words change (fewer left): no new mail. Resolved and raised again the same day: none either.
    await alerts.raise(lowStock(2));
    await alerts.resolve(raised.key);
    await clock.advance(3 * 3600_000);
    const again = await alerts.raise(lowStock(1));
    expect(again.id).not.toBe(raised.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bed.smtp.received).toHaveLength(3);
    expect(mail.list({ templateId: ALERT_TEMPLATE_ID }).total).toBe(3);

    // The next day the same condition is news again.
    await alerts.resolve(raised.key);
    await clock.advance(DAY_MS);
    await alerts.raise(lowStock(1));
    await waitFor(() => bed.smtp.received.length === 6, 'three more alert mails the next day');
    expect(bed.smtp.received.slice(3).map((m) => m.subject).sort()).toEqual(['Alert: Only 1 greeting cards left for Birthday', 'Alerte : Plus que 1 carte de vœux pour Birthday', 'Melding: Nog maar 1 wenskaart voor Birthday'].sort());
    expect([...bed.smtp.countsByMessageId().values()].every((n) => n === 1)).toBe(true);
  });

  it('mails an alert raised before a restart once, and nobody after an admin stops alert mail', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    const first = await bed.start({ clock });
    await admins(first.host);
    await first.host.plugins.containerOf('mail-greetings')!.get<Alerts>(Alerts).raise(lowStock(3));
    await waitFor(() => bed.smtp.received.length === 3, 'three alert mails');
    await bed.stop(first.host);

    const { host } = await bed.start({ clock });
    const alerts = host.plugins.containerOf('mail-greetings')!.get<Alerts>(Alerts);
    // Open across the restart: raising it again is no news.
    const seen: Alert[] = [];
    const subscription = alerts.onDidRaiseAlert.subscribe((alert) => seen.push(alert));
    await alerts.raise(lowStock(3));
    expect(seen).toEqual([]);
    await alerts.resolve('low-stock:birthday');

    const { token } = await host.container.get<AccountService>(AccountService).createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR);
    const removed = await fetch(`${host.environment.publicUrl()}/api/alerts/recipients/carol`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(204);
    await clock.advance(DAY_MS);
    await alerts.raise(lowStock(2));
    await waitFor(() => bed.smtp.received.length === 5, 'two more alert mails');
    expect(bed.smtp.received.slice(3).map(to).sort()).toEqual(['anne@example.com', 'benoit@example.com']);
    subscription.unsubscribe();
  });

  it('raises an alert while the outbox holds failed mail and resolves it once that mail is sent again', async () => {
    bed.smtp.rejections.set('gone@example.com', { code: 550, message: 'No such user here', times: 1 });
    const { host, mail } = await bed.start();
    const alerts = host.plugins.containerOf('mail')!.get<Alerts>(Alerts);
    const resolved: Alert[] = [];
    alerts.onDidResolveAlert.subscribe((alert) => resolved.push(alert));
    const message = await mail.enqueue({ templateId: 'greeting', to: { address: 'gone@example.com' }, values: { name: 'Gone', link: 'https://example.com' }, idempotencyKey: 'gone', pluginId: 'mail-greetings' });
    await waitFor(() => alerts.get(OUTBOX_FAILED_KEY) !== undefined, 'the outbox alert');
    expect(alerts.get(OUTBOX_FAILED_KEY)).toMatchObject({ source: 'mail', severity: 'warning', messageId: 'mail.alert.outbox-failed', params: { count: 1 }, href: '/views/mail/mail?state=failed' });
    expect(alerts.get(OUTBOX_FAILED_KEY)!.message).toMatch(/^Not delivered: 1 message in the outbox \(the first since /);

    // Sent again, it is no longer mail the outbox gave up on.
    await mail.retry(message.id, SYSTEM_ACTOR);
    await waitFor(() => resolved.length === 1, 'the outbox alert resolved');
    await waitFor(() => mail.get(message.id)!.state === 'sent', 'the message sent');
    expect(alerts.get(OUTBOX_FAILED_KEY)).toBeUndefined();
    expect(alerts.list({ source: 'mail', state: 'resolved' }).total).toBe(1);
  });
});
