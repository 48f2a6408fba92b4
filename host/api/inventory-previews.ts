import type { SafeHtml } from './html.js';
import type { MembershipChange } from './inventory.js';

/** A group gaining or losing a member, as asked before or made. */
export type MembershipEdit = Omit<MembershipChange, 'at'>;

/**
 * What a plugin says an inventory change does in its domain: one sentence for people (in the language asked), its
 * own detail for scripts, and for the panel, optionally, the detail as a page part in that language.
 */
export interface ChangeConsequences {
  readonly summary: string;
  readonly details: unknown;
  readonly html?: SafeHtml;
}

/**
 * What inventory changes do beyond the inventory (licenses moved, mail sent), told by the plugins they affect. The
 * inventory's routes and commands ask every contribution before a change (`?dryRun=true`, `--dry-run`) and report
 * what each did after it, keyed by plugin id.
 */
export const InventoryChangeConsequences = Symbol.for('host.InventoryChangeConsequences');
export interface InventoryChangeConsequences {
  /** What the membership change would do; nothing is changed. Undefined: nothing of this plugin depends on it. */
  previewMembership(edit: MembershipEdit, language: string): ChangeConsequences | undefined;
  /** What the membership change, just made, did once the plugin has decided its reaction; undefined as above. */
  membershipChanged(edit: MembershipEdit, language: string): Promise<ChangeConsequences | undefined>;
}

/** One plugin's consequences of an inventory change. */
export interface PluginConsequences extends ChangeConsequences {
  readonly pluginId: string;
}
