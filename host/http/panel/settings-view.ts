import { BadInputError, unknownAction } from '../../api/errors.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { SettingDeclaration } from '../../api/manifest.js';
import type { Messages } from '../../api/messages.js';
import { actionForm, canChange, panelSection, viewHref } from '../../api/panel-kit.js';
import { formFields, type FormFields } from '../../api/panel-forms.js';
import { fill, panelTexts } from '../../api/panel-text.js';
import type { PanelView, ViewActionRequest, ViewActionResult, ViewRendering, ViewRequest } from '../../api/views.js';
import { HOST_PLUGIN_ID, type PluginHost } from '../../runtime/plugin-host.js';
import { displayNameOf, labelsOf } from '../../api/labels.js';
import type { SettingsDirectory } from '../rest/settings-directory.js';

export const SETTINGS_VIEW_DECLARATION = { id: 'settings', title: 'Settings', titles: { nl: 'Instellingen', fr: 'Paramètres' }, order: 1010 };

const EN = {
  intro: 'Every plugin’s settings, as its manifest declares them. Each value is checked before anything is saved.',
  host: 'The host',
  save: 'Save',
  saved: '{count} setting(s) changed: {keys}.',
  unchanged: 'Nothing changed.',
  fromEnvironment: 'Set by the environment variable {name}; change it there.',
  source: { environment: 'from the environment', stored: 'saved here', default: 'the default' },
  listHint: 'Comma-separated',
  refused: 'Nothing was saved: {message}',
};

const settingsText = panelTexts(EN, {
  nl: {
    intro: 'De instellingen van elke plug-in, zoals het manifest ze aangeeft. Elke waarde wordt gecontroleerd voor er iets bewaard wordt.',
    host: 'De host',
    save: 'Bewaren',
    saved: '{count} instelling(en) gewijzigd: {keys}.',
    unchanged: 'Er is niets gewijzigd.',
    fromEnvironment: 'Ingesteld met de omgevingsvariabele {name}; wijzig het daar.',
    source: { environment: 'uit de omgeving', stored: 'hier bewaard', default: 'de standaardwaarde' },
    listHint: 'Gescheiden door komma’s',
    refused: 'Er is niets bewaard: {message}',
  },
  fr: {
    intro: 'Les paramètres de chaque extension, tels que son manifeste les déclare. Chaque valeur est vérifiée avant tout enregistrement.',
    host: 'L’hôte',
    save: 'Enregistrer',
    saved: '{count} paramètre(s) modifié(s) : {keys}.',
    unchanged: 'Rien n’a changé.',
    fromEnvironment: 'Défini par la variable d’environnement {name} ; modifiez-le là.',
    source: { environment: 'de l’environnement', stored: 'enregistré ici', default: 'la valeur par défaut' },
    listHint: 'Séparés par des virgules',
    refused: 'Rien n’a été enregistré : {message}',
  },
});

/**
 * "Settings": a form for each plugin's declared settings (and the host's), generated from the manifest: a field of
 * the declared type per setting, its description in the admin's language, and where its value comes from.
 */
export class SettingsView implements PanelView {
  readonly id = SETTINGS_VIEW_DECLARATION.id;

  constructor(
    private readonly settings: SettingsDirectory,
    private readonly plugins: PluginHost,
    private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = settingsText(request.language);
    const owners = this.owners(request.language);
    const chosen = owners.find((o) => o.id === request.query.plugin) ?? owners[0]!;
    const links = html`<p class="filters">${owners.map((o) =>
      o.id === chosen.id ? html`<strong>${o.name}</strong> ` : html`<a href="${viewHref(request, { plugin: o.id })}">${o.name}</a> `,
    )}</p>`;
    const described = this.settings.of(chosen.id).describe();
    const form = formFields(request, 'save');
    const fields = described.map((setting) => settingField(setting.declaration, shown(setting.value), setting.source, form, request.language));
    const shownForm = canChange(request)
      ? actionForm(request, { action: 'save', submit: text.save, fields: html`${fields}`, hidden: { plugin: chosen.id }, query: { plugin: chosen.id }, layout: 'stacked' })
      : html`${fields}`;
    return { body: html`<p class="muted">${text.intro}</p>${links}${panelSection(chosen.name, shownForm)}` };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = settingsText(request.language);
    if (request.action !== 'save') throw unknownAction(request.action);
    const pluginId = request.form.plugin ?? '';
    const target = this.settings.of(pluginId);
    const texts: Record<string, string> = {};
    for (const setting of target.describe()) {
      if (setting.source === 'environment') continue;
      // An unticked box sends nothing: a boolean's absence is false.
      texts[setting.key] = setting.declaration.type === 'boolean' ? String(request.form[setting.key] === 'yes') : (request.form[setting.key] ?? shown(setting.value));
    }
    try {
      const changed = await target.updateFromText(texts, request.principal);
      const message = changed.length > 0 ? fill(text.saved, { count: changed.length, keys: changed.join(', ') }) : text.unchanged;
      return { flash: { kind: 'success', message }, query: { plugin: pluginId } };
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      return { flash: { kind: 'error', message: fill(text.refused, { message: this.messages.say(error, request.language) }), field: error.field }, query: { plugin: pluginId } };
    }
  }

  /** The host, then every running plugin that declares settings, by name. */
  private owners(language: string): { id: string; name: string }[] {
    const running = this.plugins.manifests().filter((m) => m.contributes.settings.length > 0).map((m) => ({ id: m.id, name: displayNameOf(m, language) }));
    return [{ id: HOST_PLUGIN_ID, name: 'vpp-host' }, ...running.sort((a, b) => a.name.localeCompare(b.name))];
  }
}

function shown(value: unknown): string {
  return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * One setting's field: a box, a choice, a number or text as declared, labelled with its description in the admin's
 * language; its key, which the CLI and REST take, is shown as code beside where its value comes from.
 */
function settingField(declaration: SettingDeclaration, value: string, source: 'environment' | 'stored' | 'default', form: FormFields, language: string): SafeHtml {
  const text = settingsText(language);
  const label = declaration.descriptions?.[language as 'nl' | 'fr'] ?? declaration.description;
  const place = source === 'environment' && declaration.env ? fill(text.fromEnvironment, { name: declaration.env }) : text.source[source];
  const where = html`<code>${declaration.key}</code> · ${place}`;
  if (source === 'environment') return html`<div class="setting"><p><strong>${label}</strong>: <code>${value}</code></p><p class="muted">${where}</p></div>`;
  const input =
    declaration.type === 'boolean'
      ? form.checkbox(label, declaration.key, { checked: value === 'true' })
      : form.field({
          label,
          name: declaration.key,
          value,
          ...(declaration.enum ? { choices: enumChoices(declaration, language) } : {}),
          ...(declaration.type === 'integer' || declaration.type === 'number' ? { type: 'number' as const } : {}),
          ...(declaration.type === 'string[]' ? { placeholder: text.listHint } : {}),
        });
  return html`<div class="setting">${input}<p class="muted">${where}</p></div>`;
}

/** An enum's values as choices, each by its declared title in the admin's language (the value when it has none). */
function enumChoices(declaration: SettingDeclaration, language: string): { value: string; label: string }[] {
  const title = labelsOf(declaration.enumTitles ?? [], language);
  return (declaration.enum ?? []).map((choice) => ({ value: choice, label: title(choice) ?? choice }));
}
