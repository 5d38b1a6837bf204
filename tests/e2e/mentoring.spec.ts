import { expect, test, type Page } from '@playwright/test';
import { ADMIN, STAFF, expectAccessible, shot, signIn, type Account } from './support';

// 職員サポート制度 in the browser: admin.koriyama creates a 新採用職員サポート programme for this 年度
// (an empty form first names its errors) and enrols the eligible new hires; staff.koriyama and
// staff2.koriyama volunteer as mentors (2 mentees each, years of service counted by the API);
// admin.koriyama reads the suggestions with their reasons, asks for the optimal assignment and
// confirms it; the health board lists the new pairs; then staff.koriyama opens one of his new pairs
// and logs a session held today. Each run makes its own programme (a stamp in its title), so the
// demo's programmes and earlier runs do not matter.

const demo = (local: string): Account => ({ email: `${local}@demo.yui.example`, password: 'yui-demo' });
const STAFF2 = demo('staff2.koriyama');

const todayJapan = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const fiscalYear = (d: string) => (Number(d.slice(5, 7)) >= 4 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);

const stamp = Date.now();
const title = `新採用職員サポート e2e ${stamp}`;
let programmePath = '';
/** How many pairs the confirmed proposal made (checked on the health board). */
let pairsMade = 0;

test.describe.configure({ mode: 'serial' });

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'サインアウト' }).first().click();
  await page.waitForURL(/\/login/);
}

/** A run that failed half-way may have left someone's language on English (it is saved on the person). */
async function signInJa(page: Page, who: Account) {
  await signIn(page, who);
  if ((await page.locator('html').getAttribute('lang')) !== 'ja') {
    await page.getByRole('button', { name: '日本語' }).first().click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  }
}

const programmeNav = (page: Page) => page.getByRole('navigation', { name: '制度のメニュー' });
const main = (page: Page) => page.locator('main');

