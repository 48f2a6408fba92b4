import { inject, injectable, type ExportConsumer, type ScopedExport } from '@vpp-host/api';
import type { MailApi } from '@vpp-host/plugins/mail/api';
import { MailService } from './mail-service.js';

/** Each plugin that depends on mail gets a MailApi of its own, so it cannot send (or read) as another plugin. */
@injectable()
export class MailApiExport implements ScopedExport<MailApi> {
  readonly key = 'mail.MailApi';

  constructor(@inject(MailService) private readonly mail: MailService) {}

  forConsumer({ pluginId }: ExportConsumer): MailApi {
    return this.mail.forPlugin(pluginId);
  }
}
