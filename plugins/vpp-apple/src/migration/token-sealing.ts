import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { BadInputError, saying } from '@vpp-host/api';
import type { SealedToken } from '../../api/index.js';

/** scrypt's cost: 2^15 takes ~32 MiB and a tenth of a second, once per export or import. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const SALT_BYTES = 16;
/** The data authenticated with the token: a sealed token cannot be moved into another format or field. */
const ASSOCIATED_DATA = Buffer.from('vpp-host migration bundle token v1');

function deriveKey(passphrase: string, salt: Buffer, cost: Pick<SealedToken['kdf'], 'N' | 'r' | 'p'>): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Encrypts a token file with a key derived from the passphrase (scrypt), with AES-256-GCM; the parameters travel along. */
export async function sealToken(sToken: string, passphrase: string): Promise<SealedToken> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(ASSOCIATED_DATA);
  const ciphertext = Buffer.concat([cipher.update(sToken, 'utf8'), cipher.final()]);
  return {
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The token file, or BadInputError when the passphrase is wrong or the sealed token was altered (GCM cannot tell which). */
export async function openToken(sealed: SealedToken, passphrase: string): Promise<string> {
  if (sealed.kdf.N > 2 ** 20 || sealed.kdf.r > 32 || sealed.kdf.p > 16) throw saying(new BadInputError("The bundle's token asks for a key derivation too costly to run (scrypt N, r or p out of range)"), 'vpp.migration.token-too-costly');
  const key = await deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), sealed.kdf);
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== 16) throw saying(new BadInputError("The bundle's token is damaged (its IV or tag has the wrong length)"), 'vpp.migration.token-damaged');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(ASSOCIATED_DATA);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw saying(new BadInputError("Cannot decrypt the bundle's token: the passphrase is wrong, or the token was altered"), 'vpp.migration.wrong-passphrase');
  }
}
