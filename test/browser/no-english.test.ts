// Walks every panel page an admin can reach by following links, in Dutch and in French, and fails on English left.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../host/api/actor.js';
import { AccountService } from '../../host/http/auth/account-service.js';
import { Distribution, Invitations, SyncService, TokenService } from '../../plugins/vpp-apple/api/index.js';
import { launchBrowser, VIEWPORTS, withPage } from './support/browser.js';
import { signIn } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';
import { englishIn, linksToWalk, readableText } from './support/english-words.js';

/** Names neither language would flag: people, places and groups as a Belgian school might call them. */
const SEEDER: Actor = { kind: 'system', id: 'seeder', name: 'Directory' };
const ADMINS = {
  nl: { name: 'noor', password: 'taal langue language nl', language: 'nl' },
  fr: { name: 'fleur', password: 'taal langue language fr', language: 'fr' },
} as const;
/** Enough pages for every view and its details; a walk that reaches more is following a loop. */
const MAX_PAGES = 250;

let browser: Browser;
let vpp: VppPanelHost;

beforeAll(async () => {
  [browser, vpp] = await Promise.all([launchBrowser(), startVppPanelHost()]);
  await vpp.panel.inventory.import(
    {
      users: [
        { id: 'anouk', name: 'Anouk Peeters', email: 'anouk@school.example', language: 'nl', managedAppleId: 'anouk@appleid.school.example' },
        { id: 'lucas', name: 'Lucas Dubois', email: 'lucas@school.example', language: 'fr' },
        { id: 'emma', name: 'Emma Claes', email: 'emma@school.example', language: 'nl' },
      ],
      userGroups: [{ id: 'atelier', name: 'Atelier 3B', members: ['anouk', 'lucas', 'emma'] }],
      devices: [1, 2, 3].map((i) => ({ id: `ipad-${i}`, serialNumber: `SNIPAD${i}`, name: `iPad ${i}`, platform: 'iPadOS' as const, osVersion: '17.4', ownerUserId: 'anouk' })),
      deviceGroups: [{ id: 'klas', name: 'Klas 3B', members: ['ipad-1', 'ipad-2', 'ipad-3'] }],
    },
    SEEDER,
  );
  const location = await vpp.addLocation({
    uId: '3100000000000001',
    locationName: 'Gent Zuid',
    assets: [
      { adamId: '61001', productType: 'App', totalCount: 2, supportedPlatforms: ['iOS'], name: 'Keynote' },
      { adamId: '61009', productType: 'Book', totalCount: 3, name: 'Atlas' },
    ],
  });
  const token = await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Gent', file: location.sToken }, SEEDER);
  await vpp.plugin.get<SyncService>(SyncService).sync(token.id);
  const distribution = vpp.plugin.get<Distribution>(Distribution);
  // Three iPads for two licenses: one waits in the queue; the group's users wait to enrol.
  await distribution.assign({ item: 'Keynote', target: { kind: 'device-group', id: 'klas' } }, SEEDER);
  await distribution.assign({ item: 'Atlas', target: { kind: 'user-group', id: 'atelier' } }, SEEDER);
  await vpp.plugin.get<Invitations>(Invitations).invite({ kind: 'user', id: 'lucas' }, SEEDER);
  const accounts = vpp.panel.host.container.get<AccountService>(AccountService);
  for (const admin of Object.values(ADMINS)) await accounts.createAdmin({ name: admin.name, password: admin.password, role: 'admin' }, SYSTEM_ACTOR);
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

/** Follows every link from the landing page, breadth first, once per page kind; answers what each page showed. */
async function walk(page: Page, base: string): Promise<Map<string, string>> {
  const seen = new Set<string>();
  const texts = new Map<string, string>();
  const queue = [new URL(page.url()).pathname];
  while (queue.length > 0 && texts.size < MAX_PAGES) {
    const address = queue.shift()!;
    await page.goto(`${base}${address}`);
    texts.set(address, await readableText(page));
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    for (const next of linksToWalk(hrefs, base)) {
      if (seen.has(next.kind)) continue;
      seen.add(next.kind);
      queue.push(next.address);
    }
  }
  return texts;
}

/**
 * Submits each form that takes typed input once, filled with what no field accepts (`§`, a number below any minimum,
 * a file that is no token), as a careless admin would, bypassing the browser's own checks as a script would; answers
 * what each answer page showed, keyed by the page and the form. Forms of buttons alone (delete, sync) are left alone.
 */
async function submitEachForm(page: Page, base: string, addresses: readonly string[]): Promise<Map<string, string>> {
  const submitted = new Set<string>();
  const texts = new Map<string, string>();
  for (const address of addresses) {
    await page.goto(`${base}${address}`);
    const forms = await page.locator('form[method="post"]').evaluateAll((elements) =>
      elements.map((form) => ({
        key: `${form.getAttribute('action')}|${(form.querySelector('input[name="_action"]') as HTMLInputElement | null)?.value ?? ''}`,
        typed: form.querySelectorAll('input[type="text"], input[type="email"], input[type="number"], input[type="url"], input[type="file"], input:not([type]), textarea').length > 0,
      })),
    );
    for (const [index, form] of forms.entries()) {
      if (!form.typed || submitted.has(form.key) || /^\/(login|logout|language)\b/.test(form.key)) continue;
      submitted.add(form.key);
      await page.goto(`${base}${address}`);
      const element = page.locator('form[method="post"]').nth(index);
      for (const file of await element.locator('input[type="file"]').all()) await file.setInputFiles({ name: 'garbage.vpptoken', mimeType: 'text/plain', buffer: Buffer.from('§ no token §') });
      await element.evaluate((target) => {
        for (const input of target.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], input[type="email"], input[type="number"], input[type="url"], input:not([type]), textarea')) {
          input.value = input.type === 'number' ? '-1' : 'Qz§';
        }
      });
      await Promise.all([page.waitForEvent('load'), element.evaluate((target) => HTMLFormElement.prototype.submit.call(target))]);
      texts.set(`${address} → ${form.key}`, await readableText(page));
    }
  }
  return texts;
}

describe.each(Object.values(ADMINS))('the panel in $language', (admin) => {
  it('shows no English on any page an admin can reach', async () => {
    await withPage(browser, VIEWPORTS[0]!, `no-english-${admin.language}`, async (page) => {
      await signIn(page, vpp.panel.url, admin);
      await page.locator('.user-menu summary').click();
      await Promise.all([page.waitForLoadState('load'), page.locator(`.language-switch button[value="${admin.language}"]`).click()]);
      const pages = await walk(page, vpp.panel.url);
      expect(pages.size).toBeGreaterThan(20);
      const answers = await submitEachForm(page, vpp.panel.url, [...pages.keys()]);
      expect(answers.size).toBeGreaterThan(10);
      // Each English line once, with the first page that showed it.
      const english = new Map<string, string>();
      for (const [address, text] of [...pages, ...answers]) for (const line of englishIn(text)) if (!english.has(line)) english.set(line, address);
      expect([...english].map(([line, address]) => `${line}   (${address})`)).toEqual([]);
    });
  }, 300_000);
});
