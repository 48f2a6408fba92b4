import { randomBytes } from 'node:crypto';
import { buildVppTokenFile, formatExpDate, type AppleVppSimulator } from '../src/simulator/index.js';

/**
 * A new `.vpptoken` file for an existing simulated location, as a content manager downloads when renewing.
 * The simulator has no renewal call yet, so this registers the new file with the location directly.
 */
export function issueRenewalFile(simulator: AppleVppSimulator, uId: string, expiresAt: Date): string {
  const location = simulator.location(uId);
  const sToken = buildVppTokenFile({ token: randomBytes(24).toString('base64'), expDate: formatExpDate(expiresAt), orgName: location.identity.orgName });
  (simulator as unknown as { locationsByToken: Map<string, unknown> }).locationsByToken.set(sToken, location);
  location.expiresAt = expiresAt;
  return sToken;
}

export const OTHER_MDM = { id: 'f2b7c1d0-other-mdm', name: 'Jamf Pro', metadata: 'https://jamf.example.com' };

export function writesSent(simulator: AppleVppSimulator, since = 0): string[] {
  return simulator.requests.slice(since).filter((r) => r.method === 'POST').map((r) => r.path);
}
