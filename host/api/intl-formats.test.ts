import { afterEach, describe, expect, it } from 'vitest';
import { dateTimeFormat, MAX_INTL_FORMATTERS, sharedIntlFormatterCount } from './intl-formats.js';
import { formatNumber, formatTime } from './panel-kit.js';
import { counted } from './panel-text.js';

type FormatterName = 'DateTimeFormat' | 'NumberFormat' | 'PluralRules';
const originals = { DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat, PluralRules: Intl.PluralRules };

/** Replaces Intl[name] with a subclass that counts how many are built; afterEach puts the real one back. */
function countBuilt(name: FormatterName): () => number {
  let built = 0;
  const Original = originals[name] as unknown as new (...args: unknown[]) => object;
  class Counted extends Original {
    constructor(...args: unknown[]) {
      super(...args);
      built++;
    }
  }
  (Intl as unknown as Record<FormatterName, unknown>)[name] = Counted;
  return () => built;
}

afterEach(() => {
  Object.assign(Intl, originals);
});

describe('shared Intl formatters', () => {
  it('a page of 50 rows builds one formatter per language and kind, not one per timestamp, number or plural', () => {
    const dates = countBuilt('DateTimeFormat');
    const numbers = countBuilt('NumberFormat');
    const plurals = countBuilt('PluralRules');
    const rows = Array.from({ length: 50 }, (_, i) => [formatTime(`2026-12-04T10:${String(i).padStart(2, '0')}:00Z`, 'de'), formatNumber(i * 1000, 'de'), counted('de', i, 'Lizenz', 'Lizenzen')]);

    expect(rows[1]).toEqual(['04.12.2026, 10:01 UTC', '1.000', '1 Lizenz']);
    expect(rows[12]).toEqual(['04.12.2026, 10:12 UTC', '12.000', '12 Lizenzen']);
    expect({ dates: dates(), numbers: numbers(), plurals: plurals() }).toEqual({ dates: 1, numbers: 1, plurals: 1 });
  });

  it('keeps at most MAX_INTL_FORMATTERS however many language tags plugins pass', () => {
    const options = { dateStyle: 'medium', timeZone: 'UTC' } as const;
    for (let i = 0; i < MAX_INTL_FORMATTERS * 3; i++) {
      dateTimeFormat(`en-x-tag${i}`, options);
      expect(sharedIntlFormatterCount()).toBeLessThanOrEqual(MAX_INTL_FORMATTERS);
    }
    expect(sharedIntlFormatterCount()).toBe(MAX_INTL_FORMATTERS);
  });

  it('drops the least recently used formatter first, so the languages in use stay built', () => {
    const options = { timeStyle: 'short', timeZone: 'UTC' } as const;
    const inUse = dateTimeFormat('fr', options);
    const dropped = dateTimeFormat('en-x-once', options);
    for (let i = 0; i < MAX_INTL_FORMATTERS * 2; i++) {
      dateTimeFormat(`en-x-other${i}`, options);
      expect(dateTimeFormat('fr', options)).toBe(inUse);
    }
    expect(dateTimeFormat('en-x-once', options)).not.toBe(dropped);
  });

  it('gives each set of options its own formatter', () => {
    const date = new Date('2026-12-04T10:05:30Z');
    expect(dateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(date)).toBe('Dec 4, 2026');
    expect(dateTimeFormat('en', { timeStyle: 'medium', timeZone: 'UTC' }).format(date)).toBe('10:05:30 AM');
  });
});
