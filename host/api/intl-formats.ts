/**
 * Shared Intl formatters. Building one costs about 0.1 ms and a few KB of ICU memory outside the JS heap, which the
 * GC frees late and the C allocator seldom hands back to the system: a panel page with 50 timestamps that built a
 * formatter per cell grew the host by hundreds of MB under read load. So each language and set of options gets one
 * formatter, kept while it is in use; the number kept is bounded because plugins may pass any language tag.
 */
export const MAX_INTL_FORMATTERS = 64;

type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules | Intl.DisplayNames | Intl.Collator;

/** The most recently used formatters, oldest first (a Map keeps insertion order). */
const formatters = new Map<string, Formatter>();

function shared<T extends Formatter>(key: string, build: () => T): T {
  const found = formatters.get(key) as T | undefined;
  if (found) {
    formatters.delete(key);
    formatters.set(key, found);
    return found;
  }
  const built = build();
  formatters.set(key, built);
  if (formatters.size > MAX_INTL_FORMATTERS) formatters.delete(formatters.keys().next().value!);
  return built;
}

export function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return shared(`date ${language} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(language, options));
}

export function numberFormat(language: string): Intl.NumberFormat {
  return shared(`number ${language}`, () => new Intl.NumberFormat(language));
}

/** Plural rules of the language, or English's when ICU does not know it. */
export function pluralRules(language: string): Intl.PluralRules {
  return shared(`plural ${language}`, () => new Intl.PluralRules(Intl.PluralRules.supportedLocalesOf(language).length > 0 ? language : 'en'));
}

/** Names of regions (countries) in the language, English for a language ICU does not know. */
export function regionNames(language: string): Intl.DisplayNames {
  return shared(`region ${language}`, () => new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'code' }));
}

/** How the language orders text for a sortable column: case and accents aside, digits as numbers ("item 9" before "item 10"). */
export function sortCollator(language: string): Intl.Collator {
  return shared(`collator ${language}`, () => new Intl.Collator([language, 'en'], { numeric: true, sensitivity: 'base' }));
}

/** How many formatters are kept now (at most MAX_INTL_FORMATTERS). */
export function sharedIntlFormatterCount(): number {
  return formatters.size;
}
