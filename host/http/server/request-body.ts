import { BadInputError, HostError, saying } from '../../api/errors.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export class PayloadTooLargeError extends HostError {
  constructor(limit: number) {
    super('payload_too_large', 413, `The request body is larger than the limit of ${limit} bytes`, { limit });
    saying(this, 'host.body.too-large', { limit });
  }
}

export class UnsupportedMediaTypeError extends HostError {
  constructor(expected: string, got: string | null) {
    super('unsupported_media_type', 415, `Send the body as ${expected} (Content-Type was ${got === null ? 'missing' : `"${got}"`})`);
    if (got === null) saying(this, 'host.body.type-missing', { expected });
    else saying(this, 'host.body.type', { expected, got });
  }
}

/** The raw body, refused as soon as it passes `limit` bytes (a lying or missing Content-Length is no escape). */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

/** Undefined for an empty body. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyBytes(request, limit);
  if (bytes === undefined) return undefined;
  const type = request.headers.get('content-type');
  if (!type || !/^application\/([\w.-]+\+)?json\b/i.test(type)) throw new UnsupportedMediaTypeError('JSON (Content-Type: application/json)', type);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    // The parser's own message quotes the body, which may hold a password; only the position is passed on.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    if (position === undefined) throw saying(new BadInputError('The request body is not valid JSON'), 'host.body.not-json');
    throw saying(new BadInputError(`The request body is not valid JSON (syntax error at character ${position})`), 'host.body.not-json-at', { position });
  }
}

export interface FormBody {
  readonly form: Record<string, string>;
  /** Uploaded files by field name, as text. */
  readonly files: Record<string, string>;
}

export async function readFormBody(request: Request, limit: number): Promise<FormBody> {
  const bytes = await readBodyBytes(request, limit);
  const type = request.headers.get('content-type');
  if (bytes === undefined) return { form: {}, files: {} };
  if (!type || !/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) throw new UnsupportedMediaTypeError('a form', type);
  const data = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
  const form: Record<string, string> = {};
  const files: Record<string, string> = {};
  for (const [name, value] of data) {
    if (typeof value === 'string') form[name] = value;
    else files[name] = await value.text();
  }
  return { form, files };
}
