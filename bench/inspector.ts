// A client of Node's inspector (`node --inspect`), just enough to read another process's heap after a full GC: the
// Chrome DevTools Protocol over one WebSocket, on loopback. Node 20 has no WebSocket client without a flag.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface HeapFigures {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

export interface Inspector {
  /** Collects garbage in the inspected process, then reads its `process.memoryUsage()` (bytes). */
  heapAfterGc(): Promise<HeapFigures>;
  close(): void;
}

/** A free loopback port for `--inspect=127.0.0.1:PORT`. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function connectInspector(port: number): Promise<Inspector> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = await upgrade(new URL(target!.webSocketDebuggerUrl));
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    for (let frame = readFrame(received); frame; frame = readFrame(received)) {
      received = received.subarray(frame.size);
      const message = JSON.parse(frame.text) as { id?: number; result?: Record<string, unknown> };
      if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
    }
  });
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.write(textFrame(JSON.stringify({ id, method, params })));
    });
  return {
    async heapAfterGc() {
      await call('HeapProfiler.collectGarbage');
      const evaluated = await call('Runtime.evaluate', { expression: 'process.memoryUsage()', returnByValue: true });
      const { heapUsed, heapTotal, external } = (evaluated.result as { value: HeapFigures }).value;
      return { heapUsed, heapTotal, external };
    },
    close: () => socket.destroy(),
  };
}

function upgrade(url: URL): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    let head = '';
    const onHead = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onHead);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`The inspector refused the WebSocket: ${head.split('\r\n')[0]}`));
      else resolve(socket);
    };
    socket.on('data', onHead);
    socket.on('error', reject);
  });
}

/** A client's frames are masked (RFC 6455 5.3). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : payload.length < 65_536 ? Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]) : undefined;
  if (!length) throw new Error('An inspector command this long is not expected');
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x81]), length, mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

/** One whole unmasked text frame from the server, or undefined while it is incomplete. */
function readFrame(buffer: Buffer): { text: string; size: number } | undefined {
  if (buffer.length < 2) return undefined;
  const short = buffer[1]! & 0x7f;
  const headerSize = short === 126 ? 4 : short === 127 ? 10 : 2;
  if (buffer.length < headerSize) return undefined;
  const length = short === 126 ? buffer.readUInt16BE(2) : short === 127 ? Number(buffer.readBigUInt64BE(2)) : short;
  if (buffer.length < headerSize + length) return undefined;
  return { text: buffer.subarray(headerSize, headerSize + length).toString(), size: headerSize + length };
}
