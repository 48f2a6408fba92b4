// Seed 003 in chromium: MaaS360's Apple VPP Licenses page, the Add Token window with its Token Detail, Policies and
// Distribution tabs, every option set, the token Active, its Token Details, and the same page in Dutch and French.
// Each test saves a screenshot of its last page under test-results/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../host/api/actor.js';
import { launchBrowser, saveScreenshot, VIEWPORTS, withPage, type Viewport } from './support/browser.js';
import { navigate, reloadUntil, signIn, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const WORLD = { desktop: '3100000000000001', phone: '3100000000000002' } as const;

let browser: Browser;
let vpp: VppPanelHost;

beforeAll(async () => {
  browser = await launchBrowser();
  vpp = await startVppPanelHost();
  await vpp.panel.inventory.import({ userGroups: [{ id: 'staff', name: 'Staff', members: [] }] }, SEEDER);
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

async function openTab(page: Page, name: string): Promise<void> {
  await page.locator('main .tab-label', { hasText: name }).first().click();
}

describe.each(VIEWPORTS)('MaaS360 Apple VPP Licenses at $width x $height', (viewport: Viewport) => {
  const tokenName = `Campus ${viewport.name}`;

  it('adds a token with every option through the three tabs; the token is Active and its Token Details list the apps', async () => {
    const location = await vpp.addLocation({
      uId: WORLD[viewport.name],
      locationName: `Campus ${viewport.name}`,
      assets: [
        { adamId: `6${WORLD[viewport.name].slice(-1)}001`, productType: 'App', totalCount: 5, name: `Pages ${viewport.name}` },
        { adamId: `6${WORLD[viewport.name].slice(-1)}003`, productType: 'App', totalCount: 2, name: `Final Cut ${viewport.name}`, supportedPlatforms: ['macOS'] },
      ],
    });
    await withPage(browser, viewport, 'maas360-add-token', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await navigate(page, 'Apple VPP Licenses');
      await expect(page.locator('main h3').textContent()).resolves.toBe('Enable License Codes');

      // Token Detail: the help texts are the seed's; the region is a drop-down.
      await expect(page.locator('main').textContent()).resolves.toContain('Enter a unique token name that helps identify the token.');
      await page.fill('#field-name', tokenName);
      await page.setInputFiles('#field-file', location.file);
      await page.selectOption('#field-region', 'NL');
      await page.check('#field-addAppsAutomatically');
      // Policies: hidden until its tab is chosen.
      await expect(page.locator('input[name="removeAppOn-selective-wipe"]').isVisible()).resolves.toBe(false);
      await openTab(page, 'Policies');
      for (const event of ['mdm-removal', 'selective-wipe', 'stop-distribution']) await page.check(`input[name="removeAppOn-${event}"]`);
      await page.check('input[name="revokeLicenseOn-stop-distribution"]');
      await page.check('#field-restrictBackup');
      await page.check('#field-appApproval');
      await openTab(page, 'Distribution');
      await page.fill('#field-restrictToUserGroups', 'Staff');
      await saveScreenshot(page, `maas360-add-token-distribution-${viewport.name}`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Submit', exact: true }).click()]);

      await expect(page.locator('.flash-success').textContent()).resolves.toBe(`The VPP token "${tokenName}" is uploaded; its status is Active.`);
      await expect(page.locator('main .badge').first().textContent()).resolves.toBe('Active');
      // The edit form shows what was chosen.
      await openTab(page, 'Policies');
      await expect(page.locator('input[name="removeAppOn-selective-wipe"]').isChecked()).resolves.toBe(true);
      await expect(page.locator('input[name="revokeLicenseOn-selective-wipe"]').isChecked()).resolves.toBe(false);
      await expect(page.locator('#field-appApproval').isChecked()).resolves.toBe(true);
      await openTab(page, 'Distribution');
      await expect(page.locator('#field-restrictToUserGroups').inputValue()).resolves.toBe('Staff');

      // The token syncs in the background; its purchases come into the catalog: the iOS app, not the Mac app.
      const rows = page.locator('main section', { hasText: 'Token Details' }).locator('tbody tr');
      // (the store's names follow the sync's content lookup)
      await reloadUntil(page, async () => (await rows.count()) === 2 && (await rows.allTextContents()).join('').includes(`Pages ${viewport.name}`), 'the Token Details rows');
      const texts = (await rows.allTextContents()).join('\n');
      expect(texts).toMatch(new RegExp(`Pages ${viewport.name}.*Success`));
      expect(texts).toMatch(new RegExp(`Final Cut ${viewport.name}.*Failed.*not supported for macOS apps`));
    });
  });

  it('speaks Dutch and French, region names included', async () => {
    await withPage(browser, viewport, 'maas360-languages', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await page.goto(`${vpp.panel.url}/views/maas360-compat/vpp-licenses`);
      await switchLanguage(page, 'Nederlands');
      await expect(page.locator('main .tab-label').allTextContents()).resolves.toEqual(['Tokengegevens', 'Beleid', 'Distributie']);
      await expect(page.locator('main tbody').first().textContent()).resolves.toContain('Nederland');
      await switchLanguage(page, 'Français');
      await expect(page.locator('main .tab-label').allTextContents()).resolves.toEqual(['Détail du jeton', 'Règles', 'Distribution']);
      await expect(page.locator('main tbody').first().textContent()).resolves.toContain('Pays-Bas');
      await switchLanguage(page, 'English');
    });
  });
});
