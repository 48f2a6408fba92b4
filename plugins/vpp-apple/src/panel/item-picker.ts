import { BadInputError, fill } from '@vpp-host/api';
import type { CatalogItem } from '../distribution/model.js';
import type { VppText } from './panel-text.js';

/**
 * The catalog as the assign form offers it: each item by its name and location ("Clips · Northside"), never by an
 * internal id, and what an admin picked or typed turned into the item meant.
 */
export class ItemPicker {
  private readonly byLabel = new Map<string, CatalogItem>();

  constructor(
    private readonly items: readonly CatalogItem[],
    locationName: (tokenId: string) => string,
    inHouse: string,
  ) {
    for (const item of items) {
      const base = `${item.name} · ${item.vpp ? locationName(item.vpp.tokenId) : inHouse}`;
      // The same name twice at one location: the adamId tells them apart.
      const label = this.byLabel.has(base) && item.vpp ? `${base} (${item.vpp.adamId})` : base;
      this.byLabel.set(label, item);
    }
  }

  labels(limit: number): string[] {
    return [...this.byLabel.keys()].sort((a, b) => a.localeCompare(b)).slice(0, limit);
  }

  /** The label the form shows for an item. */
  labelOf(itemId: string): string | undefined {
    for (const [label, item] of this.byLabel) if (item.id === itemId) return label;
    return undefined;
  }

  /**
   * The item id a picked label names; a name typed by hand that is at several locations is refused with the labels
   * to pick from (in the location chosen, if one is); anything else goes on as typed (a name, an adamId, a bundle id).
   */
  resolve(typed: string, text: VppText, tokenId?: string): string {
    const value = typed.trim();
    const picked = this.byLabel.get(value);
    if (picked) return picked.id;
    const named = this.items.filter((item) => item.name === value && (!tokenId || !item.vpp || item.vpp.tokenId === tokenId));
    if (named.length > 1) {
      const candidates = named.map((item) => `"${this.labelOf(item.id)}"`).sort((a, b) => a.localeCompare(b)).join(', ');
      throw new BadInputError(fill(text.ambiguousItem, { name: value.slice(0, 100), candidates }));
    }
    return value;
  }
}
