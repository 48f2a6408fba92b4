import {
  AuditLog,
  BadInputError,
  Clock,
  Emitter,
  inject,
  injectable,
  Settings,
  Storage,
  type Actor,
  type LifecycleContribution,
  type Repository,
} from '@vpp-host/api';

export interface Note {
  readonly id: string;
  readonly text: string;
  readonly author: string;
  readonly at: string;
}

/** Keeps the notes in the plugin's own storage namespace and records each one in the audit log. */
@injectable()
export class NotesService implements LifecycleContribution {
  private notes!: Repository<Note>;
  private readonly added = new Emitter<Note>();
  readonly onDidAddNote = this.added.event;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(Settings) private readonly settings: Settings,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async onStart(): Promise<void> {
    this.notes = await this.storage.collection<Note>('notes');
  }

  onStop(): void {
    this.added.dispose();
  }

  async add(text: string, actor: Actor): Promise<Note> {
    const trimmed = text.trim();
    const max = this.settings.get<number>('maxNoteLength');
    if (trimmed === '') throw new BadInputError('A note needs some text');
    if (trimmed.length > max) throw new BadInputError(`A note can be at most ${max} characters; this one has ${trimmed.length}`);
    const at = this.clock.now().toISOString();
    const note: Note = { id: `${at}-${this.notes.count() + 1}`, text: trimmed, author: actor.name ?? actor.id, at };
    await this.notes.put(note);
    await this.audit.record({ actor, action: 'notes.add', target: { type: 'note', id: note.id } });
    this.added.fire(note);
    return note;
  }

  list(limit = 50): Note[] {
    return this.notes.query({ sort: (a, b) => b.id.localeCompare(a.id), limit }).items;
  }
}
