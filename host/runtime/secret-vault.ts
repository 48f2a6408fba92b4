import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Secrets } from '../api/secrets.js';
import type { Repository } from '../api/storage.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../storage/private-modes.js';
import type { Redactor } from './redactor.js';

export interface SealedSecret {
  readonly id: string;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

export const SECRET_KEY_ENV = 'VPP_HOST_SECRET_KEY';

/**
 * The key comes from VPP_HOST_SECRET_KEY (32 bytes, Base64) or from `<dataDir>/secret.key`, created with mode 0600
 * on first start. The key never lives next to the secrets in the same file.
 */
export async function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error(`${SECRET_KEY_ENV} must be 32 bytes in Base64 (44 characters)`);
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const key = Buffer.from(existing.trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte Base64 key`);
    return key;
  }
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const key = randomBytes(32);
  await writeFile(file, key.toString('base64'), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  await chmod(file, PRIVATE_FILE_MODE);
  return key;
}

/** AES-256-GCM at rest; every value it holds is registered with the log redactor. */
export class SecretVault {
  constructor(
    private readonly key: Buffer,
    private readonly store: Repository<SealedSecret>,
    private readonly redactor: Redactor,
  ) {
    for (const sealed of store.values()) redactor.register(this.open(sealed));
  }

  forPlugin(pluginId: string): Secrets {
    const id = (key: string): string => `${pluginId}.${key}`;
    return {
      get: (key) => {
        const sealed = this.store.get(id(key));
        return sealed ? this.open(sealed) : undefined;
      },
      store: async (key, value) => {
        this.redactor.register(value);
        await this.store.put(this.seal(id(key), value));
      },
      delete: async (key) => {
        const sealed = this.store.get(id(key));
        if (sealed) this.redactor.unregister(this.open(sealed));
        await this.store.delete(id(key));
      },
    };
  }

  private seal(id: string, value: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(id));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  private open(sealed: SealedSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.id));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }
}
