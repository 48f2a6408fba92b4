import { actionForm, canChange, fill, formFields, html, panelSection, type Inventory, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import { completePolicy, DEFAULT_POLICY, type DistributionPolicy, type LocationSettingsService, type TokenService } from '../../api/index.js';
import type { AssignmentRecord, CatalogItem } from '../distribution/model.js';
import { recordName } from './panel-labels.js';
import { GROUPS_FIELD, policyFieldset, policyInputOf, policyLines, policyText } from './policy-form.js';

/** How the panel names a policy's restricting user groups. */
function groupNames(inventory: Inventory, policy: DistributionPolicy): string {
  return policy.licenseRestrictedToUserGroups.map((id) => recordName(inventory, 'user-group', id)).join(', ');
}

/**
 * The policy fields of the new-assignment form: as typed when the form comes back (a refusal, Cancel on the preview),
 * else ticked as the default policy of the location the item is at says (the one chosen, the item's, or the only one).
 */
export function newAssignmentPolicy(
  request: ViewRequest,
  deps: { readonly inventory: Inventory; readonly tokens: TokenService; readonly locations: LocationSettingsService },
  preset: CatalogItem | undefined,
): SafeHtml {
  const q = request.query;
  const form = formFields(request, 'assign');
  const typed = policyInputOf(q, (name) => name);
  if (typed) return policyFieldset(completePolicy(DEFAULT_POLICY, typed), form, request.language, { groupNames: q[GROUPS_FIELD] ?? '' });
  const tokens = deps.tokens.list();
  const tokenId = form.value('location', q.location) || preset?.vpp?.tokenId || (tokens.length === 1 ? tokens[0]!.id : undefined);
  const token = tokenId ? deps.tokens.get(tokenId) : undefined;
  if (!token) return policyFieldset(DEFAULT_POLICY, form, request.language, { groupNames: '' });
  const policy = completePolicy(DEFAULT_POLICY, deps.locations.get(token.id).defaultPolicy);
  return policyFieldset(policy, form, request.language, { groupNames: groupNames(deps.inventory, policy), note: fill(policyText(request.language).defaultsNote, { location: token.name }) });
}

/** An assignment's policy on its page and, for admins, the form that changes it (through its preview). */
export function assignmentPolicySection(request: ViewRequest, inventory: Inventory, assignment: AssignmentRecord): SafeHtml {
  const text = policyText(request.language);
  const names = groupNames(inventory, assignment.policy);
  const edit = canChange(request)
    ? actionForm(request, {
        action: 'update-policy',
        submit: text.change,
        query: { id: assignment.id },
        layout: 'stacked',
        fields: policyFieldset(assignment.policy, formFields(request, 'update-policy'), request.language, { groupNames: names }),
        tone: 'secondary',
      })
    : '';
  return panelSection(text.legend, html`${policyLines(assignment.policy, request.language, names)}${edit}`);
}
