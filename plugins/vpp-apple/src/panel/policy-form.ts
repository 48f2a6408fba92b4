import { html, panelTexts, type FormFields, type SafeHtml } from '@vpp-host/api';
import type { DistributionPolicy, PolicyInput } from '../../api/index.js';

/** The lifecycle events a policy says what to do at, and its yes/no rules, in the order the form shows them. */
const EVENTS = ['onDeviceUnenrolled', 'onSelectiveWipe', 'onDistributionStopped', 'onLeftTarget'] as const;
const ACTIONS = ['removeApp', 'releaseLicense'] as const;
const FLAGS = ['preventBackup', 'nonRemovable', 'preventAutoUpdate', 'requiresApproval'] as const;
/** Marks a posted form that carried the policy's fields: an unticked box is then `false`, not "as before". */
const MARKER = 'policy';
export const GROUPS_FIELD = 'policy-groups';

/** The words of the distribution policy in the panel, in English, Dutch and French. */
const EN = {
  legend: 'Distribution policy',
  defaultsNote: 'Ticked as the default policy of {location} says.',
  events: {
    onDeviceUnenrolled: 'When the device leaves management',
    onSelectiveWipe: 'When the device is selectively wiped',
    onDistributionStopped: 'When this assignment is removed',
    onLeftTarget: 'When a member leaves the target',
  },
  actions: { removeApp: 'remove the app', releaseLicense: 'release the license' },
  flags: {
    preventBackup: "Prevent backup of the app's data",
    nonRemovable: 'The user may not remove the app',
    preventAutoUpdate: 'No automatic updates of the app',
    requiresApproval: 'An admin approves before anything is distributed',
  },
  groups: 'Only these user groups take a license (names or ids, comma-separated; empty: everyone)',
  licensesFor: 'Licenses only for', keep: 'keep both', anyone: 'everyone', change: 'Change the policy', policy: 'Policy',
};

export type PolicyText = typeof EN;

export const policyText = panelTexts(EN, {
  nl: {
    legend: 'Distributiebeleid',
    defaultsNote: 'Aangevinkt zoals het standaardbeleid van {location} zegt.',
    events: {
      onDeviceUnenrolled: 'Wanneer het apparaat niet meer beheerd wordt',
      onSelectiveWipe: 'Wanneer het apparaat selectief gewist wordt',
      onDistributionStopped: 'Wanneer deze toewijzing verwijderd wordt',
      onLeftTarget: 'Wanneer een lid het doel verlaat',
    },
    actions: { removeApp: 'de app verwijderen', releaseLicense: 'de licentie vrijgeven' },
    flags: {
      preventBackup: 'Back-up van de appgegevens verhinderen',
      nonRemovable: 'De gebruiker mag de app niet verwijderen',
      preventAutoUpdate: 'Geen automatische updates van de app',
      requiresApproval: 'Een beheerder keurt goed voor er iets verdeeld wordt',
    },
    groups: 'Alleen deze gebruikersgroepen krijgen een licentie (namen of id’s, gescheiden door komma’s; leeg: iedereen)',
    licensesFor: 'Licenties alleen voor', keep: 'beide behouden', anyone: 'iedereen', change: 'Beleid wijzigen', policy: 'Beleid',
  },
  fr: {
    legend: 'Politique de distribution',
    defaultsNote: 'Coché comme le dit la politique par défaut de {location}.',
    events: {
      onDeviceUnenrolled: 'Quand l’appareil n’est plus géré',
      onSelectiveWipe: 'Lors d’un effacement sélectif de l’appareil',
      onDistributionStopped: 'Quand cette attribution est supprimée',
      onLeftTarget: 'Quand un membre quitte la cible',
    },
    actions: { removeApp: 'supprimer l’app', releaseLicense: 'libérer la licence' },
    flags: {
      preventBackup: 'Empêcher la sauvegarde des données de l’app',
      nonRemovable: 'L’utilisateur ne peut pas supprimer l’app',
      preventAutoUpdate: 'Pas de mises à jour automatiques de l’app',
      requiresApproval: 'Un administrateur approuve avant toute distribution',
    },
    groups: 'Seuls ces groupes d’utilisateurs reçoivent une licence (noms ou identifiants séparés par des virgules ; vide : tout le monde)',
    licensesFor: 'Licences seulement pour', keep: 'garder les deux', anyone: 'tout le monde', change: 'Modifier la politique', policy: 'Politique',
  },
});

