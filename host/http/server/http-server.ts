import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The one Node HTTP server behind the REST API and the panel. */
export class HttpServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Port 0 picks a free port; the URL then carries the one the system chose. */
  static async listen(app: Hono, port: number, hostname: string): Promise<HttpServer> {
    // Global Request/Response stay Node's own: other parts (the Apple simulator's msw handlers) rely on them.
    const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port: actualPort } = server.address() as AddressInfo;
    return new HttpServer(server, `http://${urlHost(hostname)}:${actualPort}`);
  }

  async close(): Promise<void> {
    // Keep-alive sockets would hold close() open for seconds (toolchain note 5).
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

function urlHost(hostname: string): string {
  if (hostname === '0.0.0.0' || hostname === '::') return 'localhost';
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}
