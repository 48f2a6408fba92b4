// The SMTP side of bulk delivery, on a thread of its own (smtp-thread.ts starts it): building each message's MIME and
// talking SMTP is most of what a message costs, and here it runs beside the host's event loop instead of on it.
// Plain JavaScript, so the thread needs no TypeScript loader in any way the host runs.
//
// Requests: { type: 'open', lease, options }   a pooled nodemailer transport for a lease
//           { type: 'send', lease, seq, mail } one message over the lease's transport
//           { type: 'close', lease }           closes the lease's connections once its messages are done
// Answers:  { seq, response } or { seq, failure: { message, code, originalCode, command, response, responseCode } }
import { parentPort } from 'node:worker_threads';
import nodemailer from 'nodemailer';

const transports = new Map();

parentPort.on('message', (request) => {
  switch (request.type) {
    case 'open':
      transports.set(request.lease, nodemailer.createTransport(request.options));
      break;
    case 'send':
      send(request);
      break;
    case 'close':
      transports.get(request.lease)?.close();
      transports.delete(request.lease);
      break;
  }
});

function send({ lease, seq, mail }) {
  const transport = transports.get(lease);
  if (!transport) {
    parentPort.postMessage({ seq, failure: { message: `No SMTP transport for lease ${lease}` } });
    return;
  }
  transport.sendMail(mail).then(
    (info) => parentPort.postMessage({ seq, response: String(info.response ?? '') }),
    (error) => parentPort.postMessage({ seq, failure: failureOf(error) }),
  );
}

/** The fields of nodemailer's errors that say what failed (see delivery-error.ts). */
function failureOf(error) {
  const { message, code, originalCode, command, response, responseCode } = error ?? {};
  return { message: String(message ?? error), code, originalCode, command, response, responseCode };
}
