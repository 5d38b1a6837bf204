import { expect, test, type Page } from '@playwright/test';
import { STAFF, expectAccessible, shot, signIn, type Account } from './support';

// 職場応援 in the browser: 観光政策課 of 郡山市 (staff.koriyama) asks for 2 people; staff.sukagawa and
// staff.tamura apply (each files a 20%ルール request), their own managers approve, the poster accepts
// both, and a third applicant (staff.miharu) is told the call is full. Then the talent registry, a
// department page, the figures and the English page. Each run posts its own call (a stamp in its
// title), so calls of earlier runs do not matter.

const demo = (local: string): Account => ({ email: `${local}@demo.yui.example`, password: 'yui-demo' });
const SUKAGAWA = demo('staff.sukagawa');
const TAMURA = demo('staff.tamura');
const MIHARU = demo('staff.miharu');

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const todayJapan = () => iso(Date.now() + 9 * 3_600_000);
const addDays = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * DAY);
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
function weekdayAhead(n: number): string {
  let d = addDays(todayJapan(), n);
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'サインアウト' }).first().click();
  await page.waitForURL(/\/login/);
}

const helpNav = (page: Page) => page.getByRole('navigation', { name: /職場応援/ });

test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const title = `観光案内所の週末応援 e2e ${stamp}`;
const workDay = weekdayAhead(14);
let callPath = '';

