import { actionForm, formFields, panelSection, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import type { AssignmentRecord } from '../distribution/model.js';
import type { VppText } from './panel-text.js';
import { commaList } from './policy-form.js';

/** The assignment page's form setting the locations its licenses come from, in priority order (its preview first). */
export function locationOrderSection(request: ViewRequest, assignment: AssignmentRecord, text: VppText, locationName: (tokenId: string) => string): SafeHtml {
  const form = formFields(request, 'update-locations');
  const current = (assignment.locations ?? []).map(locationName).join(', ');
  return panelSection(
    text.priorityOrder,
    actionForm(request, {
      action: 'update-locations',
      submit: text.save,
      query: { id: assignment.id },
      fields: form.field({ label: text.locationOrder, name: 'locations', value: form.value('locations', current) }),
      tone: 'secondary',
    }),
  );
}

/** The order a posted form (or its preview's query) sets: locations by name or id; none typed clears it. */
export function locationOrderOf(fields: Readonly<Record<string, string | undefined>>): string[] | null {
  const order = commaList(fields.locations ?? '');
  return order.length > 0 ? order : null;
}
