import type { HostError } from '../api/errors.js';
import type { PluginManifest } from '../api/manifest.js';
import type { Messages } from '../api/messages.js';
import { fill } from '../api/panel-text.js';

/** The messages the host's and the running plugins' manifests declare, said in the language asked. */
export class MessageCatalog implements Messages {
  constructor(private readonly manifests: () => readonly PluginManifest[]) {}

  say(error: HostError, language: string): string {
    if (!error.messageId || language === 'en') return error.message;
    for (const manifest of this.manifests()) {
      const declared = manifest.contributes.messages.find((m) => m.id === error.messageId);
      const text = declared?.texts?.[language as 'nl' | 'fr'];
      if (text) return fill(text, error.params ?? {}, language);
    }
    return error.message;
  }
}
