import { inject, injectable, route, z, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import { LocationSettingsChangeSchema, LocationSettingsServiceImpl } from './location-service.js';

const PublishBody = z.strictObject({ item: z.string().trim().min(1).max(300) });

/** Per-location settings and catalog publication over REST. */
@injectable()
export class LocationRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(@inject(LocationSettingsServiceImpl) locations: LocationSettingsServiceImpl) {
    this.routes = [
      route({
        method: 'GET',
        path: '/locations/:token',
        summary: "A location's settings: default distribution policy, catalog publication (everything, automatic, manual), license restriction to user groups",
        access: 'read',
        handle: async ({ params }) => locations.get(params.token!),
      }),
      route({
        method: 'PATCH',
        path: '/locations/:token',
        summary: "Change a location's settings; the default policy applies to new assignments of its content, the restriction to every assignment from now on",
        access: 'admin',
        body: LocationSettingsChangeSchema,
        handle: async ({ params, body, principal }) => locations.update(params.token!, body, principal!),
      }),
      route({
        method: 'GET',
        path: '/locations/:token/publications',
        summary: "How each of a location's items came into the catalog: added by an admin or automatically, success or failed with the reason",
        access: 'read',
        handle: async ({ params }) => ({ items: locations.publications(params.token!) }),
      }),
      route({
        method: 'POST',
        path: '/catalog/publications',
        summary: 'Add a VPP app or book (item id) to the catalog of a location that does not publish everything',
        access: 'admin',
        body: PublishBody,
        handle: async ({ body, principal }) => locations.publish(body.item, principal!),
      }),
    ];
  }
}
