// Panel forms in chromium: a target picked from the list of names through the preview to the assignment, and a
// refused form in Dutch that comes back as typed with the error at its field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../host/api/actor.js';
import { SyncService, TokenService } from '../../plugins/vpp-apple/api/index.js';
import { launchBrowser, saveScreenshot, VIEWPORTS, withPage } from './support/browser.js';
import { navigate, signIn, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const DESKTOP = VIEWPORTS[0]!;
const APP = 'App 71001';

let browser: Browser;
let vpp: VppPanelHost;

beforeAll(async () => {
  browser = await launchBrowser();
  vpp = await startVppPanelHost();
  await vpp.panel.inventory.import(
    {
      devices: [1, 2].map((i) => ({ id: `lab-d${i}`, serialNumber: `SNLAB${i}`, name: `Lab iPad ${i}`, platform: 'iPadOS' as const, osVersion: '17.4' })),
      deviceGroups: [
        { id: 'lab-ipads', name: 'Lab iPads', members: ['lab-d1', 'lab-d2'] },
        { id: 'lab-spare', name: 'Spare iPads', members: [] },
      ],
    },
    SEEDER,
  );
  const location = await vpp.addLocation({ uId: '3000000000000081', locationName: 'Lab School', assets: [{ adamId: '71001', productType: 'App', totalCount: 5 }] });
  const token = await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Lab', file: location.sToken }, SEEDER);
  await vpp.plugin.get<SyncService>(SyncService).sync(token.id);
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator('main').getByRole('button', { name: button, exact: true }).click()]);
}

/** What the target field's list offers: each option's value (what picking it types) and the kind shown beside it. */
/** What the target field's list offers now (the list of the kind chosen). */
async function offeredTargets(page: Page): Promise<{ value: string; kind: string | null }[]> {
  const list = await page.locator('#field-target').getAttribute('list');
  return page.locator(`datalist[id="${list}"] option`).evaluateAll((options) => options.map((o) => ({ value: (o as HTMLOptionElement).value, kind: o.getAttribute('label') })));
}

describe('panel forms in a browser', () => {
  it('picks a device group from the list of names and assigns to it through the preview', async () => {
    await withPage(browser, DESKTOP, 'forms-pick-target', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await navigate(page, 'Managed distribution');
      // The list follows the kind chosen at once, without drawing the page again.
      const drawn = page.url();
      await page.selectOption('#field-targetKind', 'device');
      await expect(page.locator('#field-target').getAttribute('list')).resolves.toBe('field-target-list-device');
      const devices = await offeredTargets(page);
      expect(devices.length).toBeGreaterThan(0);
      expect(devices.every((o) => o.kind === 'Device')).toBe(true);
      await page.selectOption('#field-targetKind', 'device-group');
      await expect(page.locator('#field-target').getAttribute('list')).resolves.toBe('field-target-list-device-group');
      expect(page.url()).toBe(drawn);
      const offered = await offeredTargets(page);
      expect(offered).toContainEqual({ value: 'Lab iPads', kind: 'Device group' });
      expect(offered).toContainEqual({ value: 'Spare iPads', kind: 'Device group' });
      expect(offered.map((o) => o.value).join(' ')).not.toMatch(/lab-/);

      const item = await page.locator('#field-item-list option').evaluateAll((options, app) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith(app as string)), APP);
      await page.fill('#field-item', item!);
      // Picking an option types its value into the field, as the browser's list does.
      await page.fill('#field-target', offered.find((o) => o.value === 'Lab iPads')!.value);
      await submit(page, 'Assign');
      const preview = page.locator('.panel-section', { hasText: 'Before you confirm' });
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Get a license (2)']);
      await expect(preview.locator('tbody').textContent()).resolves.toContain('Lab iPad 1');
      await saveScreenshot(page, 'forms-pick-target-preview');
      await submit(page, 'Confirm');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Assigned: 2 licenses requested, 0 waiting, 0 waiting to enrol, 0 delivered without a license');
      await expect(page.locator('.details').textContent()).resolves.toContain('Lab iPads');
    });
  });

  it('keeps what was typed in a refused Dutch form and says why at the field', async () => {
    await withPage(browser, DESKTOP, 'forms-kept-dutch', async (page) => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await switchLanguage(page, 'Nederlands');
      await page.goto(`${vpp.panel.url}/views/host/device-groups?id=lab-spare`);
      await page.fill('#field-member', 'SN-BESTAAT-NIET');
      await submit(page, 'Lid toevoegen');

      const member = page.locator('#field-member');
      await expect(member.inputValue()).resolves.toBe('SN-BESTAAT-NIET');
      await expect(member.getAttribute('aria-invalid')).resolves.toBe('true');
      const described = await member.getAttribute('aria-describedby');
      await expect(page.locator(`#${described}`).textContent()).resolves.toBe('Er is geen apparaat met serienummer of id "SN-BESTAAT-NIET".');
      await expect(page.locator(`#${described}`).isVisible()).resolves.toBe(true);
      expect(vpp.panel.inventory.members('device-group', 'lab-spare')).toEqual([]);
      await saveScreenshot(page, 'forms-kept-dutch-refused');
    });
  });
});
