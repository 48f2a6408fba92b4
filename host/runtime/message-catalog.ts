import type { MessageDeclaration } from '../api/manifest.js';
import type { MessageParam, Messages, Said } from '../api/messages.js';
import { fill } from '../api/panel-text.js';

/** The messages the host's and the running plugins' manifests declare, said in the language asked. */
export class MessageCatalog implements Messages {
  constructor(private readonly manifests: () => readonly { readonly contributes: { readonly messages: readonly MessageDeclaration[] } }[]) {}

  say(said: Said, language: string): string {
    if (!said.messageId || language === 'en') return said.message;
    for (const manifest of this.manifests()) {
      const declared = manifest.contributes.messages.find((m) => m.id === said.messageId);
      const text = declared?.texts?.[language as 'nl' | 'fr'];
      if (text) return fill(text, this.valuesOf(said.params ?? {}, language), language);
    }
    return said.message;
  }

  /** The holes' values: what is said itself (a problem, a list of them) in the same language. */
  private valuesOf(params: Readonly<Record<string, MessageParam>>, language: string): Record<string, string | number> {
    const value = (param: MessageParam): string | number => {
      if (typeof param === 'string' || typeof param === 'number') return param;
      // French puts a space before a semicolon, as before a colon.
      return Array.isArray(param) ? param.map((each: Said) => this.say(each, language)).join(language === 'fr' ? ' ; ' : '; ') : this.say(param as Said, language);
    };
    return Object.fromEntries(Object.entries(params).map(([key, param]) => [key, value(param)]));
  }
}
