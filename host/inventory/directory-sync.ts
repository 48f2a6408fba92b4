import type { Actor } from '../api/actor.js';
import type { AuditLog } from '../api/audit.js';
import type { ContributionProvider } from '../api/contributions.js';
import { DirectoryProvider, type ImportSummary, type Inventory } from '../api/inventory.js';
import type { Logger } from '../api/logger.js';

export type DirectorySyncResult =
  | { readonly provider: string; readonly pluginId: string; readonly displayName: string; readonly summary: ImportSummary }
  | { readonly provider: string; readonly pluginId: string; readonly displayName: string; readonly error: string };

/**
 * Imports what each bound directory provider holds now. One provider failing (unreachable, or a record the
 * inventory refuses) changes nothing of its own and does not stop the others.
 */
export class DirectorySync {
  constructor(
    private readonly inventory: Inventory,
    private readonly contributions: ContributionProvider,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  async syncAll(requestedBy: Actor): Promise<DirectorySyncResult[]> {
    const results: DirectorySyncResult[] = [];
    for (const { pluginId, contribution: provider } of this.contributions.get<DirectoryProvider>(DirectoryProvider)) {
      const who = { provider: provider.id, pluginId, displayName: provider.displayName };
      // The import is the provider's doing; the sync entry records who asked for it.
      const actor: Actor = { kind: 'plugin', id: pluginId, name: `${provider.displayName} (${provider.id})` };
      let result: DirectorySyncResult;
      try {
        result = { ...who, summary: await this.inventory.import(await provider.fetch(), actor) };
      } catch (error) {
        result = { ...who, error: error instanceof Error ? error.message : String(error) };
        this.logger.warn('A directory sync failed', { provider: provider.id, plugin: pluginId, error: result.error });
      }
      results.push(result);
      await this.audit.record({
        actor: requestedBy,
        action: 'inventory.sync',
        target: { type: 'directory-provider', id: provider.id, name: provider.displayName },
        details: 'summary' in result ? { pluginId, ...result.summary } : { pluginId, error: result.error },
      });
    }
    return results;
  }
}
