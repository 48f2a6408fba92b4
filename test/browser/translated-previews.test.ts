// The previews an admin confirms, in Dutch and in French: what the preview lists is what then happens, and neither
// the preview nor the answer after it holds English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../host/api/actor.js';
import { AccountService } from '../../host/http/auth/account-service.js';
import { MailApi } from '../../plugins/mail/api/index.js';
import { Distribution, SyncService, TokenService } from '../../plugins/vpp-apple/api/index.js';
import { launchBrowser, saveScreenshot, VIEWPORTS, withPage } from './support/browser.js';
import { englishIn, readableText } from './support/english-words.js';
import { signIn, submit, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'seeder', name: 'Directory' };
const NOOR = { name: 'noor', password: 'taal langue language nl' };
const FLEUR = { name: 'fleur', password: 'taal langue language fr' };
/** Three Macs that may hold a device license and one too old for it (device licenses need OS X El Capitan). */
const MACS = [
  { id: 'mac-anouk', name: 'Mac Anouk', osVersion: '14.2' },
  { id: 'mac-lucas', name: 'Mac Lucas', osVersion: '14.2' },
  { id: 'mac-emma', name: 'Mac Emma', osVersion: '13.6' },
  { id: 'mac-oud', name: 'Mac Oud', osVersion: '10.9' },
];

/** A class of three, two reading Dutch and one French. */
const PEOPLE = [
  { id: 'anouk', name: 'Anouk Peeters', email: 'anouk@school.example', language: 'nl' },
  { id: 'lucas', name: 'Lucas Dubois', email: 'lucas@school.example', language: 'fr' },
  { id: 'emma', name: 'Emma Claes', email: 'emma@school.example', language: 'nl' },
];

let browser: Browser;
let vpp: VppPanelHost;
let distribution: Distribution;
/** What the Dutch preview said: who gets a license, who waits. */
let granted: string[] = [];
let waiting: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  vpp = await startVppPanelHost();
  await vpp.panel.inventory.import(
    {
      devices: MACS.map((mac) => ({ ...mac, serialNumber: `SN${mac.id.slice(4).toUpperCase()}`, platform: 'macOS' as const })),
      deviceGroups: [{ id: 'macs', name: 'Atelier Macs', members: MACS.map((mac) => mac.id) }],
      users: PEOPLE,
      userGroups: [{ id: 'atelier', name: 'Atelier 3B', members: PEOPLE.map((person) => person.id) }],
    },
    SEEDER,
  );
  const location = await vpp.addLocation({ uId: '3200000000000001', locationName: 'Gent Zuid', assets: [{ adamId: '62001', productType: 'App', totalCount: 2, supportedPlatforms: ['macOS'], name: 'Keynote' }] });
  const token = await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Gent', file: location.sToken }, SEEDER);
  await vpp.plugin.get<SyncService>(SyncService).sync(token.id);
  distribution = vpp.plugin.get<Distribution>(Distribution);
  const accounts = vpp.panel.host.container.get<AccountService>(AccountService);
  for (const admin of [NOOR, FLEUR]) await accounts.createAdmin({ ...admin, role: 'admin' }, SYSTEM_ACTOR);
});

afterAll(async () => {
  await vpp?.stop();
  await browser?.close();
});

const preview = (page: Page) => page.locator('.panel-section').filter({ has: page.locator('button[type="submit"]') }).filter({ has: page.locator('h3') }).first();
/** The preview's tables: each heading with the holders it names. */
async function listed(page: Page): Promise<Record<string, string[]>> {
  const section = preview(page);
  const headings = await section.locator('h3').allTextContents();
  // The first cell names the holder, after its kind or with its serial number ("Apparaat · Mac Anouk", "Mac Anouk (SNANOUK)").
  const tables = await section.locator('table').evaluateAll((all) => all.map((t) => [...t.querySelectorAll('tbody tr')].map((row) => (row.querySelector('td')?.textContent ?? '').split(' · ').pop()!.replace(/ \(SN\w+\)$/, '').trim())));
  return Object.fromEntries(headings.map((heading, i) => [heading, tables[i] ?? []]));
}

const holdersOfKeynote = () => distribution.licenseHolders('Keynote').map((h) => MACS.find((mac) => mac.id === h.id)?.name);

/** No English on the page: the preview, or the answer after confirming. */
async function expectNoEnglish(page: Page): Promise<void> {
  expect(englishIn(await readableText(page))).toEqual([]);
}

