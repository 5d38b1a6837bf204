import { expect, test } from '@playwright/test';
import { STAFF, expectAccessible, shot, signIn } from './support';

test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
  const response = await page.goto('/notifications', { waitUntil: 'networkidle' });
  expect(response?.ok()).toBe(true);
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
});

test('a wrong password is announced', async ({ page }) => {
  await page.goto('/login', { waitUntil: 'networkidle' });
  await page.getByLabel('メールアドレス').fill(STAFF.email);
  await page.getByLabel('パスワード').fill('wrong-password');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.locator('[aria-live] .notice.error')).toContainText('正しくありません');
  await expect(page).toHaveURL(/\/login/);
});

test('the shell: sign in, home, English, notifications, sign out', async ({ page }) => {
  await page.goto('/login', { waitUntil: 'networkidle' });
  await expect(page.getByText('結', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('広域圏の職員がつながり、学び合い、助け合う')).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'login');

  await signIn(page);

  // Japanese home: name, ふりがな, municipality and region.
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  const greeting = page.getByRole('heading', { level: 1 });
  await expect(greeting).toContainText('さん、こんにちは');
  await expect(greeting).toContainText('（');
  const main = page.locator('main');
  await expect(main).toContainText('郡山市');
  await expect(main).toContainText('こおりやま広域圏');
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  for (const label of ['ホーム', '20%ルール', 'コミュニティ', '職場応援', '職員サポート', '地域の魅力']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: /^通知/ })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'home-ja');

  // English.
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const navEn = page.getByRole('navigation', { name: 'Main menu' });
  await expect(navEn.getByRole('link', { name: 'Communities', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
  await expectAccessible(page);
  await shot(page, 'home-en');

  // An area page in English, then back to Japanese.
  await navEn.getByRole('link', { name: 'Communities', exact: true }).click();
  await expect(page).toHaveURL(/\/communities$/);
  await page.getByRole('button', { name: '日本語' }).first().click();
  await page.waitForLoadState('networkidle');
  await expect(page).toHaveURL(/\/communities$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('目的別コミュニティ');

  // Profile.
  await page.locator('header a[href="/profile"]:visible').click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('プロフィール');
  await expect(page.locator('main')).toContainText('staff.koriyama@demo.yui.example');
  await expectAccessible(page);
  await shot(page, 'profile');

  // Notifications.
  await page.getByRole('link', { name: /^通知/ }).click();
  await expect(page).toHaveURL(/\/notifications/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('通知');
  await expectAccessible(page);
  await shot(page, 'notifications');

  // Sign out.
  await page.getByRole('button', { name: 'サインアウト' }).first().click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.goto('/', { waitUntil: 'networkidle' });
  await expect(page).toHaveURL(/\/login/);
});

test('home on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('こんにちは');
  // The navigation is folded into a menu that opens without JS.
  const menu = page.locator('details.menu summary');
  await expect(menu).toBeVisible();
  await shot(page, 'home-mobile');
  await menu.click();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'コミュニティ' })).toBeVisible();
  await shot(page, 'home-mobile-menu');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign in, switch language, open the menu pages, sign out', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('メールアドレス').fill(STAFF.email);
    await page.getByLabel('パスワード').fill(STAFF.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('こんにちは');

    await page.getByRole('button', { name: 'English' }).first().click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: '日本語' }).first().click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');

    await page.goto('/time');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('20%ルール');
    await page.getByRole('button', { name: 'サインアウト' }).first().click();
    await expect(page).toHaveURL((url) => url.pathname === '/login');
  });
});
