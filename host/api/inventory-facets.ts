import type { SafeHtml } from './html.js';
import type { Device, DeviceGroup, User, UserGroup } from './inventory.js';
import type { ViewRequest } from './views.js';

/** The inventory pages a facet can add to. */
export type InventoryKind = 'user' | 'user-group' | 'device' | 'device-group';

export interface InventoryRecordOf {
  readonly user: User;
  readonly 'user-group': UserGroup;
  readonly device: Device;
  readonly 'device-group': DeviceGroup;
}
export type InventoryRecord = InventoryRecordOf[InventoryKind];

/** One short table cell: markup made with `html`, or plain text (escaped by the panel). Undefined leaves it empty. */
export type FacetCell = SafeHtml | string | undefined;

/**
 * Lets a plugin show its own facts on the host's inventory pages (users, user groups, devices, device groups):
 * an extra column on the list pages and a section on a record's page. vpp-apple, for instance, shows enrolment
 * state, licenses and assignments this way. Bind it like any contribution (`bind(InventoryFacetContribution)
 * .toService(MyFacet)`); the panel collects every running plugin's facets through the ContributionProvider.
 */
export const InventoryFacetContribution = Symbol.for('host.InventoryFacetContribution');
export interface InventoryFacetContribution {
  /** Stable id, unique within the plugin. */
  readonly id: string;
  /** The column and section heading in English. */
  readonly title: string;
  /** Headings in other languages, by language code ("nl", "fr"). */
  readonly titles?: Readonly<Record<string, string>>;
  /** The pages this facet appears on. */
  readonly kinds: readonly InventoryKind[];
  /**
   * One cell per listed record, in the order given. Called once per rendered page (at most a few hundred records),
   * so a facet answers from its in-memory indexes instead of a lookup per row.
   */
  cells?<K extends InventoryKind>(kind: K, records: readonly InventoryRecordOf[K][], language: string): readonly FacetCell[] | Promise<readonly FacetCell[]>;
  /**
   * A section on the record's own page; undefined shows nothing. Forms in it may post to the plugin's own views
   * (with `request.csrfToken`).
   */
  section?(kind: InventoryKind, id: string, request: ViewRequest): Promise<SafeHtml | undefined>;
}

/** The facet's heading in the panel language. */
export function facetTitle(facet: Pick<InventoryFacetContribution, 'title' | 'titles'>, language: string): string {
  return facet.titles?.[language] ?? facet.title;
}
