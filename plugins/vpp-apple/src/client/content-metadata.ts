import { UpstreamError } from '@vpp-host/api';
import type { ContentLookupItem } from '../../api/apple-wire.js';
import type { ContentMetadata } from '../../api/client.js';

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
