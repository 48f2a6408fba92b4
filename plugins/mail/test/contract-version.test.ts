import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAIL_API_VERSION } from '@vpp-host/plugins/mail/api';

describe("mail's contract", () => {
  it('carries the version the manifest offers to dependants, and vpp-apple asks for a range it satisfies', async () => {
    const mail = JSON.parse(await readFile(new URL('../plugin.json', import.meta.url), 'utf8')) as { apiVersion: string };
    const vppApple = JSON.parse(await readFile(new URL('../../vpp-apple/plugin.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(mail.apiVersion).toBe(MAIL_API_VERSION);
    const { default: semver } = await import('semver');
    expect(semver.satisfies(MAIL_API_VERSION, vppApple.dependencies.mail!)).toBe(true);
  });
});
