import { HostError } from '../api/errors.js';
import { acceptedLanguage, type Said } from '../api/messages.js';
import { errorMessage } from '../runtime/scheduler.js';
import { StorageUnavailableError } from '../storage/storage-engine.js';
import { HOST_MESSAGES } from '../runtime/host-messages.js';
import { MessageCatalog } from '../runtime/message-catalog.js';

/** The host's own messages, for what the CLI says itself: a refusal before the host is asked, the words around the host's. */
const LOCAL_MESSAGES = new MessageCatalog(() => [{ contributes: { messages: HOST_MESSAGES } }]);

/** The reader's language: `--lang`, else LANG ("nl_BE.UTF-8" gives "nl-BE"); none for C and POSIX. */
export function readerLanguage(flags: { readonly lang?: string | undefined }, env: NodeJS.ProcessEnv): string | undefined {
  const language = (flags.lang ?? env.LANG)?.split('.')[0]?.replace('_', '-');
  return language && language !== 'C' && language !== 'POSIX' ? language : undefined;
}

/** The reader's language from a command line not parsed yet (or refused): its `--lang`, else LANG. */
export function languageIn(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const at = argv.findIndex((token) => token === '--lang' || token.startsWith('--lang='));
  const lang = at < 0 ? undefined : argv[at]!.startsWith('--lang=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
  return readerLanguage({ lang }, env);
}

/** `said` in the reader's language (a tag such as "nl-BE"); English without one. */
export function sayLocally(said: Said, language: string | undefined): string {
  return LOCAL_MESSAGES.say(said, acceptedLanguage(language));
}

/** Why something failed, as a message when the error says it as one (a storage or host refusal), else its text. */
export function reasonOf(error: unknown): Said | string {
  if (error instanceof StorageUnavailableError) return error.said;
  if (error instanceof HostError && error.messageId) return error;
  return errorMessage(error);
}
