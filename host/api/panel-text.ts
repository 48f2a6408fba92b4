import { pluralRules } from './intl-formats.js';
import { formatNumber, formatTime } from './panel-kit.js';

/** A timestamp as stored (`2027-12-05T14:12:33.000Z`): a message shows it as the reader's language writes dates. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/**
 * The words of a set of panel pages: English, which also sets the keys every other language must have, and the
 * other languages by code ("nl", "fr"). The returned function gives a request's language, English for any other.
 */
export function panelTexts<T extends object>(english: T, translations: Readonly<Record<string, T>>): (language: string) => T {
  return (language) => (Object.hasOwn(translations, language) ? translations[language]! : english);
}

/**
 * Fills `{name}`-style holes. A counted hole, `{count:license|licenses}`, becomes the number and the word in the
 * form the language's grammar takes for it (see `counted`); a timestamp becomes a date and time in the language.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>, language = 'en'): string {
  return template.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (hole, key: string, one: string | undefined, other: string | undefined) => {
    const value = values[key];
    if (value === undefined) return hole;
    if (one !== undefined && other !== undefined) return counted(language, Number(value), one, other);
    return typeof value === 'string' && TIMESTAMP.test(value) ? formatTime(value, language) : String(value);
  });
}

/**
 * A count and its word in the singular or plural the language asks for: "1 license", "2 licenses"; French takes
 * the singular for 0 as well ("0 licence").
 */
export function counted(language: string, count: number, one: string, other: string): string {
  return `${formatNumber(count, language)} ${pluralRules(language).select(count) === 'one' ? one : other}`;
}
