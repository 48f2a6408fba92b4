import type { CommandProgress, CommandResult } from '../api/commands.js';
import type { CommandDescriptor, CommandRequest, CommandStreamLine, ErrorBody } from '../commands/command-protocol.js';
import { CliFailure, failureFromHost } from './cli-failure.js';
import type { HostConnection } from './host-connection.js';

/** Talks to a running host's command gateway over REST. */
export class HostClient {
  constructor(
    private readonly connection: HostConnection,
    /** What to say when nothing answers at the address. */
    private readonly unreachable: () => CliFailure,
    /** The language the host says refusals in (an Accept-Language tag). */
    private readonly language?: string,
  ) {}

  async commands(): Promise<CommandDescriptor[]> {
    const response = await this.send('GET', '/api/commands');
    return (await response.json()) as CommandDescriptor[];
  }

  /** Runs a command, reporting its progress as it streams in; the host's refusal or failure is thrown as a CliFailure. */
  async run(id: string, request: CommandRequest, onProgress: (progress: CommandProgress) => void): Promise<CommandResult> {
    const response = await this.send('POST', `/api/commands/${encodeURIComponent(id)}`, request);
    if (!response.body) throw new CliFailure('The host sent an empty answer', 1);
    for await (const line of ndjsonLines(response.body)) {
      if (line.type === 'progress') onProgress(line);
      else if (line.type === 'result') return line.result;
      else throw failureFromHost(line.error, this.language);
    }
    throw new CliFailure(`The connection to ${this.connection.url} ended before "${id}" reported its result; it may or may not have completed`, 1);
  }

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.connection.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.connection.token}`,
          ...(this.language ? { 'accept-language': this.language } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw this.unreachable();
    }
    if (!response.ok) throw failureFromHost(await errorBodyOf(response), this.language);
    return response;
  }
}

async function errorBodyOf(response: Response): Promise<ErrorBody> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.error === 'string' && typeof body.message === 'string') return body as ErrorBody;
  } catch {
    // Not the host's JSON: something else answers at this address.
  }
  return { error: response.status >= 500 ? 'internal' : 'http', message: `The host answered HTTP ${response.status} ${response.statusText}`.trim() };
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<CommandStreamLine> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (line !== '') yield JSON.parse(line) as CommandStreamLine;
    }
  }
  if (buffered.trim() !== '') yield JSON.parse(buffered) as CommandStreamLine;
}
