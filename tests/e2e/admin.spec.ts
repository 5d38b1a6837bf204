import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, STAFF, expectAccessible, here, shot, signIn } from './support';

const tmp = mkdtempSync(join(tmpdir(), 'yui-e2e-'));

/**
 * Excel's 「CSV（コンマ区切り）」 is Shift_JIS. iconv-lite is a dependency of the API, not of these
 * tests, so it is loaded from there.
 */
const iconv = createRequire(join(here, '../../apps/api/package.json'))('iconv-lite') as {
  encode(text: string, encoding: string): Buffer;
};

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' });

function csvFile(name: string, text: string, encoding: 'shift_jis' | 'utf-8-bom'): string {
  const path = join(tmp, name);
  writeFileSync(path, encoding === 'shift_jis' ? iconv.encode(text, 'shift_jis') : `\uFEFF${text}`);
  return path;
}

const HEADER = 'メールアドレス,氏名,ふりがな,職名,採用日,所属コード,週勤務時間';

test.describe.configure({ mode: 'serial' });

test('the municipality admin manages staff: list, add, edit, CSV import and export', async ({ page }) => {
  const stamp = Date.now();
  const email = `e2e.${stamp}@demo.yui.example`;

  await signIn(page, ADMIN);

  // The admin sees 管理 in the menu; the overview links to every admin screen.
  await mainNav(page).getByRole('link', { name: '管理', exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('管理');
  for (const name of ['職員一覧', '組織（部・課・係）', 'CSV取り込み', 'CSV書き出し']) {
    await expect(page.locator('main .cards').getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expectAccessible(page);
  await shot(page, 'admin-overview');

  // CSV書き出し downloads a file named as Excel users expect.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('main .cards').getByRole('link', { name: 'CSV書き出し', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^職員一覧_\d{8}\.csv$/);

  // The staff list in Japanese, sorted by ふりがな.
  await page.locator('main .cards').getByRole('link', { name: '職員一覧', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/staff$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員一覧');
  const table = page.getByRole('table');
  for (const name of ['氏名', '職名', '所属', 'メール', '状態']) {
    await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  await expect(table.getByRole('rowheader').first()).toBeVisible();
  await expect(table).toContainText('在職');
  await expect(table).toContainText('admin.koriyama@demo.yui.example');
  await expectAccessible(page);
  await shot(page, 'admin-staff-list');

  // Filter by department (人事課 and the 研修係 below it).
  await page.getByLabel('所属', { exact: true }).selectOption({ label: '\u3000\u3000人事課' });
  await page.getByRole('button', { name: '表示する' }).click();
  await expect(page).toHaveURL(/department=/);
  await expect(page.getByRole('table')).toContainText('人事課');
  await expect(page.getByRole('table')).not.toContainText('観光政策課');

  // Add a person: first with mistakes, shown next to the inputs and in the summary.
  await page.goto('/admin/staff', { waitUntil: 'networkidle' });
  await page.getByRole('link', { name: '職員を追加' }).click();
  await expect(page).toHaveURL(/\/admin\/staff\/new$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByLabel('時間', { exact: true })).toHaveValue('38');
  await expect(page.getByLabel('分', { exact: true })).toHaveValue('45');
  await page.getByLabel('氏名').fill('結城 試験');
  await page.getByLabel('ふりがな').fill('yuuki');
  await page.getByLabel('メールアドレス').fill('not-an-address');
  await page.getByRole('button', { name: '追加する' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('入力内容を確認してください');
  await expect(summary).toContainText('ふりがな');
  await expect(page.getByLabel('ふりがな')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#nameKana-error')).toContainText('ひらがなまたはカタカナ');
  await expect(page.getByLabel('メールアドレス')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('氏名')).toHaveValue('結城 試験');
  await expect(page.getByLabel('氏名')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await shot(page, 'admin-staff-form-error');

  // Then right.
  await page.getByLabel('ふりがな').fill('ゆうき しけん');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('職名').fill('主事');
  await page.getByLabel('採用日').fill('2025-04-01');
  await page.getByLabel('所属', { exact: false }).selectOption({ label: '\u3000\u3000人事課' });
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page).toHaveURL(/\/admin\/staff\/[0-9a-f-]{36}\?saved=created$/);
  await expect(page.locator('.notice.success')).toContainText('職員を追加しました');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ゆうき しけん');

  // In the list, with ふりがな (stored in hiragana).
  await page.goto(`/admin/staff?q=${encodeURIComponent(email)}`, { waitUntil: 'networkidle' });
  const row = page.getByRole('row', { name: /結城 試験/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('ゆうき しけん');
  await expect(row).toContainText('主事');
  await expect(row).toContainText('人事課');

  // Edit the 職名.
  await row.getByRole('link', { name: '結城 試験' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('職名').fill('主任');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page).toHaveURL(/\?saved=1$/);
  await expect(page.locator('.notice.success')).toHaveText('保存しました。');
  await expect(page.getByLabel('職名')).toHaveValue('主任');
  await expectAccessible(page);
  await shot(page, 'admin-staff-edit');

  // A CSV with one bad row: the rows are listed and nothing is imported.
  const okInBad = `e2e-bad-${stamp}@demo.yui.example`;
  const bad = csvFile(
    'bad.csv',
    [HEADER, `${okInBad},須田 一郎,すだ いちろう,主事,2025/4/1,jinji,38:45`, 'not-an-address,須田 二葉,suda,主事,2025/4/1,jinji,38:45'].join('\r\n') + '\r\n',
    'utf-8-bom',
  );
  await page.goto('/admin/import', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CSV取り込み');
  await expect(page.locator('main')).toContainText('Shift_JIS');
  await expect(page.getByRole('link', { name: /ひな形/ })).toHaveAttribute('href', '/admin/staff/export.csv');
  await page.getByLabel('取り込むCSVファイル').setInputFiles(bad);
  await page.getByRole('button', { name: '取り込む', exact: true }).click();
  const errors = page.getByRole('table', { name: '誤りのある行と項目' });
  await expect(errors).toBeVisible();
  for (const name of ['行', '項目', 'エラー内容']) {
    await expect(errors.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  const badRow = errors.getByRole('row', { name: /3行目/ }).first();
  await expect(badRow).toBeVisible();
  await expect(errors).toContainText('メールアドレス');
  await expect(errors).toContainText('ふりがな');
  await expect(page.locator('main')).toContainText('1件も取り込みませんでした');
  await expectAccessible(page);
  await shot(page, 'admin-import-errors');
  await page.goto(`/admin/staff?q=${encodeURIComponent(okInBad)}`, { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('条件に合う職員はいません。');

  // A good CSV as Excel saves it in Japanese Windows (Shift_JIS): two people added.
  const good = csvFile(
    'good.csv',
    [
      HEADER,
      `e2e-imp-${stamp}-1@demo.yui.example,須田 一郎,すだ いちろう,主事,2025/4/1,jinji,38:45`,
      `e2e-imp-${stamp}-2@demo.yui.example,須田 二葉,スダ フタバ,主任,2024-04-01,kenshu,31:00`,
    ].join('\r\n') + '\r\n',
    'shift_jis',
  );
  await page.goto('/admin/import', { waitUntil: 'networkidle' });
  await page.getByLabel('取り込むCSVファイル').setInputFiles(good);
  await page.getByRole('button', { name: '取り込む', exact: true }).click();
  await expect(page.locator('.notice.success')).toContainText('2件追加、0件更新しました。');
  await expect(page).toHaveURL(/created=2&updated=0/);
  await expectAccessible(page);
  await shot(page, 'admin-import-success');
  await page.goto(`/admin/staff?q=${encodeURIComponent(`e2e-imp-${stamp}`)}`, { waitUntil: 'networkidle' });
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveCount(2);
  await expect(page.getByRole('table')).toContainText('すだ ふたば');

  // The export: a CSV for Excel with a file name.
  const csv = await page.request.get('/admin/staff/export.csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toContain('attachment');
  const body = await csv.text();
  expect(body).toContain('メールアドレス');
  expect(body).toContain(email);
});

test('departments: the tree, and why a department cannot be closed', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto('/admin/departments', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('組織（部・課・係）');
  const tree = page.getByRole('region', { name: '組織図' });
  await expect(tree).toContainText('総務部');
  await expect(tree).toContainText('研修係');
  await expectAccessible(page);
  await shot(page, 'admin-departments');

  // 情報政策課 still has staff: the API's 409 is shown at the top and on the department.
  const row = () => page.locator('.node > .head', { has: page.locator('.dname', { hasText: /^情報政策課$/ }) });
  const item = row();
  await item.locator('summary').click();
  await item.getByRole('button', { name: '廃止する' }).click();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('#error-summary')).toContainText('在籍中の職員がいるため廃止できません');
  const reopened = row();
  await expect(reopened.locator('.notice.error')).toContainText('在籍中の職員がいるため廃止できません');
  await expect(reopened.getByRole('link', { name: 'この所属の職員を見る' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'admin-departments-error');
});

test('the staff list on a phone: rows become cards', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ADMIN);
  await page.goto('/admin/staff', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員一覧');
  const first = page.locator('table.staff tbody tr').first();
  await expect(first).toHaveCSS('display', 'block');
  await expectAccessible(page);
  await shot(page, 'admin-staff-list-mobile');
});

test('staff who are not admins see no 管理 and get a 403 page', async ({ page }) => {
  await signIn(page, STAFF);
  await expect(mainNav(page).getByRole('link', { name: 'ホーム', exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: '管理', exact: true })).toHaveCount(0);

  const response = await page.goto('/admin', { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('エラーが発生しました');
  await expect(page.locator('main')).toContainText('このページを表示する権限がありません。');
  // Still inside the app: the menu is there to carry on.
  await expect(mainNav(page).getByRole('link', { name: 'ホーム', exact: true })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'admin-forbidden');

  for (const path of ['/admin/staff', '/admin/import', '/admin/staff/export.csv']) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(403);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('add a person, then deactivate them with a confirm step', async ({ page }) => {
    const email = `e2e.nojs.${Date.now()}@demo.yui.example`;
    await page.goto('/login');
    await page.getByLabel('メールアドレス').fill(ADMIN.email);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/');

    await page.goto('/admin/staff/new');
    await page.getByLabel('氏名').fill('結城 無効');
    await page.getByLabel('ふりがな').fill('ゆうき むこう');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('時間', { exact: true }).fill('31');
    await page.getByLabel('分', { exact: true }).fill('0');
    await page.getByRole('button', { name: '追加する' }).click();
    await expect(page).toHaveURL(/\?saved=created$/);
    await expect(page.getByLabel('時間', { exact: true })).toHaveValue('31');
    await expect(page.getByLabel('分', { exact: true })).toHaveValue('0');

    await page.getByRole('button', { name: 'この職員を無効にする' }).click();
    await expect(page.getByRole('heading', { name: '結城 無効さんを無効にしますか？' })).toBeVisible();
    await page.getByRole('button', { name: '無効にする', exact: true }).click();
    await expect(page).toHaveURL(/\?saved=deactivated$/);
    await expect(page.locator('.notice.success')).toContainText('無効にしました');
    await expect(page.getByRole('button', { name: '有効に戻す' })).toBeVisible();

    // Hidden from the list unless asked for.
    await page.goto(`/admin/staff?q=${encodeURIComponent(email)}`);
    await expect(page.locator('main')).toContainText('条件に合う職員はいません。');
    await page.goto(`/admin/staff?q=${encodeURIComponent(email)}&inactive=1`);
    await expect(page.getByRole('row', { name: /結城 無効/ })).toContainText('無効');
  });
});
