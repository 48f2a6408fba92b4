import { UpstreamError } from '@vpp-host/api';
import type { ContentLookupItem } from './wire.js';

/** What the store says about an app or book: the names Apple's asset listings lack. */
export interface ContentMetadata {
  readonly adamId: string;
  readonly name: string;
  readonly artistName?: string;
  /** The store's kind, e.g. `software`, `mac-software`, `ebook`. */
  readonly kind?: string;
  readonly bundleId?: string;
  readonly artworkUrl?: string;
}

export interface MetadataLookupOptions {
  /** The storefront's country (ISO 3166 alpha-2); by default the location's `countryISO2ACode`. */
  readonly country?: string;
  /** The language of the names, e.g. `en` or `nl`; `en` by default. */
  readonly language?: string;
  /** `volumestore` or `enterprisestore`; by default the location's `defaultPlatform`. */
  readonly platform?: string;
}

/**
 * The content metadata lookup failed. Kept apart from AppleApiError on purpose: the lookup is another Apple service
 * whose refusals say nothing certain about the location token's health.
 */
export class MetadataLookupError extends UpstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

const ARTWORK_SIZE = 512;

/** The item as the product keeps it, or undefined when the store sent no usable name. */
export function toContentMetadata(adamId: string, item: ContentLookupItem): ContentMetadata | undefined {
  const name = typeof item.name === 'string' ? item.name.trim() : '';
  if (name === '') return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const artistName = text(item.artistName);
  const kind = text(item.kind);
  const bundleId = text(item.bundleId);
  const artworkUrl = item.artwork ? artworkAt(item.artwork.url) : undefined;
  return {
    adamId,
    name,
    ...(artistName ? { artistName } : {}),
    ...(kind ? { kind } : {}),
    ...(bundleId ? { bundleId } : {}),
    ...(artworkUrl ? { artworkUrl } : {}),
  };
}

/** The store's artwork URL is a template (`…/{w}x{h}{c}.{f}`); this fills in a square PNG. */
function artworkAt(template: unknown): string | undefined {
  if (typeof template !== 'string' || !/^https?:\/\//.test(template)) return undefined;
  return template.replace('{w}', String(ARTWORK_SIZE)).replace('{h}', String(ARTWORK_SIZE)).replace('{c}', 'bb').replace('{f}', 'png');
}
