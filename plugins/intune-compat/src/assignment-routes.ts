import { Clock, inject, injectable, z, type RouteContribution, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { EBookAssignBodySchema, MobileAppAssignBodySchema } from './assignment-model.js';
import { GRAPH_VERSIONS, type GraphVersion } from './graph-objects.js';
import { graphRoute } from './graph-route.js';
import { IntuneAssignments, type Collection } from './intune-assignments.js';

/** Graph lets a client name the app's type in the path: `…/mobileApps/{id}/microsoft.graph.iosVppApp/revokeAllLicenses`. */
const CASTS = ['', '/microsoft.graph.iosVppApp', '/microsoft.graph.macOsVppApp'];

const notify = { notifyManagedDevices: z.boolean().nullable().optional() };
const RevokeAllBody = z.strictObject(notify).optional();
const RevokeUserBody = z.strictObject({ userId: z.string().trim().min(1).max(200), ...notify });
const RevokeDeviceBody = z.strictObject({ managedDeviceId: z.string().trim().min(1).max(200), ...notify });

/** Graph's assignments of VPP apps and books, their licenses and revocations, on the core's assignments. */
@injectable()
export class AssignmentRoutes implements RouteContribution {
  readonly routes: readonly RouteDefinition[];

  constructor(
    @inject(IntuneAssignments) private readonly assignments: IntuneAssignments,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.routes = GRAPH_VERSIONS.flatMap((version) => [...this.assignmentRoutes(version, 'mobileApps'), ...this.assignmentRoutes(version, 'managedEBooks'), ...this.licenseRoutes(version)]);
  }

  private assignmentRoutes(version: GraphVersion, collection: Collection): RouteDefinition[] {
    const base = `/${version}/deviceAppManagement/${collection}/:id`;
    const what = collection === 'mobileApps' ? 'VPP app' : 'VPP book';
    const context = `https://graph.microsoft.com/${version}/$metadata#deviceAppManagement/${collection}('{id}')/assignments`;
    return [
      graphRoute(this.clock, {
        method: 'GET',
        path: `${base}/assignments`,
        summary: `Graph ${version}: a ${what}'s assignments (includes and exclusions)`,
        access: 'read',
        handle: async ({ params }) => ({ '@odata.context': context.replace('{id}', params.id!), value: await this.assignments.list(collection, params.id!) }),
      }),
      graphRoute(this.clock, {
        method: 'GET',
        path: `${base}/assignments/:assignmentId`,
        summary: `Graph ${version}: one assignment of a ${what}`,
        access: 'read',
        handle: async ({ params }) => this.assignments.get(collection, params.id!, params.assignmentId!),
      }),
      graphRoute(this.clock, {
        method: 'DELETE',
        path: `${base}/assignments/:assignmentId`,
        summary: `Graph ${version}: remove an assignment of a ${what} (licenses follow the core policy)`,
        access: 'admin',
        handle: async ({ params, principal }) => {
          await this.assignments.remove(collection, params.id!, params.assignmentId!, principal!);
          return undefined;
        },
      }),
      collection === 'mobileApps'
        ? graphRoute(this.clock, {
            method: 'POST',
            path: `${base}/assign`,
            summary: `Graph ${version}: set a VPP app's assignments (Required, Available, Uninstall; groups, all users, all devices, exclusions; settings)`,
            access: 'admin',
            body: MobileAppAssignBodySchema,
            handle: async ({ params, body, principal }) => {
              await this.assignments.replace(collection, params.id!, body.mobileAppAssignments, principal!);
              return undefined;
            },
          })
        : graphRoute(this.clock, {
            method: 'POST',
            path: `${base}/assign`,
            summary: `Graph ${version}: set a VPP book's assignments (Available or Required, to user groups)`,
            access: 'admin',
            body: EBookAssignBodySchema,
            handle: async ({ params, body, principal }) => {
              const entries = body.managedEBookAssignments.map(({ installIntent, target }) => ({ intent: installIntent, target }));
              await this.assignments.replace(collection, params.id!, entries, principal!);
              return undefined;
            },
          }),
    ];
  }

  private licenseRoutes(version: GraphVersion): RouteDefinition[] {
    return CASTS.flatMap((cast) => {
      const base = `/${version}/deviceAppManagement/mobileApps/:id${cast}`;
      const revoke = (path: string, summary: string, handle: (request: RouteRequest<unknown>) => Promise<void>, body: z.ZodType) =>
        graphRoute(this.clock, { method: 'POST', path: `${base}/${path}`, summary: `Graph ${version}: ${summary}`, access: 'admin', body, handle: async (request) => handle(request) });
      return [
        graphRoute(this.clock, {
          method: 'GET',
          path: `${base}/assignedLicenses`,
          summary: `Graph ${version}: who holds a VPP app's licenses`,
          access: 'read',
          handle: async ({ params }) => ({ value: this.assignments.assignedLicenses(params.id!) }),
        }),
        revoke('revokeAllLicenses', "revoke every license of a VPP app", ({ params, principal }) => this.assignments.revoke(params.id!, undefined, principal!), RevokeAllBody),
        revoke(
          'revokeUserLicense',
          "revoke a user's license of a VPP app",
          ({ params, body, principal }) => this.assignments.revoke(params.id!, { kind: 'user', id: (body as z.infer<typeof RevokeUserBody>).userId }, principal!),
          RevokeUserBody,
        ),
        revoke(
          'revokeDeviceLicense',
          "revoke a device's license of a VPP app",
          ({ params, body, principal }) => this.assignments.revoke(params.id!, { kind: 'device', id: (body as z.infer<typeof RevokeDeviceBody>).managedDeviceId }, principal!),
          RevokeDeviceBody,
        ),
      ];
    });
  }
}
