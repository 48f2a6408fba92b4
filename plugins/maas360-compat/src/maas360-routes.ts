import { inject, injectable, respond, route, type RouteContribution, type RouteDefinition } from '@vpp-host/api';
import type { Maas360Settings } from './maas360-model.js';
import { AddTokenSchema, Maas360SettingsSchema, Maas360Tokens } from './maas360-tokens.js';

/** MaaS360's Apple VPP Licenses over REST: tokens with their Token Detail, Policies and Distribution settings, and Token Details. */
@injectable()
export class Maas360Routes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];

  constructor(@inject(Maas360Tokens) tokens: Maas360Tokens) {
    this.routes = [
      route({
        method: 'GET',
        path: '/tokens',
        summary: 'The Apple VPP tokens as MaaS360 lists them: name, status (active, revoked, …), region and the Policies and Distribution settings',
        access: 'read',
        handle: async () => ({ tokens: await tokens.list() }),
      }),
      route({
        method: 'POST',
        path: '/tokens',
        summary: "Add a token as MaaS360's Add Token window does: name, .vpptoken file content, region, add apps automatically, remove app on, revoke license on, restrict backup, app approval, restrict to user groups",
        access: 'admin',
        body: AddTokenSchema,
        handle: async ({ body, principal }) => respond({ status: 201, body: await tokens.add(body, principal!) }),
      }),
      route({
        method: 'GET',
        path: '/tokens/:id',
        summary: 'One token with its settings',
        access: 'read',
        handle: async ({ params }) => tokens.get(params.id!),
      }),
      route({
        method: 'PUT',
        path: '/tokens/:id',
        summary: "Change a token's region, Policies and Distribution settings; policies apply to new assignments, the restriction to every assignment from now on",
        access: 'admin',
        body: Maas360SettingsSchema,
        handle: async ({ params, body, principal }) => tokens.edit(params.id!, body satisfies Maas360Settings, principal!),
      }),
      route({
        method: 'GET',
        path: '/tokens/:id/details',
        summary: 'Token Details: each app the token added, with iTunes App ID, name, total and available licenses, added time, auto app addition status and comments',
        access: 'read',
        handle: async ({ params }) => ({ apps: tokens.details(params.id!) }),
      }),
    ];
  }
}