describe('previews in Dutch and French', () => {
  it('in Dutch, assigning to a device group lists who gets a license, who waits and who is passed over by rule, and that is what happens', async () => {
    await withPage(browser, VIEWPORTS[0]!, 'preview-assign-nl', async (page) => {
      await signIn(page, vpp.panel.url, NOOR);
      await switchLanguage(page, 'Nederlands');
      await page.goto(`${vpp.panel.url}/views/vpp-apple/assignments`);
      await page.fill('#field-item', 'Keynote');
      await page.selectOption('#field-targetKind', 'device-group');
      await page.fill('#field-target', 'Atelier Macs');
      await submit(page, 'Toewijzen');
      await expect(preview(page).locator('h2').first().textContent()).resolves.toBe('Voor u bevestigt');
      const shown = await listed(page);
      expect(Object.keys(shown).sort()).toEqual(['Krijgen een licentie (2)', 'Overgeslagen (1)', 'Wachten in de wachtrij (1)']);
      expect(shown['Overgeslagen (1)']).toEqual(['Mac Oud']);
      [granted, waiting] = [shown['Krijgen een licentie (2)']!.sort(), shown['Wachten in de wachtrij (1)']!];
      expect([...granted, ...waiting].sort()).toEqual(['Mac Anouk', 'Mac Emma', 'Mac Lucas']);
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-assign-nl');
      expect(holdersOfKeynote()).toEqual([]);

      await submit(page, 'Bevestigen');
      await expect(page.locator('.flash-success').textContent()).resolves.toBe('Toegewezen: 2 licenties aangevraagd, 1 wachtend, 0 wachtend op inschrijving, 0 zonder licentie geleverd');
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-assign-nl-done');
      expect(holdersOfKeynote().sort()).toEqual(granted);
    });
  });

  it('in French, removing a licensed Mac from the group lists the license it loses and who is served in its place, and that is what happens', async () => {
    await withPage(browser, VIEWPORTS[0]!, 'preview-member-fr', async (page) => {
      await signIn(page, vpp.panel.url, FLEUR);
      await switchLanguage(page, 'Français');
      await page.goto(`${vpp.panel.url}/views/host/device-groups?id=macs`);
      const leaving = granted[0]!;
      await submit(page, 'Retirer', page.locator('main tbody tr', { hasText: leaving }));
      await expect(preview(page).locator('h2').first().textContent()).resolves.toBe('Avant de confirmer');
      const shown = await listed(page);
      expect(shown['Perdent leur licence (1)']).toEqual([leaving]);
      expect(shown['Servis depuis la file à leur place (1)']).toEqual(waiting);
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-member-fr');
      expect(holdersOfKeynote().sort()).toEqual(granted);

      await submit(page, 'Confirmer');
      await expect(page.locator('.flash-success').textContent()).resolves.toMatch(/^Membre retiré\. 1 détenteur servi depuis la file/);
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-member-fr-done');
      expect(holdersOfKeynote().sort()).toEqual([granted[1]!, ...waiting].sort());
    });
  });

  it('in French, inviting a class lists how many mails go out in which language, and exactly those are queued', async () => {
    await withPage(browser, VIEWPORTS[0]!, 'preview-invite-fr', async (page) => {
      const outbox = vpp.panel.host.plugins.containerOf('mail')!.get<MailApi>(MailApi);
      const before = outbox.list({ limit: 1000 }).total;
      await signIn(page, vpp.panel.url, FLEUR);
      await page.goto(`${vpp.panel.url}/views/vpp-apple/invitations`);
      await page.selectOption('#field-kind', 'user-group');
      await page.fill('#field-id', 'Atelier 3B');
      await submit(page, 'Envoyer l’invitation par e-mail');
      const section = preview(page);
      await expect(section.locator('h3').first().textContent()).resolves.toBe('3 invitations à envoyer pour Gent');
      await expect(section.locator('p', { hasText: 'néerlandais' }).first().textContent()).resolves.toBe('2 en néerlandais · 1 en français');
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-invite-fr');
      expect(outbox.list({ limit: 1000 }).total).toBe(before);

      await submit(page, 'Confirmer');
      await expectNoEnglish(page);
      await saveScreenshot(page, 'preview-invite-fr-done');
      const emails = new Set(PEOPLE.map((p) => p.email));
      const queued = outbox.list({ limit: 1000 }).items.filter((m) => emails.has(m.to.address));
      expect(outbox.list({ limit: 1000 }).total).toBe(before + 3);
      expect(queued.map((m) => [m.to.address, m.language]).sort()).toEqual(PEOPLE.map((p) => [p.email, p.language]).sort());
    });
  });
});
