// Kills the host with SIGKILL in the middle of a bulk send, several times, then lets a last host finish: no message is
// lost, and a message the server got twice (accepted just before the kill, its `sent` not yet on disk) carries the
// same Message-ID both times, so the copy is recognisable.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useMailTestBed, waitFor } from './mail-test-host.js';

const COUNT = 1200;
const KILLS = 3;

describe('mail: a host killed mid bulk send', () => {
  const bed = useMailTestBed();

  /** Runs a sending child until the server received `received` messages in all, then kills it with SIGKILL. */
  function killChildAt(received: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/run-ts.js', 'plugins/mail/test/crash-child.ts', bed.dataDir, String(bed.smtp.port), String(COUNT)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const poll = setInterval(() => {
        if (bed.smtp.received.length >= received && !child.killed) child.kill('SIGKILL');
      }, 1);
      child.on('exit', (_code, signal) => {
        clearInterval(poll);
        if (signal === 'SIGKILL') resolve();
        else reject(new Error(`child ended without being killed: ${err}`));
      });
    });
  }

  it('loses no message, and every copy the server got twice has the Message-ID of the first', async () => {
    for (let kill = 1; kill <= KILLS; kill++) await killChildAt((COUNT * kill) / (KILLS + 1));
    const { mail } = await bed.start();
    await waitFor(() => mail.list({ state: 'sent', limit: 1 }).total === COUNT, 'every message sent after the kills', 60_000);

    const outbox = new Map(mail.list({ limit: COUNT }).items.map((m) => [m.to.address, m.messageId]));
    expect(outbox.size).toBe(COUNT);
    const idsByRecipient = new Map<string, string[]>();
    for (const received of bed.smtp.received) {
      const to = received.to && !Array.isArray(received.to) ? received.to.value[0]!.address! : '';
      idsByRecipient.set(to, [...(idsByRecipient.get(to) ?? []), received.messageId ?? '']);
    }
    // None lost: every recipient got its message.
    expect([...outbox.keys()].filter((to) => !idsByRecipient.has(to))).toEqual([]);
    // Every copy carries the Message-ID the outbox gave the message (the same for the first copy and any later one).
    const foreign = [...idsByRecipient].filter(([to, ids]) => ids.some((id) => `<${outbox.get(to)}>` !== id && outbox.get(to) !== id));
    expect(foreign).toEqual([]);
    // A copy only for what was in flight at a kill, never a second round of the whole bulk.
    const copies = bed.smtp.received.length - COUNT;
    expect(copies).toBeLessThan(COUNT / 10);
  });
});
