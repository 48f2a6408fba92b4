import { BadInputError, saying } from '@vpp-host/api';

/** A `.vpptoken` file is a few hundred bytes; anything far larger is not one. */
export const MAX_TOKEN_FILE_BYTES = 16 * 1024;

export interface TokenFile {
  /** The whole file content (trimmed): Apple's Bearer token. */
  readonly sToken: string;
  readonly orgName: string;
  readonly expiresAt: Date;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Apple writes `2030-11-08T22:33:22+0000`; ISO forms with `Z` or `+00:00` are accepted too. */
const EXP_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Checks a token file's content and says exactly what is wrong with it: empty, too large, not Base64, not JSON,
 * a missing field, an unreadable or past expiry date.
 */
export function parseTokenFile(content: string, now: Date): TokenFile {
  if (typeof content !== 'string' || content.trim() === '') throw saying(new BadInputError('The token file is empty'), 'vpp.token-file.empty');
  if (content.length > MAX_TOKEN_FILE_BYTES) {
    throw saying(new BadInputError(`The token file is ${content.length} bytes; a .vpptoken file is under ${MAX_TOKEN_FILE_BYTES} bytes`), 'vpp.token-file.too-large', { size: content.length, max: MAX_TOKEN_FILE_BYTES });
  }
  const sToken = content.trim();
  if (!BASE64.test(sToken) || sToken.length % 4 !== 0) {
    throw saying(new BadInputError('The token file is not Base64 text; upload the .vpptoken file as downloaded from Apple Business or School Manager'), 'vpp.token-file.not-base64');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(sToken, 'base64').toString('utf8'));
  } catch {
    throw saying(new BadInputError('The token file is Base64, but what it holds is not JSON'), 'vpp.token-file.not-json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw saying(new BadInputError('The token file holds JSON, but not an object with token, expDate and orgName'), 'vpp.token-file.not-object');
  }
  const fields = json as Record<string, unknown>;
  const missing = ['token', 'expDate', 'orgName'].filter((key) => typeof fields[key] !== 'string' || (fields[key] as string).trim() === '');
  const lacking = missing.map((m) => `"${m}"`).join(', ');
  if (missing.length > 0) throw saying(new BadInputError(`The token file lacks ${lacking}`, { missing }), 'vpp.token-file.lacks', { fields: lacking });
  const expiresAt = parseExpDate(fields.expDate as string);
  if (expiresAt.getTime() <= now.getTime()) {
    throw saying(new BadInputError(`The token expired on ${expiresAt.toISOString()}; download a new token from Apple`), 'vpp.token-file.expired', { date: expiresAt.toISOString() });
  }
  return { sToken, orgName: (fields.orgName as string).trim(), expiresAt };
}

function parseExpDate(text: string): Date {
  const match = EXP_DATE.exec(text.trim());
  const offset = match?.[2] === 'Z' ? 'Z' : match?.[2]?.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = match ? new Date(`${match[1]}${offset}`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw saying(new BadInputError(`The token file's expDate "${text}" is not a date like 2030-11-08T22:33:22+0000`), 'vpp.token-file.bad-date', { text });
  return date;
}
