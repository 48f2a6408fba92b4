import { inject, injectable, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { NotesService } from './notes-service.js';

/** `vpp-host notes add TEXT` and `vpp-host notes list`. */
@injectable()
export class NotesCommands implements CommandContribution {
  constructor(@inject(NotesService) private readonly notes: NotesService) {}

  readonly commands: CommandHandler[] = [
    {
      id: 'notes.add',
      run: async (input, context) => {
        const note = await this.notes.add(input.args.text ?? '', context.principal);
        return { data: note, text: `Note ${note.id} added` };
      },
    },
    {
      id: 'notes.list',
      run: async () => {
        const notes = this.notes.list();
        return { data: notes, table: { columns: ['at', 'author', 'text'], rows: notes.map((n) => [n.at, n.author, n.text]) } };
      },
    },
  ];
}
