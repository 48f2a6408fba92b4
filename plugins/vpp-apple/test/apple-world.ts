import type { AppleVppSimulator } from '../src/simulator/index.js';

export const OTHER_MDM = { id: 'f2b7c1d0-other-mdm', name: 'Jamf Pro', metadata: 'https://jamf.example.com' };

export function writesSent(simulator: AppleVppSimulator, since = 0): string[] {
  return simulator.requests.slice(since).filter((r) => r.method === 'POST').map((r) => r.path);
}
