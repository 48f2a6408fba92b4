import { acceptedLanguage, type Said } from '../api/messages.js';
import { HOST_MESSAGES } from '../runtime/host-messages.js';
import { MessageCatalog } from '../runtime/message-catalog.js';
import type { GlobalFlags } from './global-flags.js';

/** The host's own messages, for what the CLI says itself: a refusal before the host is asked, the words around the host's. */
const LOCAL_MESSAGES = new MessageCatalog(() => [{ contributes: { messages: HOST_MESSAGES } }]);

/** The reader's language: `--lang`, else LANG ("nl_BE.UTF-8" gives "nl-BE"); none for C and POSIX. */
export function readerLanguage(flags: GlobalFlags, env: NodeJS.ProcessEnv): string | undefined {
  const language = (flags.lang ?? env.LANG)?.split('.')[0]?.replace('_', '-');
  return language && language !== 'C' && language !== 'POSIX' ? language : undefined;
}

/** `said` in the reader's language (a tag such as "nl-BE"); English without one. */
export function sayLocally(said: Said, language: string | undefined): string {
  return LOCAL_MESSAGES.say(said, acceptedLanguage(language));
}
