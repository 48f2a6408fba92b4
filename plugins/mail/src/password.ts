import { AuditLog, BadInputError, cutText, inject, injectable, saying, type Actor } from '@vpp-host/api';
import { MailConfig, type PasswordServer } from './mail-config.js';

export interface PasswordInput {
  readonly server?: string;
  readonly password?: string;
  /** A password file's content: its first line is the password. */
  readonly file?: string;
  readonly clear?: boolean;
}

/** Stores or removes the SMTP / ISP password, the one way both the CLI and REST use; audited without the value. */
@injectable()
export class PasswordSetter {
  constructor(
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async apply(input: PasswordInput, actor: Actor): Promise<{ server: PasswordServer; stored: boolean }> {
    const server = input.server ?? 'smtp';
    if (server !== 'smtp' && server !== 'isp') throw saying(new BadInputError(`server must be "smtp" or "isp", got "${server}"`), 'mail.password.server', { got: cutText(server) });
    const given = [input.password !== undefined, input.file !== undefined, input.clear === true].filter(Boolean).length;
    if (given !== 1) throw saying(new BadInputError('Give exactly one of: a password file, --password, or --clear'), 'mail.password.one-of');
    const password = input.file !== undefined ? (input.file.split(/\r?\n/)[0] ?? '') : input.password;
    if (!input.clear && (password === undefined || password === '')) throw saying(new BadInputError('The password is empty'), 'mail.password.empty');
    await this.config.setPassword(server, input.clear ? undefined : password);
    await this.audit.record({ actor, action: input.clear ? 'mail.password.clear' : 'mail.password.set', target: { type: 'mail-server', id: server } });
    return { server, stored: !input.clear };
  }
}
