import { counted, formatNumber } from '@vpp-host/api';
import type { AccountList, LicenseAccount } from '../../api/index.js';

type Lists = 'granted' | 'served' | 'queued' | 'released' | 'skipped' | 'awaitingEnrolment' | 'appRemoved' | 'irreversible';
const LISTS: readonly Lists[] = ['granted', 'served', 'queued', 'released', 'skipped', 'awaitingEnrolment', 'appRemoved', 'irreversible'];

interface SentenceWords {
  readonly head: string;
  readonly none: string;
  readonly firstListed: string;
  readonly lists: Readonly<Record<Lists, (count: number) => string>>;
}

const n = (language: string, count: number) => formatNumber(count, language);

/** How an account reads in one sentence, per language: as a preview (what would happen) and as done. */
const WORDS: Readonly<Record<'en' | 'nl' | 'fr', { readonly preview: SentenceWords; readonly done: SentenceWords }>> = {
  en: {
    preview: {
      head: 'Preview, nothing was changed: ',
      none: 'no license would move',
      firstListed: ' (the first 100 of each are listed)',
      lists: {
        granted: (c) => `${n('en', c)} would get a license`,
        served: (c) => `${n('en', c)} would be served from the queue`,
        queued: (c) => `${n('en', c)} would wait in the queue`,
        released: (c) => `${n('en', c)} would lose a license`,
        skipped: (c) => `${n('en', c)} would be passed over`,
        awaitingEnrolment: (c) => `${n('en', c)} would wait to enrol`,
        appRemoved: (c) => `${n('en', c)} would have the app removed`,
        irreversible: (c) => `${counted('en', c, 'book license', 'book licenses')} cannot be taken back once given`,
      },
    },
    done: {
      head: '',
      none: 'no license moved',
      firstListed: ' (the first 100 of each are listed)',
      lists: {
        granted: (c) => `${n('en', c)} got a license`,
        served: (c) => `${n('en', c)} ${c === 1 ? 'was' : 'were'} served from the queue`,
        queued: (c) => `${n('en', c)} wait in the queue`,
        released: (c) => `${n('en', c)} lost a license`,
        skipped: (c) => `${n('en', c)} ${c === 1 ? 'was' : 'were'} passed over`,
        awaitingEnrolment: (c) => `${n('en', c)} wait to enrol`,
        appRemoved: (c) => `${n('en', c)} had the app removed`,
        irreversible: (c) => `${counted('en', c, 'book license', 'book licenses')} cannot be taken back once given`,
      },
    },
  },
  nl: {
    preview: {
      head: 'Voorbeeld, er is niets gewijzigd: ',
      none: 'er zou geen licentie verschuiven',
      firstListed: ' (de eerste 100 van elk staan in de lijst)',
      lists: dutch(),
    },
    done: { head: '', none: 'er verschoof geen licentie', firstListed: ' (de eerste 100 van elk staan in de lijst)', lists: dutch() },
  },
  fr: {
    preview: {
      head: 'Aperçu, rien n’a changé : ',
      none: 'aucune licence ne bougerait',
      firstListed: ' (les 100 premiers de chaque liste sont listés)',
      lists: french(),
    },
    done: { head: '', none: 'aucune licence n’a bougé', firstListed: ' (les 100 premiers de chaque liste sont listés)', lists: french() },
  },
};

/** Dutch and French read the same as a preview and as done: the heading says which. */
function dutch(): SentenceWords['lists'] {
  return {
    granted: (c) => counted('nl', c, 'nieuwe licentie', 'nieuwe licenties'),
    served: (c) => counted('nl', c, 'houder uit de wachtrij bediend', 'houders uit de wachtrij bediend'),
    queued: (c) => counted('nl', c, 'houder in de wachtrij', 'houders in de wachtrij'),
    released: (c) => counted('nl', c, 'licentie teruggenomen', 'licenties teruggenomen'),
    skipped: (c) => counted('nl', c, 'houder overgeslagen', 'houders overgeslagen'),
    awaitingEnrolment: (c) => counted('nl', c, 'gebruiker die nog moet inschrijven', 'gebruikers die nog moeten inschrijven'),
    appRemoved: (c) => counted('nl', c, 'app verwijderd', 'apps verwijderd'),
    irreversible: (c) => counted('nl', c, 'boeklicentie die niet terug te nemen is', 'boeklicenties die niet terug te nemen zijn'),
  };
}

function french(): SentenceWords['lists'] {
  return {
    granted: (c) => counted('fr', c, 'nouvelle licence', 'nouvelles licences'),
    served: (c) => counted('fr', c, 'détenteur servi depuis la file', 'détenteurs servis depuis la file'),
    queued: (c) => counted('fr', c, 'détenteur en file d’attente', 'détenteurs en file d’attente'),
    released: (c) => counted('fr', c, 'licence reprise', 'licences reprises'),
    skipped: (c) => counted('fr', c, 'détenteur écarté', 'détenteurs écartés'),
    awaitingEnrolment: (c) => counted('fr', c, 'utilisateur à inscrire', 'utilisateurs à inscrire'),
    appRemoved: (c) => counted('fr', c, 'app supprimée', 'apps supprimées'),
    irreversible: (c) => counted('fr', c, 'licence de livre irréversible', 'licences de livre irréversibles'),
  };
}

/** The account in one sentence in the reader's language (English for any other); a preview says nothing changed. */
export function accountSentence(account: LicenseAccount, language: string): string {
  const words = (WORDS[language as keyof typeof WORDS] ?? WORDS.en)[account.preview ? 'preview' : 'done'];
  const parts = LISTS.filter((key) => account[key].total > 0).map((key) => words.lists[key](account[key].total));
  const truncated = LISTS.some((key) => isTruncated(account[key]));
  const sentence = `${words.head}${parts.length > 0 ? parts.join(', ') : words.none}${truncated ? words.firstListed : ''}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function isTruncated(list: AccountList<unknown>): boolean {
  return list.total > list.lines.length;
}
