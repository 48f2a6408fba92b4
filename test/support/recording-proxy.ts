import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

/** An HTTP proxy on loopback in front of one server: it records each request, and answers 503 itself while `down`. */
export interface RecordingProxy {
  readonly url: string;
  readonly requests: RecordedRequest[];
  down: boolean;
  close(): Promise<void>;
}

/** Headers that describe the hop, not the message: the proxy's own connection sets them. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'content-encoding', 'keep-alive']);

/** Gives one host its own way to a shared server (Apple's simulator), so a test sees which host called it. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const proxy: Omit<RecordingProxy, 'url' | 'close'> = { requests: [], down: false };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      proxy.requests.push({ method: request.method ?? 'GET', path: request.url ?? '/' });
      if (proxy.down) {
        response.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
        return;
      }
      const headers = Object.entries(request.headers).flatMap(([name, value]) => (HOP_HEADERS.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]]));
      const answer = await fetch(new URL(request.url ?? '/', new URL(target).origin), { method: request.method ?? 'GET', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) });
      const kept = [...answer.headers].filter(([name]) => !HOP_HEADERS.has(name));
      response.writeHead(answer.status, Object.fromEntries(kept)).end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    // The target's path too (Apple's base URL ends in /mdm/v2): requests keep it, and go to the target's origin.
    url: `http://127.0.0.1:${port}${new URL(target).pathname.replace(/\/$/, '')}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
