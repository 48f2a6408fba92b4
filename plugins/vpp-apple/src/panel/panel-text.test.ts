// Counts in the panel's three languages: singular and plural as each language's grammar takes them.
import { describe, expect, it } from 'vitest';
import { counted, fill } from '@vpp-host/api';
import { enrolmentText } from '../invitations/enrolment-text.js';
import { vppText } from './panel-text.js';

describe('counted', () => {
  it('takes the singular for one and the plural otherwise in English and Dutch', () => {
    expect([0, 1, 2].map((n) => counted('en', n, 'license', 'licenses'))).toEqual(['0 licenses', '1 license', '2 licenses']);
    expect([0, 1, 2].map((n) => counted('nl', n, 'licentie', 'licenties'))).toEqual(['0 licenties', '1 licentie', '2 licenties']);
  });

  it('takes the singular for 0 and 1 in French', () => {
    expect([0, 1, 2].map((n) => counted('fr', n, 'licence', 'licences'))).toEqual(['0 licence', '1 licence', '2 licences']);
  });

  it('writes the number the language’s way, and follows English rules in a language the panel does not speak', () => {
    expect(counted('en', 1500, 'license', 'licenses')).toBe('1,500 licenses');
    expect(counted('nl', 1500, 'licentie', 'licenties')).toBe('1.500 licenties');
    expect(counted('zz-unknown', 1, 'license', 'licenses')).toBe('1 license');
  });
});

describe('fill', () => {
  it('fills counted holes in the language asked, and plain holes as they are', () => {
    expect(fill('{count:license|licenses} revoked; {available} of {total}', { count: 1, available: 0, total: 3 }, 'en')).toBe('1 license revoked; 0 of 3');
    expect(fill('{missing:a|b} {name}', { name: 'x' })).toBe('{missing:a|b} x');
  });

  it('writes a stored timestamp as the language writes dates, and leaves other text alone', () => {
    const values = { date: '2027-12-05T14:12:33.000Z', id: '2027-12-05' };
    expect(fill('{date} ({id})', values, 'en')).toBe('Dec 5, 2027, 2:12 PM UTC (2027-12-05)');
    expect(fill('{date}', values, 'nl')).toBe('5 dec 2027, 14:12 UTC');
    expect(fill('{date}', values, 'fr')).toBe('5 déc. 2027, 14:12 UTC');
  });

  it('says the panel’s counts right in every language', () => {
    expect(fill(vppText('en').revokedCount, { count: 1, available: 0, total: 3 }, 'en')).toBe('1 license revoked; 0 of 3 now available');
    expect(fill(vppText('nl').revokedCount, { count: 1, available: 0, total: 3 }, 'nl')).toBe('1 licentie ingetrokken; nu 0 van 3 beschikbaar');
    expect(fill(vppText('fr').revokedCount, { count: 2, available: 0, total: 3 }, 'fr')).toBe('2 licences révoquées ; 0 sur 3 désormais disponibles');
    expect(fill(vppText('fr').assignmentCreated, { licensed: 1, queued: 0, awaiting: 0, delivered: 0 }, 'fr')).toBe(
      'Affecté : 1 licence demandée, 0 en attente, 0 en attente d’inscription, 0 livré sans licence',
    );
    expect(fill(vppText('en').synced, { name: 'Riverside', assets: 1, users: 0 }, 'en')).toBe('"Riverside" synced: 1 app or book, 0 users');
  });

  it('counts invitations right in every language', () => {
    expect(enrolmentText('en').sent(1, 0, 0)).toBe('1 invitation mail queued.');
    expect(enrolmentText('en').sent(5, 2, 1)).toBe('5 invitation mails queued, 2 Managed Apple IDs enrolled, 1 skipped.');
    expect(enrolmentText('nl').sent(1, 1, 0)).toBe('1 uitnodiging in de wachtrij, 1 beheerde Apple ID ingeschreven.');
    expect(enrolmentText('nl').sent(3, 2, 0)).toBe("3 uitnodigingen in de wachtrij, 2 beheerde Apple ID's ingeschreven.");
    expect(enrolmentText('fr').sent(2, 1, 2)).toBe('2 invitations en file d’attente, 1 identifiant Apple géré inscrit, 2 ignorés.');
  });
});

describe('panelTexts', () => {
  it('gives the language asked, and English for any other, also for names objects inherit', () => {
    expect(vppText('nl').catalog).toBe('Catalogus');
    for (const language of ['de', '', 'constructor', '__proto__', 'toString']) expect(vppText(language)).toBe(vppText('en'));
    expect(vppText('en').catalog).toBe('Catalog');
  });
});
