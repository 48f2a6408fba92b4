import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/host-process.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Viewport {
  readonly name: 'desktop' | 'phone';
  readonly width: number;
  readonly height: number;
}

/** Every browser test runs at both sizes the panel must be usable at. */
export const VIEWPORTS: readonly Viewport[] = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

/**
 * Debian's chromium through playwright-core. Each launch gets a fresh temporary profile (user-data-dir), which
 * Playwright creates and removes. A machine without chromium fails the test with how to fix it; it never skips.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Browser tests need Debian's chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A page in its own context (own cookies), at the viewport's size, with an English browser. */
export async function openPage(browser: Browser, viewport: Viewport, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, locale });
  return { context, page: await context.newPage() };
}

/** test-results/<name>.png, the whole page. */
export async function saveScreenshot(page: Page, testName: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${testName.replace(/[^a-zA-Z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs a test on a fresh page and always saves a screenshot of the last page, also when the test fails,
 * named `<testName>-<viewport>`.
 */
export async function withPage(browser: Browser, viewport: Viewport, testName: string, run: (page: Page) => Promise<void>, locale?: string): Promise<void> {
  const { context, page } = await openPage(browser, viewport, locale);
  try {
    await run(page);
  } finally {
    await saveScreenshot(page, `${testName}-${viewport.name}`).catch(() => undefined);
    await context.close();
  }
}

/** Every script element of the page, as written: the panel's own script is the only one a page may have. */
export function scriptsOf(page: Page): Promise<string[]> {
  return page.locator('script').evaluateAll((scripts) => scripts.map((script) => script.outerHTML));
}

export const PANEL_SCRIPT_TAG = '<script src="/assets/panel.js" defer=""></script>';
