import { describe, expect, it } from 'vitest';
import { BadInputError } from '@vpp-host/api';
import { buildVppTokenFile } from '../simulator/index.js';
import { MAX_TOKEN_FILE_BYTES, parseTokenFile } from './token-file.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function refusal(content: string): string {
  try {
    parseTokenFile(content, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('.vpptoken file check', () => {
  it("accepts Apple's format and reads the organisation and the expiry (numeric offset, no colon)", () => {
    const file = buildVppTokenFile({ token: 'abc', expDate: '2030-11-08T22:33:22+0000', orgName: 'Contoso Ltd' });
    expect(parseTokenFile(`${file}\n`, NOW)).toEqual({ sToken: file, orgName: 'Contoso Ltd', expiresAt: new Date('2030-11-08T22:33:22Z') });
    const offset = parseTokenFile(buildVppTokenFile({ token: 'abc', expDate: '2030-11-08T22:33:22+0200', orgName: 'X' }), NOW);
    expect(offset.expiresAt.toISOString()).toBe('2030-11-08T20:33:22.000Z');
  });

  it('says which problem a bad file has', () => {
    expect(refusal('')).toBe('The token file is empty');
    expect(refusal('   \n')).toBe('The token file is empty');
    expect(refusal('this is not base64!')).toMatch(/not Base64/);
    expect(refusal(base64('{"token": "abc", '))).toMatch(/not JSON/);
    expect(refusal(base64('[1,2]'))).toMatch(/not an object with token, expDate and orgName/);
    expect(refusal(base64(JSON.stringify({ token: 'abc', expDate: '2030-11-08T22:33:22+0000' })))).toBe('The token file lacks "orgName"');
    expect(refusal(base64(JSON.stringify({ orgName: 'X' })))).toBe('The token file lacks "token", "expDate"');
    expect(refusal(base64(JSON.stringify({ token: 'a', expDate: 'next year', orgName: 'X' })))).toMatch(/expDate "next year" is not a date/);
    expect(refusal(buildVppTokenFile({ token: 'a', expDate: '2026-05-31T09:00:00+0000', orgName: 'X' }))).toBe(
      'The token expired on 2026-05-31T09:00:00.000Z; download a new token from Apple',
    );
  });

  it('refuses 10 MB of junk by its size, before decoding it', () => {
    const junk = 'A'.repeat(10 * 1024 * 1024);
    expect(refusal(junk)).toBe(`The token file is ${junk.length} bytes; a .vpptoken file is under ${MAX_TOKEN_FILE_BYTES} bytes`);
  });
});
