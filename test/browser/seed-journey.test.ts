// The product documents (seeds 000-002) replayed end to end in chromium, as an admin would: a real host with the
// bundled plugins, the Apple simulator on a localhost port and a real SMTP server on loopback. The steps share one
// host and one admin page and run in order; each saves a screenshot of its last page under test-results/.
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../host/api/actor.js';
import { TestSmtpServer } from '../../plugins/mail/test/smtp-test-server.js';
import { waitFor } from '../../plugins/mail/test/mail-test-host.js';
import { launchBrowser, openPage, PANEL_SCRIPT_TAG, saveScreenshot, scriptsOf, VIEWPORTS, type Viewport } from './support/browser.js';
import { navigate, reloadUntil, signIn, signOut, submit, switchLanguage } from './support/panel-page.js';
import { startVppPanelHost, type VppPanelHost } from './support/vpp-panel-host.js';

const SEEDER: Actor = { kind: 'system', id: 'test', name: 'Test directory' };
const MALICIOUS = '<script>alert(1)</script>';
const [DESKTOP, PHONE] = VIEWPORTS as [Viewport, Viewport];

const LOCATION = { uId: '3100000000000001', locationName: 'Riverside Campus', orgName: 'Riverside School' };
const TOKEN_NAME = 'Riverside';
const APP = { adamId: '61001', name: 'Field Notes', licenses: 3 };
const BOOK = { adamId: '61009', name: 'Tide Tables', licenses: 2 };
const GROUP = { id: 'pilots', name: 'Pilot class' };
const DEVICE = { id: 'ipad-1', serialNumber: 'SNRIVER001', name: 'Classroom iPad 1' };

interface Member {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly language: 'en' | 'nl' | 'fr';
}

const MEMBERS: readonly Member[] = [
  { id: 'lena', name: 'Lena de Vries', email: 'lena@riverside.example', language: 'nl' },
  { id: 'claire', name: 'Claire Martin', email: 'claire@riverside.example', language: 'fr' },
  { id: 'sam', name: 'Sam Carter', email: 'sam@riverside.example', language: 'en' },
  { id: 'evil', name: MALICIOUS, email: 'mallory@riverside.example', language: 'en' },
  { id: 'joost', name: 'Joost Bakker', email: 'joost@riverside.example', language: 'nl' },
];
const member = (id: string): Member => MEMBERS.find((m) => m.id === id)!;
/** Not in the group and never invited: inviting her would send a mail, which the read-only admin must not manage. */
const NEWCOMER: Member = { id: 'nadia', name: 'Nadia Haddad', email: 'nadia@riverside.example', language: 'fr' };

/** The order members accept in, which is not the group's order: licenses must follow this one (seed 000). */
const ACCEPTANCE_ORDER = ['claire', 'evil', 'lena', 'joost', 'sam'].map(member);
/** Claire follows the Sign In link of her mail in a browser; the others accept through the simulator's control API. */
const CLAIRE = ACCEPTANCE_ORDER[0]!;

/** Seed 000's mail in each member's language: the subject, and the label of the Sign In button. */
const MAIL = {
  en: { subject: `Join VPP managed distribution at ${LOCATION.orgName}`, button: 'Sign In' },
  nl: { subject: `Schrijf u in voor beheerde distributie via het VPP bij ${LOCATION.orgName}`, button: 'Log in' },
  fr: { subject: `Inscrivez-vous à la distribution gérée VPP de ${LOCATION.orgName}`, button: 'Se connecter' },
} as const;

