import { inject, injectable, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { stringOption } from '../distribution/distribution-input.js';
import { MigrationService } from './migration-service.js';

/** `vpp-host migrate export --token NAME [--format native] [--include-token] [--out FILE]`. */
@injectable()
export class MigrationCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(MigrationService) migration: MigrationService) {
    this.commands = [
      {
        id: 'migrate.export',
        run: async (input, context) => {
          const passphrase = stringOption(input, 'passphrase-file');
          const { text, summary } = await migration.export(
            {
              token: stringOption(input, 'token') ?? '',
              ...(stringOption(input, 'format') ? { format: stringOption(input, 'format') } : {}),
              includeToken: input.options['include-token'] === true,
              ...(passphrase !== undefined ? { passphrase } : {}),
            },
            context.principal,
          );
          return {
            data: summary,
            output: text,
            text: `Exported "${summary.token}" (${summary.format}): ${summary.catalog} items, ${summary.assignments} assignments, ${summary.people} people, ${summary.devices} devices, ${summary.licences} licences, ${summary.queued} waiting; ${summary.tokenIncluded ? 'the token encrypted with the passphrase' : 'no token'}.`,
          };
        },
      },
    ];
  }
}
