import { AppleErrorNumber as N } from '../client/error-numbers.js';
import type { ContentLookupItem, ContentLookupResponse, Platform, ProductType } from '../../api/apple-wire.js';
import { SimulatedAppleError } from './simulated-error.js';

export const APPLE_CONTENT_LOOKUP_PATH = '/WebObjects/MZStorePlatform.woa/wa/lookup';
export const APPLE_CONTENT_LOOKUP_URL = `https://uclient-api.itunes.apple.com${APPLE_CONTENT_LOOKUP_PATH}`;
/** adamIds one lookup request may name; Apple publishes no limit, so the simulator holds clients to the product's. */
export const MAX_LOOKUP_IDS = 100;

/** What the store shows for an app or book, whichever location owns licenses for it. */
export interface StoreEntry {
  readonly adamId: string;
  readonly name: string;
  readonly productType: ProductType;
  readonly supportedPlatforms: readonly Platform[];
  readonly bundleId?: string;
  readonly artistName?: string;
}

/** The store's side of the simulated world: the content metadata lookup answers from it. */
export class StoreCatalogue {
  private readonly entries = new Map<string, StoreEntry>();

  put(entry: StoreEntry): void {
    this.entries.set(entry.adamId, entry);
  }

  all(): StoreEntry[] {
    return [...this.entries.values()];
  }

  rename(adamId: string, name: string): void {
    const entry = this.entries.get(adamId);
    if (!entry) throw new Error(`The store has no item ${adamId}`);
    this.entries.set(adamId, { ...entry, name });
  }

  /** `?id=1,2,3` (at most MAX_LOOKUP_IDS); ids the store does not know are left out of `results`. */
  lookup(params: URLSearchParams): ContentLookupResponse {
    const ids = (params.get('id') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
    if (ids.length === 0 || ids.length > MAX_LOOKUP_IDS) throw new SimulatedAppleError(N.InvalidArgument);
    const results: Record<string, ContentLookupItem> = {};
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) results[id] = toLookupItem(entry);
    }
    return { results };
  }
}

function toLookupItem(entry: StoreEntry): ContentLookupItem {
  const macOnly = entry.supportedPlatforms.length > 0 && entry.supportedPlatforms.every((p) => p === 'macOS');
  return {
    id: entry.adamId,
    name: entry.name,
    kind: entry.productType === 'Book' ? 'ebook' : macOnly ? 'mac-software' : 'software',
    ...(entry.artistName !== undefined ? { artistName: entry.artistName } : {}),
    ...(entry.bundleId !== undefined ? { bundleId: entry.bundleId } : {}),
    artwork: { url: `https://is1-ssl.mzstatic.com/image/thumb/${entry.adamId}/artwork.png/{w}x{h}{c}.{f}`, width: 1024, height: 1024 },
  };
}

/** The `itvt` cookie's value (the location's sToken), or undefined. */
export function itvtCookie(header: string | null): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === 'itvt') return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
