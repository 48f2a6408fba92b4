import { inject, injectable, route, z, type RouteContribution } from '@vpp-host/api';
import { GreetingService } from './greeting-service.js';

/** Served under /api/plugins/__PLUGIN_ID__/. */
@injectable()
export class GreetingRoutes implements RouteContribution {
  constructor(@inject(GreetingService) private readonly greetings: GreetingService) {}

  readonly routes = [
    route({
      method: 'GET',
      path: '/greeting',
      summary: 'Greets the name given in ?name=',
      access: 'read',
      query: z.strictObject({ name: z.string() }),
      handle: async ({ query }) => ({ greeting: this.greetings.greet(query.name) }),
    }),
  ];
}
