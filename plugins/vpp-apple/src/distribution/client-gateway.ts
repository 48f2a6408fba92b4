import type { SubmittedEvent } from '../client/index.js';
import type { ManageAssetsRequest } from '../../api/apple-wire.js';
import type { AppleGateway, SubmittedAppleEvent } from './ports.js';
import type { AppleVppClient } from '../../api/client.js';

function toSubmitted({ eventId, request }: SubmittedEvent<ManageAssetsRequest>): SubmittedAppleEvent {
  return { eventId, serialNumbers: request.serialNumbers ?? [], clientUserIds: request.clientUserIds ?? [] };
}

/** The Apple gateway over each token's shared client (TokenService.clientFor), which batches by Apple's limits. */
export class ClientAppleGateway implements AppleGateway {
  constructor(private readonly clientFor: (tokenId: string) => AppleVppClient) {}

  async associate(tokenId: string, asset: { adamId: string; pricingParam: 'STDQ' | 'PLUS' }, targets: { serialNumbers: readonly string[]; clientUserIds: readonly string[] }) {
    return (await this.clientFor(tokenId).associate([asset], targets)).map(toSubmitted);
  }

  async disassociate(tokenId: string, asset: { adamId: string; pricingParam: 'STDQ' | 'PLUS' }, targets: { serialNumbers: readonly string[]; clientUserIds: readonly string[] }) {
    return (await this.clientFor(tokenId).disassociate([asset], targets)).map(toSubmitted);
  }

  waitForEvent(tokenId: string, eventId: string) {
    return this.clientFor(tokenId).waitForEvent(eventId);
  }
}
