// The benches' local SMTP server, in a process of its own as a real one would be: accepts every message, counts
// each Message-ID, and answers the bench over IPC (see counting-smtp-sink.ts for the messages).
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readHeaders } from '../plugins/mail/src/raw-headers.js';
import type { SinkReply, SinkRequest } from './counting-smtp-sink.js';

const counts = new Map<string, number>();
let accepted = 0;
let lastAt = 0;
const waiters: { count: number; id: number }[] = [];

function reply(message: SinkReply): void {
  process.send!(message);
}

function answerWaiters(): void {
  for (let i = waiters.length - 1; i >= 0; i--) {
    const waiter = waiters[i]!;
    if (accepted < waiter.count) continue;
    waiters.splice(i, 1);
    reply({ type: 'accepted', id: waiter.id, accepted, lastAt });
  }
}

/** How long the server takes over each message before its 250, as a real MTA queuing to disk does (0: at once). */
const delayMs = Number(process.env.SINK_DELAY_MS ?? 0);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const id = readHeaders(Buffer.concat(chunks).toString('utf8')).get('message-id') ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const accept = () => {
        accepted++;
        lastAt = performance.timeOrigin + performance.now();
        callback();
        answerWaiters();
      };
      if (delayMs > 0) setTimeout(accept, delayMs);
      else accept();
    });
  },
});

process.on('message', (request: SinkRequest) => {
  switch (request.type) {
    case 'when-accepted':
      waiters.push({ count: request.count, id: request.id });
      answerWaiters();
      break;
    case 'counts':
      reply({ type: 'counts', id: request.id, accepted, counts: [...counts] });
      break;
    case 'close':
      server.close(() => process.exit(0));
      break;
  }
});

server.listen(0, '127.0.0.1', () => reply({ type: 'listening', port: (server.server.address() as AddressInfo).port }));
