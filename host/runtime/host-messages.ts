import type { MessageDeclaration } from '../api/manifest.js';

/** What the host's own refusals say in each language, as [id, English, Dutch, French]; `saying(error, id, params)` names one. */
const MESSAGES: readonly (readonly [string, string, string, string])[] = [
  ['host.setting.unknown', 'Plugin "{plugin}" has no setting "{setting}"', 'Plugin "{plugin}" heeft geen instelling "{setting}"', 'Le plugin « {plugin} » n’a pas de réglage « {setting} »'],
  ['host.setting.number', '{setting} must be a number, got {got}', '{setting} moet een getal zijn, niet {got}', '{setting} doit être un nombre, pas {got}'],
  ['host.setting.whole', '{setting} must be a whole number, got {got}', '{setting} moet een geheel getal zijn, niet {got}', '{setting} doit être un nombre entier, pas {got}'],
  ['host.setting.minimum', '{setting} must be at least {minimum}, got {got}', '{setting} moet minstens {minimum} zijn, niet {got}', '{setting} doit valoir au moins {minimum}, pas {got}'],
  ['host.setting.maximum', '{setting} must be at most {maximum}, got {got}', '{setting} mag hoogstens {maximum} zijn, niet {got}', '{setting} doit valoir au plus {maximum}, pas {got}'],
  ['host.setting.boolean', '{setting} must be true or false, got {got}', '{setting} moet waar of onwaar zijn, niet {got}', '{setting} doit être vrai ou faux, pas {got}'],
  ['host.setting.list', '{setting} must be a list of strings', '{setting} moet een lijst van teksten zijn', '{setting} doit être une liste de textes'],
  ['host.setting.text', '{setting} must be text, got {got}', '{setting} moet tekst zijn, niet {got}', '{setting} doit être du texte, pas {got}'],
  ['host.setting.choice', '{setting} must be one of {choices}, got {got}', '{setting} moet een van {choices} zijn, niet {got}', '{setting} doit être l’un de {choices}, pas {got}'],
  ['host.setting.url', '{setting} must be an http(s) URL, got {got}', '{setting} moet een http(s)-URL zijn, niet {got}', '{setting} doit être une URL http(s), pas {got}'],
  ['host.setting.hostname', '{setting} must be a host name, got {got}', '{setting} moet een hostnaam zijn, niet {got}', '{setting} doit être un nom d’hôte, pas {got}'],
  ['host.setting.email', '{setting} {problem}', '{setting} {problem}', '{setting} {problem}'],
  ['host.email.missing', 'must be an email address', 'moet een e-mailadres zijn', 'doit être une adresse électronique'],
  ['host.email.empty', 'must be an email address, got an empty value', 'moet een e-mailadres zijn, maar is leeg', 'doit être une adresse électronique, mais est vide'],
  ['host.email.too-long', 'is longer than {max} characters', 'is langer dan {max} tekens', 'dépasse {max} caractères'],
  ['host.email.shape', 'must look like name@example.com', 'moet eruitzien als naam@example.com', 'doit ressembler à nom@example.com'],
  ['host.email.local-too-long', 'has a part before "@" longer than {max} characters', 'heeft een deel vóór "@" dat langer is dan {max} tekens', 'a une partie avant « @ » de plus de {max} caractères'],
  ['host.email.local-characters', 'has characters or dots that are not allowed before "@"', 'heeft tekens of punten die vóór "@" niet zijn toegestaan', 'contient avant « @ » des caractères ou des points non autorisés'],
  ['host.email.domain', 'has an invalid domain after "@" (expected something like example.com)', 'heeft een ongeldig domein na "@" (verwacht: iets als example.com)', 'a un domaine non valide après « @ » (attendu : quelque chose comme example.com)'],
  // A field named, then what is wrong with it: "to must look like name@example.com", "email: must …".
  ['host.field', '{field} {problem}', '{field} {problem}', '{field} {problem}'],
  ['host.field-colon', '{field}: {problem}', '{field}: {problem}', '{field} : {problem}'],
];

export const HOST_MESSAGES: readonly MessageDeclaration[] = MESSAGES.map(([id, text, nl, fr]) => ({ id, text, texts: { nl, fr } }));
