/**
 * What an error (or a stored reason, see `Said`) says in the reader's language: the manifest message its `messageId` names (see `saying`), filled
 * with its params, in the language asked, or its English message when there is none in that language.
 */
export const Messages = Symbol.for('host.Messages');
export interface Messages {
  say(said: Said, language: string): string;
}

/**
 * Something said: its English message and, when it has one, the manifest message that says it in other languages
 * (a HostError is one; so is a stored reason, or one problem of many).
 */
export interface Said {
  readonly message: string;
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A value in a message's hole: text, a number, or something said itself (a problem, a list of problems) that is said in the same language. */
export type MessageParam = string | number | Said | readonly Said[];

/** A command result's `text` and `said` from one phrase: `{ data, ...saidAsText(phrase(english, id, params)) }`. */
export function saidAsText(said: Said): { readonly text: string; readonly said: Said } {
  return { text: said.message, said };
}

/** A phrase the host or a plugin says: English `message`, said in other languages through the manifest message `messageId`. */
export function phrase(message: string, messageId: string, params: Readonly<Record<string, MessageParam>> = {}): Said {
  return { message, messageId, params };
}

/** The language a request's `Accept-Language` asks for among those the product speaks (English for any other). */
export function acceptedLanguage(header: string | null | undefined): 'en' | 'nl' | 'fr' {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().split('-')[0];
    if (tag === 'en' || tag === 'nl' || tag === 'fr') return tag;
  }
  return 'en';
}
