import type { Page } from 'playwright-core';

/**
 * English words that are neither Dutch nor French words a panel would show: a Dutch or French page holding one still
 * speaks English somewhere. Words the three languages share (status, token, plugin, app, details, total, message,
 * invitation, licence, queue, page) and English words that are also Dutch or French ones (of, was, had, over, even,
 * want, but, or, on, as, sent) are left out, so a finding is always English.
 */
const ENGLISH = new Set(
  `the and with from this that these those have has been were will would should could which there their your you not
  are into when what who whom how yet than them they for to at by no none all any each every only after before about
  already because can cannot does doesn don here its more new now other our some such then too until very we where
  while why without nothing nobody anyone someone something just also once back next previous first last show hide
  save cancel delete remove add edit search filter sign signed settings users user devices device groups group
  license licenses assigned assignment assignments waiting enrolled error failed pending yes name email location
  locations policy catalog book books synced activity help home members member owner holder holders queued revoke
  revoked invite invited send retry days day hours ago never today yesterday available used free confirm language
  languages account accounts created updated changed added removed unknown required must given between
  managed items item`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The lines of `text` that hold an English word, each with the words found: `waiting: 3 waiting`. Codes joined by
 * dots or hyphens (`vpp.token.add`, `all-users`, `back-up`) are identifiers or compounds, not English prose.
 */
export function englishIn(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .flatMap((line) => {
      const tokens = line.match(/[\p{L}\d]+(?:[-._@][\p{L}\d]+)*/gu) ?? [];
      const words = [...new Set(tokens.map((word) => word.toLowerCase()).filter((word) => ENGLISH.has(word)))];
      return words.length > 0 ? [`${words.join(', ')}: ${line.slice(0, 160)}`] : [];
    });
}

/** A link the walk follows once per kind: the same page, whatever its page number, sort or search. */
export interface WalkLink {
  readonly address: string;
  readonly kind: string;
}

/** Query parameters that change which rows a page shows, not its words. */
const SAME_WORDS_WHATEVER_VALUE = new Set(['page', 'sort', 'dir', 'search', 'waitingPage', 'queuePage']);

/** The panel's own pages among `hrefs`: same origin, no sign-out, no API, no download. */
export function linksToWalk(hrefs: readonly string[], base: string): WalkLink[] {
  return hrefs.flatMap((href) => {
    const url = new URL(href);
    if (url.origin !== new URL(base).origin || url.pathname.startsWith('/api/') || url.pathname === '/logout' || /\.(csv|json|png|svg)$/.test(url.pathname)) return [];
    const kind = [...url.searchParams].map(([key, value]) => (SAME_WORDS_WHATEVER_VALUE.has(key) ? key : `${key}=${value}`)).sort().join('&');
    return [{ address: `${url.pathname}${url.search}`, kind: `${url.pathname}?${kind}` }];
  });
}

/** What a reader sees or hears: the text, the page's title and the words held in attributes. */
export function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[title], [placeholder], [aria-label], [alt], input[type="submit"][value]')].flatMap((element) =>
      ['title', 'placeholder', 'aria-label', 'alt', 'value'].map((name) => (name === 'value' && element.getAttribute('type') !== 'submit' ? null : element.getAttribute(name))).filter((value): value is string => !!value),
    );
    // Code (ids, keys, audit codes) is the same in every language: it is left out of what is read.
    const codes = [...document.querySelectorAll('code')];
    for (const code of codes) code.style.display = 'none';
    const prose = document.body.innerText;
    for (const code of codes) code.style.display = '';
    return [document.title, prose, ...attributes].join('\n');
  });
}
