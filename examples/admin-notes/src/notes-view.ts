import { actionForm, canChange, field, formatTime, inject, injectable, panelSection, table, type PanelView, type ViewContribution } from '@vpp-host/api';
import { NotesService, type Note } from './notes-service.js';

const LABELS = {
  en: { title: 'Notes', add: 'Add note', note: 'Note', at: 'When', author: 'Author', empty: 'No notes yet.', added: 'Note added' },
  nl: { title: 'Notities', add: 'Notitie toevoegen', note: 'Notitie', at: 'Wanneer', author: 'Auteur', empty: 'Nog geen notities.', added: 'Notitie toegevoegd' },
  fr: { title: 'Notes', add: 'Ajouter une note', note: 'Note', at: 'Quand', author: 'Auteur', empty: 'Pas encore de notes.', added: 'Note ajoutée' },
} as const;

const labels = (language: string) => LABELS[language as keyof typeof LABELS] ?? LABELS.en;

/** The "Notes" page, built from the host's panel kit: the list and, for admins, a form that posts back to the view. */
@injectable()
export class NotesView implements ViewContribution {
  constructor(@inject(NotesService) private readonly notes: NotesService) {}

  readonly views: PanelView[] = [
    {
      id: 'notes',
      render: async (request) => {
        const t = labels(request.language);
        const form = canChange(request) ? actionForm(request, { action: 'add', submit: t.add, fields: field({ label: t.note, name: 'text', required: true, compact: true }) }) : undefined;
        const list = table<Note>(
          [
            { header: t.at, cell: (n) => formatTime(n.at, request.language) },
            { header: t.author, cell: (n) => n.author },
            { header: t.note, cell: (n) => n.text },
          ],
          this.notes.list(),
          t.empty,
        );
        return { title: t.title, body: panelSection(t.title, list, form) };
      },
      handleAction: async (request) => {
        await this.notes.add(request.form.text ?? '', request.principal);
        return { flash: { kind: 'success', message: labels(request.language).added } };
      },
    },
  ];
}
