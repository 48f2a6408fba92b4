import type { Clock, Logger } from '@vpp-host/api';
import { AppleApiError } from './errors.js';
import type { SlidingWindowRateLimiter } from './rate-limiter.js';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';
import type { ErrorResponse } from '../../api/apple-wire.js';

export type QueryValue = string | number | boolean | undefined;

export interface AppleRequest {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `assets/associate`; with `url`, the name the logs use for the call. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** `service/config` is the one call without the token (and outside the token's rate limit). */
  readonly anonymous?: boolean;
  /** An absolute address instead of `path` below the base URL: another Apple service named in `service/config`. */
  readonly url?: string;
  /** How the token travels: the Bearer header (v2), or the store's `itvt` cookie (content metadata lookup). */
  readonly tokenIn?: 'bearer' | 'itvt-cookie';
  /** At most this many attempts, below the client's retry policy. */
  readonly maxAttempts?: number;
}

export interface AppleTransportOptions {
  readonly baseUrl: string;
  readonly sToken: string;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limiter: SlidingWindowRateLimiter;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly requestTimeoutMs: number;
}

interface Failure {
  readonly error: AppleApiError;
  readonly retryAfterMs?: number;
}

/** Sends one logical request: rate limit, Bearer token, error numbers on any status, bounded retries. */
export class AppleTransport {
  private readonly baseUrl: string;

  constructor(private readonly options: AppleTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async send<T>(request: AppleRequest): Promise<T> {
    const { retry, clock, logger, random } = this.options;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request);
      if (!('error' in outcome)) return outcome.body as T;
      const { error, retryAfterMs } = outcome;
      if (!error.isTransient || attempt >= Math.min(retry.maxAttempts, request.maxAttempts ?? Infinity)) throw error;
      const delayMs = retryAfterMs ?? backoffDelayMs(retry, attempt, random);
      logger.warn('Apple request failed; retrying', {
        path: request.path,
        attempt,
        delayMs,
        errorNumber: error.errorNumber,
        httpStatus: error.httpStatus,
      });
      await clock.sleep(delayMs);
    }
  }

  private async attempt(request: AppleRequest): Promise<{ body: unknown } | Failure> {
    const release = request.anonymous ? undefined : await this.options.limiter.acquire();
    try {
      return await this.exchange(request);
    } finally {
      release?.();
    }
  }

  private async exchange(request: AppleRequest): Promise<{ body: unknown } | Failure> {
    let response: Response;
    try {
      response = await this.options.fetch(this.url(request), this.init(request));
    } catch (cause) {
      return { error: new AppleApiError(`Apple could not be reached (${describe(cause)})`, undefined, undefined, undefined, { cause }) };
    }
    let body: unknown;
    try {
      const text = await response.text();
      body = text === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      if (response.ok) {
        return { error: new AppleApiError('Apple sent a response that is not JSON', undefined, 502, undefined, { cause }) };
      }
    }
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), this.options.clock.now());
    if (isErrorResponse(body)) {
      const error = new AppleApiError(
        `Apple error ${body.errorNumber}: ${body.errorMessage}`,
        body.errorNumber,
        response.status,
        body.errorInfo,
      );
      return { error, retryAfterMs };
    }
    if (!response.ok) {
      return { error: new AppleApiError(`Apple answered HTTP ${response.status}`, undefined, response.status), retryAfterMs };
    }
    return { body };
  }

  private url(request: AppleRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return `${request.url ?? `${this.baseUrl}/${request.path}`}${search}`;
  }

  private init(request: AppleRequest): RequestInit {
    const headers: Record<string, string> = { accept: 'application/json', ...this.credentials(request) };
    const init: RequestInit = { method: request.method, headers, signal: AbortSignal.timeout(this.options.requestTimeoutMs) };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    return init;
  }

  private credentials(request: AppleRequest): Record<string, string> {
    if (request.anonymous) return {};
    const sToken = this.options.sToken;
    return request.tokenIn === 'itvt-cookie' ? { cookie: `itvt=${sToken}` } : { authorization: `Bearer ${sToken}` };
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null && typeof (body as ErrorResponse).errorNumber === 'number';
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
