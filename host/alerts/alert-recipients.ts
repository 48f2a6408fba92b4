import type { Actor } from '../api/actor.js';
import type { AlertRecipient } from '../api/alerts.js';
import type { AuditLog } from '../api/audit.js';
import type { Clock } from '../api/clock.js';
import { emailAddressFault } from '../api/email-address.js';
import { atField, BadInputError, cutText, NotFoundError, saying } from '../api/errors.js';
import type { Repository, Storage } from '../api/storage.js';
import type { AccountService, AdminAccount } from '../http/auth/account-service.js';

/** An admin who asked for alert mail: the admin's id, and where to. */
interface StoredRecipient {
  readonly id: string;
  readonly address: string;
  readonly since: string;
}

/**
 * The admins who asked for alert mail, each at an address of their choosing, in their panel language. Naming an
 * admin that does not exist, or an address that is none, is refused and changes nothing; every change is audited.
 */
export class AlertRecipients {
  private constructor(
    private readonly stored: Repository<StoredRecipient>,
    private readonly accounts: AccountService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  static async open(storage: Storage, accounts: AccountService, audit: AuditLog, clock: Clock): Promise<AlertRecipients> {
    return new AlertRecipients(await storage.collection<StoredRecipient>('alert-recipients'), accounts, audit, clock);
  }

  /** By admin name; an admin who no longer exists is left out. */
  list(): AlertRecipient[] {
    return [...this.stored.values()]
      .flatMap((recipient) => {
        const admin = this.accounts.getAdmin(recipient.id);
        return admin ? [{ adminId: admin.id, name: admin.name, address: recipient.address, ...(admin.language ? { language: admin.language } : {}) }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The admin (name or id) gets alert mail at `address` from now on; an admin already getting it moves to the new address. */
  async set(adminRef: string, address: string, actor: Actor): Promise<AlertRecipient> {
    const admin = atField('admin', () => this.requireAdmin(adminRef));
    const checked = atField('address', () => checkAddress(address));
    const current = this.stored.get(admin.id);
    if (current?.address !== checked) {
      await this.stored.put({ id: admin.id, address: checked, since: current?.since ?? this.clock.now().toISOString() });
      await this.audit.record({ actor, action: 'host.alerts.recipient.set', target: { type: 'admin', id: admin.id, name: admin.name }, details: { address: checked } });
    }
    return this.list().find((r) => r.adminId === admin.id)!;
  }

  /** The admin (name or id) gets no more alert mail. */
  async remove(adminRef: string, actor: Actor): Promise<void> {
    const admin = atField('admin', () => this.requireAdmin(adminRef));
    if (!this.stored.has(admin.id)) throw saying(new NotFoundError(`Admin "${admin.name}" gets no alert mail`), 'host.alerts.not-a-recipient', { name: admin.name });
    await this.stored.delete(admin.id);
    await this.audit.record({ actor, action: 'host.alerts.recipient.remove', target: { type: 'admin', id: admin.id, name: admin.name } });
  }

  private requireAdmin(ref: string): AdminAccount {
    const given = typeof ref === 'string' ? ref.trim() : '';
    const admins = this.accounts.listAdmins();
    const admin = this.accounts.getAdmin(given) ?? admins.find((a) => a.name.toLowerCase() === given.toLowerCase());
    if (admin) return admin;
    const names = admins.map((a) => a.name).join(', ');
    throw saying(new BadInputError(`There is no admin "${cutText(given)}"; the admins are ${names}`, { admins: admins.map((a) => a.name) }), 'host.alerts.unknown-admin', { name: cutText(given), admins: names });
  }
}

function checkAddress(address: unknown): string {
  const fault = emailAddressFault(address);
  if (fault) throw saying(new BadInputError(`The address ${fault.message}`), 'host.alerts.bad-address', { problem: fault });
  return (address as string).trim();
}
