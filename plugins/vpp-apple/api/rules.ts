/** vpp-apple's contract: its refusals' rules explained in the admin's language, for any plugin's panel. */

/**
 * The rules distribution refuses by (`details.rule` of its BadInputError: seed 001's table, Apple's license rules,
 * exclusions, quotas, uninstall) in the admin's language. English uses the service's own message, which names the
 * device and versions; the others explain the rule.
 */
const RULES: Readonly<Record<'nl' | 'fr', Readonly<Record<string, string>>>> = {
  nl: {
    'vpp-book-users-only': 'VPP-boeken kunnen alleen aan gebruikers of gebruikersgroepen worden toegewezen.',
    'license-type-vpp-apps-only': 'Alleen VPP-apps hebben een licentietype.',
    'device-license-device-targets': 'Apparaatlicenties gaan alleen naar apparaten of apparaatgroepen; gebruik een gebruikerslicentie voor gebruikers.',
    'user-license-user-targets': 'Gebruikerslicenties gaan alleen naar gebruikers of gebruikersgroepen.',
    'not-device-assignable': 'Apple staat niet toe dat deze app aan apparaten wordt toegewezen; gebruik een gebruikerslicentie.',
    'no-mac': 'Dit type kan niet aan Mac-computers worden toegewezen.',
    'no-ios-device': 'Dit type kan niet aan iOS-apparaten worden toegewezen.',
    platform: 'Deze app of dit boek is niet gemaakt voor het platform van het apparaat.',
    'device-license-os-minimum': 'Apparaatlicenties vereisen iOS 9 of hoger, of OS X El Capitan of nieuwer.',
    'vpp-book-irrevocable': 'Als boeken uit de iBooks Store eenmaal aan gebruikers zijn toegewezen, kan deze toewijzing niet meer ongedaan worden gemaakt.',
    'no-license': 'Interne apps en boeken hebben geen licentie om in te trekken.',
    'vpp-book-not-uninstallable': 'VPP-boeken kunnen niet worden verwijderd: een boek blijft bij de gebruiker aan wie het is toegewezen.',
    'exclusion-groups-only': 'Alleen gebruikersgroepen en apparaatgroepen kunnen worden uitgesloten.',
    'exclusion-kind': 'Een toewijzing aan gebruikers sluit alleen gebruikersgroepen uit, een toewijzing aan apparaten alleen apparaatgroepen.',
    'exclusion-is-target': 'Een toewijzing kan haar eigen doel niet uitsluiten.',
    'uninstall-fixed': 'Een verwijdertoewijzing blijft er een: verwijder haar en wijs het onderdeel opnieuw toe.',
    'quota-whole-number': 'Een quotum is een heel aantal licenties, 1 of meer.',
    'quota-groups-only': 'Een quotum begrenst een groep; een enkel apparaat of een enkele gebruiker heeft hoogstens één licentie.',
    'quota-not-for-uninstall': 'Een verwijdertoewijzing geeft geen licenties uit om te begrenzen.',
  },
  fr: {
    'vpp-book-users-only': "Les livres VPP ne peuvent être affectés qu'à des utilisateurs ou des groupes d'utilisateurs.",
    'license-type-vpp-apps-only': "Seules les apps VPP ont un type de licence.",
    'device-license-device-targets': "Les licences d'appareil vont seulement aux appareils ou groupes d'appareils ; utilisez une licence d'utilisateur pour les utilisateurs.",
    'user-license-user-targets': "Les licences d'utilisateur vont seulement aux utilisateurs ou groupes d'utilisateurs.",
    'not-device-assignable': "Apple n'autorise pas l'affectation de cette app à des appareils ; utilisez une licence d'utilisateur.",
    'no-mac': 'Ce type ne peut pas être affecté à des ordinateurs Mac.',
    'no-ios-device': 'Ce type ne peut pas être affecté à des appareils iOS.',
    platform: "Cette app ou ce livre n'est pas fait pour la plateforme de l'appareil.",
    'device-license-os-minimum': "Les licences d'appareil exigent iOS 9 ou ultérieur, ou OS X El Capitan ou ultérieur.",
    'vpp-book-irrevocable': "Après avoir affecté les livres de l'iBooks Store aux utilisateurs, ils ne peuvent plus être révoqués.",
    'no-license': "Les apps et livres internes n'ont pas de licence à révoquer.",
    'vpp-book-not-uninstallable': "Les livres VPP ne peuvent pas être désinstallés : un livre reste à l'utilisateur à qui il a été affecté.",
    'exclusion-groups-only': "Seuls des groupes d'utilisateurs et des groupes d'appareils peuvent être exclus.",
    'exclusion-kind': "Une affectation à des utilisateurs n'exclut que des groupes d'utilisateurs, une affectation à des appareils que des groupes d'appareils.",
    'exclusion-is-target': 'Une affectation ne peut pas exclure sa propre cible.',
    'uninstall-fixed': "Une affectation de désinstallation le reste : supprimez-la et affectez l'élément à nouveau.",
    'quota-whole-number': 'Un quota est un nombre entier de licences, 1 ou plus.',
    'quota-groups-only': "Un quota limite un groupe ; un seul appareil ou un seul utilisateur a au plus une licence.",
    'quota-not-for-uninstall': "Une affectation de désinstallation ne distribue aucune licence à limiter.",
  },
};

/** The rule in the language; the service's English message for English, a language without it, or an unknown rule. */
export function ruleExplanation(rule: string, englishMessage: string, language: string): string {
  return RULES[language as 'nl' | 'fr']?.[rule] ?? englishMessage;
}
