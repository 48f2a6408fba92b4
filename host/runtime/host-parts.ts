import type { HostPart } from './host-part.js';

/** The host's own parts, opened in this order before the plugins load and stopped in reverse after them. */
export const HOST_PARTS: readonly HostPart[] = [];