test('admin.koriyama creates a new-hire programme and enrols the eligible new hires', async ({ page }) => {
  await signInJa(page, ADMIN);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '職員サポート', exact: true }).click();
  await expect(page).toHaveURL(/\/mentoring$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員サポート');
  await expect(page.getByRole('heading', { name: '運営している制度' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'mentoring-hub-admin');

  await page.getByRole('link', { name: '制度をつくる' }).click();
  await expect(page).toHaveURL(/\/mentoring\/programmes\/new$/);
  // A 自治体管理者 makes programmes of their own town only: the scope is said, not chosen.
  await expect(main(page)).toContainText('自分の市町村（郡山市）');
  await expect(page.getByLabel('種類')).toHaveValue('new_hire');
  await expect(page.getByLabel('年度', { exact: true })).toHaveValue(String(fiscalYear(todayJapan())));

  // Nothing filled in: the errors name their fields, and nothing is created.
  await page.getByRole('button', { name: '制度をつくる' }).click();
  await expect(page.locator('#error-summary')).toContainText('制度名: 入力してください');
  await expect(page.getByLabel(/^制度名/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/mentoring\/programmes\/new$/);
  // A wrong number is named too, by its field.
  await page.getByLabel('声かけまでの週数').fill('四');
  await page.getByRole('button', { name: '制度をつくる' }).click();
  await expect(page.locator('#error-summary')).toContainText('声かけまでの週数');
  await expect(page.getByLabel('声かけまでの週数')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel(/^制度名/).fill(title);
  // The kind suggests who the mentees are (and back).
  await page.getByLabel('種類').selectOption('new_chief');
  await expect(page.getByLabel('サポートを受ける職員')).toHaveValue('chief_in_year');
  await expect(page.getByLabel('別の部署の職員を優先', { exact: false })).toBeChecked();
  await page.getByLabel('種類').selectOption('new_hire');
  await expect(page.getByLabel('サポートを受ける職員')).toHaveValue('hired_in_year');
  await page.getByLabel(/^目標/).fill('新しく採用された職員が職場に早くなじみ、悩みを1人で抱えないように、身近な先輩が支えます。');
  await page.getByLabel('サポートを受ける職員').selectOption('hired_in_year');
  await page.getByLabel('サポート職員の勤続年数（以上）').fill('3');
  await page.getByLabel('同じ部・課の身近な職員を優先', { exact: false }).check();
  await page.getByLabel('声かけまでの週数').fill('4');
  await page.getByLabel('担当者への連絡までの週数').fill('8');
  await page.getByLabel('1回あたりの時間').selectOption('60');
  await expectAccessible(page);
  await shot(page, 'mentoring-programme-new');
  await page.getByRole('button', { name: '制度をつくる' }).click();
  await page.waitForURL(/\/mentoring\/programmes\/[0-9a-f-]{36}\?done=created/);
  programmePath = new URL(page.url()).pathname;

  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(main(page)).toContainText('制度をつくりました');
  await expect(main(page)).toContainText(/令和\d+年度に採用された職員/);
  await expect(main(page)).toContainText('勤続3年以上の職員');
  await expect(main(page)).toContainText('郡山市の職員');

  // 参加者: the eligible new hires, enrolled all at once.
  await programmeNav(page).getByRole('link', { name: '参加者' }).click();
  await expect(page).toHaveURL(new RegExp(`${programmePath}/participants$`));
  await expect(page.getByRole('heading', { name: 'まだ登録していない対象者' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'サポートを受ける職員（0人）' })).toBeVisible();
  await page.getByRole('button', { name: '対象者を一括登録' }).click();
  await expect(main(page)).toContainText(/\d+人を登録しました/);
  const enrolled = Number(/(\d+)人を登録しました/.exec((await main(page).textContent()) ?? '')?.[1]);
  expect(enrolled).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole('heading', { name: `サポートを受ける職員（${enrolled}人）` })).toBeVisible();
  await expect(page.getByRole('button', { name: '対象者を一括登録' })).toHaveCount(0);
  await expect(main(page)).toContainText('条件に当てはまる職員は、すべて登録済みです。');
  await expectAccessible(page);
  await shot(page, 'mentoring-participants');
  await signOut(page);
});

for (const who of [STAFF, STAFF2]) {
  test(`${who.email.split('@')[0]} volunteers as a mentor for 2 new hires`, async ({ page }) => {
    await signInJa(page, who);
    await page.goto('/mentoring');
    // The programme is among those one may join.
    const joinable = page.getByRole('region', { name: '参加できる制度' });
    await joinable.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`${programmePath}$`));
    // Staff see the overview, not the organisers' tabs.
    await expect(programmeNav(page)).toHaveCount(0);

    const form = page.getByRole('region', { name: 'サポート職員として参加する' });
    await form.getByLabel('受け持てる人数').selectOption('2');
    // Years of service are left to the API (counted from the hire date).
    await expect(form.getByLabel(/^勤続年数/)).toHaveValue('');
    const skills = form.getByLabel(/^教えられること・得意なこと/);
    await skills.fill('仕事の進め方');
    await skills.press('Enter');
    await form.getByRole('button', { name: '「文章作成」を追加' }).click();
    await form.getByLabel('同じ市町村の相手').check();
    if (who === STAFF) await expectAccessible(page);
    if (who === STAFF) await shot(page, 'mentoring-join');
    await form.getByRole('button', { name: 'サポート職員として参加する' }).click();

    await expect(main(page)).toContainText('参加を受け付けました');
    const mine = page.getByRole('region', { name: 'あなたの参加' });
    await expect(mine).toContainText('サポート職員として参加しています');
    // What I gave, as the API keeps it: the skills and wish, and the capacity chosen.
    await expect(mine).toContainText('仕事の進め方・文章作成');
    await expect(mine).toContainText('同じ市町村の相手');
    await expect(mine.getByLabel('受け持てる人数を変える')).toHaveValue('2');
    await expect(page.getByRole('region', { name: 'サポート職員として参加する' })).toHaveCount(0);
    await signOut(page);
  });
}

