// How the mail plugin talks to a real SMTP server: STARTTLS when offered, a checked certificate only when asked, the
// EHLO name, the headers that mark automatic mail and its language, and an account refusal (5.7.x) that holds the
// outbox instead of failing every message.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewContribution, type PanelView } from '@vpp-host/api';
import type { Host } from '../../../host/runtime/host.js';
import { greetings, startMailHost, waitFor } from './mail-host.js';

interface Received {
  readonly mail: ParsedMail;
  readonly secure: boolean;
  readonly ehlo: string;
}

/** A loopback SMTP server with the options a test needs, recording what each session looked like. */
async function smtpServer(options: Partial<SMTPServerOptions>): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    onData: (stream, session: SMTPServerSession, callback) => {
      simpleParser(stream).then((mail) => {
        received.push({ mail, secure: session.secure, ehlo: session.hostNameAppearsAs });
        callback();
      }, callback);
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(port: number, env: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof startMailHost>>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mail-dialogue-'));
  const started = await startMailHost({ dataDir, smtpPort: port, env });
  cleanups.push(async () => {
    await started.host.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return started;
}

function mailPage(host: Host): PanelView {
  return host.plugins.containerOf('mail')!.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v) => v.id === 'mail')!;
}

describe('talking to the mail server', () => {
  it('upgrades with STARTTLS when the server offers it, says it is automatic mail in its language, and gives the EHLO name set', async () => {
    const smtp = await smtpServer({});
    cleanups.push(smtp.close);
    const { mail } = await start(smtp.port, { VPP_MAIL_EHLO_NAME: 'mail.contoso.example' });
    const [sent] = await mail.enqueueMany([{ ...greetings(1)[0]!, to: { address: 'ann@example.com', language: 'nl-BE' } }]);
    await waitFor(() => mail.get(sent!.id)?.state === 'sent', 'the message sent');
    const [received] = smtp.received;
    expect(received!.secure).toBe(true);
    expect(received!.ehlo).toBe('mail.contoso.example');
    expect(received!.mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(received!.mail.headers.get('content-language')).toBe('nl');
    expect(received!.mail.html).toMatch(/^<!doctype html>\n<html lang="nl">/);
  });

  it('checks the certificate when STARTTLS is required, and a private CA file that cannot be read is named as a settings error', async () => {
    const smtp = await smtpServer({});
    cleanups.push(smtp.close);
    // The server's certificate is self-signed: required TLS refuses it; opportunistic TLS above took it.
    const { host, mail } = await start(smtp.port, { VPP_MAIL_SECURITY: 'starttls', VPP_MAIL_CA_FILE: '/nonexistent/ca.pem' });
    const [message] = await mail.enqueueMany(greetings(1));
    await waitFor(() => mail.get(message!.id)?.lastError?.kind === 'tls', 'the certificate refused');
    expect(smtp.received).toHaveLength(0);
    const page = (await mailPage(host).render({ principal: { kind: 'admin', id: 'a', role: 'admin' }, language: 'en', query: {}, csrfToken: 'c', url: '/views/mail/mail' })).body.value;
    expect(page).toContain('caFile &#34;/nonexistent/ca.pem&#34; cannot be read (ENOENT)');
  });

  it('holds the outbox when the server refuses the account (535), spending no attempt, and sends each message once the password is right', async () => {
    let password = 'wrong';
    const smtp = await smtpServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      onAuth: (auth, _session, callback) => (auth.password === 'right' ? callback(null, { user: auth.username }) : callback(new Error('Authentication credentials invalid'))),
    });
    cleanups.push(smtp.close);
    const { host, mail } = await start(smtp.port, { VPP_MAIL_SECURITY: 'none', VPP_MAIL_SMTP_USER: 'mailer' });
    const config = host.plugins.containerOf('mail')!;
    const { MailConfig } = await import('../src/mail-config.js');
    await config.get(MailConfig).setPassword('smtp', password);
    const messages = await mail.enqueueMany(greetings(5));
    await waitFor(() => mail.get(messages[0]!.id)?.lastError?.kind === 'auth', 'the account refused');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const message of messages) {
      const now = mail.get(message.id)!;
      expect(now.state).toBe('queued');
      expect(now.attempts).toBe(0);
    }
    const page = (await mailPage(host).render({ principal: { kind: 'admin', id: 'a', role: 'admin' }, language: 'fr', query: {}, csrfToken: 'c', url: '/views/mail/mail' })).body.value;
    expect(page).toContain("L’envoi est suspendu : le serveur a refusé le compte (535 Authentication credentials invalid)");

    password = 'right';
    await config.get(MailConfig).setPassword('smtp', password);
    await waitFor(() => messages.every((m) => mail.get(m.id)?.state === 'sent'), 'every message sent');
    expect(smtp.received).toHaveLength(5);
    expect(new Set(smtp.received.map((r) => r.mail.messageId)).size).toBe(5);
  });
});