test('観光政策課 of 郡山市 posts a call for 2 people', async ({ page }) => {
  await signIn(page, STAFF);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '職場応援', exact: true }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('職場応援');
  await helpNav(page).getByRole('link', { name: '募集する' }).click();
  await expect(page).toHaveURL(/\/help\/new$/);

  // Nothing filled in: the errors name their fields, and nothing is posted.
  await page.getByRole('button', { name: '募集を掲載する' }).click();
  await expect(page.locator('main')).toContainText('募集名');
  await expect(page.getByLabel(/^募集名/)).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel(/^募集名/).fill(title);
  await page.getByLabel('業務カテゴリ').selectOption('operations');
  await page.getByLabel(/^募集人数/).fill('2');
  await page.getByLabel(/^募集概要/).fill('週末の観光案内所で、観光客の案内とパンフレット配布を手伝ってください。');
  await page.getByLabel(/^募集締切日/).fill(addDays(todayJapan(), 7));
  await page.getByLabel(/^活動の開始日/).fill(workDay);
  await page.getByLabel(/^活動の終了日/).fill(workDay);
  await page.getByLabel(/^勤務時間の目安/).fill('9:00〜10:00');
  await page.getByLabel('1日あたりの時間').selectOption('60');
  await page.getByLabel(/^場所/).fill('郡山駅観光案内所');
  await page.getByLabel('写真撮影', { exact: true }).check();
  await page.getByLabel('広域圏全体').check();
  await expectAccessible(page);
  await shot(page, 'help-new');
  await page.getByRole('button', { name: '募集を掲載する' }).click();
  await page.waitForURL(/\/help\/calls\/[0-9a-f-]{36}/);
  callPath = new URL(page.url()).pathname;

  const main = page.locator('main');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(main).toContainText('郡山市');
  await expect(main).toContainText('観光政策課');
  await expect(main).toContainText('募集中');
  await expect(main).toContainText('運営補助');
  await expect(main).toContainText('自分が担当する募集には応募できません');
  await shot(page, 'help-call-poster');

  // The list shows it with 募集 2.
  await page.goto('/help', { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText(title);
  await expectAccessible(page);
  await shot(page, 'help-list');
  await signOut(page);
});

async function apply(page: Page, who: Account) {
  await signIn(page, who);
  await page.goto('/help', { waitUntil: 'networkidle' });
  await page.getByRole('link', { name: title }).click();
  await page.waitForURL(new RegExp(callPath));
  await expect(page.locator('main')).toContainText('応募すると20%ルールの申請が所属長に届きます');
  const day = page.locator('main').getByRole('checkbox').first();
  await day.check();
  await page.getByLabel('応募メッセージ').fill('観光案内の経験があります。');
  await page.getByRole('button', { name: '応募する（20%ルールを申請）' }).click();
  await expect(page.locator('main')).toContainText('所属長の承認待ち');
  await expect(page.getByRole('link', { name: /20%ルールの申請/ }).first()).toBeVisible();
}

async function approveAsManager(page: Page, manager: Account) {
  await signIn(page, manager);
  await page.goto('/time/inbox', { waitUntil: 'networkidle' });
  const card = page.locator('article.item', { hasText: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('職場応援');
  await card.getByRole('button', { name: /^承認する/ }).click();
  await expect(page.locator('.notice.success')).toContainText('承認しました');
  await signOut(page);
}

test('staff.sukagawa and staff.tamura apply; their own managers approve the time', async ({ page }) => {
  await apply(page, SUKAGAWA);
  await expectAccessible(page);
  await shot(page, 'help-applied');
  // The 20% request names the call and leads back to it.
  await page.getByRole('link', { name: /20%ルールの申請/ }).first().click();
  await page.waitForURL(/\/time\/requests\/[0-9a-f-]{36}/);
  await expect(page.locator('main')).toContainText('職場応援');
  await page.locator('main').getByRole('link', { name: title }).click();
  await page.waitForURL(new RegExp(callPath));
  await signOut(page);
  await apply(page, TAMURA);
  await signOut(page);

  // Not counted yet: the poster sees two waiting for their managers, nobody to decide on.
  await signIn(page, STAFF);
  await page.goto(`${callPath}/manage`, { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('応募者の所属長の承認待ちです');
  await expect(page.getByRole('button', { name: '採用する' })).toHaveCount(0);
  await signOut(page);

  await approveAsManager(page, demo('manager.sukagawa'));
  await approveAsManager(page, demo('manager.tamura'));
});

test('the poster accepts both; a third applicant is told the call is full', async ({ page }) => {
  await signIn(page, STAFF);
  await page.goto(`${callPath}/manage`, { waitUntil: 'networkidle' });
  const main = page.locator('main');
  await expect(main).toContainText('応募中');
  await shot(page, 'help-manage-before');
  for (let i = 0; i < 2; i += 1) {
    await page.getByRole('button', { name: '採用する' }).first().click();
    await expect(main).toContainText('採用しました');
  }
  await expect(page.getByRole('button', { name: '採用する' })).toHaveCount(0);
  await expect(main).toContainText('採用');
  await expectAccessible(page);
  await shot(page, 'help-manage-accepted');
  await page.goto(callPath, { waitUntil: 'networkidle' });
  await expect(main).toContainText('2');
  await signOut(page);

  await signIn(page, MIHARU);
  await page.goto(callPath, { waitUntil: 'networkidle' });
  await expect(main).toContainText('募集人数に達したため、応募を締め切りました');
  await expect(page.getByRole('button', { name: '応募する（20%ルールを申請）' })).toHaveCount(0);
  await expectAccessible(page);
  await shot(page, 'help-call-full');

  // The accepted applicant sees 採用 on their own list.
  await signOut(page);
  await signIn(page, SUKAGAWA);
  await page.goto('/help/mine', { waitUntil: 'networkidle' });
  await expect(page.locator('main').locator('li, tr, article', { hasText: title }).first()).toContainText('採用');
  await shot(page, 'help-mine');
});

test('talent registry, a department page, the figures and the English page', async ({ page }) => {
  await signIn(page, MIHARU);
  await page.goto('/help/talent', { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('写真撮影');
  await expectAccessible(page);
  await shot(page, 'help-talent');

  await page.goto('/help/departments', { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('郡山市');
  await expectAccessible(page);
  await page.locator('main').getByRole('link', { name: '観光政策課' }).first().click();
  await page.waitForURL(/\/help\/departments\/[0-9a-f-]{36}/);
  await expect(page.locator('main')).toContainText('災害時');
  await expectAccessible(page);
  await shot(page, 'help-department');

  await page.goto('/help/figures', { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('依頼所属');
  await expect(page.getByRole('link', { name: /CSV/ })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'help-figures');

  // English, then back to Japanese (the choice is saved on the person).
  await page.goto('/help', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Workplace help');
  await expect(page.locator('main')).toContainText('People needed');
  await expectAccessible(page);
  await shot(page, 'help-list-en');
  await page.getByRole('button', { name: '日本語' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職場応援');

  // A phone: the call page in one column.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(callPath, { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('募集人数に達したため');
  await expectAccessible(page);
  await shot(page, 'help-call-phone');
});

test('an applicant withdraws (confirm step); the poster cancels the call with a reason; 所属長 edits the department page', async ({ page }) => {
  const second = `窓口の繁忙期応援 e2e ${stamp}`;
  // staff.koriyama posts a small call.
  await signIn(page, STAFF);
  await page.goto('/help/new', { waitUntil: 'networkidle' });
  await page.getByLabel(/^募集名/).fill(second);
  await page.getByLabel('業務カテゴリ').selectOption('busy_season');
  await page.getByLabel(/^募集人数/).fill('1');
  await page.getByLabel(/^募集概要/).fill('窓口の受付補助をお願いします。');
  await page.getByLabel(/^募集締切日/).fill(addDays(todayJapan(), 7));
  await page.getByLabel(/^活動の開始日/).fill(workDay);
  await page.getByLabel(/^活動の終了日/).fill(workDay);
  await page.getByLabel('1日あたりの時間').selectOption('60');
  await page.getByRole('button', { name: '募集を掲載する' }).click();
  await page.waitForURL(/\/help\/calls\/[0-9a-f-]{36}/);
  const path = new URL(page.url()).pathname;
  await signOut(page);

  // staff2.koriyama applies, then thinks better of it: the confirm step, then 取り下げ.
  await signIn(page, demo('staff2.koriyama'));
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.locator('main').getByRole('checkbox').first().check();
  await page.getByRole('button', { name: '応募する（20%ルールを申請）' }).click();
  await expect(page.locator('main')).toContainText('所属長の承認待ち');
  await page.getByRole('button', { name: '応募を取り下げる' }).click();
  await expect(page.getByRole('heading', { name: '応募を取り下げますか？' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'help-withdraw-confirm');
  await page.getByRole('button', { name: '取り下げる', exact: true }).click();
  await expect(page.locator('main')).toContainText('応募を取り下げました。');
  await signOut(page);

  // The poster cancels the call: a reason is asked for, then 中止.
  await signIn(page, STAFF);
  await page.goto(`${path}/manage`, { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '募集を中止する' }).click();
  await expect(page.getByRole('heading', { name: '募集を中止しますか？' })).toBeVisible();
  await page.getByLabel('中止の理由').fill('業務の見直しで応援が不要になったため');
  await shot(page, 'help-cancel-confirm');
  await page.getByRole('button', { name: '中止する', exact: true }).click();
  // The cancellation has been answered before we leave (leaving at once could abort the POST).
  await expect(page.locator('main')).toContainText('募集を中止しました。');
  await page.goto(path, { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText('中止');
  await expect(page.locator('main')).toContainText('業務の見直しで応援が不要になったため');
  await signOut(page);

  // manager.koriyama (観光政策課長) edits the department's page; the region reads it.
  const line = `観光案内所の運営と誘客を担当しています（e2e ${stamp}）。`;
  await signIn(page, demo('manager.koriyama'));
  await page.goto('/help/departments', { waitUntil: 'networkidle' });
  await page.locator('main').getByRole('link', { name: '観光政策課' }).first().click();
  await page.waitForURL(/\/help\/departments\/[0-9a-f-]{36}/);
  const deptPath = new URL(page.url()).pathname;
  await page.getByRole('textbox', { name: /^仕事の紹介/ }).fill(line);
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.locator('main')).toContainText('ページを保存しました。');
  await expectAccessible(page);
  await shot(page, 'help-department-edit');
  await signOut(page);
  await signIn(page, MIHARU);
  await page.goto(deptPath, { waitUntil: 'networkidle' });
  await expect(page.locator('main')).toContainText(line);
  await expect(page.getByRole('heading', { name: 'ページを編集する' })).toHaveCount(0);
});
