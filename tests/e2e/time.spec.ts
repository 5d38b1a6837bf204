import { expect, test, type Page } from '@playwright/test';
import { ADMIN, MANAGER, STAFF, expectAccessible, shot, signIn } from './support';

// 20%ルール in the browser: staff file time, their manager approves it in the inbox, the budget
// drops; the admin's reports and settings. Every check compares before and after, so requests left
// by earlier runs do not matter; the filed request is cancelled at the end to give the time back.

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'サインアウト' }).first().click();
  await page.waitForURL(/\/login/);
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' });
const timeNav = (page: Page) => page.getByRole('navigation', { name: '20%ルールのメニュー' });

// ---------- dates (Japan time) and hours as the page writes them ----------

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const todayJapan = () => iso(Date.now() + 9 * 3_600_000);
const addDays = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * DAY);
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
/** The first weekday at least `n` days ahead (the default policy wants one day's notice). */
function weekdayAhead(n: number): string {
  let d = addDays(todayJapan(), n);
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** 「28時間33分」「45分」「3時間」 → minutes. */
function minutesOf(text: string | null): number {
  const m = /(?:(\d+)時間)?(?:(\d+)分)?/.exec((text ?? '').replace(/\s/g, ''));
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new Error(`not a duration: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** 「今月の残り」 (or 「2026年12月の残り」) of the budget meter at the top of /time?month=…. */
async function remainingIn(page: Page, month: string): Promise<number> {
  await page.goto(`/time?month=${month}`, { waitUntil: 'networkidle' });
  return minutesOf(await page.locator('section.budget .remaining').textContent());
}

test.describe.configure({ mode: 'serial' });

test('staff file 3 hours for a meetup, the manager approves it, the budget drops by 3 hours', async ({ page }) => {
  const stamp = Date.now();
  const purpose = `こおりやま広域の観光ミートアップで当課の事例を発表する（e2e ${stamp}）`;
  const date = weekdayAhead(3);
  const month = date.slice(0, 7);

  // 自分の申請: the budget as a meter, the requests and the calendar.
  await signIn(page, STAFF);
  await mainNav(page).getByRole('link', { name: '20%ルール', exact: true }).click();
  await expect(page).toHaveURL(/\/time$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('20%ルール');
  const meter = page.locator('section.budget');
  await expect(meter).toContainText('今月の残り');
  await expect(meter).toContainText(/（上限 \d+時間(\d+分)?・20%）/);
  await expect(meter).toContainText('承認済み');
  await expect(meter).toContainText('申請中');
  await expect(page.getByRole('link', { name: '時間を申請する' })).toBeVisible();
  const cal = page.getByRole('table', { name: /の予定$/ });
  await expect(cal).toBeVisible();
  await expect(cal.locator('td[aria-current="date"]')).toHaveCount(1);
  // Staff see no manager's or admin's tabs.
  await expect(timeNav(page).getByRole('link')).toHaveText(['自分の申請', '申請する']);
  await expectAccessible(page);
  await shot(page, 'time-home');

  const before = await remainingIn(page, month);
  expect(before).toBeGreaterThanOrEqual(180);

  // A date in the past is refused, and the error names 日付 next to that row.
  await page.goto('/time/new', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('時間を申請する');
  await expect(page.locator('aside')).toContainText('今月の残り');
  await page.getByLabel('活動の種類').selectOption({ label: 'イベント・勉強会' });
  await page.getByLabel('目的').fill(purpose);
  await page.locator('#day-0-date').fill(addDays(todayJapan(), -7));
  await page.locator('#day-0-hours').selectOption('3');
  await expect(page.locator('.total')).toHaveText('合計 3時間');
  await page.getByRole('button', { name: '申請する', exact: true }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('入力内容を確認してください');
  await expect(summary).toContainText('日付');
  await expect(page.locator('#day-0-date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#day-0-date-error')).toContainText('過去の日付');
  await expect(page.getByLabel('目的')).toHaveValue(purpose);
  await expectAccessible(page);
  await shot(page, 'time-new-error');

  // Then right: a weekday a few days ahead, 3 hours.
  await page.locator('#day-0-date').fill(date);
  await page.getByRole('button', { name: '申請する', exact: true }).click();
  await expect(page).toHaveURL(/\/time\/requests\/[0-9a-f-]{36}\?done=submitted$/);
  const requestUrl = page.url().replace(/\?.*$/, '');
  await expect(page.locator('.notice.success')).toContainText('申請しました');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('申請中');
  await expect(page.locator('main')).toContainText(purpose);

  // Pending on the list, and the pending hours already count against the budget.
  const filed = await remainingIn(page, month);
  const row = page.getByRole('row', { name: new RegExp(`e2e ${stamp}`) });
  await expect(row).toContainText('申請中');
  await expect(row).toContainText('3時間');
  expect(filed).toBe(before - 180);
  await signOut(page);

  // The manager approves it in the inbox, with the requester's budget beside it.
  await signIn(page, MANAGER);
  await page.goto('/time', { waitUntil: 'networkidle' });
  await timeNav(page).getByRole('link', { name: '承認待ち' }).click();
  await expect(page).toHaveURL(/\/time\/inbox$/);
  await page.waitForLoadState('networkidle');
  const card = page.locator('article.item', { hasText: purpose });
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading', { level: 2 })).toContainText('（');
  await expect(card).toContainText('イベント・勉強会');
  await expect(card).toContainText('合計 3時間');
  await expect(card).toContainText('の残り');
  await card.scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await shot(page, 'time-inbox');
  await expect(card).toContainText(/承認後の.+の残り/);
  await card.getByRole('button', { name: /^承認する/ }).click();
  await expect(page.locator('.notice.success')).toContainText('承認しました');
  await expect(page.locator('article.item', { hasText: purpose })).toHaveCount(0);

  // The manager's 集計 counts the approved hours in their month (in the table and the chart).
  await timeNav(page).getByRole('link', { name: '集計' }).click();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('img', { name: /月別の承認時間/ })).toBeVisible();
  const monthCol = Number(date.slice(5, 7));
  const totals = page.getByRole('table', { name: /月別の時間/ }).locator('tfoot td');
  expect(Number(await totals.nth((monthCol + 8) % 12).textContent())).toBeGreaterThanOrEqual(3);
  await expectAccessible(page);
  await shot(page, 'time-reports');
  await signOut(page);

  // The member of staff sees 承認済み, and 3 hours fewer left than before filing.
  await signIn(page, STAFF);
  const after = await remainingIn(page, month);
  expect(after).toBe(before - 180);
  await expect(page.getByRole('row', { name: new RegExp(`e2e ${stamp}`) })).toContainText('承認済み');
  await page.goto(requestUrl, { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('承認済み');
  const history = page.getByRole('region', { name: '経過' });
  await expect(history).toContainText('申請しました');
  await expect(history).toContainText('承認しました');
  await expectAccessible(page);
  await shot(page, 'time-approved');

  // Cancelling (before the date, with a confirm step) gives the time back.
  await page.getByRole('button', { name: '承認された申請を取り消す' }).click();
  await expect(page.getByRole('heading', { name: 'この申請を取り消しますか？' })).toBeVisible();
  await page.getByRole('button', { name: '取り消す', exact: true }).click();
  await expect(page.locator('.notice.success')).toContainText('取り消しました');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('取消');
  expect(await remainingIn(page, month)).toBe(before);
});

test('the admin: reports by 年度 with a chart and CSV, and the policy with its history', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto('/time', { waitUntil: 'networkidle' });
  await expect(timeNav(page).getByRole('link', { name: '集計' })).toBeVisible();
  await timeNav(page).getByRole('link', { name: '集計' }).click();
  await expect(page).toHaveURL(/\/time\/reports$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('集計');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/令和\d+年度/);
  // The current 年度 by default (it starts in April).
  const [y, m] = todayJapan().split('-').map(Number) as [number, number];
  await expect(page.getByLabel('年度', { exact: true })).toHaveValue(String(m >= 4 ? y : y - 1));
  const tabs = page.getByRole('navigation', { name: '集計の単位' });
  await expect(tabs.getByRole('link')).toHaveText(['所属別', '職員別', '活動別']);
  await expect(page.getByRole('img', { name: /月別の承認時間/ })).toBeVisible();
  const monthly = page.getByRole('table', { name: /月別の時間/ });
  for (const name of ['4月', '3月', '合計']) await expect(monthly.getByRole('columnheader', { name, exact: true })).toBeVisible();
  await expect(page.locator('main')).toContainText('承認率');
  await expect(page.locator('main')).toContainText('判断までの時間');

  await tabs.getByRole('link', { name: '活動別' }).click();
  await expect(page).toHaveURL(/groupBy=activity/);
  await expect(page.getByRole('table', { name: /月別の時間/ })).toContainText('イベント・勉強会');
  await expectAccessible(page);
  await shot(page, 'time-reports-admin');

  const csv = await page.request.get(await page.getByRole('link', { name: 'CSVダウンロード' }).getAttribute('href') ?? '');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toContain('attachment');
  expect(await csv.text()).toContain('4月');

  // 設定: the rule in force and its versions; a cap of 0 is refused and nothing changes.
  await timeNav(page).getByRole('link', { name: '設定' }).click();
  await expect(page).toHaveURL(/\/time\/policy$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('20%ルールの設定');
  const current = page.getByRole('heading', { name: /現在のルール（第\d+版）/ });
  await expect(current).toBeVisible();
  const version = await current.textContent();
  await expect(page.getByRole('heading', { name: '変更履歴' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '代理承認', exact: true })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'time-policy');

  await page.getByLabel('上限（勤務時間に対する割合）').fill('0');
  await page.getByRole('button', { name: '新しい版として保存' }).click();
  await expect(page.locator('#error-summary')).toContainText('上限');
  await expect(page.getByLabel('上限（勤務時間に対する割合）')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: /現在のルール/ })).toHaveText(version ?? '');
  await expectAccessible(page);

  // 代理承認: name a deputy for 観光政策課's manager for a few days, then remove it again.
  await page.goto('/time/policy', { waitUntil: 'networkidle' });
  const manager = page.getByLabel('所属長', { exact: true });
  await manager.selectOption({ label: (await manager.locator('option', { hasText: '観光政策課' }).first().textContent()) ?? '' });
  const managerId = await manager.inputValue();
  const deputies = await page.getByLabel('代理承認者').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  await page.getByLabel('代理承認者').selectOption(deputies.find((v) => v && v !== managerId) ?? '');
  await page.getByLabel('開始日').fill(addDays(todayJapan(), 30));
  await page.getByLabel('終了日').fill(addDays(todayJapan(), 32));
  await page.getByLabel('理由').fill(`出張（e2e）`);
  await page.getByRole('button', { name: '指定する' }).click();
  await expect(page.locator('.notice.success')).toContainText('代理承認者を指定しました');
  const deleg = page.getByRole('row', { name: /出張（e2e）/ }).first();
  await expect(deleg).toBeVisible();
  await deleg.getByRole('button', { name: /^削除/ }).click();
  await expect(page.locator('.notice.success')).toContainText('削除しました');
});

test('staff cannot open the manager’s and admin’s pages', async ({ page }) => {
  await signIn(page, STAFF);
  for (const path of ['/time/reports', '/time/policy', '/time/reports/export.csv']) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(403);
  }
  const inbox = await page.goto('/time/inbox', { waitUntil: 'networkidle' });
  expect(inbox?.ok()).toBe(true);
  await expect(page.locator('main')).toContainText('承認待ちの申請はありません。');
});

test('on a phone: requests become cards and the calendar a list of days', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, STAFF);
  await page.goto('/time', { waitUntil: 'networkidle' });
  await expect(page.locator('section.budget .remaining')).toBeVisible();
  const first = page.locator('table.list tbody tr').first();
  if (await first.count()) await expect(first).toHaveCSS('display', 'block');
  // Today stays in the calendar list even when nothing is planned for it.
  await expect(page.locator('table.cal td[aria-current="date"]')).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'time-home-mobile');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('「日付を追加」 adds a row, a draft is saved, then withdrawn', async ({ page }) => {
    const stamp = Date.now();
    await page.goto('/login');
    await page.getByLabel('メールアドレス').fill(STAFF.email);
    await page.getByLabel('パスワード').fill(STAFF.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/');

    await page.goto('/time/new');
    const key = await page.locator('input[name="idempotencyKey"]').inputValue();
    await page.getByLabel('活動の種類').selectOption({ label: 'メンター' });
    await page.getByLabel('目的').fill(`新採用職員との面談（e2e nojs ${stamp}）`);
    await page.locator('#day-0-date').fill(weekdayAhead(5));
    await page.locator('#day-0-hours').selectOption('1');
    await page.locator('#day-0-minutes').selectOption('30');
    await page.getByRole('button', { name: '日付を追加' }).click();
    // The same form again, with what was typed and one more row (and the same idempotency key).
    await expect(page.locator('#day-1-date')).toBeVisible();
    await expect(page.locator('#day-0-hours')).toHaveValue('1');
    await expect(page.locator('#day-0-minutes')).toHaveValue('30');
    await expect(page.locator('input[name="idempotencyKey"]')).toHaveValue(key);
    await page.locator('#day-1-date').fill(weekdayAhead(8));
    await page.locator('#day-1-hours').selectOption('2');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await expect(page).toHaveURL(/\/time\/requests\/[0-9a-f-]{36}\?done=draft$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('下書き');
    await expect(page.getByRole('table').first()).toContainText('1時間30分');
    await expect(page.getByRole('table').first()).toContainText('2時間');

    await page.getByRole('button', { name: '申請を取り下げる' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('取り下げ');
  });
});
