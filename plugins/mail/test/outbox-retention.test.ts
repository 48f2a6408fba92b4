import { describe, expect, it } from 'vitest';
import type { MailApi, MailRequest, OutboxMessage } from '@vpp-host/plugins/mail/api';
import { ManualClock } from '../../../host/runtime/clock.js';
import { FileStorageEngine } from '../../../host/storage/index.js';
import { useMailTestBed, waitFor } from './mail-test-host.js';

const DAY_MS = 24 * 3600_000;
/** Retries wait 40 days, so a retrying message stays retrying while the clock runs past the retention. */
const SLOW_RETRIES = { VPP_MAIL_RETRY_BASE_MS: String(40 * DAY_MS), VPP_MAIL_RETRY_MAX_MS: String(40 * DAY_MS) };

describe('mail: sent and failed messages leave the outbox after keepSentDays', () => {
  const bed = useMailTestBed();

  const greeting = (key: string, address = `${key}@example.com`): MailRequest => ({
    templateId: 'greeting',
    to: { address },
    values: { name: 'Ann', link: 'https://example.com/in' },
    idempotencyKey: key,
  });

  async function settled(mail: MailApi, messages: readonly OutboxMessage[], state: OutboxMessage['state']): Promise<void> {
    await waitFor(() => messages.every((m) => mail.get(m.id)?.state === state), `${messages.length} message(s) ${state}`);
  }

  it('prunes sent and failed messages older than 30 days on the hourly schedule, on disk too, and keeps the rest', async () => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    bed.smtp.rejections.set('gone@example.com', { code: 550, message: 'No such user here' });
    bed.smtp.rejections.set('busy@example.com', { code: 450, message: 'Mailbox busy' });
    const { host, mail } = await bed.start({ clock, env: SLOW_RETRIES });

    const [oldSent, oldFailed, retrying] = await mail.enqueueMany([greeting('old-sent'), greeting('old-failed', 'gone@example.com'), greeting('retrying', 'busy@example.com')]);
    await settled(mail, [oldSent!], 'sent');
    await settled(mail, [oldFailed!], 'failed');
    await settled(mail, [retrying!], 'retrying');

    await clock.advance(29 * DAY_MS);
    const recent = await mail.enqueue(greeting('recent'));
    await settled(mail, [recent], 'sent');
    expect(mail.list().total).toBe(4);

    // Thirty days and an hour after the first messages settled: the next hourly run removes them.
    await clock.advance(DAY_MS + 3600_000);
    await waitFor(() => mail.get(oldSent!.id) === undefined && mail.get(oldFailed!.id) === undefined, 'the old messages pruned');
    expect(mail.list().items.map((m) => [m.idempotencyKey, m.state])).toEqual([
      ['recent', 'sent'],
      ['retrying', 'retrying'],
    ]);
    await bed.stop(host);

    const storage = new FileStorageEngine({ dataDir: bed.dataDir });
    const states = await storage.namespace('mail').collection('outbox');
    const bodies = await storage.namespace('mail').collection('outbox-content');
    expect([...states.values()].map((m) => m.id).sort()).toEqual([recent.id, retrying!.id].sort());
    expect([...bodies.values()].map((m) => m.id).sort()).toEqual([recent.id, retrying!.id].sort());
    await storage.close();
  });

  it('keeps every message with keepSentDays 0, and frees a pruned idempotency key once the setting allows pruning', async () => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const forever = await bed.start({ clock, env: { VPP_MAIL_KEEP_SENT_DAYS: '0' } });
    const first = await forever.mail.enqueue(greeting('welcome'));
    await settled(forever.mail, [first], 'sent');
    await clock.advance(400 * DAY_MS);
    expect(forever.mail.get(first.id)?.state).toBe('sent');
    await bed.stop(forever.host);

    const pruning = await bed.start({ clock, env: { VPP_MAIL_KEEP_SENT_DAYS: '1' } });
    await waitFor(() => pruning.mail.get(first.id) === undefined, 'the year-old message pruned at start');
    // The idempotency key guards against doubles only while the message is kept.
    const again = await pruning.mail.enqueue(greeting('welcome'));
    expect(again).toMatchObject({ id: first.id, state: 'queued', attempts: 0 });
    await settled(pruning.mail, [again], 'sent');
    expect(bed.smtp.countsByMessageId().get(first.messageId)).toBe(2);
  });
});
