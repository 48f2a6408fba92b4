// Deleting a location's token in chromium, against a real host and the Apple simulator: the preview first, in the
// admin's language, and what it listed is what then happens.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../host/api/actor.js';
import { Distribution, SyncService, TokenService, type TokenRecord } from '../../plugins/vpp-apple/api/index.js';
import { launchBrowser, saveScreenshot, VIEWPORTS, withPage } from './support/browser.js';
import { navigate, signIn, submit, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const DESKTOP = VIEWPORTS.find((v) => v.name === 'desktop')!;
const LOCATION = { uId: '3000000000000301', app: '53001', book: '53009' } as const;
const GROUP = 'Art room iPads';

/** Words of the English preview that must not be left on the Dutch or French one. */
const ENGLISH = ['Before you confirm', 'Nothing has changed', 'Deleting', 'stops', 'Stays at Apple', 'Assignments', 'Licenses', 'Waiting', 'never', 'Who', 'App or book', 'Device group', 'Device', 'Confirm', 'Cancel', 'revoke'];

let browser: Browser;
let vpp: VppPanelHost;
let token: TokenRecord;

beforeAll(async () => {
  browser = await launchBrowser();
  vpp = await startVppPanelHost();
  const location = await vpp.addLocation({
    uId: LOCATION.uId,
    locationName: 'Riverside Campus',
    assets: [
      { adamId: LOCATION.app, productType: 'App', totalCount: 2, supportedPlatforms: ['iOS'] },
      { adamId: LOCATION.book, productType: 'Book', totalCount: 3 },
    ],
  });
  token = await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Riverside', file: location.sToken }, SEEDER);
  await vpp.plugin.get<SyncService>(SyncService).sync(token.id);
  await vpp.panel.inventory.import(
    {
      devices: [1, 2, 3].map((i) => ({ id: `art-${i}`, serialNumber: `SNART${i}`, name: `Art iPad ${i}`, platform: 'iPadOS' as const, osVersion: '17.4' })),
      deviceGroups: [{ id: 'art-ipads', name: GROUP, members: ['art-1', 'art-2', 'art-3'] }],
    },
    SEEDER,
  );
  // Two licenses for three iPads: two hold one at Apple, the third waits.
  await vpp.plugin.get<Distribution>(Distribution).assign({ item: `vpp:${token.id}:${LOCATION.app}:STDQ`, target: { kind: 'device-group', id: 'art-ipads' } }, SEEDER);
  await until(() => apple().findAsset(LOCATION.app)!.assignedCount === 2, 'Apple to assign both licenses');
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

function apple() {
  return vpp.simulator.location(LOCATION.uId);
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The preview's section: the one that asks to confirm, in any language. */
function previewSection(page: Page): Locator {
  return page.locator('.panel-section', { has: page.locator('.confirm-actions') });
}

/** The rows (cell texts) of the table under the preview's heading that starts with `heading`. */
async function rowsUnder(preview: Locator, heading: string): Promise<string[][]> {
  const table = preview.locator(`xpath=.//h4[starts-with(normalize-space(.), "${heading}")]/following-sibling::div[contains(@class, "table-wrap")][1]`);
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map((row) => row.locator('td').allTextContents()));
}

describe('deleting a token in the panel', () => {
  it('shows what deleting stops and what stays at Apple (in English, Dutch and French), then does exactly that', async () => {
    await withPage(browser, DESKTOP, 'token-delete', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await navigate(page, 'Tokens');
      await Promise.all([page.waitForLoadState('load'), page.locator('main tbody a', { hasText: 'Riverside' }).click()]);
      await submit(page, 'Delete');
      const preview = previewSection(page);
      await expect(preview.locator('h2').textContent()).resolves.toBe('Before you confirm');
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Deleting "Riverside" stops', 'Stays at Apple, no longer managed here']);
      await expect(preview.locator('h4').allTextContents()).resolves.toEqual([
        'Apps and books that leave the catalog with the data synced for them (2)',
        'Assignments that stop: nobody gets these apps or books from them any more (1)',
        'Waiting for a license, never served (1)',
        'Licenses that stay assigned at Apple (2)',
      ]);
      const app = `App ${LOCATION.app}`;
      await expect(rowsUnder(preview, 'Assignments that stop')).resolves.toEqual([[`Device group · ${GROUP}`, app]]);
      const holders = await rowsUnder(preview, 'Licenses that stay');
      const waiting = await rowsUnder(preview, 'Waiting for a license');
      expect(holders).toHaveLength(2);
      expect(waiting).toHaveLength(1);
      await saveScreenshot(page, 'token-delete-preview-en');
      // The previewed holders and the waiting one are the group's three iPads, and nothing has changed yet.
      const serials = (rows: string[][]) => rows.map((row) => /\((SNART\d)\)$/.exec(row[0]!)![1]!).sort();
      expect([...serials(holders), ...serials(waiting)].sort()).toEqual(['SNART1', 'SNART2', 'SNART3']);
      expect(vpp.plugin.get<TokenService>(TokenService).get(token.id)).toBeDefined();
      const previewUrl = page.url();

      for (const [language, title, stays] of [
        ['Nederlands', 'Voor u bevestigt', 'Licenties die bij Apple toegewezen blijven (2)'],
        ['Français', 'Avant de confirmer', 'Licences qui restent attribuées chez Apple (2)'],
      ] as const) {
        await switchLanguage(page, language);
        await page.goto(previewUrl);
        await expect(preview.locator('h2').textContent()).resolves.toBe(title);
        await expect(preview.locator('h4').allTextContents()).resolves.toContain(stays);
        // Only names stay as they are (the items' "App 53001", the group's name); every word around them is translated.
        const words = (await preview.textContent())!.replaceAll(app, '').replaceAll(GROUP, '');
        for (const english of ENGLISH) expect(words, `"${english}" on the ${language} preview`).not.toMatch(new RegExp(`\\b${english}\\b`));
        await saveScreenshot(page, `token-delete-preview-${language === 'Nederlands' ? 'nl' : 'fr'}`);
      }
      await switchLanguage(page, 'English');
      await page.goto(previewUrl);

      await submit(page, 'Confirm');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe(
        'Token "Riverside" deleted: 2 apps and books left the catalog; 1 assignment stopped; 2 licenses stay assigned at Apple; 1 waiting holder will not be served.',
      );
      await expect(page.locator('main a', { hasText: 'Riverside' }).count()).resolves.toBe(0);
      await saveScreenshot(page, 'token-delete-done');

      // What the preview said stays at Apple does: the two holders it listed still hold the app there.
      expect(apple().findAsset(LOCATION.app)!.assignedCount).toBe(2);
      for (const serial of serials(holders)) expect(apple().holds({ adamId: LOCATION.app, pricingParam: 'STDQ' }, { serialNumber: serial })).toBe(true);
      // What it said stops does: the items left the catalog, and the group's assignment is gone from managed distribution.
      await navigate(page, 'Catalog');
      await expect(page.locator('main').textContent()).resolves.not.toContain(app);
      await navigate(page, 'Managed distribution');
      await expect(page.locator('main').textContent()).resolves.not.toContain(GROUP);
    });
  });

  it('offers a read-only admin no way to delete, not from the preview address nor with a crafted Confirm', async () => {
    const other = await vpp.addLocation({ uId: '3000000000000302', locationName: 'Hillside Campus', assets: [] });
    const kept = await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Hillside', file: other.sToken }, SEEDER);
    await withPage(browser, DESKTOP, 'token-delete-read-only', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.reader);
      await page.goto(`${vpp.panel.url}/views/vpp-apple/tokens?id=${kept.id}&preview=delete`);
      await expect(page.locator('main h1').textContent()).resolves.toBe('Hillside');
      await expect(previewSection(page).count()).resolves.toBe(0);
      await expect(page.locator('main form[method="post"]').count()).resolves.toBe(0);
      // A Confirm crafted by hand, with the session's own CSRF token and what the preview would carry, is refused too.
      const csrf = (await page.locator('form[action="/logout"] input[name="_csrf"]').getAttribute('value'))!;
      const crafted = await page.request.post(`${vpp.panel.url}/views/vpp-apple/tokens?id=${kept.id}`, {
        form: { _csrf: csrf, _action: 'delete', confirmed: 'yes', seen: '' },
        headers: { origin: vpp.panel.url },
        maxRedirects: 0,
      });
      expect(crafted.status()).toBe(403);
    });
    expect(vpp.plugin.get<TokenService>(TokenService).get(kept.id)).toBeDefined();
  });
});