let browser: Browser;
let vpp: VppPanelHost;
let smtp: TestSmtpServer;
let admin: { context: BrowserContext; page: Page };
let tokenFile: string;
let assignmentUrl: string;
const dialogs: string[] = [];

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
  browser = await launchBrowser();
  vpp = await startVppPanelHost({ notifications: true, env: { VPP_MAIL_SMTP_HOST: '127.0.0.1', VPP_MAIL_SMTP_PORT: String(smtp.port) } });
  await vpp.panel.inventory.import(
    {
      users: [...MEMBERS, NEWCOMER].map(({ id, name, email, language }) => ({ id, name, email, language })),
      userGroups: [{ id: GROUP.id, name: GROUP.name, members: MEMBERS.map((m) => m.id) }],
      devices: [DEVICE, { id: 'ipad-2', serialNumber: 'SNRIVER002', name: 'Classroom iPad 2' }].map((d) => ({ ...d, platform: 'iPadOS' as const, osVersion: '17.4' })),
      deviceGroups: [{ id: 'classroom', name: 'Classroom iPads', members: [DEVICE.id, 'ipad-2'] }],
    },
    SEEDER,
  );
  const location = await vpp.addLocation({
    ...LOCATION,
    assets: [
      { adamId: APP.adamId, name: APP.name, productType: 'App', totalCount: APP.licenses, supportedPlatforms: ['iOS'] },
      { adamId: BOOK.adamId, name: BOOK.name, productType: 'Book', totalCount: BOOK.licenses },
    ],
  });
  tokenFile = location.file;
  admin = await openPage(browser, DESKTOP);
  watchDialogs(admin.page);
});

afterAll(async () => {
  await admin?.context.close();
  await vpp?.stop();
  await smtp?.stop();
  await browser?.close();
});

/** Any alert() the malicious name managed to run would land here. */
function watchDialogs(page: Page): void {
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}

/** Runs a step group and always saves a screenshot of the page it ends on, also when it fails. */
async function step(name: string, run: () => Promise<void>, page: Page = admin.page): Promise<void> {
  try {
    await run();
  } finally {
    await saveScreenshot(page, `journey-${name}`).catch(() => undefined);
  }
}

const url = (path: string) => `${vpp.panel.url}${path}`;
const flash = (page: Page, kind: 'success' | 'error') => page.locator(`.flash-${kind}`).textContent();
const section = (page: Page, heading: string) => page.locator('.panel-section', { hasText: heading });
const inviteCodeOf = (m: Member) => vpp.simulator.location(LOCATION.uId).users.get(m.id)?.inviteCode;
const mailTo = (m: Member): ParsedMail | undefined => smtp.received.find((mail) => addressesOf(mail).includes(m.email));

/** An HTML attribute's text: the mail escapes `&` and `=` in links. */
function decodeAttribute(value: string): string {
  return value.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec))).replaceAll('&amp;', '&');
}

function addressesOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((address) => address.value.map((v) => v.address ?? ''));
}

/** A table row's cells as text, the first by its link alone (the name, without the ids shown beside it). */
async function rowCells(row: Locator): Promise<string[]> {
  const cells = row.locator('td');
  return [(await cells.first().locator('a').first().textContent()) ?? '', ...(await cells.allTextContents()).slice(1)];
}

/** The first columns of an item's row on the Catalog page. */
async function catalogRow(page: Page, name: string): Promise<string[]> {
  return (await rowCells(page.locator('main tbody tr', { hasText: name }))).slice(0, 7);
}

/** The rows of the Managed distribution list: one per assignment. */
async function assignmentRows(page: Page): Promise<number> {
  await page.goto(url('/views/vpp-apple/assignments'));
  return page.locator('main tbody tr', { has: page.locator('a', { hasText: 'Details' }) }).count();
}

/** The holders' names on an assignment page, in the order shown, with their license state. */
async function holders(page: Page): Promise<{ name: string; state: string }[]> {
  const rows = section(page, 'License holders').locator('tbody tr');
  return Promise.all(
    (await rows.all()).map(async (row) => ({ name: (await row.locator('td').nth(0).locator('a').textContent()) ?? '', state: (await row.locator('td').nth(2).textContent()) ?? '' })),
  );
}

/** The queue on an assignment page: place and name of each waiting holder. */
async function queue(page: Page): Promise<{ place: string; name: string }[]> {
  const rows = section(page, 'Waiting in line').locator('tbody tr');
  return Promise.all((await rows.all()).map(async (row) => ({ place: (await row.locator('td').nth(0).textContent()) ?? '', name: (await row.locator('td').nth(1).locator('a').textContent()) ?? '' })));
}

