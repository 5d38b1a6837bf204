// What every browser test needs: the demo sign-ins, signing in, screenshots, and the axe check.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
mkdirSync(screenshots, { recursive: true });

export interface Account {
  email: string;
  password: string;
}
const demo = (local: string): Account => ({ email: `${local}@demo.yui.example`, password: 'yui-demo' });
export const STAFF = demo('staff.koriyama');
export const MANAGER = demo('manager.koriyama');
export const ADMIN = demo('admin.koriyama');

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** No serious or critical WCAG 2.x A/AA violations. */
export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

export async function signIn(page: Page, who: Account = STAFF) {
  await page.goto('/login', { waitUntil: 'networkidle' });
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.waitForLoadState('networkidle');
}

/** A signed-in page of its own (cookies apart), for one person of a story with several people. */
export async function signedInPage(browser: Browser, who: Account, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

/** The name of the signed-in person, as /profile shows it (氏名). */
export async function ownName(page: Page): Promise<string> {
  await page.goto('/profile', { waitUntil: 'networkidle' });
  const name = (await page.locator('main dl > div').first().locator('dd').innerText()).trim();
  expect(name).not.toBe('');
  return name;
}
