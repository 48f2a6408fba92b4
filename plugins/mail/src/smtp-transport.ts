import nodemailer, { type SMTPTransportOptions } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { DeliveryTuning, SmtpServer } from './mail-config.js';

/** nodemailer's options for one server: security mode, credentials, timeouts; no access to local files or URLs. */
export function transportOptions(server: SmtpServer, tuning: DeliveryTuning): SMTPTransportOptions {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    ...(server.user ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
    ...(server.ehloName ? { name: server.ehloName } : {}),
    // Opportunistic STARTTLS encrypts without checking who answers, as mail servers do between them (RFC 7435); asked
    // for (starttls, tls), TLS checks the certificate against the system's authorities or the private bundle.
    tls: {
      rejectUnauthorized: server.security !== 'opportunistic' && !server.allowInvalidCertificates,
      ...(server.ca ? { ca: server.ca } : {}),
    },
    connectionTimeout: tuning.timeoutMs,
    greetingTimeout: tuning.timeoutMs,
    socketTimeout: tuning.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export type PooledTransportOptions = SMTPPool.Options;

/**
 * The bulk transport (built on the SMTP thread, see smtp-thread.ts): pooled connections; a message is never requeued
 * inside the pool, the outbox decides.
 */
export function pooledTransportOptions(server: SmtpServer, tuning: DeliveryTuning): PooledTransportOptions {
  return {
    ...transportOptions(server, tuning),
    pool: true,
    maxConnections: tuning.maxConnections,
    maxMessages: tuning.maxMessagesPerConnection,
    maxRequeues: 0,
    ...(tuning.ratePerSecond > 0 ? { rateLimit: tuning.ratePerSecond, rateDelta: 1000 } : {}),
  };
}

/** One connection for one message: the test message, and the naive way the benchmark compares against. */
export function createSingleTransport(server: SmtpServer, tuning: DeliveryTuning) {
  return nodemailer.createTransport(transportOptions(server, tuning));
}

/** Says a message is the product's, not a person's (so auto-replies stay quiet), and the language it is written in. */
export function automaticHeaders(language: string): Record<string, string> {
  return { 'Auto-Submitted': 'auto-generated', 'Content-Language': language };
}
