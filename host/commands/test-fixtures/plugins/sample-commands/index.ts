import {
  BadInputError,
  CommandContribution,
  ContainerModule,
  inject,
  injectable,
  Storage,
  type CommandContext,
  type CommandHandler,
  type CommandInput,
  type CommandResult,
} from '@vpp-host/api';

interface Item {
  readonly id: string;
  readonly tags: string[];
}

@injectable()
class SampleCommands implements CommandContribution {
  constructor(@inject(Storage) private readonly storage: Storage) {}

  readonly commands: CommandHandler[] = [
    { id: 'sample.import', run: (input, context) => this.import(input, context) },
    { id: 'sample.list', run: () => this.list() },
    {
      id: 'sample.reject',
      run: async (input) => {
        throw new BadInputError(`The sample refuses "${input.args.what}"`);
      },
    },
    {
      id: 'sample.crash',
      run: async () => {
        throw new Error('the sample crashed with internal detail 7f3a');
      },
    },
  ];

  private async import(input: CommandInput, context: CommandContext): Promise<CommandResult> {
    const lines = (input.args.file ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const tags = (input.options.tag as string[] | undefined) ?? [];
    const items = await this.storage.collection<Item>('items');
    if (input.options.mode === 'replace' && input.options['dry-run'] !== true) await items.deleteMany([...items.values()].map((i) => i.id));
    for (const [index, line] of lines.entries()) {
      if (input.options['dry-run'] !== true) await items.put({ id: line, tags });
      context.progress({ done: index + 1, total: lines.length, label: 'importing' });
    }
    return {
      data: { imported: lines.length, mode: input.options.mode, batch: input.options.batch ?? null, dryRun: input.options['dry-run'] === true, labels: input.options.labels ?? null },
      table: { columns: ['item', 'tags'], rows: lines.map((line) => [line, tags.join(',')]) },
      text: `Imported ${lines.length} items by ${context.principal.kind}`,
    };
  }

  private async list(): Promise<CommandResult> {
    const items = [...(await this.storage.collection<Item>('items')).values()];
    return { data: items, table: { columns: ['item'], rows: items.map((i) => [i.id]) } };
  }
}

export default new ContainerModule(({ bind }) => {
  bind(SampleCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(SampleCommands);
});
