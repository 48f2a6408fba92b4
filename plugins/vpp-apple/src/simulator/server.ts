import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type HttpHandler } from 'msw';
import type { Disposable } from '@vpp-host/api';
import { createControlHandlers } from './control-handlers.js';
import { createAppleHandlers } from './handlers.js';
import type { AppleVppSimulator } from './model.js';

export interface AppleSimulatorServer extends Disposable {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** The base URL the Apple client should use: `${origin}/mdm/v2`. */
  readonly baseUrl: string;
}

export interface AppleSimulatorServerOptions {
  readonly port?: number;
  readonly host?: string;
}

/** Serves the simulator's msw handlers (Apple's endpoints and the control API) on a real localhost port, and points its `service/config` urls there. */
export async function startAppleSimulatorServer(
  simulator: AppleVppSimulator,
  options: AppleSimulatorServerOptions = {},
): Promise<AppleSimulatorServer> {
  const handlers = [...createAppleHandlers(simulator), ...createControlHandlers(simulator)];
  const server = createServer((req, res) => {
    serve(handlers, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : 'Simulator failure');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const baseUrl = `${origin}/mdm/v2`;
  simulator.servedAt(baseUrl);
  return {
    origin,
    baseUrl,
    dispose: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(handlers: HttpHandler[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await getResponse(handlers, request);
  if (!response) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    return;
  }
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
