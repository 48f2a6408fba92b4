// The one sentence of a license account, in each panel language, as a preview and as done.
import { describe, expect, it } from 'vitest';
import type { AccountLine, AccountList, LicenseAccount } from '../../api/index.js';
import { accountSentence } from './account-sentence.js';

const line: AccountLine = { holder: { kind: 'device', id: 'd1', name: 'iPad' }, item: { id: 'i', name: 'Clips' } };
const list = <T>(total: number, extra: object = {}): AccountList<T> => ({ total, lines: Array.from({ length: Math.min(total, 100) }, () => ({ ...line, ...extra }) as T) });

function account(preview: boolean, counts: Partial<Record<'granted' | 'served' | 'released' | 'queued', number>>): LicenseAccount {
  return {
    preview,
    granted: list(counts.granted ?? 0),
    served: list(counts.served ?? 0, { waitingSince: '2026-01-01T00:00:00Z' }),
    queued: list(counts.queued ?? 0, { position: 1 }),
    released: list(counts.released ?? 0, { cause: 'left-target' }),
    skipped: list(0),
    awaitingEnrolment: list(0),
    appRemoved: list(0),
    irreversible: list(0),
  };
}

describe('accountSentence', () => {
  it('says a preview and a change in English, Dutch and French, counting each list', () => {
    const moved = { released: 1, served: 1 };
    expect(accountSentence(account(true, moved), 'en')).toBe('Preview, nothing was changed: 1 would be served from the queue, 1 would lose a license.');
    expect(accountSentence(account(false, moved), 'en')).toBe('1 was served from the queue, 1 lost a license.');
    expect(accountSentence(account(true, moved), 'nl')).toBe('Voorbeeld, er is niets gewijzigd: 1 houder uit de wachtrij bediend, 1 licentie teruggenomen.');
    expect(accountSentence(account(false, { granted: 2 }), 'fr')).toBe('2 nouvelles licences.');
    expect(accountSentence(account(false, {}), 'fr')).toBe('Aucune licence n’a bougé.');
    expect(accountSentence(account(false, {}), 'en')).toBe('No license moved.');
  });

  it('says when a list is longer than the lines it carries, and writes numbers the language’s way', () => {
    expect(accountSentence(account(true, { queued: 1500 }), 'nl')).toBe('Voorbeeld, er is niets gewijzigd: 1.500 houders in de wachtrij (de eerste 100 van elk staan in de lijst).');
  });
});
