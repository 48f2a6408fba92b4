import type { AppleSimulator, SimulatedLocation, SinkMessage, SmtpSink } from './types.js';

type Request = (path: string, init?: RequestInit) => Promise<Response>;

async function json<T>(response: Response): Promise<T> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

/** The mail plugin's demo sink, read through its REST route. */
export class SmtpSinkClient implements SmtpSink {
  constructor(private readonly request: Request) {}

  async messages(limit = 50): Promise<SinkMessage[]> {
    return (await json<{ messages: SinkMessage[] }>(await this.request(`/api/plugins/mail/sink?limit=${limit}`))).messages;
  }
}

/** The demo Apple service, found through the line the vpp-apple plugin logs when it listens. */
export class AppleSimulatorClient implements AppleSimulator {
  constructor(private readonly logs: readonly { source: string; message: string; fields?: object }[]) {}

  get url(): string {
    const line = this.logs.find((l) => l.source === 'vpp-apple' && l.message === 'Demo Apple service listening');
    const url = (line?.fields as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string') throw new Error('The Apple simulator is not running: start the test host with demo: true and the vpp-apple plugin');
    return url;
  }

  async locations(): Promise<SimulatedLocation[]> {
    return json(await fetch(`${this.url}/__simulator/locations`));
  }

  async acceptInvitation(uId: string, clientUserId: string): Promise<unknown> {
    return json(await fetch(`${this.url}/__simulator/locations/${encodeURIComponent(uId)}/users/${encodeURIComponent(clientUserId)}/accept`, { method: 'POST' }));
  }

  async addLicenses(uId: string, adamId: string, countDelta: number): Promise<unknown> {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ countDelta }) };
    return json(await fetch(`${this.url}/__simulator/locations/${encodeURIComponent(uId)}/assets/${encodeURIComponent(adamId)}/licenses`, init));
  }
}
