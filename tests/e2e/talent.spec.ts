import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible, ownName, shot, signedInPage, type Account } from './support';

// 人材 (the talent registry), 人材宛依頼 and the own photo / introduction in the browser:
//  1. staff.miharu registers as talent (写真撮影 and a free tag of this run, a 通知を受ける tick, an
//     introduction, availability), is found by skill, opts out (with the confirm step) and is no longer
//     found — not even on their person page — then registers again (the skills come back).
//  2. staff.koriyama finds them by the free tag, opens their person page and sends a 人材宛依頼; it is
//     under 送信; the talent sees it under 受信, accepts with a day (their 20% request, 所属長の承認待ち);
//     manager.miharu approves it in /time/inbox; the requester sees 成立.
//  3. staff.sukagawa uploads a small PNG and a self-introduction on /profile; both show on their
//     department's page (the image really loads through /people/<id>/photo); then the photo is removed.
// Every run uses its own stamp (free tag, titles, texts) and compares before and after, so runs
// against the same database do not disturb each other.

const demo = (local: string): Account => ({ email: `${local}@demo.yui.example`, password: 'yui-demo' });
const KORIYAMA = demo('staff.koriyama');
const MIHARU = demo('staff.miharu');
const MIHARU_MANAGER = demo('manager.miharu');
const SUKAGAWA = demo('staff.sukagawa');

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const todayJapan = () => iso(Date.now() + 9 * 3_600_000);
const addDays = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * DAY);
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
function weekdayFrom(d: string): string {
  let day = d;
  while (isWeekend(day)) day = addDays(day, 1);
  return day;
}

/** A 48×48 PNG (an orange circle on teal), 183 bytes. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAAfklEQVR42u3YwQ2AMAxDUU/CmREZosMyAgsUUUoTOehLHuCdIjvajmYVAQIECFBl0Nn2brJBd44lMsVp5kyKo8yxlKB5ZVKOZtxUELRKM2hSpmbEBOgLKELzaAIECBAgLnVxkF39oDEWLfmOM8hxKJpOacdnA/8hQIAA/Rp0ASt5nj5XLpdSAAAAAElFTkSuQmCC';

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
/** The free tag of this run: found by nobody else, so "before" is always nobody. */
const tag = `e2e撮影${stamp}`;
const talentIntro = `観光ポスターの写真撮影が得意です（e2e ${stamp}）`;
const availability = `平日の午後、月2回程度（${stamp}）`;
const requestTitle = `観光パンフレットの写真撮影 e2e ${stamp}`;
const workStart = weekdayFrom(addDays(todayJapan(), 15));
const workEnd = weekdayFrom(addDays(workStart, 1));
const selfIntro = `須賀川市で観光の窓口を担当しています。週末は写真を撮っています（e2e ${stamp}）`;

let miharuName = '';
let miharuPage = '';
let requestPath = '';

/** 人材を探す by one skill (the スキル filter); the cards found. */
async function searchBySkill(page: Page, skill: string) {
  await page.goto('/help/talent', { waitUntil: 'networkidle' });
  await page.locator('#f-skill').fill(skill);
  await page.getByRole('button', { name: 'この条件で探す' }).click();
  await page.waitForURL((u) => u.searchParams.get('skill') === skill);
  await page.waitForLoadState('networkidle');
  return page.locator('main article.talent');
}

