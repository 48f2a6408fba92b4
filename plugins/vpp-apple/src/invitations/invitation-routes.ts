import { DryRunQuery, inject, injectable, isDryRun, route, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { listEnrolment } from './enrolment-order.js';
import { EnrolmentQuerySchema, InviteBodySchema, TokenQuerySchema, TokenReasonBodySchema, targetKindOf } from './invitation-input.js';
import { InvitationService } from './invitation-service.js';

/** Invitations and enrolment over REST, under /api/plugins/vpp-apple. */
@injectable()
export class InvitationRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(@inject(InvitationService) service: InvitationService) {
    this.routes = [
      route({
        method: 'POST',
        path: '/invitations',
        summary: 'Invite a user, a user group, or the users of a device or device group to managed distribution; ?dryRun=true says how many mails would go to whom in which language, and sends nothing',
        access: 'admin',
        body: InviteBodySchema,
        query: DryRunQuery,
        handle: async ({ body, principal, query }) => service.invite({ ...body, kind: targetKindOf(body.kind) }, principal!, undefined, { dryRun: isDryRun(query) }),
      }),
      route({
        method: 'POST',
        path: '/invitations/:userId/resend',
        summary: "Send an invited user's invitation again",
        access: 'admin',
        body: TokenReasonBodySchema,
        handle: async ({ params, body, principal }) => service.resend(params.userId!, principal!, body),
      }),
      route({
        method: 'GET',
        path: '/enrolment',
        summary: 'Each user’s enrolment per location: not-invited, invited (when, how often, mail delivery), enrolled, retired; `sort=accepted` lists them in acceptance order (the default for status=enrolled)',
        access: 'read',
        query: EnrolmentQuerySchema,
        handle: async ({ query }) => listEnrolment(service, query),
      }),
      route({
        method: 'GET',
        path: '/enrolment/:userId',
        summary: 'One user’s enrolment at a location',
        access: 'read',
        query: TokenQuerySchema,
        handle: async ({ params, query }) => service.enrolment(params.userId!, query.tokenId),
      }),
      route({
        method: 'POST',
        path: '/enrolment/:userId/retire',
        summary: 'Retire a user at a location: their app licenses are released (books stay)',
        access: 'admin',
        body: TokenReasonBodySchema,
        handle: async ({ params, body, principal }) => service.retire(params.userId!, principal!, body),
      }),
    ];
  }
}
