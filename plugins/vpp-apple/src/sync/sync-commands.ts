import { inject, injectable, phrase, saidAsText, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { SyncAll } from './sync-all.js';
import { reportRow, SYNC_COLUMNS } from './sync-report.js';

/** `vpp-host sync [--token NAME]`, with a progress bar. */
@injectable()
export class SyncCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(SyncAll) syncAll: SyncAll) {
    this.commands = [
      {
        id: 'sync',
        run: async (input, context) => {
          const token = input.options.token;
          const reports = await syncAll.run(typeof token === 'string' ? token : undefined, (progress) => context.progress(progress));
          const failed = reports.filter((r) => r.outcome === 'failed').length;
          return {
            data: reports,
            table: { columns: SYNC_COLUMNS, rows: reports.map(reportRow) },
            ...saidAsText(
              reports.length === 0
                ? phrase('No tokens to sync.', 'vpp.sync.no-tokens')
                : phrase(`${reports.length - failed} of ${reports.length} location(s) synced.`, 'vpp.sync.synced', { synced: reports.length - failed, total: reports.length }),
            ),
          };
        },
      },
    ];
  }
}
