const TEXT = {
  en: {
    when: 'When', actor: 'Actor', action: 'Action', target: 'Target', reason: 'Reason', source: 'Source', text: 'Text', since: 'From', until: 'Until',
    anyActor: 'Any actor', filter: 'Filter', clear: 'Clear', noEntries: 'Nothing has been recorded yet.', noMatches: 'No entries match these filters.',
    actionHint: 'e.g. inventory.user', badDate: '"{value}" is not a date; use a date such as 2026-03-01.',
    admin: 'admin', 'api-token': 'API token', plugin: 'plugin', schedule: 'schedule', system: 'system', apple: 'Apple',
  },
  nl: {
    when: 'Wanneer', actor: 'Door', action: 'Actie', target: 'Doel', reason: 'Reden', source: 'Bron', text: 'Tekst', since: 'Vanaf', until: 'Tot en met',
    anyActor: 'Iedereen', filter: 'Filteren', clear: 'Wissen', noEntries: 'Er is nog niets vastgelegd.', noMatches: 'Geen vermeldingen voor deze filters.',
    actionHint: 'bv. inventory.user', badDate: '"{value}" is geen datum; gebruik een datum zoals 2026-03-01.',
    admin: 'beheerder', 'api-token': 'API-token', plugin: 'plug-in', schedule: 'planning', system: 'systeem', apple: 'Apple',
  },
  fr: {
    when: 'Quand', actor: 'Auteur', action: 'Action', target: 'Cible', reason: 'Motif', source: 'Source', text: 'Texte', since: 'Du', until: 'Au',
    anyActor: 'Tous', filter: 'Filtrer', clear: 'Effacer', noEntries: "Rien n'a encore été enregistré.", noMatches: 'Aucune entrée ne correspond à ces filtres.',
    actionHint: 'p. ex. inventory.user', badDate: '« {value} » n\'est pas une date ; utilisez une date comme 2026-03-01.',
    admin: 'administrateur', 'api-token': 'jeton API', plugin: 'extension', schedule: 'planification', system: 'système', apple: 'Apple',
  },
} as const;

export type ActivityText = { readonly [K in keyof (typeof TEXT)['en']]: string };

export function activityText(language: string): ActivityText {
  return TEXT[language as keyof typeof TEXT] ?? TEXT.en;
}
