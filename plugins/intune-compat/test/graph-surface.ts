// The Graph surface as a script meets it: a real host with the Apple simulator and intune-compat, an API token, and
// Microsoft's own JavaScript client pointed at the host's base URL.
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { Inventory, SYSTEM_ACTOR, type InventorySnapshot } from '@vpp-host/api';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { ADMIN, type HarnessOptions, type StartedHarness } from '../../vpp-apple/test/harness.js';

/** Sets the bearer token itself: the client attaches one only to https Graph hosts. */
class BearerToken implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${this.token}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers) };
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface Surface {
  readonly h: StartedHarness;
  /** The surface's base URL, `…/api/plugins/intune-compat`. */
  readonly base: string;
  /** An admin API token. */
  readonly token: string;
  readonly graph: Client;
  readonly tokenId: string;
  /** Raw HTTP with the token, for the shapes the client hides. */
  call(method: string, path: string, body?: string): Promise<{ status: number; body: any }>;
}

type HarnessStarter = (options?: Omit<HarnessOptions, 'server'>) => Promise<StartedHarness>;

/** A host whose first location is added as "Head office" and synced, with `inventory` imported before the sync. */
export async function startSurface(startHarness: HarnessStarter, options: Omit<HarnessOptions, 'server' | 'bundled'>, inventory?: InventorySnapshot): Promise<Surface> {
  const h = await startHarness({ ...options, bundled: ['intune-compat'] });
  if (inventory) await h.container.get<Inventory>(Inventory).import(inventory, ADMIN);
  const base = `${h.host.environment.publicUrl()}/api/plugins/intune-compat`;
  const token = (await h.host.container.get<AccountService>(AccountService).createApiToken({ name: 'graph script', role: 'admin' }, SYSTEM_ACTOR)).token;
  const added = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(added.id));
  const bearer = new BearerToken(token);
  bearer.setNext(new HTTPMessageHandler());
  const graph = Client.initWithMiddleware({ baseUrl: `${base}/`, defaultVersion: 'beta', middleware: bearer });
  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { h, base, token, graph, tokenId: added.id, call };
}
