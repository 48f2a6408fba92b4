import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../host/api/actor.js';
import { launchBrowser, PANEL_SCRIPT_TAG, saveScreenshot, scriptsOf, VIEWPORTS, withPage } from './support/browser.js';
import { navigate, navigationTitles, signIn } from './support/panel-page.js';
import { EXAMPLES_DIR, startPanelHost, type PanelHost } from './support/panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const MALICIOUS = '<script>alert(1)</script>';

let browser: Browser;
let panel: PanelHost;

beforeAll(async () => {
  browser = await launchBrowser();
  panel = await startPanelHost({ pluginDirs: [EXAMPLES_DIR] });
  await panel.inventory.import(
    {
      users: [
        { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.org', language: 'en', managedAppleId: 'ada@appleid.example.org' },
        { id: 'evil', name: MALICIOUS, email: 'evil@example.org' },
        ...Array.from({ length: 118 }, (_, i) => ({ id: `u${i}`, name: `Member ${String(i).padStart(3, '0')}`, email: `member${i}@example.org`, language: i % 2 ? 'nl' : 'fr' })),
      ],
      userGroups: [{ id: 'designers', name: 'Designers', members: ['u1', 'u2'] }],
      devices: ['iPad', 'MacBook'].flatMap((model) => VIEWPORTS.map((v) => ({ id: `${model}-${v.name}`.toLowerCase(), serialNumber: `SN${model}${v.name}`.toUpperCase(), name: `${model} of Ada (${v.name})`, platform: model === 'iPad' ? ('iPadOS' as const) : ('macOS' as const), osVersion: '17.4', ownerUserId: 'ada' }))),
      deviceGroups: [{ id: 'lab', name: 'Lab devices', members: ['ipad-desktop'] }],
    },
    SEEDER,
  );
});

afterAll(async () => {
  await panel?.stop();
  await browser?.close();
});

describe.each(VIEWPORTS)('panel pages at $width x $height', (viewport) => {
  it('lists users a page at a time and searches them', async () => {
    await withPage(browser, viewport, 'users', async (page) => {
      await signIn(page, panel.url, panel.admin);
      const range = page.locator('.pager-range');
      await expect(range.textContent()).resolves.toBe('1–50 of 120');
      expect(await page.locator('main tbody tr').count()).toBe(50);
      await page.getByRole('link', { name: 'Next', exact: true }).click();
      await expect(range.textContent()).resolves.toBe('51–100 of 120');
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      await page.getByRole('link', { name: 'Next', exact: true }).click();
      await expect(range.textContent()).resolves.toBe('101–120 of 120');
      expect(await page.locator('main tbody tr').count()).toBe(20);
      await page.getByRole('link', { name: 'First', exact: true }).click();
      await expect(range.textContent()).resolves.toBe('1–50 of 120');

      await page.fill('input[name="search"]', 'lovelace');
      await page.click('form.search button');
      await expect(range.textContent()).resolves.toBe('1–1 of 1');
      const row = page.locator('main tbody tr').first();
      await expect(row.locator('td').allTextContents()).resolves.toEqual(['Ada Lovelace', 'ada@example.org', 'en', 'ada@appleid.example.org', '0']);
      await page.fill('input[name="search"]', 'nobody-at-all');
      await page.click('form.search button');
      await expect(page.locator('.empty-state').textContent()).resolves.toContain('Nothing matches your search.');
      await page.fill('input[name="search"]', 'member');
      await page.click('form.search button');
      await expect(range.textContent()).resolves.toBe('1–50 of 118');

      // Sorting by a column's header orders every match, not just the shown page, and keeps the search.
      const nameHeader = page.locator('main thead th', { hasText: 'Name' });
      const firstName = () => page.locator('main tbody tr td').first().textContent();
      await expect(nameHeader.getAttribute('aria-sort')).resolves.toBeNull();
      await nameHeader.locator('a.sort').click();
      await expect(nameHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
      await expect(firstName()).resolves.toBe('Member 000');
      await nameHeader.locator('a.sort').click();
      await expect(nameHeader.getAttribute('aria-sort')).resolves.toBe('descending');
      await expect(firstName()).resolves.toBe('Member 117');
      await expect(range.textContent()).resolves.toBe('1–50 of 118');
      await expect(page.inputValue('input[name="search"]')).resolves.toBe('member');
      await saveScreenshot(page, `users-sorted-${viewport.name}`);
      // The next page continues the order.
      await page.getByRole('link', { name: 'Next', exact: true }).click();
      await expect(range.textContent()).resolves.toBe('51–100 of 118');
      await expect(firstName()).resolves.toBe('Member 067');
      await expect(nameHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    });
  });

  it('shows a user named like a script as text, and runs no script', async () => {
    await withPage(browser, viewport, 'malicious-name', async (page) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await signIn(page, panel.url, panel.admin);
      await page.goto(`${panel.url}/views/host/users?search=${encodeURIComponent('script')}`);
      await expect(page.locator('main tbody tr td a').first().textContent()).resolves.toBe(MALICIOUS);
      await page.locator('main tbody tr td a').first().click();
      await expect(page.locator('main h1').textContent()).resolves.toBe(MALICIOUS);
      await expect(page.title()).resolves.toBe(`${MALICIOUS} · vpp-host`);
      // The panel's own script only: the name added none.
      expect(await scriptsOf(page)).toEqual([PANEL_SCRIPT_TAG]);
      expect(dialogs).toEqual([]);
    });
  });

  it("adds a user to a group from the user's page, and shows a bad group name as an error that changes nothing", async () => {
    await withPage(browser, viewport, 'user-groups', async (page) => {
      await signIn(page, panel.url, panel.admin);
      const userId = viewport.name === 'desktop' ? 'u10' : 'u11';
      await page.goto(`${panel.url}/views/host/users?id=${userId}`);
      await page.fill('#field-group', 'No such group');
      await page.getByRole('button', { name: 'Add to group' }).click();
      await expect(page.locator('.flash-error').textContent()).resolves.toBe('There is no group named "No such group".');
      expect(panel.inventory.groupsOf('user-group', userId)).toEqual([]);

      await page.fill('#field-group', 'designers');
      await page.getByRole('button', { name: 'Add to group' }).click();
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Added to "Designers"');
      expect(panel.inventory.groupsOf('user-group', userId).map((m) => m.groupId)).toEqual(['designers']);
      await page.getByRole('link', { name: 'Designers' }).click();
      await expect(page.locator('main h1').textContent()).resolves.toBe('Designers');
      await expect(page.locator('main tbody tr').count()).resolves.toBeGreaterThanOrEqual(3);
    });
  });

  it('wipes a device only after a confirmation, and the activity page shows who did it', async () => {
    await withPage(browser, viewport, 'device-wipe', async (page) => {
      await signIn(page, panel.url, panel.admin);
      await navigate(page, 'Devices');
      await page.getByRole('link', { name: `iPad of Ada (${viewport.name})` }).click();
      await expect(page.locator('.details .badge').textContent()).resolves.toBe('enrolled');
      const confirm = page.locator('details.confirm', { hasText: 'Wipe' });
      await confirm.locator('summary').click();
      await expect(confirm.locator('.confirm-box p').textContent()).resolves.toContain('Selectively wipe this device?');
      expect(panel.inventory.getDevice(`ipad-${viewport.name}`)?.state).toBe('enrolled');
      await confirm.getByRole('button', { name: 'Wipe' }).click();
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Device wiped');
      await expect(page.locator('.details .badge').textContent()).resolves.toBe('wiped');
      expect(panel.inventory.getDevice(`ipad-${viewport.name}`)?.state).toBe('wiped');

      await navigate(page, 'Activity');
      await page.fill('#field-action', 'inventory.device');
      await page.getByRole('button', { name: 'Filter' }).click();
      const first = page.locator('main tbody tr').first();
      // The action by its name, with the code a filter takes beside it.
      await expect(first.locator('td').nth(2).textContent()).resolves.toBe('Device selectively wiped inventory.device.wipe');
      await expect(first.locator('td').nth(3).textContent()).resolves.toMatch(/^Device /);
      await expect(first.locator('td').nth(1).textContent()).resolves.toContain('alice');
    });
  });

  it("shows the example plugin's page in the navigation, and it works", async () => {
    await withPage(browser, viewport, 'example-plugin', async (page) => {
      await signIn(page, panel.url, panel.admin);
      expect(await navigationTitles(page)).toContain('Notes');
      await navigate(page, 'Notes');
      expect(new URL(page.url()).pathname).toBe('/views/admin-notes/notes');
      const note = `Renew the token before Friday (${viewport.name})`;
      await page.fill('input[name="text"]', note);
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Note added');
      await expect(page.getByText(note).count()).resolves.toBe(1);
    });
  });
});
