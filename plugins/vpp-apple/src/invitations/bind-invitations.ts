import { ActiveWorkContribution, CommandContribution, InventoryFacetContribution, LifecycleContribution, RouteContribution, ViewContribution, contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { MailTemplateContribution } from '@vpp-host/plugins/mail/api';
import { Invitations } from '../../api/index.js';
import { EnrolmentFacet } from './enrolment-facet.js';
import { InvitationCommands } from './invitation-commands.js';
import { InvitationPanel } from './invitation-panel.js';
import { InvitationRoutes } from './invitation-routes.js';
import { InvitationService } from './invitation-service.js';
import { LocationEnrolmentEffects } from './location-enrolment-effects.js';
import { TokenDeletionEffects } from '../tokens/token-deletion.js';
import { InvitationTemplate } from './invitation-template.js';
import { InvitationsLifecycle } from './invitations-lifecycle.js';
import { INVITATIONS_MEMBERS } from '../contract-members.js';

/** Invitations and enrolment; the plugin module calls it after distribution, whose enrolments it feeds. */
export function bindInvitations({ bind }: ContainerModuleLoadOptions): void {
  bind(InvitationService).toSelf().inSingletonScope();
  bind(Invitations).toDynamicValue((context) => contractFacade(context.get(InvitationService), INVITATIONS_MEMBERS)).inSingletonScope();
  bind(InvitationsLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(InvitationsLifecycle);
  bind(ActiveWorkContribution).toService(InvitationsLifecycle);
  bind(InvitationTemplate).toSelf().inSingletonScope();
  bind(MailTemplateContribution).toService(InvitationTemplate);
  bind(InvitationCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(InvitationCommands);
  bind(InvitationRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(InvitationRoutes);
  bind(InvitationPanel).toSelf().inSingletonScope();
  bind(ViewContribution).toService(InvitationPanel);
  bind(EnrolmentFacet).toSelf().inSingletonScope();
  bind(InventoryFacetContribution).toService(EnrolmentFacet);
  bind(LocationEnrolmentEffects).toSelf().inSingletonScope();
  bind(TokenDeletionEffects).toService(LocationEnrolmentEffects);
}
