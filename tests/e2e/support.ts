// What every browser test needs: the demo sign-ins, signing in, screenshots, and the axe check.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
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
