import { inject, injectable, phrase } from '@vpp-host/api';
import { CatalogReader, TokenService, type SyncProgress } from '../../api/index.js';
import { saidAsLabel } from '../said-text.js';
import { reportOf, type TokenSyncReport } from './sync-report.js';
import { SyncServiceImpl } from './sync-service.js';

/** Syncs one token or all of them in turn; one failing location does not stop the others. */
@injectable()
export class SyncAll {
  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncServiceImpl) private readonly sync: SyncServiceImpl,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
  ) {}

  /** With `idOrName`, that token's failure is thrown; without it, failures are reported per token. */
  async run(idOrName: string | undefined, onProgress?: (progress: SyncProgress) => void): Promise<TokenSyncReport[]> {
    const selected = idOrName !== undefined ? [this.tokens.require(idOrName)] : this.tokens.list();
    const reports: TokenSyncReport[] = [];
    for (const token of selected) {
      const progress = onProgress && ((p: SyncProgress) => onProgress({ ...p, ...saidAsLabel(phrase(`${token.name}: ${p.label}`, 'vpp.sync.progress.of-token', { token: token.name, step: p.said ?? p.label })) }));
      try {
        const summary = await this.sync.sync(token.id, progress ? { onProgress: progress } : {});
        reports.push(reportOf(token, this.catalog, { summary }));
      } catch (error) {
        if (idOrName !== undefined) throw error;
        reports.push(reportOf(token, this.catalog, { reason: error instanceof Error ? error.message : String(error) }));
      }
    }
    return reports;
  }
}
