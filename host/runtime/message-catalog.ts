import type { PluginManifest } from '../api/manifest.js';
import type { Messages, Said } from '../api/messages.js';
import { fill } from '../api/panel-text.js';

/** The messages the host's and the running plugins' manifests declare, said in the language asked. */
export class MessageCatalog implements Messages {
  constructor(private readonly manifests: () => readonly PluginManifest[]) {}

  say(said: Said, language: string): string {
    if (!said.messageId || language === 'en') return said.message;
    for (const manifest of this.manifests()) {
      const declared = manifest.contributes.messages.find((m) => m.id === said.messageId);
      const text = declared?.texts?.[language as 'nl' | 'fr'];
      if (text) return fill(text, said.params ?? {}, language);
    }
    return said.message;
  }
}