/** The talent form is interactive (the skills field became tags) only once the page is hydrated. */
async function openOwnEntry(page: Page) {
  await page.goto('/help/talent/me', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('自分の人材登録');
  await expect(page.getByText('スキルを入力してEnterで追加するか')).toBeVisible();
}

test('staff.miharu registers as talent, is found by skill, opts out and is no longer found', async ({ browser }) => {
  const page = await signedInPage(browser, MIHARU);
  miharuName = await ownName(page);

  // Before: who has 写真撮影 (staff.miharu may already be among them from an earlier run or the seed).
  const photoCardsBefore = await searchBySkill(page, '写真撮影');
  const photoBefore = await photoCardsBefore.count();
  const miharuHadPhoto = (await photoCardsBefore.filter({ hasText: miharuName }).count()) > 0;
  // Nobody has this run's tag yet.
  await searchBySkill(page, tag);
  await expect(page.locator('main')).toContainText('条件に合う人材が見つかりませんでした');

  await openOwnEntry(page);
  const main = page.locator('main');
  // Free tags of earlier runs go; 写真撮影 and this run's tag come.
  const oldTags = page.getByRole('button', { name: /^「e2e.*」を外す$/ });
  while ((await oldTags.count()) > 0) await oldTags.first().click();
  const chosen = page.getByRole('list', { name: '登録するスキル' });
  if ((await page.getByRole('button', { name: '「写真撮影」を外す' }).count()) === 0) {
    await page.getByRole('button', { name: '「写真撮影」を追加' }).click();
  }
  await page.locator('#f-skills').fill(tag);
  await page.locator('#f-skills').press('Enter');
  await expect(chosen).toContainText('写真撮影');
  await expect(chosen).toContainText(tag);
  // The notify boxes follow the chips at once.
  await page.getByLabel('「写真撮影」の募集を通知する').check();
  await expect(page.getByLabel(`「${tag}」の募集を通知する`)).not.toBeChecked();
  await page.getByLabel(/^人材としての紹介/).fill(talentIntro);
  await page.getByLabel(/^活動できる時間帯/).fill(availability);
  await expectAccessible(page);
  await shot(page, 'talent-me-form');
  await page.getByRole('button', { name: /^(登録する|保存する)$/ }).click();
  await page.waitForURL(/\/help\/talent\/me\?done=saved/);
  await expect(main).toContainText('人材登録を保存しました。');
  await expect(main).toContainText('登録中');
  await expect(page.getByLabel('「写真撮影」の募集を通知する')).toBeChecked();
  await expect(page.locator('#f-intro')).toHaveValue(talentIntro);
  await shot(page, 'talent-me-saved');

  // Found by this run's tag, and by 写真撮影 (one more than before unless they had it already).
  let cards = await searchBySkill(page, tag);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(miharuName);
  await expect(cards.first()).toContainText(talentIntro);
  await expect(cards.first()).toContainText(availability);
  await expectAccessible(page);
  await shot(page, 'talent-search-found');
  cards = await searchBySkill(page, '写真撮影');
  await expect(cards.filter({ hasText: miharuName })).toHaveCount(1);
  await expect(cards).toHaveCount(miharuHadPhoto ? photoBefore : photoBefore + 1);
  // Also through the chip of 「スキルから探す」 (the same address).
  await page.goto('/help/talent', { waitUntil: 'networkidle' });
  await page.getByRole('region', { name: 'スキルから探す' }).getByRole('link', { name: /^写真撮影/ }).click();
  await page.waitForURL(/skill=/);
  await expect(page.locator('main article.talent').filter({ hasText: miharuName })).toHaveCount(1);

  // Opting out asks first, then hides them at once.
  await openOwnEntry(page);
  await page.getByRole('button', { name: '登録をやめる' }).click();
  const confirm = page.getByRole('group', { name: '人材登録をやめますか？' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toBeFocused();
  await expectAccessible(page);
  await shot(page, 'talent-optout-confirm');
  await confirm.getByRole('button', { name: '登録をやめる' }).click();
  await page.waitForURL(/done=optedOut/);
  await expect(main).toContainText('人材登録をやめました。');
  await expect(main).toContainText('停止中');
  await expectAccessible(page);
  await shot(page, 'talent-optedout');

  await searchBySkill(page, tag);
  await expect(page.locator('main article.talent')).toHaveCount(0);
  await expect(page.locator('main')).toContainText('条件に合う人材が見つかりませんでした');
  cards = await searchBySkill(page, '写真撮影');
  await expect(cards.filter({ hasText: miharuName })).toHaveCount(0);
  await expect(cards).toHaveCount(miharuHadPhoto ? photoBefore - 1 : photoBefore);

  // Others do not find them either, and cannot ask them.
  const other = await signedInPage(browser, KORIYAMA);
  await searchBySkill(other, tag);
  await expect(other.locator('main article.talent')).toHaveCount(0);
  await other.goto('/help/talent?q=' + encodeURIComponent(stamp), { waitUntil: 'networkidle' });
  await expect(other.locator('main article.talent')).toHaveCount(0);
  await other.context().close();

  // Registering again brings the entry back with the skills kept.
  await openOwnEntry(page);
  await expect(page.getByRole('list', { name: '登録するスキル' })).toContainText(tag);
  await page.getByRole('button', { name: '登録する', exact: true }).click();
  await page.waitForURL(/done=saved/);
  await expect(main).toContainText('登録中');
  cards = await searchBySkill(page, tag);
  await expect(cards).toHaveCount(1);
  // The keyword search (name, skills, introduction) finds the entry by this run's stamp as well.
  await page.goto(`/help/talent?q=${encodeURIComponent(stamp)}`, { waitUntil: 'networkidle' });
  await expect(page.locator('main article.talent')).toHaveCount(1);
  await expect(page.locator('main article.talent').first()).toContainText(miharuName);
  await page.context().close();
});

test('staff.koriyama asks the talent of 三春町 directly; they accept, their manager approves: 成立', async ({ browser }) => {
  const page = await signedInPage(browser, KORIYAMA);
  const main = page.locator('main');
  const cards = await searchBySkill(page, tag);
  await expect(cards).toHaveCount(1);
  await cards.first().getByRole('link').first().click();
  await page.waitForURL(/\/help\/people\/[0-9a-f-]{36}$/);
  miharuPage = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toContainText(miharuName);
  await expect(main).toContainText('三春町');
  await expect(main).toContainText(tag);
  await expect(main).toContainText(talentIntro);
  const form = page.locator('section#request');
  await expect(form.getByRole('heading', { level: 2 })).toHaveText(`${miharuName}さんに依頼する`);

  // Nothing filled in: the errors name their fields, nothing is sent.
  await form.getByRole('button', { name: '依頼を送る' }).click();
  await expect(form).toContainText('依頼名を入力してください');
  await expect(page.getByLabel(/^依頼名/)).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel(/^依頼名/).fill(requestTitle);
  await page.getByLabel(/^依頼内容/).fill('秋の観光パンフレットに載せる、三春の滝桜周辺の写真を撮っていただけませんか。');
  await page.getByLabel('業務カテゴリ').selectOption('planning');
  await page.getByLabel(/^活動の開始日/).fill(workStart);
  await page.getByLabel(/^活動の終了日/).fill(workEnd);
  await page.getByLabel(/^1日あたりの時間/).selectOption('60');
  await page.getByLabel(/^勤務時間の目安/).fill('13時〜14時');
  await page.getByLabel(/^場所/).fill('三春町 滝桜');
  await expectAccessible(page);
  await shot(page, 'talent-person-request');
  await form.getByRole('button', { name: '依頼を送る' }).click();
  await page.waitForURL(/\/help\/requests\/[0-9a-f-]{36}\?done=sent/);
  requestPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toContainText(requestTitle);
  await expect(main).toContainText('依頼を送りました。');
  await expect(main.locator('.status')).toContainText('回答待ち');
  await expect(main).toContainText('企画参画');
  await expect(main).toContainText('1時間');
  await expect(page.getByRole('button', { name: '依頼を取り下げる' })).toBeVisible();
  await expect(page.getByRole('button', { name: '承諾して時間を申請する' })).toHaveCount(0);
  await expectAccessible(page);
  await shot(page, 'talent-request-sent');

  // Under 送信 (not 受信).
  await page.goto('/help/requests', { waitUntil: 'networkidle' });
  await expect(main.locator('tr', { hasText: requestTitle })).toHaveCount(0);
  await page.getByRole('navigation', { name: '受信と送信' }).getByRole('link', { name: '送信' }).click();
  await page.waitForURL(/box=sent/);
  const row = main.locator('tr', { hasText: requestTitle });
  await expect(row).toContainText(miharuName);
  await expect(row).toContainText('回答待ち');
  await expectAccessible(page);
  await shot(page, 'talent-requests-sent');

  // The talent: under 受信, opens it and accepts with the first day.
  const talent = await signedInPage(browser, MIHARU);
  const tmain = talent.locator('main');
  await talent.goto('/help/requests', { waitUntil: 'networkidle' });
  const inRow = tmain.locator('tr', { hasText: requestTitle });
  await expect(inRow).toContainText('回答待ち');
  await expectAccessible(talent);
  await shot(talent, 'talent-requests-received');
  await inRow.getByRole('link', { name: requestTitle }).click();
  await talent.waitForURL(new RegExp(requestPath));
  await expect(talent.getByRole('heading', { name: '依頼に回答する' })).toBeVisible();
  // Nothing ticked (two dates): told to choose, nothing filed.
  if (workEnd !== workStart) {
    await talent.getByRole('button', { name: '承諾して時間を申請する' }).click();
    await expect(tmain).toContainText('承諾するには日程を選んでください');
  }
  await talent.locator(`#days-${workStart}`).check();
  // Half an hour only: runs against the same database share staff.miharu's 20% budget.
  await talent.locator(`#days-${workStart}-min`).selectOption('30');
  await talent.getByLabel(/^依頼した人へのメモ/).fill('喜んでお手伝いします。');
  await expectAccessible(talent);
  await shot(talent, 'talent-request-answer');
  await talent.getByRole('button', { name: '承諾して時間を申請する' }).click();
  await talent.waitForURL(/done=accepted/);
  await expect(tmain).toContainText('承諾しました。');
  await expect(tmain.locator('.status')).toContainText('所属長の承認待ち');
  await expect(tmain).toContainText('20%ルールの申請');
  await expect(tmain.locator('dl')).toContainText('30分');
  await expect(talent.getByRole('button', { name: '承諾して時間を申請する' })).toHaveCount(0);
  await expectAccessible(talent);
  await shot(talent, 'talent-request-accepted');
  await talent.goto('/help/requests', { waitUntil: 'networkidle' });
  await expect(tmain.locator('tr', { hasText: requestTitle })).toContainText('所属長の承認待ち');
  await talent.context().close();

  // Their own manager approves the 20% request.
  const manager = await signedInPage(browser, MIHARU_MANAGER);
  await manager.goto('/time/inbox', { waitUntil: 'networkidle' });
  const card = manager.locator('article.item', { hasText: requestTitle });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: /^承認する/ }).click();
  await expect(manager.locator('.notice.success')).toContainText('承認しました');
  await manager.context().close();

  // The requester sees 成立.
  await page.goto('/help/requests?box=sent', { waitUntil: 'networkidle' });
  await expect(main.locator('tr', { hasText: requestTitle })).toContainText('成立');
  await page.goto(requestPath, { waitUntil: 'networkidle' });
  await expect(main.locator('.status')).toContainText('成立');
  await expect(main).toContainText('喜んでお手伝いします。');
  await expectAccessible(page);
  await shot(page, 'talent-request-agreed');

  // A phone: the list of sent requests as cards, and the person page.
  const phone = await signedInPage(browser, KORIYAMA, { width: 390, height: 844 });
  await phone.goto('/help/requests?box=sent', { waitUntil: 'networkidle' });
  await expect(phone.locator('main tr', { hasText: requestTitle })).toContainText('成立');
  await expectAccessible(phone);
  await shot(phone, 'talent-requests-phone');
  await phone.goto(miharuPage, { waitUntil: 'networkidle' });
  await expectAccessible(phone);
  await shot(phone, 'talent-person-phone');
  await phone.context().close();
  await page.context().close();
});

test('staff.sukagawa sets a photo and introduction on /profile; their department page shows them', async ({ browser }) => {
  const page = await signedInPage(browser, SUKAGAWA);
  const main = page.locator('main');
  const name = await ownName(page);
  const deptPath = (await main.locator('dl > div').filter({ has: page.locator('dt', { hasText: /^所属$/ }) }).locator('dd').innerText()).trim();
  const deptName = deptPath.split(/\s*>\s*/).pop()!;
  const introBefore = await page.locator('#introduction').inputValue();

  // A photo: a PNG made here.
  await expect(page.getByText('写真を選ぶ').or(page.getByText('写真を変える'))).toBeVisible();
  await page.locator('#photo').setInputFiles({ name: 'e2e.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') });
  await page.getByRole('button', { name: 'アップロード' }).click();
  await page.waitForURL(/saved=photo$/);
  await expect(main).toContainText('写真を変更しました。');
  const ownPhoto = page.getByRole('region', { name: '写真' }).locator('img.avatar');
  await expect(ownPhoto).toHaveAttribute('src', /^\/people\/[0-9a-f-]{36}\/photo(\?v=\w+)?$/);
  await expect.poll(() => ownPhoto.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
  const src = (await ownPhoto.getAttribute('src'))!;
  const response = await page.request.get(src);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/png');

  // A self-introduction.
  await page.locator('#introduction').fill(selfIntro);
  await page.getByRole('button', { name: '自己紹介を保存する' }).click();
  await page.waitForURL(/saved=introduction$/);
  await expect(main).toContainText('自己紹介を保存しました。');
  await expect(page.locator('#introduction')).toHaveValue(selfIntro);
  await expectAccessible(page);
  await shot(page, 'talent-profile-photo');

  // Their department's page (各課広報), found in their own town's list.
  await page.goto('/help/departments', { waitUntil: 'networkidle' });
  const ownTown = page.getByLabel('市町村').locator('option', { hasText: '（自分の市町村）' });
  await page.getByLabel('市町村').selectOption((await ownTown.getAttribute('value'))!);
  await page.getByRole('button', { name: '表示する' }).click();
  await page.waitForURL(/town=/);
  await expect(page.locator('main section.card')).toHaveCount(1);
  await expectAccessible(page);
  await shot(page, 'talent-departments');
  await main.getByRole('link', { name: deptName, exact: true }).first().click();
  await page.waitForURL(/\/help\/departments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(deptName);
  const staffCard = main.locator('article.staff', { hasText: name });
  await expect(staffCard).toContainText(selfIntro);
  const photo = staffCard.locator('img.avatar');
  await expect(photo).toHaveAttribute('src', src);
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
  await expectAccessible(page);
  await shot(page, 'talent-department-photo');
  const departmentPage = page.url();

  // The person page shows the introduction and the photo too.
  await staffCard.getByRole('link', { name }).click();
  await page.waitForURL(/\/help\/people\//);
  await expect(main).toContainText(selfIntro);
  await expect(main.locator('img.avatar').first()).toHaveAttribute('src', src);

  // Removing the photo: the letter comes back, on the profile and on the department page.
  await page.goto('/profile', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '写真を削除する' }).click();
  await page.waitForURL(/saved=photoRemoved$/);
  await expect(main).toContainText('写真を削除しました。');
  await expect(page.getByRole('region', { name: '写真' }).locator('img.avatar')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '写真を削除する' })).toHaveCount(0);
  await shot(page, 'talent-profile-removed');
  await page.goto(departmentPage, { waitUntil: 'networkidle' });
  await expect(main.locator('article.staff', { hasText: name }).locator('img.avatar')).toHaveCount(0);
  expect((await page.request.get(src)).status()).toBe(404);

  // The introduction goes back to what it was.
  await page.goto('/profile', { waitUntil: 'networkidle' });
  await page.locator('#introduction').fill(introBefore);
  await page.getByRole('button', { name: '自己紹介を保存する' }).click();
  await page.waitForURL(/saved=introduction$/);
  await page.context().close();
});
