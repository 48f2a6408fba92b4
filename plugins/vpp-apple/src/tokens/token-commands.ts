import {
  dryRunOption,
  inject,
  injectable,
  phrase,
  saidAsText,
  type CommandContribution,
  type CommandHandler,
  type CommandInput,
  type Said,
} from '@vpp-host/api';
import { SyncService, TokenService, type TokenRecord } from '../../api/index.js';
import { missing } from '../command-arguments.js';
import { TokenDeletion, tokenDeletionText } from './token-deletion.js';
import { TOKEN_COLUMNS, tokenRow } from './token-view.js';

/** `vpp-host token add|list|renew|rename|take-over|delete`. */
@injectable()
export class TokenCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(TokenDeletion) private readonly deletion: TokenDeletion,
  ) {
    this.commands = [
      {
        id: 'token.add',
        run: async (input, context) => {
          const { name, program } = input.options;
          const token = await this.tokens.add(
            {
              file: fileContent(input),
              ...(typeof name === 'string' ? { name } : {}),
              ...(program === 'business' || program === 'education' ? { program } : {}),
              takeOver: input.options['take-over'] === true,
            },
            context.principal,
          );
          return this.one(token, phrase(`Token "${token.name}" added for location "${token.locationName}"; it syncs now, then on schedule.`, 'vpp.token.added', { token: token.name, location: token.locationName }));
        },
      },
      {
        id: 'token.list',
        run: async () => {
          const list = this.tokens.list();
          return {
            data: list.map((token) => ({ ...token, sync: this.sync.state(token.id) })),
            table: { columns: TOKEN_COLUMNS, rows: list.map((token) => tokenRow(token, this.sync.state(token.id))) },
            ...(list.length === 0 ? saidAsText(phrase('No tokens yet: vpp-host token add FILE --name NAME', 'vpp.token.none-yet')) : {}),
          };
        },
      },
      {
        id: 'token.renew',
        run: async (input, context) => {
          const token = await this.tokens.renew(text(input, 'name'), fileContent(input), context.principal, { takeOver: input.options['take-over'] === true });
          return this.one(token, phrase(`Token "${token.name}" renewed; it is valid until ${token.expiresAt}. Every assignment stays.`, 'vpp.token.renewed', { token: token.name, date: token.expiresAt }));
        },
      },
      {
        id: 'token.rename',
        run: async (input, context) => {
          const token = await this.tokens.rename(text(input, 'name'), text(input, 'new-name'), context.principal);
          return this.one(token, phrase(`Token renamed to "${token.name}".`, 'vpp.token.renamed', { token: token.name }));
        },
      },
      {
        id: 'token.take-over',
        run: async (input, context) => {
          const token = await this.tokens.takeOver(text(input, 'name'), context.principal);
          return this.one(token, phrase(`This host manages location "${token.locationName}" again.`, 'vpp.token.taken-over', { location: token.locationName }));
        },
      },
      {
        id: 'token.delete',
        run: async (input, context) => {
          const token = this.tokens.require(text(input, 'name'));
          if (dryRunOption(input)) {
            const preview = this.deletion.preview(token.id);
            return { data: preview, ...saidAsText(tokenDeletionText(preview)) };
          }
          await this.tokens.delete(token.id, context.principal);
          return { data: { id: token.id, deleted: true }, ...saidAsText(phrase(`Token "${token.name}" deleted.`, 'vpp.token.deleted', { token: token.name })) };
        },
      },
    ];
  }

  private one(token: TokenRecord, said: Said) {
    return { data: token, table: { columns: TOKEN_COLUMNS, rows: [tokenRow(token, this.sync.state(token.id))] }, ...saidAsText(said) };
  }
}

function text(input: CommandInput, name: string): string {
  const value = input.args[name] ?? input.options[name];
  if (typeof value !== 'string' || value.trim() === '') throw missing(name);
  return value;
}

/** Passed on as it is, so the token-file check can say what is wrong with it, emptiness included. */
function fileContent(input: CommandInput): string {
  return input.args.file ?? '';
}
