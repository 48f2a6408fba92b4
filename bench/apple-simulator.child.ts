// Apple's simulator for the benches, served on loopback in a process of its own, as Apple's service would be: it
// does not share the host's CPU time. Prints one JSON line (see AppleSimulatorStarted) once listening, answers the
// bench over IPC (see apple-simulator.ts), and exits with the bench.
import { createServer } from 'node:net';
import { LOCATION } from '../plugins/vpp-apple/src/invitations/testing/invitation-world.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock } from '../plugins/vpp-apple/src/simulator/index.js';
import type { AppleSimulatorReply, AppleSimulatorRequest, AppleSimulatorStarted } from './apple-simulator.js';

// The port is chosen first so the invitation links in the mails point at this server, as in the tests' world.
const port = await freePort();
const simulator = new AppleVppSimulator({
  clock: systemClock,
  eventDelayMs: 0,
  // The host's webhook is plain http on loopback.
  requireHttpsNotificationUrl: false,
  invitationUrlTemplate: `http://127.0.0.1:${port}/__simulator/invitations/%25inviteCode%25`,
});
const { sToken } = simulator.addLocation(LOCATION);
const server = await startAppleSimulatorServer(simulator, { port });

process.on('disconnect', () => process.exit(0));
process.on('message', (request: AppleSimulatorRequest) => {
  const succeeded = simulator.requests.filter((r) => r.path.endsWith(request.pathEnding) && r.httpStatus === 200).length;
  process.send!({ id: request.id, succeeded } satisfies AppleSimulatorReply);
});

process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, sToken, uId: LOCATION.uId } satisfies AppleSimulatorStarted)}\n`);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}
