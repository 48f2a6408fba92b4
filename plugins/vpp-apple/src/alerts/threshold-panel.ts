import { actionForm, atField, canChange, fill, formFields, html, panelSection, panelTexts, type SafeHtml, type ViewActionRequest, type ViewActionResult, type ViewRequest } from '@vpp-host/api';
import type { AlertThreshold, AlertThresholds, EffectiveThreshold, ThresholdScope } from './alert-thresholds.js';

const EN = {
  heading: 'Low-license alert',
  none: 'No alert when its licenses run low.',
  own: 'An alert when fewer than {below} licenses are free.',
  off: 'No low-license alert for this item, whatever its location says.',
  fromLocation: 'An alert when fewer than {below} licenses are free, as its location says.',
  locationOwn: 'An alert when fewer than {below} licenses of an app or book are free (for each one with more licenses than that; an item’s own threshold wins).',
  below: 'Alert when fewer licenses are free than',
  itemHint: '0 turns the alert off for this item.',
  save: 'Save the threshold',
  clear: 'Remove the threshold',
  saved: 'Threshold saved: an alert when fewer than {below} licenses are free.',
  cleared: 'Threshold removed.',
  nothingToClear: 'There was no threshold to remove.',
};

export const thresholdText = panelTexts(EN, {
  nl: {
    heading: 'Melding bij weinig licenties',
    none: 'Geen melding wanneer de licenties opraken.',
    own: 'Een melding wanneer minder dan {below} licenties vrij zijn.',
    off: 'Geen melding bij weinig licenties voor dit onderdeel, wat de locatie ook zegt.',
    fromLocation: 'Een melding wanneer minder dan {below} licenties vrij zijn, zoals de locatie zegt.',
    locationOwn: 'Een melding wanneer minder dan {below} licenties van een app of boek vrij zijn (voor elk met meer licenties dan dat; de eigen drempel van een onderdeel gaat voor).',
    below: 'Melden wanneer minder licenties vrij zijn dan',
    itemHint: 'Met 0 staat de melding voor dit onderdeel uit.',
    save: 'Drempel bewaren',
    clear: 'Drempel verwijderen',
    saved: 'Drempel bewaard: een melding wanneer minder dan {below} licenties vrij zijn.',
    cleared: 'Drempel verwijderd.',
    nothingToClear: 'Er was geen drempel om te verwijderen.',
  },
  fr: {
    heading: 'Alerte de licences basses',
    none: 'Pas d’alerte quand ses licences s’épuisent.',
    own: 'Une alerte quand moins de {below} licences sont libres.',
    off: 'Pas d’alerte de licences basses pour cet élément, quoi que dise son site.',
    fromLocation: 'Une alerte quand moins de {below} licences sont libres, comme le dit son site.',
    locationOwn: 'Une alerte quand moins de {below} licences d’une app ou d’un livre sont libres (pour chacun qui en a davantage ; le seuil propre d’un élément l’emporte).',
    below: 'Alerter quand moins de licences sont libres que',
    itemHint: '0 désactive l’alerte pour cet élément.',
    save: 'Enregistrer le seuil',
    clear: 'Supprimer le seuil',
    saved: 'Seuil enregistré : une alerte quand moins de {below} licences sont libres.',
    cleared: 'Seuil supprimé.',
    nothingToClear: 'Il n’y avait pas de seuil à supprimer.',
  },
});

export const SET_THRESHOLD = 'set-threshold';
export const CLEAR_THRESHOLD = 'clear-threshold';

/**
 * The low-license threshold of an item or a location on its page: what applies now and, for an admin, the form that
 * sets or removes it (a refused value comes back at its field, and nothing changes).
 */
export function thresholdSection(
  request: ViewRequest,
  thresholds: AlertThresholds,
  target: { readonly scope: ThresholdScope; readonly id: string; readonly effective?: EffectiveThreshold | undefined },
): SafeHtml {
  const text = thresholdText(request.language);
  const own: AlertThreshold | undefined = thresholds.get(target.scope, target.id);
  const values = (below: number) => ({ below });
  const now =
    target.scope === 'location'
      ? own
        ? fill(text.locationOwn, values(own.below), request.language)
        : text.none
      : own
        ? own.below === 0
          ? text.off
          : fill(text.own, values(own.below), request.language)
        : target.effective
          ? fill(text.fromLocation, values(target.effective.below), request.language)
          : text.none;
  if (!canChange(request)) return panelSection(text.heading, html`<p>${now}</p>`);
  const query = { id: target.id };
  const form = formFields(request, SET_THRESHOLD);
  const set = actionForm(request, {
    action: SET_THRESHOLD,
    query,
    submit: text.save,
    tone: 'secondary',
    fields: form.field({ label: text.below, name: 'below', type: 'number', value: own ? String(own.below) : '', required: true }),
  });
  const clear = own ? actionForm(request, { action: CLEAR_THRESHOLD, query, submit: text.clear, tone: 'secondary' }) : '';
  return panelSection(text.heading, html`<p>${now}</p>${target.scope === 'item' ? html`<p class="muted">${text.itemHint}</p>` : ''}${set}${clear}`);
}

/** Handles the section's two forms; undefined for any other action. */
export async function thresholdAction(request: ViewActionRequest, thresholds: AlertThresholds, scope: ThresholdScope, id: string): Promise<ViewActionResult | undefined> {
  const text = thresholdText(request.language);
  const query = { id };
  if (request.action === SET_THRESHOLD) {
    const below = (request.form.below ?? '').trim();
    const saved = await atField('below', () => thresholds.set(scope, id, below === '' ? undefined : below, request.principal));
    return { flash: { kind: 'success', message: fill(text.saved, { below: saved.below }, request.language) }, query };
  }
  if (request.action === CLEAR_THRESHOLD) {
    const cleared = await thresholds.clear(scope, id, request.principal);
    return { flash: { kind: 'success', message: cleared ? text.cleared : text.nothingToClear }, query };
  }
  return undefined;
}
