import { DryRunQuery, dryRunField, inject, injectable, isDryRun, respond, route, z, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { AssignBodySchema, AssignmentChangeSchema, MembershipPreviewSchema, ReclaimBodySchema, ReclaimQuerySchema, LedgerQuerySchema, QueueQuerySchema, ReasonBodySchema, RevokeBodySchema } from './distribution-input.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { ReclaimService } from './reclaim-notice.js';
import { InHouseItemInputSchema } from './catalog.js';
import { ITEM_KINDS, type ItemKind } from './model.js';

const CatalogQuery = z.strictObject({ kind: z.enum(ITEM_KINDS as [ItemKind, ...ItemKind[]]).optional(), tokenId: z.string().optional() });
const AssignmentsQuery = z.strictObject({ item: z.string().optional() });

/** Managed distribution over REST: catalog, assignments, revocation, queue and ledger. */
@injectable()
export class DistributionRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(
    @inject(DistributionRuntime) runtime: DistributionRuntime,
    @inject(ReclaimService) reclaims: ReclaimService,
  ) {
    const service = () => runtime.service;
    this.routes = [
      route({
        method: 'GET',
        path: '/catalog',
        summary: 'VPP apps and books per location with total, held, available and queued counts, and in-house items',
        access: 'read',
        query: CatalogQuery,
        handle: async ({ query }) => ({ items: service().catalog.list(query) }),
      }),
      route({
        method: 'POST',
        path: '/catalog',
        summary: 'Add an in-house app or book (name, bundle id or file reference, platforms)',
        access: 'admin',
        body: InHouseItemInputSchema,
        handle: async ({ body, principal }) => respond({ status: 201, body: await service().addInHouseItem(body, principal!) }),
      }),
      route({
        method: 'GET',
        path: '/assignments',
        summary: 'Assignments, oldest first',
        access: 'read',
        query: AssignmentsQuery,
        handle: async ({ query }) => ({ items: service().listAssignments(query.item ? { item: query.item } : {}) }),
      }),
      route({
        method: 'POST',
        path: '/assignments',
        summary: 'Assign an item (?dryRun=true previews: the account, nothing changed) (id, adamId, bundle id or name; tokenId narrows it to one location) to a device, device group, user, user group, all users or all devices (id `all`), less excluded groups; licenses go first come, first served, from the first of `locations` (token ids or names, in priority order) that has one and admits the holder; installMode uninstall removes the app and releases the license instead',
        access: 'admin',
        body: AssignBodySchema,
        query: DryRunQuery,
        handle: async ({ body, principal, query }) => {
          const summary = await service().assign(body, principal!, { dryRun: isDryRun(query) });
          return respond({ status: summary.account.preview ? 200 : 201, body: summary });
        },
      }),
      route({
        method: 'POST',
        path: '/assignments/:id/approve',
        summary: 'Approve an assignment whose policy requires approval',
        access: 'admin',
        body: ReasonBodySchema,
        query: DryRunQuery,
        handle: async ({ params, body, principal, query }) => service().approve(params.id!, principal!, body.reason, { dryRun: isDryRun(query) }),
      }),
      route({
        method: 'PATCH',
        path: '/assignments/:id',
        summary: 'Change an assignment in place: install mode (automatic, manual), policy fields, excluded groups, quota, the order of locations (no license moves); the answer says who left and who is covered now',
        access: 'admin',
        body: AssignmentChangeSchema,
        query: DryRunQuery,
        handle: async ({ params, body, principal, query }) => service().updateAssignment(params.id!, body, principal!, { dryRun: isDryRun(query) }),
      }),
      route({
        method: 'DELETE',
        path: '/assignments/:id',
        summary: 'Remove an assignment (?reason= for the audit log): licenses are released or kept as its policy says',
        access: 'admin',
        query: ReasonBodySchema.extend(dryRunField),
        handle: async ({ params, principal, query }) => service().removeAssignment(params.id!, principal!, query.reason, { dryRun: isDryRun(query) }),
      }),
      route({
        method: 'POST',
        path: '/revocations',
        summary: "Revoke app licenses from a device, user, group, or the app as a whole (VPP books cannot be revoked); the target's holders leave the queue until the item is assigned to them again, and the answer says who got the licenses freed",
        access: 'admin',
        body: RevokeBodySchema,
        query: DryRunQuery,
        handle: async ({ body, principal, query }) => service().revoke(body, principal!, { dryRun: isDryRun(query) }),
      }),
      route({
        method: 'POST',
        path: '/previews/membership',
        summary: 'What a group gaining or losing a member would do to licenses (who gets one, waits, is passed over, loses one and who is served in their place); the inventory is not changed',
        access: 'read',
        body: MembershipPreviewSchema,
        handle: async ({ body }) => service().previewMembership(body),
      }),
      route({
        method: 'GET',
        path: '/reclaimable',
        summary: 'The preview of a reclaim: app licenses whose devices (or every device of whose user) have not checked in for ?days= days; books never',
        access: 'read',
        query: ReclaimQuerySchema,
        handle: async ({ query }) => ({ items: service().reclaimable(query.days) }),
      }),
      route({
        method: 'POST',
        path: '/reclaims',
        summary: 'Reclaim what the preview lists for these days: each license revoked from its holder, the queue served with what it frees; notifyUsers mails each user who loses one',
        access: 'admin',
        body: ReclaimBodySchema,
        handle: async ({ body, principal }) => reclaims.reclaim(body.days, principal!, { ...(body.reason ? { reason: body.reason } : {}), notifyUsers: body.notifyUsers === true }),
      }),
      route({
        method: 'GET',
        path: '/queue/:item',
        summary: "An item's waiting queue in first-come-first-served order, and who waits to enrol (?tokenId= narrows a name or adamId to one location)",
        access: 'read',
        query: QueueQuerySchema,
        handle: async ({ params, query }) => service().queue(params.item!, query.tokenId),
      }),
      route({
        method: 'GET',
        path: '/licenses',
        summary: 'The license ledger: every license with its holder, assignment, state and when',
        access: 'read',
        query: LedgerQuerySchema,
        handle: async ({ query }) => service().licenses(query),
      }),
    ];
  }
}