const fieldName = (event: (typeof EVENTS)[number], action: (typeof ACTIONS)[number]) => `policy-${event}-${action}`;

/**
 * The policy's fields, ticked as `policy` says (the location's defaults for a new assignment, the assignment's own
 * on its page). `groupNames` names the restricting user groups as the admin reads them.
 */
export function policyFieldset(policy: DistributionPolicy, form: FormFields, language: string, options: { readonly groupNames: string; readonly note?: string }): SafeHtml {
  const text = policyText(language);
  const events = EVENTS.map(
    (event) => html`<div class="policy-event"><span>${text.events[event]}</span>${ACTIONS.map((action) => form.checkbox(text.actions[action], fieldName(event, action), { checked: policy[event][action] }))}</div>`,
  );
  const flags = FLAGS.map((flag) => form.checkbox(text.flags[flag], `policy-${flag}`, { checked: policy[flag] }));
  return html`<fieldset class="policy"><legend>${text.legend}</legend>${options.note ? html`<p class="muted">${options.note}</p>` : ''}
<input type="hidden" name="${MARKER}" value="yes">${events}${flags}${form.field({ label: text.groups, name: GROUPS_FIELD, value: options.groupNames })}</fieldset>`;
}

/** The policy fields of a posted form (or a query carrying them), to pass along to a preview and its confirmation. */
export function policyFormValues(fields: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => (entry[0] === MARKER || entry[0].startsWith('policy-')) && entry[1] !== undefined));
}

/**
 * The policy a posted form sets: every box as ticked or not, and the restricting groups as `resolveGroup` finds
 * them. Undefined when the form carried no policy fields.
 */
export function policyInputOf(fields: Readonly<Record<string, string | undefined>>, resolveGroup: (typed: string) => string): PolicyInput | undefined {
  if (fields[MARKER] !== 'yes') return undefined;
  const ticked = (name: string) => fields[name] === 'yes';
  const action = (event: (typeof EVENTS)[number]) => ({ removeApp: ticked(fieldName(event, 'removeApp')), releaseLicense: ticked(fieldName(event, 'releaseLicense')) });
  const groups = commaList(fields[GROUPS_FIELD] ?? '').map(resolveGroup);
  return {
    onDeviceUnenrolled: action('onDeviceUnenrolled'),
    onSelectiveWipe: action('onSelectiveWipe'),
    onDistributionStopped: action('onDistributionStopped'),
    onLeftTarget: action('onLeftTarget'),
    preventBackup: ticked('policy-preventBackup'),
    nonRemovable: ticked('policy-nonRemovable'),
    preventAutoUpdate: ticked('policy-preventAutoUpdate'),
    requiresApproval: ticked('policy-requiresApproval'),
    licenseRestrictedToUserGroups: groups,
  };
}

/** The policy as its page shows it: what happens at each event, and the rules that hold. */
export function policyLines(policy: DistributionPolicy, language: string, groupNames: string): SafeHtml {
  const text = policyText(language);
  const actions = (event: (typeof EVENTS)[number]) => {
    const chosen = ACTIONS.filter((action) => policy[event][action]).map((action) => text.actions[action]);
    return chosen.length > 0 ? chosen.join(', ') : text.keep;
  };
  return html`<ul class="policy-lines">${EVENTS.map((event) => html`<li>${text.events[event]}: ${actions(event)}</li>`)}${FLAGS.filter((flag) => policy[flag]).map(
    (flag) => html`<li>${text.flags[flag]}</li>`,
  )}<li>${text.licensesFor}: ${groupNames || text.anyone}</li></ul>`;
}

/** Names (or ids) typed comma-separated, in the order typed. */
export function commaList(typed: string): string[] {
  return typed
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
