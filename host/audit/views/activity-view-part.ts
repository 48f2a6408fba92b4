import { ViewDeclarationSchema } from '../../api/manifest.js';
import { ViewContribution } from '../../api/views.js';
import type { HostPart } from '../../runtime/host-part.js';
import { ACTIVITY_VIEW_DECLARATION, ActivityView } from './activity-view.js';
import { HOST_AUDIT_ACTIONS, HOST_AUDIT_TARGETS } from './host-audit-labels.js';

/** The panel's "Activity" page over the host's audit log (every source's entries). */
export const activityViewPart: HostPart = {
  name: 'activity-view',
  contributes: { views: [ViewDeclarationSchema.parse(ACTIVITY_VIEW_DECLARATION)], auditActions: HOST_AUDIT_ACTIONS, auditTargets: HOST_AUDIT_TARGETS },

  async open({ container, audit, hostManifest, plugins }) {
    const manifests = () => [hostManifest, ...plugins.manifests()];
    container.bind<ViewContribution>(ViewContribution).toConstantValue({ views: [new ActivityView(audit.forSource('host'), manifests)] });
    return {};
  },
};
