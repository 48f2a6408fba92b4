import { html, inject, injectable, type PanelView, type ViewContribution } from '@vpp-host/api';
import { NotesService } from './notes-service.js';

const LABELS = {
  en: { add: 'Add note', empty: 'No notes yet.', added: 'Note added' },
  nl: { add: 'Notitie toevoegen', empty: 'Nog geen notities.', added: 'Notitie toegevoegd' },
  fr: { add: 'Ajouter une note', empty: 'Pas encore de notes.', added: 'Note ajoutée' },
} as const;

/** The "Notes" page: the list and, for admins, a form that posts back to the view. */
@injectable()
export class NotesView implements ViewContribution {
  constructor(@inject(NotesService) private readonly notes: NotesService) {}

  readonly views: PanelView[] = [
    {
      id: 'notes',
      render: async (request) => {
        const t = LABELS[request.language as keyof typeof LABELS] ?? LABELS.en;
        const notes = this.notes.list();
        return {
          body: html`
            <form method="post" action="${request.url}" class="inline-form">
              <input type="hidden" name="_csrf" value="${request.csrfToken}">
              <input type="hidden" name="_action" value="add">
              <input name="text" required maxlength="2000" aria-label="${t.add}">
              <button type="submit">${t.add}</button>
            </form>
            ${notes.length === 0
              ? html`<p class="empty">${t.empty}</p>`
              : html`<table><tbody>${notes.map((n) => html`<tr><td>${n.at}</td><td>${n.author}</td><td>${n.text}</td></tr>`)}</tbody></table>`}
          `,
        };
      },
      handleAction: async (request) => {
        const t = LABELS[request.language as keyof typeof LABELS] ?? LABELS.en;
        await this.notes.add(request.form.text ?? '', request.principal);
        return { flash: { kind: 'success', message: t.added } };
      },
    },
  ];
}
