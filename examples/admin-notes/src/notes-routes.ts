import { inject, injectable, respond, route, type RouteContribution, z } from '@vpp-host/api';
import { NotesService } from './notes-service.js';

/** Served at /api/plugins/admin-notes/notes. */
@injectable()
export class NotesRoutes implements RouteContribution {
  constructor(@inject(NotesService) private readonly notes: NotesService) {}

  readonly routes = [
    route({
      method: 'GET',
      path: '/notes',
      summary: 'List the notes, newest first',
      access: 'read',
      handle: async () => ({ items: this.notes.list() }),
    }),
    route({
      method: 'POST',
      path: '/notes',
      summary: 'Leave a note',
      access: 'admin',
      body: z.strictObject({ text: z.string() }),
      handle: async ({ body, principal }) => respond({ status: 201, body: await this.notes.add(body.text, principal!) }),
    }),
  ];
}
