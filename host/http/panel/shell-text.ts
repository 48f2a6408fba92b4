/** The panel shell's own words; plugin views translate their own. */
const TEXT = {
  en: {
    menu: 'Menu',
    roleAdmin: 'admin',
    roleReadOnly: 'read-only',
    readOnlyNotice: 'You are signed in read-only: you can look at everything but change nothing.',
    sessionExpired: 'Your session ended after a while without activity. Please sign in again.',
    signInTitle: 'Sign in',
    name: 'Name',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    wrongCredentials: 'Wrong name or password',
    tooManySignIns: 'Too many failed sign-ins for this name or from this address. Try again in {seconds:second|seconds}.',
    formExpired: 'The form expired. Please try again.',
    crossOrigin: "This change did not come from this site's own pages, so it was refused. Open the page here and try again.",
    language: 'Language',
    signedInAs: 'Signed in as',
    forbidden: 'Your role does not allow this change.',
    notFound: 'This page does not exist.',
    serverError: 'Something went wrong; the cause was logged.',
    noViews: 'No pages are available yet.',
    noActions: 'This page has no actions.',
    navigation: 'Navigation',
    pluginsIntro: 'Every plugin the host found, with its state. A failed plugin shows why; the others run on.',
    id: 'Id',
    version: 'Version',
    state: 'State',
    startTime: 'Start time',
    error: 'Error',
    discovered: 'discovered',
    loaded: 'loaded',
    started: 'started',
    failed: 'failed',
    refused: 'refused',
    skipped: 'skipped',
    disabled: 'disabled',
    stopped: 'stopped',
    noPlugins: 'No plugins are installed.',
    standbyNotice: 'This host is a standby: it shows the data but accepts no changes, sign-ins included. Make them on the active host:',
    standbyNoActive: 'This host is a standby and accepts no changes, sign-ins included. No host is active at the moment; one takes over shortly.',
  },
  nl: {
    menu: 'Menu',
    roleAdmin: 'beheerder',
    roleReadOnly: 'alleen-lezen',
    readOnlyNotice: 'U bent aangemeld met alleen-lezen: u kunt alles bekijken maar niets wijzigen.',
    sessionExpired: 'Uw sessie is na een tijd zonder activiteit beëindigd. Meld u opnieuw aan.',
    signInTitle: 'Aanmelden',
    name: 'Naam',
    password: 'Wachtwoord',
    signIn: 'Aanmelden',
    signOut: 'Afmelden',
    wrongCredentials: 'Verkeerde naam of wachtwoord',
    tooManySignIns: 'Te veel mislukte aanmeldingen voor deze naam of vanaf dit adres. Probeer het over {seconds:seconde|seconden} opnieuw.',
    formExpired: 'Het formulier is verlopen. Probeer het opnieuw.',
    crossOrigin: "Deze wijziging kwam niet van de eigen pagina's van deze site en is geweigerd. Open de pagina hier en probeer het opnieuw.",
    language: 'Taal',
    signedInAs: 'Aangemeld als',
    forbidden: 'Uw rol staat deze wijziging niet toe.',
    notFound: 'Deze pagina bestaat niet.',
    serverError: 'Er ging iets mis; de oorzaak is gelogd.',
    noViews: "Er zijn nog geen pagina's beschikbaar.",
    noActions: 'Deze pagina heeft geen acties.',
    navigation: 'Navigatie',
    pluginsIntro: 'Alle plug-ins die de host vond, met hun toestand. Een mislukte plug-in toont waarom; de andere draaien door.',
    id: 'Id',
    version: 'Versie',
    state: 'Toestand',
    startTime: 'Starttijd',
    error: 'Fout',
    discovered: 'gevonden',
    loaded: 'geladen',
    started: 'gestart',
    failed: 'mislukt',
    refused: 'geweigerd',
    skipped: 'overgeslagen',
    disabled: 'uitgeschakeld',
    stopped: 'gestopt',
    noPlugins: 'Er zijn geen plug-ins geïnstalleerd.',
    standbyNotice: 'Deze host is een stand-by: hij toont de gegevens maar aanvaardt geen wijzigingen, ook geen aanmeldingen. Breng ze aan op de actieve host:',
    standbyNoActive: 'Deze host is een stand-by en aanvaardt geen wijzigingen, ook geen aanmeldingen. Er is nu geen actieve host; een andere neemt het zo over.',
  },
  fr: {
    menu: 'Menu',
    roleAdmin: 'administrateur',
    roleReadOnly: 'lecture seule',
    readOnlyNotice: 'Vous êtes connecté en lecture seule : vous pouvez tout consulter mais rien modifier.',
    sessionExpired: "Votre session a pris fin après une période d'inactivité. Veuillez vous reconnecter.",
    signInTitle: 'Connexion',
    name: 'Nom',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    wrongCredentials: 'Nom ou mot de passe incorrect',
    tooManySignIns: 'Trop de connexions échouées pour ce nom ou depuis cette adresse. Réessayez dans {seconds:seconde|secondes}.',
    formExpired: 'Le formulaire a expiré. Veuillez réessayer.',
    crossOrigin: "Cette modification ne venait pas des pages de ce site ; elle a été refusée. Ouvrez la page ici et réessayez.",
    language: 'Langue',
    signedInAs: 'Connecté en tant que',
    forbidden: 'Votre rôle ne permet pas cette modification.',
    notFound: "Cette page n'existe pas.",
    serverError: "Une erreur s'est produite ; la cause a été journalisée.",
    noViews: "Aucune page n'est encore disponible.",
    noActions: "Cette page n'a pas d'actions.",
    navigation: 'Navigation',
    pluginsIntro: "Toutes les extensions trouvées par l'hôte, avec leur état. Une extension en échec indique pourquoi ; les autres continuent.",
    id: 'Id',
    version: 'Version',
    state: 'État',
    startTime: 'Temps de démarrage',
    error: 'Erreur',
    discovered: 'découverte',
    loaded: 'chargée',
    started: 'démarrée',
    failed: 'en échec',
    refused: 'refusée',
    skipped: 'ignorée',
    disabled: 'désactivée',
    stopped: 'arrêtée',
    noPlugins: "Aucune extension n'est installée.",
    standbyNotice: "Cet hôte est en attente : il affiche les données mais n'accepte aucune modification, connexions comprises. Faites-les sur l'hôte actif :",
    standbyNoActive: "Cet hôte est en attente et n'accepte aucune modification, connexions comprises. Aucun hôte n'est actif pour le moment ; un autre prend le relais sous peu.",
  },
} as const;

export type PanelLanguage = keyof typeof TEXT;
export type ShellText = { readonly [K in keyof (typeof TEXT)['en']]: string };

export const PANEL_LANGUAGES = Object.keys(TEXT) as PanelLanguage[];
export const LANGUAGE_NAMES: Record<PanelLanguage, string> = { en: 'English', nl: 'Nederlands', fr: 'Français' };

export function isPanelLanguage(value: unknown): value is PanelLanguage {
  return typeof value === 'string' && (PANEL_LANGUAGES as string[]).includes(value);
}

export function shellText(language: string): ShellText {
  return TEXT[isPanelLanguage(language) ? language : 'en'];
}

/** The admin's own choice, else the browser's first supported language, else English. */
export function pickLanguage(preference: string | undefined, acceptLanguage: string | null): PanelLanguage {
  if (isPanelLanguage(preference)) return preference;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { language: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.language).find(isPanelLanguage) ?? 'en';
}
