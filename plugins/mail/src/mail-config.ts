import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Emitter, inject, injectable, listen, Secrets, Settings, type Disposable } from '@vpp-host/api';
import { checkAddress } from './address.js';
import { DemoSmtpSink } from './demo-sink.js';

/** `opportunistic`: STARTTLS when offered, unauthenticated, as between mail servers; `none`: never; `starttls`: required. */
export type Security = 'opportunistic' | 'none' | 'starttls' | 'tls';
export type PasswordServer = 'smtp' | 'isp';

/** Where mail goes: the configured server, the ISP's relay, or the demo sink. */
export interface SmtpServer {
  readonly via: 'direct' | 'isp-relay' | 'demo-sink';
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly user?: string;
  readonly password?: string;
  readonly allowInvalidCertificates: boolean;
  /** Private certificate authorities (PEM) the server's certificate is checked against. */
  readonly ca?: string;
  /** The name given in EHLO. */
  readonly ehloName?: string;
}

export interface DeliveryTuning {
  readonly maxConnections: number;
  readonly maxMessagesPerConnection: number;
  readonly ratePerSecond: number;
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAttempts: number;
}

export interface ConfigCheck {
  /** Settings that cannot work: nothing would be delivered. */
  readonly errors: string[];
  /** Settings that look wrong but might work. */
  readonly warnings: string[];
}

const PASSWORD_SECRET: Record<PasswordServer, string> = { smtp: 'smtpPassword', isp: 'ispPassword' };
const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;

/** Reads the mail settings and passwords as the transport needs them, and says when they change. */
@injectable()
export class MailConfig implements Disposable {
  private readonly changes = new Emitter<void>();
  /** Fires when a setting or a password changed: the transport must be rebuilt. */
  readonly onDidChange = this.changes.event;
  private readonly subscription: Disposable;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Secrets) private readonly secrets: Secrets,
    @inject(DemoSmtpSink) private readonly sink: DemoSmtpSink,
  ) {
    this.subscription = listen(settings.onDidChangeSetting, () => this.changes.fire());
  }

  server(): SmtpServer {
    const sink = this.sink.address();
    if (sink) return { via: 'demo-sink', host: sink.host, port: sink.port, security: 'none', allowInvalidCertificates: false };
    const allowInvalidCertificates = this.settings.get<boolean>('allowInvalidCertificates');
    const relay = this.settings.get<boolean>('relayThroughIsp');
    const user = this.settings.get<string>(relay ? 'ispUser' : 'smtpUser').trim();
    const password = this.secrets.get(PASSWORD_SECRET[relay ? 'isp' : 'smtp']);
    const ca = this.caBundle().pem;
    const ehloName = this.settings.get<string>('ehloName').trim();
    return {
      via: relay ? 'isp-relay' : 'direct',
      host: this.settings.get<string>(relay ? 'ispHost' : 'smtpHost').trim(),
      port: this.settings.get<number>(relay ? 'ispPort' : 'smtpPort'),
      security: this.settings.get<Security>(relay ? 'ispSecurity' : 'security'),
      ...(user ? { user } : {}),
      ...(user && password !== undefined ? { password } : {}),
      allowInvalidCertificates,
      ...(ca ? { ca } : {}),
      ...(ehloName ? { ehloName } : {}),
    };
  }

  /** The private CA bundle the setting `caFile` names, read at each use (a renewed file is taken as it is), or why it cannot be used. */
  caBundle(): { readonly pem?: string; readonly problem?: string } {
    const file = this.settings.get<string>('caFile').trim();
    if (file === '') return {};
    try {
      const pem = readFileSync(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) return { problem: `caFile "${file}" holds no PEM certificate` };
      return { pem };
    } catch (error) {
      return { problem: `caFile "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  }

  tuning(): DeliveryTuning {
    const get = (key: string): number => this.settings.get<number>(key);
    return {
      maxConnections: get('maxConnections'),
      maxMessagesPerConnection: get('maxMessagesPerConnection'),
      ratePerSecond: get('ratePerSecond'),
      timeoutMs: get('timeoutMs'),
      retryBaseMs: get('retryBaseMs'),
      retryMaxMs: Math.max(get('retryMaxMs'), get('retryBaseMs')),
      maxAttempts: get('maxAttempts'),
    };
  }

  sender(): { name: string; address: string } {
    return { name: this.settings.get<string>('fromName').replace(/[\r\n]+/g, ' ').trim(), address: this.settings.get<string>('fromAddress') };
  }

  /** The part after "@" of the sender, for Message-IDs. */
  senderDomain(): string {
    const address = this.sender().address;
    return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
  }

  hasPassword(server: PasswordServer): boolean {
    return this.secrets.get(PASSWORD_SECRET[server]) !== undefined;
  }

  async setPassword(server: PasswordServer, password: string | undefined): Promise<void> {
    if (password === undefined) await this.secrets.delete(PASSWORD_SECRET[server]);
    else await this.secrets.store(PASSWORD_SECRET[server], password);
    this.changes.fire();
  }

  check(): ConfigCheck {
    const errors: string[] = [];
    const warnings: string[] = [];
    const server = this.server();
    if (server.via === 'demo-sink') return { errors, warnings: ['Demo mode: mail goes to the embedded SMTP sink, not to the configured server'] };
    const hostSetting = server.via === 'isp-relay' ? 'ispHost' : 'smtpHost';
    if (server.host === '') errors.push(`${hostSetting} is empty${server.via === 'isp-relay' ? ': relaying through the ISP needs its outgoing server' : ''}`);
    else if (!HOSTNAME.test(server.host) && isIP(server.host) === 0) errors.push(`${hostSetting} "${server.host}" is not a host name or IP address`);
    try {
      checkAddress(this.sender().address, 'fromAddress');
    } catch (error) {
      errors.push((error as Error).message);
    }
    const portSetting = server.via === 'isp-relay' ? 'ispPort' : 'smtpPort';
    if (server.security === 'tls' && (server.port === 25 || server.port === 587)) {
      warnings.push(`${portSetting} ${server.port} normally speaks plain SMTP with STARTTLS, not implicit TLS; use security "starttls" or port 465`);
    }
    if (server.security !== 'tls' && server.port === 465) {
      warnings.push(`${portSetting} 465 expects implicit TLS from the first byte; use security "tls"`);
    }
    if (server.user && server.password === undefined) {
      warnings.push(`A user name is set but no ${server.via === 'isp-relay' ? 'ISP' : 'SMTP'} password is stored (vpp-host mail set-password${server.via === 'isp-relay' ? ' --server isp' : ''})`);
    }
    const ca = this.caBundle().problem;
    if (ca) errors.push(ca);
    const ehlo = this.settings.get<string>('ehloName').trim();
    if (ehlo !== '' && !HOSTNAME.test(ehlo)) errors.push(`ehloName "${ehlo}" is not a host name`);
    if (server.user && server.security === 'none') warnings.push('The password would cross the network unencrypted: use security "starttls" or "tls"');
    if (server.allowInvalidCertificates) warnings.push('Invalid server certificates are accepted (allowInvalidCertificates)');
    return { errors, warnings };
  }

  dispose(): void {
    void this.subscription.dispose();
    this.changes.dispose();
  }
}