test('admin.koriyama reads the suggestions, runs the optimal assignment and confirms it', async ({ page }) => {
  await signInJa(page, ADMIN);
  await page.goto(`${programmePath}/participants`);
  const mentors = page.locator('section[aria-labelledby="mentors-title"]');
  await expect(page.getByRole('heading', { name: 'サポート職員（2人）' })).toBeVisible();
  // Years of service were filled in by the API from the hire dates (staff.koriyama: hired 2012).
  const years = fiscalYear(todayJapan()) - 2012;
  await expect(mentors.getByRole('row').filter({ hasText: '0/2人' }).first()).toBeVisible();
  await expect(mentors).toContainText(new RegExp(`${years}年|${years - 1}年|${years + 1}年`));

  await programmeNav(page).getByRole('link', { name: 'マッチング' }).click();
  await expect(page).toHaveURL(new RegExp(`${programmePath}/matching$`));
  await expect(main(page)).toContainText('受け入れ枠の残っているサポート職員 2人');
  // Each mentee's suggestions with the score and its reasons in words.
  const firstMentee = page.locator('li.mentee').first();
  await expect(firstMentee.getByRole('button', { name: /^この組み合わせで決定/ }).first()).toBeVisible();
  await expect(firstMentee).toContainText(/経験年数の差 \d+年（\+\d+）/);
  await expect(firstMentee).toContainText(/受け入れ枠 残り\d（\+\d+）/);
  await expect(firstMentee).toContainText(/同じ課（別の係）|同じ部|別の部/);
  await expect(firstMentee).toContainText(/相性 \d+点/);

  // The optimal assignment for everyone: a proposal first (nothing written yet).
  await page.getByRole('button', { name: '全員の最適な組み合わせを提案' }).click();
  await page.waitForURL(/proposal=1/);
  const proposal = page.getByRole('table', { name: '提案された組み合わせ' });
  await expect(proposal).toBeVisible();
  await expect(main(page)).toContainText(/先着順（点数の高い組から順に決めた場合）: \d+組・合計\d+点/);
  await expect(main(page)).toContainText(/提案: \d+組・合計 \d+点/);
  pairsMade = await proposal.locator('tbody tr').count();
  expect(pairsMade).toBeGreaterThanOrEqual(2);
  expect(pairsMade).toBeLessThanOrEqual(4);
  await expectAccessible(page);
  await shot(page, 'mentoring-matching');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'mentoring-matching-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('button', { name: 'この提案で決定' }).click();
  await expect(main(page)).toContainText(`${pairsMade}組のペアを決めました`);

  // 状況: the new pairs, each just started.
  await programmeNav(page).getByRole('link', { name: '状況' }).click();
  await expect(page).toHaveURL(new RegExp(`${programmePath}/health$`));
  const board = page.getByRole('table', { name: 'ペアの状況' });
  await expect(board.locator('tbody tr')).toHaveCount(pairsMade);
  await expect(board).toContainText('開始したばかり');
  await expectAccessible(page);
  await shot(page, 'mentoring-health');

  // 集計: this 年度's figures, with the CSV.
  await programmeNav(page).getByRole('link', { name: '集計' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /集計/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'CSVをダウンロード' })).toHaveAttribute('href', /report\.csv\?fy=\d{4}/);
  await expect(page.getByRole('table', { name: /のペア$/ }).locator('tbody tr')).toHaveCount(pairsMade);
  await expectAccessible(page);
  await shot(page, 'mentoring-report');
  const csv = await page.request.get(`${programmePath}/report/report.csv?fy=${fiscalYear(todayJapan())}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');

  // 編集: the goals changed; kind, 年度 and scope stay as they were.
  await programmeNav(page).getByRole('link', { name: '編集' }).click();
  await expect(page.getByLabel(/^制度名/)).toHaveValue(title);
  await expect(main(page)).toContainText('種類・年度・対象の範囲は変更できません。');
  await page.getByLabel(/^目標/).fill('職場に早くなじみ、悩みを1人で抱えないように。月に1回は面談しましょう。');
  await page.getByRole('button', { name: '変更を保存する' }).click();
  await expect(main(page)).toContainText('変更を保存しました。');
  await expect(main(page)).toContainText('月に1回は面談しましょう。');

  // English, then back to Japanese (the choice is saved on the person).
  await programmeNav(page).getByRole('link', { name: '状況' }).click();
  await expect(page).toHaveURL(new RegExp(`${programmePath}/health$`));
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const navEn = page.getByRole('navigation', { name: 'Programme menu' });
  await expect(navEn.getByRole('link', { name: 'Matching' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'How the pairs are doing' })).toContainText('Just started');
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Mentoring', exact: true })).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'mentoring-health-en');
  await page.getByRole('button', { name: '日本語' }).first().click();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await signOut(page);
});

test('staff.koriyama opens one of his new pairs and logs a session held today', async ({ page }) => {
  await signInJa(page, STAFF);
  await page.goto('/mentoring');
  const pairs = page.getByRole('region', { name: '自分のペア' });
  const card = pairs.locator('article').filter({ hasText: title }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText('開始したばかり');
  await expect(card).toContainText('次の面談は未定');
  await expectAccessible(page);
  await shot(page, 'mentoring-hub-mentor');
  await card.getByRole('link').first().click();
  await page.waitForURL(/\/mentoring\/pairs\/[0-9a-f-]{36}/);

  const topic = `配属先の業務の進め方と、窓口対応で困ったこと ${stamp}`;
  const log = page.getByRole('region', { name: '面談を記録' });
  await log.getByLabel(/^実施日/).fill(todayJapan());
  await log.getByLabel(/^時間（分）/).fill('45');
  await log.getByLabel(/^話したこと/).fill(topic);
  await log.getByRole('button', { name: '記録する' }).click();
  await expect(main(page)).toContainText('面談を記録しました');
  await expect(main(page)).toContainText(topic);
  await expect(main(page)).toContainText('45分');
  await expectAccessible(page);
  await shot(page, 'mentoring-pair-logged');
});
