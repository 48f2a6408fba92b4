import { BadInputError, inject, injectable, Settings } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import { randomUUID } from 'node:crypto';
import { GREETING_MAIL } from './greeting-mail.js';

const LONGEST_NAME = 100;

/** Greets with the `greeting` setting, which an admin changes with PUT /api/plugins/<id>/settings. */
@injectable()
export class GreetingService {
  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(MailApi) private readonly mail: MailApi,
  ) {}

  greet(name: string): string {
    const trimmed = name.trim();
    if (trimmed === '') throw new BadInputError('Say whom to greet');
    if (trimmed.length > LONGEST_NAME) throw new BadInputError(`A name can be at most ${LONGEST_NAME} characters`);
    return `${this.settings.get<string>('greeting')}, ${trimmed}!`;
  }

  /** Queues the greeting in the mail plugin's outbox, which delivers it (and retries) on its own. */
  async mailGreeting(name: string, address: string): Promise<string> {
    const greeting = this.greet(name);
    await this.mail.enqueue({ templateId: GREETING_MAIL, to: { address }, values: { greeting }, idempotencyKey: randomUUID(), pluginId: '__PLUGIN_ID__' });
    return greeting;
  }
}
