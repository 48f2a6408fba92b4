import { describe, expect, it } from 'vitest';
import { listen } from '@vpp-host/api';
import type { OutboxMessage } from '@vpp-host/plugins/mail/api';
import { ManualClock } from '../../../host/runtime/clock.js';
import { FileStorageEngine } from '../../../host/storage/index.js';
import { greetings, useMailTestBed, waitFor } from './mail-test-host.js';

describe('mail: the outbox delivers every message exactly once through failures', () => {
  const bed = useMailTestBed();
  const { start, stop } = bed;

  function expectEachDeliveredOnce(messages: readonly OutboxMessage[]): void {
    const counts = bed.smtp.countsByMessageId();
    const missing = messages.filter((m) => !counts.has(m.messageId)).length;
    const doubled = [...counts.values()].filter((n) => n > 1).length;
    expect({ missing, doubled, received: bed.smtp.received.length }).toEqual({ missing: 0, doubled: 0, received: messages.length });
  }

  it('marks a message failed with the server\'s words on a 5xx and still sends the others', async () => {
    bed.smtp.rejections.set('gone@example.com', { code: 550, message: 'No such user here' });
    const { mail } = await start();
    const [gone, ok] = await mail.enqueueMany([
      { ...greetings(1)[0]!, to: { address: 'gone@example.com' }, idempotencyKey: 'gone' },
      greetings(1)[0]!,
    ]);
    await waitFor(() => mail.get(gone!.id)?.state === 'failed' && mail.get(ok!.id)?.state === 'sent', 'one failed, one sent');
    const failed = mail.get(gone!.id)!;
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatchObject({ kind: 'rejected-recipient', responseCode: 550 });
    expect(failed.lastError!.response).toContain('No such user here');
    expectEachDeliveredOnce([ok!]);
  });

  it('retries a 4xx after a clock-driven exponential backoff, then sends once', async () => {
    const clock = new ManualClock();
    bed.smtp.rejections.set('busy@example.com', { code: 450, message: 'Mailbox busy, try later', times: 2 });
    const { mail } = await start({ clock });
    const states: string[] = [];
    const seen = listen(mail.onDidChangeMessage, (m) => states.push(m.state));
    const message = await mail.enqueue({ ...greetings(1)[0]!, to: { address: 'busy@example.com' } });

    await waitFor(() => mail.get(message.id)?.state === 'retrying', 'first retry planned');
    const first = mail.get(message.id)!;
    expect(first.lastError).toMatchObject({ kind: 'rejected-recipient', responseCode: 450 });
    expect(first.lastError!.response).toContain('Mailbox busy, try later');
    expect(Date.parse(first.nextAttemptAt!) - clock.now().getTime()).toBe(50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mail.get(message.id)!.attempts).toBe(1); // Real time passing does not trigger the retry; the clock does.

    await clock.advance(50);
    await waitFor(() => mail.get(message.id)?.attempts === 2 && mail.get(message.id)?.state === 'retrying', 'second retry planned');
    expect(Date.parse(mail.get(message.id)!.nextAttemptAt!) - clock.now().getTime()).toBe(100);
    await clock.advance(100);
    // The event fires once the state is on disk, a little after memory shows it.
    await waitFor(() => states.at(-1) === 'sent', 'sent and recorded');

    expect(mail.get(message.id)!.attempts).toBe(3);
    expect(states).toEqual(['queued', 'sending', 'retrying', 'sending', 'retrying', 'sending', 'sent']);
    expectEachDeliveredOnce([message]);
    void seen.dispose();
  });

  it('loses and doubles nothing when the SMTP server goes down during a bulk send and comes back', async () => {
    const { mail } = await start();
    const messages = await mail.enqueueMany(greetings(1000));
    await waitFor(() => bed.smtp.received.length >= 30, 'the bulk send under way');
    await bed.smtp.stop();
    await waitFor(() => mail.list({ state: 'retrying' }).total > 0, 'a failed attempt');
    const retrying = mail.list({ state: 'retrying' }).items[0]!;
    expect(['connect', 'protocol', 'other']).toContain(retrying.lastError!.kind);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // While the server is down the outbox pauses instead of burning every message's attempts.
    expect(mail.list({ state: 'queued' }).total).toBeGreaterThan(500);
    expect(Math.max(...mail.list({ limit: 1000 }).items.map((m) => m.attempts))).toBeLessThanOrEqual(3);

    await bed.smtp.start();
    await waitFor(() => mail.list({ state: 'sent' }).total === 1000, 'all 1000 sent');
    expectEachDeliveredOnce(messages);
    expect(mail.list({ state: 'failed' }).total).toBe(0);
  });

  it('finishes the bulk after a host restart with the server down in between: each message exactly once in total', async () => {
    const first = await start();
    const messages = await first.mail.enqueueMany(greetings(200));
    await waitFor(() => bed.smtp.received.length >= 20, 'part of the bulk sent');
    await bed.smtp.stop();
    await waitFor(() => first.mail.list({ state: 'retrying' }).total > 0, 'a failed attempt');
    await stop(first.host);

    await bed.smtp.start();
    const second = await start();
    await waitFor(() => second.mail.list({ state: 'sent' }).total === 200, 'all 200 sent by the second host');
    expectEachDeliveredOnce(messages);
  });

  it('resends a message the host was sending when it died (no acceptance recorded), keeping its Message-ID', async () => {
    await bed.smtp.stop();
    const first = await start();
    const message = await first.mail.enqueue(greetings(1)[0]!);
    await waitFor(() => first.mail.get(message.id)?.state === 'retrying', 'retrying while the server is down');
    await stop(first.host);

    // What a crash between recording the attempt and recording the server's answer leaves on disk.
    const storage = new FileStorageEngine({ dataDir: bed.dataDir });
    const outbox = await storage.namespace('mail').collection<OutboxMessage>('outbox');
    await outbox.put({ ...outbox.get(message.id)!, state: 'sending' });
    await storage.close();

    await bed.smtp.start();
    const second = await start();
    await waitFor(() => second.mail.get(message.id)?.state === 'sent', 'sent after the restart');
    expect(second.mail.get(message.id)!.attempts).toBe(2);
    expectEachDeliveredOnce([message]);
  });
});
