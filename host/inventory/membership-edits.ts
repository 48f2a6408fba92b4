import type { Actor } from '../api/actor.js';
import type { ContributionProvider } from '../api/contributions.js';
import { InventoryChangeConsequences, type MembershipEdit, type PluginConsequences } from '../api/inventory-previews.js';
import { phrase, type Said } from '../api/messages.js';
import type { InventoryService } from './inventory-service.js';
import { kindPhrase } from '../api/inventory.js';

/** A membership edit previewed or made, with what it does in each plugin it affects. */
export interface MembershipEditResult {
  readonly preview: boolean;
  readonly edit: MembershipEdit;
  /** Joining a group one is in already: nothing happens. */
  readonly unchanged: boolean;
  readonly consequences: readonly PluginConsequences[];
}

/**
 * Adding and removing group members with their consequences: a preview asks every plugin what the edit would do
 * (checked first as the edit itself would be), and the edit reports what each plugin then did.
 */
export class MembershipEdits {
  constructor(
    private readonly inventory: InventoryService,
    private readonly plugins: ContributionProvider,
  ) {}

  /** `language`: the language the plugins' sentences are written in. */
  preview(edit: MembershipEdit, language = 'en'): MembershipEditResult {
    const unchanged = this.inventory.checkMembership(edit);
    const consequences = unchanged ? [] : this.ask((c) => c.previewMembership(edit, language));
    return { preview: true, edit, unchanged, consequences };
  }

  async make(edit: MembershipEdit, actor: Actor, language = 'en'): Promise<MembershipEditResult> {
    const unchanged = this.inventory.checkMembership(edit);
    if (edit.change === 'joined') await this.inventory.addMember(edit.groupKind, edit.groupId, edit.memberId, actor);
    else await this.inventory.removeMember(edit.groupKind, edit.groupId, edit.memberId, actor);
    if (unchanged) return { preview: false, edit, unchanged, consequences: [] };
    const told = await Promise.all(
      this.plugins.get<InventoryChangeConsequences>(InventoryChangeConsequences).map(async ({ pluginId, contribution }) => {
        const said = await contribution.membershipChanged(edit, language);
        return said ? { pluginId, ...said } : undefined;
      }),
    );
    return { preview: false, edit, unchanged, consequences: told.filter((c): c is PluginConsequences => c !== undefined) };
  }

  private ask(question: (contribution: InventoryChangeConsequences) => PluginConsequences | Omit<PluginConsequences, 'pluginId'> | undefined): PluginConsequences[] {
    const answers: PluginConsequences[] = [];
    for (const { pluginId, contribution } of this.plugins.get<InventoryChangeConsequences>(InventoryChangeConsequences)) {
      const said = question(contribution);
      if (said) answers.push({ ...said, pluginId });
    }
    return answers;
  }
}

/** The result as scripts read it (REST, `--json`): without the panel's page parts. */
export function scriptView(result: MembershipEditResult): MembershipEditResult {
  return { ...result, consequences: result.consequences.map(({ html: _html, ...rest }) => rest) };
}

/**
 * The edit and its consequences in sentences, for the CLI: the edit as a message, then each plugin's consequences
 * as it said them (in the language the edit was previewed or made in).
 */
export function membershipEditText(result: MembershipEditResult): Said {
  const { edit } = result;
  const params = { member: edit.memberId, group: edit.groupId, kind: kindPhrase(edit.groupKind) };
  const [english, id] = result.preview
    ? [`Preview, nothing was changed: ${edit.memberId} would ${edit.change === 'joined' ? 'join' : 'leave'} ${edit.groupKind.replace('-', ' ')} ${edit.groupId}.`, `host.membership.would-${edit.change === 'joined' ? 'join' : 'leave'}`]
    : [`${edit.memberId} ${edit.change === 'joined' ? 'joined' : 'left'} ${edit.groupKind.replace('-', ' ')} ${edit.groupId}.`, `host.membership.${edit.change}`];
  const head = phrase(english, id, params);
  const rest = result.unchanged
    ? phrase(' It is a member already: nothing changes.', 'host.membership.unchanged')
    : result.consequences.map((c) => `\n${c.pluginId}: ${c.summary}`).join('');
  const restText = typeof rest === 'string' ? rest : rest.message;
  return phrase(`${english}${restText}`, 'host.membership.result', { head, rest });
}
