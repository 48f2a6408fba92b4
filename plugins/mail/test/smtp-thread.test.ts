import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '@vpp-host/api';
import { describeDeliveryError, isPermanent } from '../src/delivery-error.js';
import { SmtpThread, type ThreadMail } from '../src/smtp-thread.js';
import { pooledTransportOptions } from '../src/smtp-transport.js';
import { TestSmtpServer } from './smtp-test-server.js';

const DYING_THREAD = fileURLToPath(new URL('./dying-smtp-thread.mjs', import.meta.url));

function recordingLogger(errors: string[]): Logger {
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message) => errors.push(message), child: () => logger };
  return logger;
}

function mail(to: string, id: string): ThreadMail {
  return { from: 'it@contoso.example', to, subject: `Message ${id}`, text: `Message ${id}`, messageId: `<${id}@thread.test>` };
}

describe('SMTP thread', () => {
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    smtp = new TestSmtpServer();
    await smtp.start(0);
  });
  afterEach(() => smtp.stop());

  it('fails what a dying thread held as a retryable failure, then goes on in a new thread with the lease open again', async () => {
    const errors: string[] = [];
    const thread = new SmtpThread(DYING_THREAD, recordingLogger(errors));
    const server = { via: 'direct', host: '127.0.0.1', port: smtp.port, security: 'none', allowInvalidCertificates: false } as const;
    const tuning = { maxConnections: 2, maxMessagesPerConnection: 100, ratePerSecond: 0, timeoutMs: 3000, retryBaseMs: 50, retryMaxMs: 200, maxAttempts: 5 };
    const lease = thread.open(pooledTransportOptions(server, tuning));
    try {
      expect((await lease.send(mail('first@example.com', 'first'))).response).toMatch(/^250/);

      const failure: unknown = await lease.send(mail('die@thread.test', 'lost')).then(() => 'delivered', (error: unknown) => error);
      expect(failure).toEqual({ message: 'The mail sending thread exited with code 3 before the server answered' });
      expect(isPermanent(describeDeliveryError(failure, new Date()))).toBe(false);
      expect(errors).toEqual(['The mail sending thread exited with code 3; the messages it held are sent again']);

      expect((await lease.send(mail('second@example.com', 'second'))).response).toMatch(/^250/);
      expect(smtp.countsByMessageId()).toEqual(new Map([['<first@thread.test>', 1], ['<second@thread.test>', 1]]));
    } finally {
      lease.close();
      await thread.dispose();
    }
  });
});
