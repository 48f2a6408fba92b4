import { ViewDeclarationSchema } from '../../api/manifest.js';
import { ViewContribution } from '../../api/views.js';
import type { HostPart } from '../../runtime/host-part.js';
import { ACTIVITY_VIEW_DECLARATION, ActivityView } from './activity-view.js';

/** The panel's "Activity" page over the host's audit log (every source's entries). */
export const activityViewPart: HostPart = {
  name: 'activity-view',
  contributes: { views: [ViewDeclarationSchema.parse(ACTIVITY_VIEW_DECLARATION)] },

  async open({ container, audit }) {
    container.bind<ViewContribution>(ViewContribution).toConstantValue({ views: [new ActivityView(audit.forSource('host'))] });
    return {};
  },
};