describe('seeds 000-002 end to end, as an admin would', () => {
  it('signs in, uploads the .vpptoken file, syncs, and the catalog shows the counts', async () => {
    const { page } = admin;
    await step('01-token-and-catalog', async () => {
      await signIn(page, vpp.panel.url, vpp.panel.admin);
      await navigate(page, 'Tokens');
      await page.fill('#field-name', TOKEN_NAME);
      await page.setInputFiles('#field-file', tokenFile);
      await submit(page, 'Add');
      await expect(flash(page, 'success')).resolves.toBe(`Location "${LOCATION.locationName}" added as token "${TOKEN_NAME}"`);
      await expect(page.locator('.details div', { hasText: 'Apple notifications' }).locator('dd').textContent()).resolves.toBe('on');
      await submit(page, 'Sync now');
      await expect(flash(page, 'success')).resolves.toBe(`"${TOKEN_NAME}" synced: 2 apps and books, 0 users`);

      await navigate(page, 'Catalog');
      await expect(page.locator('.pager-range').textContent()).resolves.toBe('1–2 of 2');
      // Name, kind, total, assigned, available, waiting, location.
      await expect(catalogRow(page, APP.name)).resolves.toEqual([APP.name, 'VPP app', '3', '0', '3', '0', TOKEN_NAME]);
      await expect(catalogRow(page, BOOK.name)).resolves.toEqual([BOOK.name, 'VPP book', '2', '0', '2', '0', TOKEN_NAME]);
    });
  });

  it('invites the group by its name, and each member gets one mail in their language whose Sign In link carries their invite code', async () => {
    const { page } = admin;
    await step('02-invitations-sent', async () => {
      await navigate(page, 'Invitations');
      await page.selectOption('#field-kind', 'user-group');
      // Typed as Managed distribution takes it: by name, offered while typing.
      await expect(page.locator('#field-id-list option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).resolves.toContain(GROUP.name);
      await page.fill('#field-id', 'Pilot klas');
      await submit(page, 'Send email invitation');
      // The admin is offered the name to pick, never an internal id.
      await expect(flash(page, 'error')).resolves.toBe(`There is no user group "Pilot klas". Did you mean "${GROUP.name}"?`);
      expect(smtp.received).toHaveLength(0);
      await page.fill('#field-id', GROUP.name);
      await page.selectOption('#field-only', 'not-enrolled');
      await submit(page, 'Send email invitation');
      // First the preview: five mails, each in its member's language, and nothing sent yet.
      const preview = section(page, 'Before you confirm');
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['5 invitation mails to send for Riverside']);
      await expect(preview.locator('tbody tr').count()).resolves.toBe(MEMBERS.length);
      await saveScreenshot(page, 'journey-02-invitation-preview');
      expect(smtp.received).toHaveLength(0);
      await submit(page, 'Confirm');
      await expect(flash(page, 'success')).resolves.toBe('5 invitation mails queued.');

      await waitFor(() => smtp.received.length >= MEMBERS.length, 'one invitation mail per member');
      await reloadUntil(page, async () => (await page.locator('main tbody .badge', { hasText: 'sent' }).count()) === MEMBERS.length, 'every mail shown as sent');
      expect(smtp.received.flatMap(addressesOf).sort()).toEqual(MEMBERS.map((m) => m.email).sort());
      for (const m of MEMBERS) {
        const mail = mailTo(m)!;
        const words = MAIL[m.language];
        expect(mail.subject, m.id).toBe(words.subject);
        const signIn = new RegExp(`^${words.button}: (\\S+)$`, 'm').exec(mail.text ?? '')?.[1];
        expect(signIn, `${m.id}'s Sign In link`).toBeDefined();
        const code = inviteCodeOf(m);
        expect(code, `${m.id}'s invite code at Apple`).toBeTruthy();
        expect(new URL(signIn!).searchParams.get('inviteCode'), m.id).toBe(code);
        const button = new RegExp(`<a href="([^"]+)"[^>]*>${words.button}</a>`).exec(mail.html || '')?.[1];
        expect(button && decodeAttribute(button), `${m.id}'s Sign In button`).toBe(signIn);
      }
      // The malicious name is text in the mail too.
      expect(mailTo(member('evil'))!.html).not.toContain(MALICIOUS);
      expect(mailTo(member('evil'))!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      await expect(page.locator('main tbody tr', { hasText: member('evil').email }).locator('td').first().textContent()).resolves.toBe(`${MALICIOUS} evil`);
      // The panel's own script only: the name added none.
      expect(await scriptsOf(page)).toEqual([PANEL_SCRIPT_TAG]);
    });
  });

  it('members accept in the simulator, one by following her mail, and the Invitations page shows them enrolled in turn', async () => {
    const { page } = admin;
    // Claire, on her phone: the mail's Sign In button leads to Apple, which the simulator stands in for.
    const claire = await openPage(browser, PHONE, 'fr-FR');
    await claire.context.route('https://buy.itunes.apple.com/**', (route) => {
      const code = new URL(route.request().url()).searchParams.get('inviteCode') ?? '';
      return route.fulfill({ status: 302, headers: { location: `${vpp.server.origin}/__simulator/invitations/${encodeURIComponent(code)}` } });
    });
    try {
      await step(
        '03-accept-from-mail',
        async () => {
          await claire.page.setContent(mailTo(CLAIRE)!.html || '');
          await Promise.all([claire.page.waitForURL(`${vpp.server.origin}/__simulator/invitations/**`), claire.page.getByRole('link', { name: MAIL.fr.button }).first().click()]);
          await expect(claire.page.locator('h1').textContent()).resolves.toBe('Apps and Books invitation');
          await Promise.all([claire.page.waitForLoadState('load'), claire.page.getByRole('button', { name: 'Accept with my Apple Account' }).click()]);
          await expect(claire.page.locator('body').textContent()).resolves.toContain('"status":"Associated"');
        },
        claire.page,
      );
    } finally {
      await claire.context.close();
    }

    await step('04-enrolled', async () => {
      await page.goto(url('/views/vpp-apple/invitations?status=enrolled'));
      for (const [index, m] of ACCEPTANCE_ORDER.entries()) {
        if (m !== CLAIRE) vpp.simulator.acceptInvitation(LOCATION.uId, m.id);
        // Waiting for each before the next accepts keeps the acceptance times apart.
        await reloadUntil(page, async () => (await page.locator('main tbody tr', { hasText: m.email }).count()) === 1, `${m.id} shown as enrolled`);
        expect(await page.locator('main tbody tr').count()).toBe(index + 1);
      }
      await expect(page.locator('main tbody tr', { hasText: CLAIRE.email }).locator('.badge').first().textContent()).resolves.toBe('Enrolled');
      // Enrolled users read in acceptance order, the order licenses go in, each time to the second; by name on request.
      const shownIds = () => page.locator('main tbody tr td:first-child .muted').allTextContents();
      const sortBy = (label: string) => Promise.all([page.waitForLoadState('load'), page.locator('.enrolment-sort a', { hasText: label }).click()]);
      await expect(page.locator('.enrolment-sort strong').textContent()).resolves.toBe('By acceptance (first come, first served)');
      await expect(shownIds()).resolves.toEqual(ACCEPTANCE_ORDER.map((m) => m.id));
      await sortBy('By name');
      await expect(shownIds()).resolves.toEqual(['evil', 'claire', 'joost', 'lena', 'sam']);
      await sortBy('By acceptance');
      await expect(shownIds()).resolves.toEqual(ACCEPTANCE_ORDER.map((m) => m.id));
      const acceptedAt = await page.locator('main tbody tr td:nth-child(3) time').allTextContents();
      expect(acceptedAt).toHaveLength(ACCEPTANCE_ORDER.length);
      for (const time of acceptedAt) expect(time).toMatch(/\d:\d\d:\d\d (AM|PM) UTC$/);
    });
  });

  it('assigns the 3-license app to the group: the first three to accept are licensed in that order, the other two queued', async () => {
    const { page } = admin;
    await step('05-first-come-first-served', async () => {
      await navigate(page, 'Managed distribution');
      await page.fill('#field-item', APP.name);
      await page.selectOption('#field-targetKind', 'user-group');
      await page.fill('#field-target', GROUP.name);
      await page.selectOption('#field-licenseType', 'user');
      await submit(page, 'Assign');
      const [first, second, third, fourth, fifth] = ACCEPTANCE_ORDER.map((m) => m.name);
      // The preview names who gets a license and who waits at which place, in acceptance order; then it happens so.
      const preview = section(page, 'Before you confirm');
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Get a license (3)', 'Wait in the queue (2)']);
      // The rows of the table under a heading of the preview, cell by cell.
      const previewRows = (heading: string) =>
        preview
          .locator(`xpath=.//h3[starts-with(., "${heading}")]/following-sibling::div[1]//tbody/tr`)
          .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      expect((await previewRows('Get a license')).map((cells) => cells[0])).toEqual([first, second, third].map((name) => `User · ${name}`));
      expect((await previewRows('Wait in the queue')).map((cells) => [cells[0], cells[2]])).toEqual([
        [`User · ${fourth}`, 'place 1'],
        [`User · ${fifth}`, 'place 2'],
      ]);
      await saveScreenshot(page, 'journey-05-preview');
      await submit(page, 'Confirm');
      await expect(flash(page, 'success')).resolves.toBe('Assigned: 3 licenses requested, 2 waiting, 0 waiting to enrol, 0 delivered without a license');
      assignmentUrl = page.url();

      await reloadUntil(page, async () => (await holders(page)).every((h) => h.state === 'confirmed'), "Apple's confirmation of the three licenses");
      expect(await holders(page)).toEqual([first, second, third].map((name) => ({ name, state: 'confirmed' })));
      expect(await queue(page)).toEqual([
        { place: '#1', name: fourth },
        { place: '#2', name: fifth },
      ]);
      await expect(section(page, 'Waiting in line').locator('h2').textContent()).resolves.toBe('Waiting in line (2)');
      // The queue's time is what orders it: for users, when they enrolled.
      await expect(section(page, 'Waiting in line').locator('th').allTextContents()).resolves.toEqual(['Place', 'Holder', 'Enrolled at']);
    });
  });

  it('revokes one licensed user, and the first in line is served while the queue shrinks', async () => {
    const { page } = admin;
    await step('06-revoke-and-serve', async () => {
      const revoked = ACCEPTANCE_ORDER[1]!;
      const row = section(page, 'License holders').locator('tbody tr', { hasText: revoked.name });
      await submit(page, 'Revoke', row);
      // The preview says whose license goes and who is served in her place: the first in line.
      const preview = section(page, 'Before you confirm');
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Lose their license (1)', 'Served from the queue in their place (1)']);
      await expect(preview.locator('tbody tr').first().textContent()).resolves.toContain(revoked.name);
      await expect(preview.locator('tbody tr').nth(1).textContent()).resolves.toContain(ACCEPTANCE_ORDER[3]!.name);
      await submit(page, 'Confirm');
      await expect(flash(page, 'success')).resolves.toBe('1 license revoked; 0 of 3 now available; 1 license went to others waiting');

      const [first, , third, fourth, fifth] = ACCEPTANCE_ORDER.map((m) => m.name);
      await reloadUntil(
        page,
        async () => {
          const now = await holders(page);
          return now.length === 3 && now.every((h) => h.state === 'confirmed') && (await queue(page)).length === 1;
        },
        'the first in line served and confirmed',
      );
      expect(await holders(page)).toEqual([first, third, fourth].map((name) => ({ name, state: 'confirmed' })));
      expect(await queue(page)).toEqual([{ place: '#1', name: fifth }]);
      expect(page.url()).toBe(assignmentUrl);
    });
  });

  it('refuses the VPP book on a device, naming the rule', async () => {
    const { page } = admin;
    await step('07-book-refused', async () => {
      await navigate(page, 'Managed distribution');
      await page.fill('#field-item', BOOK.name);
      await page.selectOption('#field-targetKind', 'device');
      await page.fill('#field-target', DEVICE.serialNumber);
      await submit(page, 'Assign');
      await expect(flash(page, 'error')).resolves.toBe('Refused: VPP books can only be assigned to users or user groups (vpp-book-users-only)');
      await expect(page.inputValue('#field-item')).resolves.toBe(BOOK.name);
      // Nothing changed: still the one assignment, three licensed and one waiting.
      const assignments = page.locator('main tbody tr', { has: page.locator('a', { hasText: 'Details' }) });
      await expect(rowCells(assignments)).resolves.toEqual([APP.name, 'VPP app', `User group · ${GROUP.name}`, 'Automatic', 'active', '3', '1', 'Details']);
    });
  });

  it('speaks Dutch and French with the seeds\' words', async () => {
    const { page } = admin;
    try {
      await step('08-dutch', async () => {
        await switchLanguage(page, 'Nederlands');
        await navigate(page, 'Beheerde distributie');
        await expect(page.locator('main h1').textContent()).resolves.toBe('Beheerde distributie');
        const dutch = await page.locator('main').textContent();
        for (const term of ['Installatiemodus', 'VPP-app', 'VPP-boek']) expect(dutch).toContain(term);
        await navigate(page, 'Uitnodigingen');
        await expect(page.locator('main tbody .badge', { hasText: 'Ingeschreven' }).count()).resolves.toBe(MEMBERS.length);
        // Every column its own word, and the mail's state in Dutch.
        const headers = await page.locator('main thead th').allTextContents();
        expect(headers.filter(Boolean)).toEqual([...new Set(headers.filter(Boolean))]);
        await expect(page.locator('main tbody .badge', { hasText: 'verstuurd' }).count()).resolves.toBe(MEMBERS.length);
        expect(await page.locator('main tbody .badge', { hasText: /^sent$/ }).count()).toBe(0);
      });
      await step('09-french', async () => {
        await switchLanguage(page, 'Français');
        await navigate(page, 'Distribution gérée');
        await expect(page.locator('main h1').textContent()).resolves.toBe('Distribution gérée');
        const french = await page.locator('main').textContent();
        for (const term of ["Mode d'installation", 'Apps VPP', 'Livre VPP']) expect(french).toContain(term);
        await page.goto(assignmentUrl);
        await expect(section(page, "File d'attente").locator('tbody tr').count()).resolves.toBe(1);
        await expect(section(page, "File d'attente").locator('th').nth(2).textContent()).resolves.toBe('Inscrit le');
        await navigate(page, 'Invitations');
        await expect(page.locator('main tbody .badge', { hasText: 'envoyé' }).count()).resolves.toBe(MEMBERS.length);
      });
    } finally {
      // The language belongs to the account: later steps read English.
      await switchLanguage(page, 'English');
    }
  });

  it('shows the key pages at phone size', async () => {
    const phone = await openPage(browser, PHONE);
    watchDialogs(phone.page);
    try {
      await signIn(phone.page, vpp.panel.url, vpp.panel.admin);
      for (const [title, name] of [
        ['Dashboard', 'dashboard'],
        ['Tokens', 'tokens'],
        ['Catalog', 'catalog'],
        ['Invitations', 'invitations'],
        ['Managed distribution', 'assignments'],
      ] as const) {
        await step(`10-phone-${name}`, async () => {
          await navigate(phone.page, title);
          await expect(phone.page.locator('main h1').textContent()).resolves.toBe(title);
          expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), `${title} fits the phone's width`).toBeLessThanOrEqual(PHONE.width);
          if (name === 'invitations') {
            // Each user's status shows without scrolling the table sideways.
            const status = await phone.page.locator('main tbody tr', { hasText: CLAIRE.name }).locator('.badge').first().boundingBox();
            expect(status!.x + status!.width, "Claire's status within the phone's width").toBeLessThanOrEqual(PHONE.width);
          }
        }, phone.page);
      }
      await step('10-phone-assignment', async () => {
        await phone.page.goto(assignmentUrl);
        expect((await holders(phone.page)).map((h) => h.name)).toEqual([0, 2, 3].map((i) => ACCEPTANCE_ORDER[i]!.name));
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), "the assignment page fits the phone's width").toBeLessThanOrEqual(PHONE.width);
      }, phone.page);
    } finally {
      await phone.context.close();
    }
  });

  it('removing a member from the group shows first that her license goes to the first in line, then says so', async () => {
    const { page } = admin;
    await step('07b-member-removed', async () => {
      const [first, , , , fifth] = ACCEPTANCE_ORDER;
      await navigate(page, 'Groups');
      await page.getByRole('link', { name: GROUP.name }).click();
      await submit(page, 'Remove', page.locator('main tbody tr', { hasText: first!.name }));
      const preview = section(page, 'Before you confirm');
      await expect(preview.locator('p').nth(1).textContent()).resolves.toBe(`${first!.name} would leave ${GROUP.name}.`);
      await expect(preview.locator('h3').allTextContents()).resolves.toEqual(['Lose their license (1)', 'Served from the queue in their place (1)', 'The app is removed from (1)']);
      await expect(preview.locator('tbody tr').nth(1).textContent()).resolves.toContain(fifth!.name);
      expect(vpp.panel.inventory.groupsOf('user-group', first!.id).map((m) => m.groupId)).toContain(GROUP.id);
      await saveScreenshot(page, 'journey-07b-member-preview');
      await submit(page, 'Confirm');
      await expect(flash(page, 'success')).resolves.toBe('Member removed. 1 was served from the queue, 1 lost a license, 1 had the app removed.');
      await page.goto(assignmentUrl);
      await reloadUntil(page, async () => (await queue(page)).length === 0 && (await holders(page)).length === 3, 'the first in line served');
      expect((await holders(page)).map((h) => h.name)).toContain(fifth!.name);
    });
  });

  it('signs out; a read-only admin sees every page without a form, a crafted POST is refused and nothing changes', async () => {
    const { page } = admin;
    const assignments = await assignmentRows(page);
    await page.goto(assignmentUrl);
    const before = { mails: smtp.received.length, assignments, holders: await holders(page) };
    await step('11-read-only', async () => {
      await signOut(page);
      await signIn(page, vpp.panel.url, vpp.panel.reader);
      for (const title of ['Dashboard', 'Tokens', 'Catalog', 'Managed distribution', 'Invitations']) {
        await navigate(page, title);
        await expect(page.locator('main h1').textContent()).resolves.toBe(title);
        expect(await page.locator('main form[method="post"]').count(), title).toBe(0);
      }
      await page.goto(assignmentUrl);
      expect(await page.locator('main form[method="post"]').count()).toBe(0);

      const csrf = (await page.locator('form[action="/logout"] input[name="_csrf"]').getAttribute('value'))!;
      const post = (path: string, form: Record<string, string>) => page.request.post(url(path), { form: { _csrf: csrf, ...form }, headers: { origin: vpp.panel.url }, maxRedirects: 0 });
      const crafted = [
        await post('/views/vpp-apple/invitations', { _action: 'invite', kind: 'user', id: NEWCOMER.id }),
        await post('/views/vpp-apple/assignments', { _action: 'assign', item: BOOK.name, targetKind: 'user-group', target: GROUP.id }),
        await post(`/views/vpp-apple/assignments?${new URL(assignmentUrl).searchParams}`, { _action: 'revoke', holderKind: 'user', holderId: ACCEPTANCE_ORDER[0]!.id }),
      ];
      expect(crafted.map((response) => response.status())).toEqual([403, 403, 403]);

      await page.reload();
      expect(await holders(page)).toEqual(before.holders);
      expect(await assignmentRows(page)).toBe(before.assignments);
      expect(smtp.received).toHaveLength(before.mails);
      await navigate(page, 'Invitations');
      await expect(page.locator('main tbody tr', { hasText: NEWCOMER.email }).locator('.badge').first().textContent()).resolves.toBe('Not invited');
      expect(dialogs).toEqual([]);
    });
  });
});
