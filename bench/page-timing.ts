import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/browser/support/browser.js';
import { report, timed } from './support.js';

const RUNS = 20;
const RENDER_RUNS = 10;

/**
 * For each named panel address: the server's time to first byte (median of 20, target < 200 ms) and the time chromium
 * takes to load it (median of 10), signed in with `cookie`. `check` runs last on the same page, for a sanity check.
 */
export async function timePanelPages(url: string, cookie: string, pages: Readonly<Record<string, string>>, check?: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [cookieName, cookieValue] = cookie.split('=') as [string, string];
    await context.addCookies([{ name: cookieName, value: cookieValue, url }]);
    const page = await context.newPage();
    for (const [name, address] of Object.entries(pages)) {
      const ttfb = await timed(RUNS, async () => {
        const response = await fetch(`${url}${address}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${address} answered ${response.status}`);
        await response.body?.cancel();
      });
      report(`${name}.ttfb`, ttfb, 'ms', '< 200 ms');
      const render = await timed(RENDER_RUNS, async () => {
        await page.goto(`${url}${address}`, { waitUntil: 'load' });
      });
      report(`${name}.render`, render, 'ms');
    }
    await check?.(page);
  } finally {
    await browser.close();
  }
}
