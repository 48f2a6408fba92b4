import { inject, injectable, phrase, saidAsText, requiredArgument, type CommandContribution, type CommandHandler, type CommandInput } from '@vpp-host/api';
import { stringOption } from '../distribution/distribution-input.js';
import { MigrationApplier } from './migration-applier.js';
import type { MigrationInput } from './migration-planning.js';
import { MigrationPlanning } from './migration-planning.js';
import { MigrationService } from './migration-service.js';
import { applyText, planText, verifyText } from './migration-text.js';
import { MigrationVerifier } from './migration-verifier.js';

/** `vpp-host migrate export|plan|apply|verify`. */
@injectable()
export class MigrationCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(
    @inject(MigrationService) migration: MigrationService,
    @inject(MigrationPlanning) planning: MigrationPlanning,
    @inject(MigrationApplier) applier: MigrationApplier,
    @inject(MigrationVerifier) verifier: MigrationVerifier,
  ) {
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
          const { token, format, catalog, assignments, people, devices, licences, queued } = summary;
          const counts = `Exported "${token}" (${format}): ${catalog} items, ${assignments} assignments, ${people} people, ${devices} devices, ${licences} licences, ${queued} waiting`;
          const params = { token, format, catalog, assignments, people, devices, licences, queued };
          const said = summary.tokenIncluded
            ? phrase(`${counts}; the token encrypted with the passphrase.`, 'vpp.migration.exported-with-token', params)
            : phrase(`${counts}; no token.`, 'vpp.migration.exported', params);
          return { data: summary, output: text, ...saidAsText(said) };
        },
      },
      {
        id: 'migrate.plan',
        run: async (input, context) => {
          const { plan } = await planning.plan(migrationInput(input), (progress) => context.progress(progress));
          return { data: plan, ...saidAsText(planText(plan)) };
        },
      },
      {
        id: 'migrate.apply',
        run: async (input, context) => {
          const name = stringOption(input, 'name');
          const result = await applier.apply(
            { ...migrationInput(input), takeOver: input.options['take-over'] === true, ...(name !== undefined ? { name } : {}) },
            context.principal,
            (progress) => context.progress(progress),
          );
          return { data: result, ...saidAsText(applyText(result)) };
        },
      },
      {
        id: 'migrate.verify',
        run: async (input, context) => {
          const result = await verifier.verify(migrationInput(input), (progress) => context.progress(progress));
          return { data: result, ...saidAsText(verifyText(result)), failed: !result.ok };
        },
      },
    ];
  }
}

function migrationInput(input: CommandInput): MigrationInput {
  const format = stringOption(input, 'format');
  const tokenFile = stringOption(input, 'token-file');
  const passphrase = stringOption(input, 'passphrase-file');
  return {
    bundle: requiredArgument(input, 'file'),
    ...(format !== undefined ? { format } : {}),
    ...(tokenFile !== undefined ? { tokenFile } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
}
