import { ActiveWorkContribution, CommandContribution, ContainerModule, LifecycleContribution, RouteContribution, ScopedExport, ViewContribution } from '@vpp-host/api';
import { MailView } from './src/panel/mail-view.js';
import { AlertMailer, AlertMailTemplate } from './src/alerts/alert-mail.js';
import { OutboxAlert } from './src/alerts/outbox-alert.js';
import { MailApi, MailTemplateContribution } from '@vpp-host/plugins/mail/api';
import { DeliveryWorker } from './src/delivery-worker.js';
import { DemoSmtpSink } from './src/demo-sink.js';
import { MailCommands } from './src/mail-commands.js';
import { MailConfig } from './src/mail-config.js';
import { MailApiExport } from './src/mail-api-export.js';
import { MailLifecycle } from './src/mail-lifecycle.js';
import { MailRoutes } from './src/mail-routes.js';
import { MailService } from './src/mail-service.js';
import { MailTestTemplate } from './src/test-message-template.js';
import { OutboxRetention } from './src/outbox-retention.js';
import { OutboxStore } from './src/outbox-store.js';
import { PasswordSetter } from './src/password.js';
import { TemplateCatalog } from './src/template-catalog.js';
import { TemplateRenderer } from './src/template-renderer.js';
import { TestSender } from './src/test-sender.js';

export default new ContainerModule(({ bind }) => {
  bind(OutboxStore).toSelf().inSingletonScope();
  bind(OutboxRetention).toSelf().inSingletonScope();
  bind(MailConfig).toSelf().inSingletonScope();
  bind(DemoSmtpSink).toSelf().inSingletonScope();
  bind(DeliveryWorker).toSelf().inSingletonScope();
  bind(TemplateCatalog).toSelf().inSingletonScope();
  bind(TemplateRenderer).toSelf().inSingletonScope();
  bind(TestSender).toSelf().inSingletonScope();
  bind(PasswordSetter).toSelf().inSingletonScope();

  bind(MailService).toSelf().inSingletonScope();
  bind(MailApi).toService(MailService);
  bind(MailApiExport).toSelf().inSingletonScope();
  bind(ScopedExport).toService(MailApiExport);

  bind(MailTestTemplate).toSelf().inSingletonScope();
  bind(MailTemplateContribution).toService(MailTestTemplate);

  bind(MailLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(MailLifecycle);
  bind(ActiveWorkContribution).toService(MailLifecycle);
  // Alerts: mailing them to the admins who asked, and the outbox's own (after the outbox opened), on the active host.
  bind(AlertMailTemplate).toSelf().inSingletonScope();
  bind(MailTemplateContribution).toService(AlertMailTemplate);
  bind(AlertMailer).toSelf().inSingletonScope();
  bind(ActiveWorkContribution).toService(AlertMailer);
  bind(OutboxAlert).toSelf().inSingletonScope();
  bind(ActiveWorkContribution).toService(OutboxAlert);
  bind(MailView).toSelf().inSingletonScope();
  bind(ViewContribution).toService(MailView);
  bind(MailCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(MailCommands);
  bind(MailRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(MailRoutes);
});
