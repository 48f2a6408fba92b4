// The real SMTP thread, which also dies the moment it is asked to send to die@thread.test: a thread lost mid-send.
import { parentPort } from 'node:worker_threads';
import '../src/smtp-thread.mjs';

parentPort.on('message', (request) => {
  if (request.type === 'send' && request.mail.to === 'die@thread.test') process.exit(3);
});
