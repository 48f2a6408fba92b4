// vpp-apple's panel pages in chromium, against a real host and the Apple simulator on a localhost port.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../host/api/actor.js';
import { AccountService } from '../../host/http/auth/account-service.js';
import { SyncService, TokenService } from '../../plugins/vpp-apple/api/index.js';
import { launchBrowser, saveScreenshot, VIEWPORTS, withPage, type Viewport } from './support/browser.js';
import { navigate, signIn, submit, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const DAY_MS = 24 * 3600_000;
const LINGUIST = { name: 'nora', password: 'taal langue language' };

/** Each viewport works on its own location, devices and group, so the two runs do not meet. */
const WORLD = {
  desktop: { uId: '3000000000000001', app: '51001', book: '51009' },
  phone: { uId: '3000000000000002', app: '52001', book: '52009' },
} as const;

let browser: Browser;
let vpp: VppPanelHost;

beforeAll(async () => {
  browser = await launchBrowser();
  vpp = await startVppPanelHost();
  const { inventory } = vpp.panel;
  await inventory.import(
    {
      devices: VIEWPORTS.flatMap((v) => [1, 2, 3].map((i) => ({ id: `${v.name}-d${i}`, serialNumber: `SN${v.name.toUpperCase()}${i}`, name: `iPad ${i} (${v.name})`, platform: 'iPadOS' as const, osVersion: '17.4' }))),
      deviceGroups: VIEWPORTS.map((v) => ({ id: `${v.name}-ipads`, name: `Classroom iPads ${v.name}`, members: [1, 2, 3].map((i) => `${v.name}-d${i}`) })),
    },
    SEEDER,
  );
  // Two locations that need attention: one expiring in ten days, one another MDM has claimed.
  const tokens = vpp.plugin.get<TokenService>(TokenService);
  const expiring = await vpp.addLocation({ uId: '3000000000000091', locationName: 'Harbour Depot', expiresAt: new Date(Date.now() + 10 * DAY_MS), assets: [{ adamId: '59001', productType: 'App', totalCount: 1 }] });
  await tokens.add({ name: 'Harbour', file: expiring.sToken }, SEEDER);
  const claimed = await vpp.addLocation({ uId: '3000000000000092', locationName: 'Old Annex', assets: [] });
  const annex = await tokens.add({ name: 'Annex', file: claimed.sToken }, SEEDER);
  vpp.simulator.setMdmInfo(claimed.uId, { id: 'other-mdm', name: 'Jamf Pro', metadata: 'https://jamf.example.com' });
  await vpp.plugin.get<SyncService>(SyncService).sync(annex.id).catch(() => undefined);
  await vpp.panel.host.container.get<AccountService>(AccountService).createAdmin({ ...LINGUIST, role: 'admin' }, SYSTEM_ACTOR);
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

/** The catalog row of an item: its cells' texts. */
async function catalogRow(page: Page, name: string): Promise<string[]> {
  await page.goto(`${vpp.panel.url}/views/vpp-apple/catalog?search=${encodeURIComponent(name)}`);
  return page.locator('main tbody tr', { hasText: name }).first().locator('td').allTextContents();
}

describe.each(VIEWPORTS)('vpp-apple panel at $width x $height', (viewport: Viewport) => {
  const world = WORLD[viewport.name];
  const tokenName = `Office ${viewport.name}`;

  it('uploads a token, syncs, assigns to a device group, explains a refusal and revokes', async () => {
    const location = await vpp.addLocation({
      uId: world.uId,
      locationName: `Head Office ${viewport.name}`,
      assets: [
        { adamId: world.app, productType: 'App', totalCount: 5, supportedPlatforms: ['iOS'] },
        { adamId: world.book, productType: 'Book', totalCount: 3 },
      ],
    });
    await withPage(browser, viewport, `vpp-story`, async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await navigate(page, 'Tokens');
      await page.fill('#field-name', tokenName);
      await page.setInputFiles('#field-file', location.file);
      await submit(page, 'Add');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe(`Location "Head Office ${viewport.name}" added as token "${tokenName}"`);
      await expect(page.locator('main h1').textContent()).resolves.toBe(tokenName);
      await expect(page.locator('.details').textContent()).resolves.toContain(`Head Office ${viewport.name}`);
      await saveScreenshot(page, `vpp-token-${viewport.name}`);

      await submit(page, 'Sync now');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe(`"${tokenName}" synced: 2 apps and books, 0 users`);

      await page.goto(`${vpp.panel.url}/views/vpp-apple/catalog`);
      await page.selectOption('#field-location', { label: tokenName });
      await submit(page, 'Filter');
      await expect(page.locator('.pager-range').textContent()).resolves.toBe('1–2 of 2');
      const app = `App ${world.app}`;
      await expect(page.locator('main tbody tr', { hasText: app }).locator('td').allTextContents()).resolves.toEqual([app, 'VPP app', '5', '0', '5', '0', tokenName, 'iOS, iPadOS']);
      await saveScreenshot(page, `vpp-catalog-${viewport.name}`);

      // Assign the app to the device group: three licenses are taken at once.
      await navigate(page, 'Managed distribution');
      await page.fill('#field-item', app);
      await page.selectOption('#field-targetKind', 'device-group');
      await page.fill('#field-target', `Classroom iPads ${viewport.name}`);
      await submit(page, 'Assign');
      // First the preview: the three iPads that get a license, by name; nothing is taken yet.
      const preview = page.locator('.panel-section', { hasText: 'Before you confirm' });
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Get a license (3)']);
      await expect(preview.locator('tbody tr').count()).resolves.toBe(3);
      await saveScreenshot(page, `vpp-assign-preview-${viewport.name}`);
      expect((await catalogRow(page, app)).slice(2, 6)).toEqual(['5', '0', '5', '0']);
      await page.goBack();
      await submit(page, 'Confirm');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Assigned: 3 licenses requested, 0 waiting, 0 waiting to enrol, 0 delivered without a license');
      const holders = page.locator('.panel-section', { hasText: 'License holders' });
      await expect(holders.locator('tbody tr').count()).resolves.toBe(3);
      await saveScreenshot(page, `vpp-assignment-${viewport.name}`);
      const assignmentUrl = page.url();
      expect((await catalogRow(page, app)).slice(2, 6)).toEqual(['5', '3', '2', '0']);

      // A VPP book cannot go to a device: the refusal names the rule, and the form keeps what was typed.
      await navigate(page, 'Managed distribution');
      await page.fill('#field-item', `Book ${world.book}`);
      await page.selectOption('#field-targetKind', 'device');
      await page.fill('#field-target', `SN${viewport.name.toUpperCase()}1`);
      await submit(page, 'Assign');
      await expect(page.locator('.flash-error').textContent()).resolves.toBe('Refused: VPP books can only be assigned to users or user groups (vpp-book-users-only)');
      await expect(page.inputValue('#field-item')).resolves.toBe(`Book ${world.book}`);
      await expect(page.locator('.panel-section', { hasText: 'Which kinds go where' }).textContent()).resolves.toContain('VPP book');
      await saveScreenshot(page, `vpp-refusal-${viewport.name}`);

      // Revoke one device's license: the count goes back up.
      await page.goto(assignmentUrl);
      const first = holders.locator('tbody tr').first();
      const firstHolder = await first.locator('td').first().textContent();
      await submit(page, 'Revoke', first);
      const revokePreview = page.locator('.panel-section', { hasText: 'Before you confirm' });
      await expect(revokePreview.locator('h3').allTextContents()).resolves.toEqual(['Lose their license (1)']);
      await expect(revokePreview.locator('tbody tr').first().locator('td').nth(0).textContent()).resolves.toContain(firstHolder!.trim());
      await saveScreenshot(page, `vpp-revoke-preview-${viewport.name}`);
      await submit(page, 'Confirm');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('1 license revoked; 3 of 5 now available; the queue is unchanged');
      await expect(holders.locator('tbody tr').count()).resolves.toBe(2);
      expect((await catalogRow(page, app)).slice(2, 6)).toEqual(['5', '2', '3', '0']);
    });
  });

  it('lands on the dashboard, which shows the expiring and the claimed token', async () => {
    await withPage(browser, viewport, 'vpp-dashboard', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      expect(new URL(page.url()).pathname).toBe('/views/vpp-apple/dashboard');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Dashboard');
      const alerts = page.locator('.vpp-alerts li');
      // The open alerts of the host's Alerts, each with its severity, linked to where to act on it.
      await expect(alerts.filter({ hasText: 'Token "Harbour" expires on' }).locator('.badge').textContent()).resolves.toBe('warning');
      await expect(alerts.filter({ hasText: 'Old Annex' }).textContent()).resolves.toContain('is managed by another MDM (Jamf Pro)');
      await expect(alerts.filter({ hasText: 'Old Annex' }).locator('.badge').textContent()).resolves.toBe('critical');
      await expect(alerts.filter({ hasText: 'Old Annex' }).locator('a').getAttribute('href')).resolves.toMatch(/^\/views\/vpp-apple\/tokens\?id=/);
      const annex = page.locator('main tbody tr', { hasText: 'Annex' }).first();
      await expect(annex.locator('.badge').first().textContent()).resolves.toBe('claimed by another MDM');
    });
  });

  it('speaks Dutch and French with the seeds\' terms', async () => {
    await withPage(browser, viewport, 'vpp-languages', async (page) => {
      await signIn(page, vpp.panel.url, LINGUIST);
      await switchLanguage(page, 'Nederlands');
      await navigate(page, 'Beheerde distributie');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Beheerde distributie');
      const dutch = await page.locator('main').textContent();
      for (const term of ['Installatiemodus', 'Automatisch', 'Handmatig', 'Interne app', 'Intern boek', 'VPP-app', 'VPP-boek']) expect(dutch).toContain(term);
      await saveScreenshot(page, `vpp-dutch-${viewport.name}`);

      await switchLanguage(page, 'Français');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Distribution gérée');
      const french = await page.locator('main').textContent();
      for (const term of ["Mode d'installation", 'Automatique', 'Manuelle', 'App métier', 'Livre fait-maison', 'Apps VPP', 'Livre VPP']) expect(french).toContain(term);
      await navigate(page, 'Catalogue');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Catalogue');
      await switchLanguage(page, 'English');
    });
  });

  it('shows a read-only admin every page without a single form that changes something', async () => {
    await withPage(browser, viewport, 'vpp-read-only', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.reader);
      for (const title of ['Dashboard', 'Tokens', 'Catalog', 'Managed distribution']) {
        await navigate(page, title);
        await expect(page.locator('main h1').textContent()).resolves.toBe(title);
        expect(await page.locator('main form[method="post"]').count()).toBe(0);
      }
      await page.locator('main tbody tr a').first().click();
      await page.waitForLoadState('load');
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      await navigate(page, 'Tokens');
      await page.locator('main tbody a', { hasText: 'Harbour' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Harbour');
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      expect(await page.content()).not.toMatch(/sToken|eyJ0b2tlbi/);
    });
  });
});
