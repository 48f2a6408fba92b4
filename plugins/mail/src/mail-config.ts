import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Emitter, inject, injectable, listen, phrase, Secrets, Settings, type Disposable, type HostError, type Said } from '@vpp-host/api';
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

/** Each problem in English, and as a mail message the panel says in the admin's language. */
export interface ConfigCheck {
  /** Settings that cannot work: nothing would be delivered. */
  readonly errors: Said[];
  /** Settings that look wrong but might work. */
  readonly warnings: Said[];
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
  caBundle(): { readonly pem?: string; readonly problem?: Said } {
    const file = this.settings.get<string>('caFile').trim();
    if (file === '') return {};
    try {
      const pem = readFileSync(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) return { problem: phrase(`caFile "${file}" holds no PEM certificate`, 'mail.check.ca-no-pem', { file }) };
      return { pem };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { problem: phrase(`caFile "${file}" cannot be read (${code})`, 'mail.check.ca-unreadable', { file, code }) };
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
    const errors: Said[] = [];
    const warnings: Said[] = [];
    const server = this.server();
    if (server.via === 'demo-sink') return { errors, warnings: [phrase('Demo mode: mail goes to the embedded SMTP sink, not to the configured server', 'mail.check.demo')] };
    const isp = server.via === 'isp-relay';
    const hostSetting = isp ? 'ispHost' : 'smtpHost';
    if (server.host === '' && isp) errors.push(phrase(`${hostSetting} is empty: relaying through the ISP needs its outgoing server`, 'mail.check.isp-host-empty', { setting: hostSetting }));
    else if (server.host === '') errors.push(phrase(`${hostSetting} is empty`, 'mail.check.host-empty', { setting: hostSetting }));
    else if (!HOSTNAME.test(server.host) && isIP(server.host) === 0) errors.push(phrase(`${hostSetting} "${server.host}" is not a host name or IP address`, 'mail.check.host-invalid', { setting: hostSetting, host: server.host }));
    try {
      checkAddress(this.sender().address, 'fromAddress');
    } catch (error) {
      errors.push(error as HostError);
    }
    const portSetting = isp ? 'ispPort' : 'smtpPort';
    if (server.security === 'tls' && (server.port === 25 || server.port === 587)) {
      warnings.push(phrase(`${portSetting} ${server.port} normally speaks plain SMTP with STARTTLS, not implicit TLS; use security "starttls" or port 465`, 'mail.check.tls-on-plain-port', { setting: portSetting, port: server.port }));
    }
    if (server.security !== 'tls' && server.port === 465) {
      warnings.push(phrase(`${portSetting} 465 expects implicit TLS from the first byte; use security "tls"`, 'mail.check.465-needs-tls', { setting: portSetting }));
    }
    if (server.user && server.password === undefined) {
      const [name, command] = isp ? ['ISP', 'vpp-host mail set-password --server isp'] : ['SMTP', 'vpp-host mail set-password'];
      warnings.push(phrase(`A user name is set but no ${name} password is stored (${command})`, 'mail.check.no-password', { server: name, command }));
    }
    const ca = this.caBundle().problem;
    if (ca) errors.push(ca);
    const ehlo = this.settings.get<string>('ehloName').trim();
    if (ehlo !== '' && !HOSTNAME.test(ehlo)) errors.push(phrase(`ehloName "${ehlo}" is not a host name`, 'mail.check.ehlo-invalid', { name: ehlo }));
    if (server.user && server.security === 'none') warnings.push(phrase('The password would cross the network unencrypted: use security "starttls" or "tls"', 'mail.check.plain-password'));
    if (server.allowInvalidCertificates) warnings.push(phrase('Invalid server certificates are accepted (allowInvalidCertificates)', 'mail.check.invalid-certificates'));
    return { errors, warnings };
  }

  dispose(): void {
    void this.subscription.dispose();
    this.changes.dispose();
  }
}
