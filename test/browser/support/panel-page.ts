import type { Page } from 'playwright-core';

/** Signs in through the login form as an admin would, and waits for the page it lands on. */
export async function signIn(page: Page, url: string, credentials: { readonly name: string; readonly password: string }): Promise<void> {
  if (!page.url().startsWith(`${url}/login`)) await page.goto(`${url}/login`);
  await page.fill('#name', credentials.name);
  await page.fill('#password', credentials.password);
  await Promise.all([page.waitForURL((address) => address.pathname !== '/login'), page.click('form[action="/login"] button[type="submit"]')]);
}

/** Follows a navigation entry, opening the menu first where the navigation is folded away (a phone). */
export async function navigate(page: Page, title: string): Promise<void> {
  const menu = page.locator('.menu-button');
  if (await menu.isVisible()) await menu.click();
  await Promise.all([page.waitForLoadState('load'), page.locator('nav.nav').getByRole('link', { name: title, exact: true }).click()]);
}

/** Clicks a button (in `scope`, the page's main part by default) and waits for the page its form leads to. */
export async function submit(page: Page, button: string, scope = page.locator('main')): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), scope.getByRole('button', { name: button, exact: true }).click()]);
}

/** Opens the account menu and picks a language. */
export async function switchLanguage(page: Page, languageName: string): Promise<void> {
  await page.locator('.user-menu summary').click();
  await Promise.all([page.waitForLoadState('load'), page.locator('.language-switch').getByRole('button', { name: languageName }).click()]);
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('.user-menu summary').click();
  await Promise.all([page.waitForURL(/\/login/), page.locator('.sign-out').click()]);
}

/** The texts of the navigation entries. */
export async function navigationTitles(page: Page): Promise<string[]> {
  return page.locator('nav.nav a').allTextContents();
}

/**
 * Reloads the page, as an admin waiting for Apple would, until `check` holds; fails naming what it waited for.
 * For state that arrives in the background (notifications, status polls, mail delivery).
 */
export async function reloadUntil(page: Page, check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (at ${page.url()})`);
    await page.waitForTimeout(250);
    await page.reload();
  }
}
