import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../host/runtime/clock.js';
import { launchBrowser, VIEWPORTS, withPage } from './support/browser.js';
import { navigate, navigationTitles, signIn, signOut, switchLanguage } from './support/panel-page.js';
import { startPanelHost, type PanelHost } from './support/panel-host.js';

let browser: Browser;
let panel: PanelHost;

beforeAll(async () => {
  browser = await launchBrowser();
  panel = await startPanelHost();
  await panel.inventory.saveUser({ name: 'Ada Lovelace', email: 'ada@example.org', language: 'en' }, { kind: 'system', id: 'test' });
});

afterAll(async () => {
  await panel?.stop();
  await browser?.close();
});

describe.each(VIEWPORTS)('signing in at $width x $height', (viewport) => {
  it('refuses a wrong password with a message, then lands on the first page', async () => {
    await withPage(browser, viewport, 'sign-in', async (page) => {
      await page.goto(`${panel.url}/`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#name', panel.admin.name);
      await page.fill('#password', 'not the password');
      await page.click('form[action="/login"] button[type="submit"]');
      await expect(page.locator('.flash-error').textContent()).resolves.toBe('Wrong name or password');
      await signIn(page, panel.url, panel.admin);
      expect(new URL(page.url()).pathname).toBe('/views/host/users');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Users');
      await expect(page.locator('main table').getByRole('link', { name: 'Ada Lovelace' }).isVisible()).resolves.toBe(true);
    });
  });

  it('shows a read-only admin no forms and refuses a crafted post with 403, changing nothing', async () => {
    await withPage(browser, viewport, 'read-only', async (page) => {
      await signIn(page, panel.url, panel.reader);
      await expect(page.locator('main .notice').textContent()).resolves.toContain('read-only');
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      await page.getByRole('link', { name: 'Ada Lovelace' }).click();
      await expect(page.locator('main h1').textContent()).resolves.toBe('Ada Lovelace');
      expect(await page.locator('main form[method="post"]').count()).toBe(0);

      const csrf = await page.locator('form[action="/logout"] input[name="_csrf"]').getAttribute('value');
      const crafted = await page.request.post(`${panel.url}/views/host/users`, { form: { _csrf: csrf!, _action: 'add-user', name: 'Sneaky', email: 'sneaky@example.org' }, headers: { origin: panel.url }, maxRedirects: 0 });
      expect(crafted.status()).toBe(403);
      expect(panel.inventory.listUsers({ search: 'sneaky' }).total).toBe(0);
      const id = panel.inventory.listUsers({ search: 'ada' }).items[0]!.id;
      const deletion = await page.request.post(`${panel.url}/views/host/users?id=${id}`, { form: { _csrf: csrf!, _action: 'delete-user' }, headers: { origin: panel.url }, maxRedirects: 0 });
      expect(deletion.status()).toBe(403);
      expect(panel.inventory.getUser(id)).toBeDefined();
    });
  });

  it('switches the panel to Dutch and French', async () => {
    await withPage(browser, viewport, 'languages', async (page) => {
      await signIn(page, panel.url, panel.admin);
      await switchLanguage(page, 'Nederlands');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Gebruikers');
      expect(await navigationTitles(page)).toEqual(['Gebruikers', 'Groepen', 'Apparaten', 'Apparaatgroepen', 'Meldingen', 'Activiteit', 'Plug-ins', 'Instellingen']);
      await expect(page.locator('main th').first().textContent()).resolves.toBe('Naam');
      await switchLanguage(page, 'Français');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Utilisateurs');
      expect(await navigationTitles(page)).toEqual(['Utilisateurs', 'Groupes', 'Appareils', "Groupes d'appareils", 'Alertes', 'Activité', 'Extensions', 'Paramètres']);
      await navigate(page, "Groupes d'appareils");
      await expect(page.locator('main h1').textContent()).resolves.toBe("Groupes d'appareils");
      await expect(page.locator('.sign-out').textContent()).resolves.toBe('Se déconnecter');
      await switchLanguage(page, 'English');
    });
  });

  it('signs out back to the sign-in form, and the old page needs signing in again', async () => {
    await withPage(browser, viewport, 'sign-out', async (page) => {
      await signIn(page, panel.url, panel.admin);
      await signOut(page);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.goto(`${panel.url}/views/host/users`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.locator('.flash-info').count()).toBe(0);
    });
  });
});

describe('session expiry', () => {
  it('sends an admin idle longer than sessionIdleMinutes back to sign in, with a notice, and then to the page', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const idle = await startPanelHost({ clock, env: { VPP_HOST_SESSION_IDLE_MINUTES: '5' } });
    try {
      await withPage(browser, VIEWPORTS[0]!, 'session-expiry', async (page) => {
        await signIn(page, idle.url, idle.admin);
        await page.goto(`${idle.url}/views/host/activity`);
        await clock.advance(4 * 60_000);
        await page.reload();
        expect(new URL(page.url()).pathname).toBe('/views/host/activity');
        await clock.advance(6 * 60_000);
        await page.reload();
        expect(new URL(page.url()).pathname).toBe('/login');
        await expect(page.locator('.flash-info').textContent()).resolves.toContain('Your session ended');
        await signIn(page, idle.url, idle.admin);
        expect(new URL(page.url()).pathname).toBe('/views/host/activity');
      });
    } finally {
      await idle.stop();
    }
  });
});
