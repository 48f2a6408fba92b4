import { http, HttpResponse, type HttpHandler } from 'msw';
import { escapeHtml } from '@vpp-host/api';
import type { FaultScope, SimulatedFault } from './faults.js';
import type { AppleVppSimulator } from './model.js';

/**
 * The simulator's control surface for the demo and browser tests, under `/__simulator/`: act as a user
 * accepting an invitation, buy licenses, process events, inject faults.
 */
export function createControlHandlers(simulator: AppleVppSimulator): HttpHandler[] {
  const guarded = (run: () => unknown) => {
    try {
      return HttpResponse.json((run() ?? { ok: true }) as object);
    } catch (error) {
      return HttpResponse.json({ error: error instanceof Error ? error.message : String(error) }, { status: 404 });
    }
  };
  return [
    http.get('*/__simulator/locations', () =>
      guarded(() =>
        simulator.locations().map(({ identity }) => ({ uId: identity.uId, locationName: identity.locationName, orgName: identity.orgName })),
      ),
    ),
    http.get('*/__simulator/locations/:uId/vpptoken', ({ params }) => {
      try {
        return new HttpResponse(simulator.location(String(params.uId)).identity.sToken, { headers: { 'content-type': 'text/plain' } });
      } catch (error) {
        return HttpResponse.json({ error: (error as Error).message }, { status: 404 });
      }
    }),
    http.post('*/__simulator/locations/:uId/users/:clientUserId/accept', ({ params }) =>
      guarded(() => simulator.acceptInvitation(String(params.uId), String(params.clientUserId))),
    ),
    http.post('*/__simulator/locations/:uId/assets/:adamId/licenses', async ({ params, request }) => {
      const body = (await request.json().catch(() => ({}))) as { countDelta?: unknown };
      const countDelta = Number(body.countDelta);
      if (!Number.isInteger(countDelta)) return HttpResponse.json({ error: 'countDelta must be an integer' }, { status: 400 });
      return guarded(() => simulator.addLicenses(String(params.uId), String(params.adamId), countDelta));
    }),
    http.get('*/__simulator/invitations/:inviteCode', ({ params }) => {
      const code = escapeHtml(String(params.inviteCode));
      return new HttpResponse(
        `<!doctype html><title>Join Apps and Books</title><h1>Apps and Books invitation</h1>` +
          `<form method="post" action="/__simulator/invitations/${code}/accept"><button>Accept with my Apple Account</button></form>`,
        { headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }),
    http.post('*/__simulator/invitations/:inviteCode/accept', ({ params }) =>
      guarded(() => {
        const { uId, user } = simulator.acceptInvitationByCode(String(params.inviteCode));
        return { uId, clientUserId: user.clientUserId, status: user.status };
      }),
    ),
    // What Apple was asked, in order: two products sharing this Apple can show what each wrote.
    http.get('*/__simulator/requests', () =>
      HttpResponse.json(simulator.requests.map(({ at, method, path, uId, httpStatus }) => ({ at, method, path, uId, httpStatus }))),
    ),
    http.post('*/__simulator/events/process', () => guarded(() => simulator.processEvents())),
    http.post('*/__simulator/faults', async ({ request }) => {
      const body = (await request.json().catch(() => ({}))) as { fault?: SimulatedFault; scope?: FaultScope };
      if (!body.fault || typeof body.fault.kind !== 'string') return HttpResponse.json({ error: 'Send {fault: {kind, ...}}' }, { status: 400 });
      return guarded(() => simulator.injectFault(body.fault!, body.scope));
    }),
  ];
}
