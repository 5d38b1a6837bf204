import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible, here, shot, signedInPage, type Account } from './support';

// 地域の魅力 from a town's draft to the region's public page (issue 7):
//  1. staff.miharu writes a draft (an empty form first: the fields are named), uploads a photo that
//     carries GPS, waits for the worker's versions, answers the rights check and submits it;
//  2. manager.miharu (審査担当 of 三春町) finds it under 審査待ち and approves it;
//  3. the coordinator (of 郡山市) adds a social-media relay (a real HTTP receiver this test runs), finds
//     the post in the region's 共有プール, writes its text for X (counted against 280, previewed) and
//     presses 「今すぐ公開」; the relay is paused again at the end;
//  4. the worker publishes it: the post page shows 公開中, the relay receives it once, signed with its
//     secret; the public page /visit/koriyama lists it
//     (no sign-in), its page carries the share card, the photo served has no EXIF (no location),
//     and the RSS feed holds it. English and a phone on the public page.
// Each run writes its own stamp into the title and looks for that post only.

const demo = (local: string): Account => ({ email: `${local}@demo.yui.example`, password: 'yui-demo' });
const AUTHOR = demo('staff.miharu');
const REVIEWER = demo('manager.miharu');
const COORDINATOR: Account = { email: 'coordinator@demo.yui.example', password: 'yui-demo' };
const PHOTO = join(here, '..', 'fixtures', 'sakura-gps.jpg');

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const title = `三春の枝垂れ桜めぐり ${stamp}`;
let postPath = '';
let publicPath = '';

/** JPEG segments before the image data: is there an APP1 "Exif" segment (where GPS lives)? */
function hasExif(jpeg: Buffer): boolean {
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1]!;
    if (marker === 0xda) return false; // start of scan: no more metadata segments
    const length = jpeg.readUInt16BE(i + 2);
    if (marker === 0xe1 && jpeg.subarray(i + 4, i + 10).toString('latin1') === 'Exif\u0000\u0000') return true;
    i += 2 + length;
  }
  return false;
}

async function reloadUntil(page: Page, ready: () => Promise<boolean>, tries = 30) {
  for (let n = 0; n < tries; n++) {
    if (await ready()) return;
    await page.waitForTimeout(1000);
    await page.reload({ waitUntil: 'networkidle' });
  }
  throw new Error('the page never showed what was awaited');
}

test('staff.miharu drafts a post with a photo, answers the rights check and submits it', async ({ browser }) => {
  const page = await signedInPage(browser, AUTHOR);
  await page.goto('/attractions/new', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('魅力を投稿する');

  // An empty form: the title is named (the browser's own check is bypassed to see the server's).
  await page.locator('#f-title').evaluate((el) => el.removeAttribute('required'));
  await page.getByRole('button', { name: '下書きを保存して写真の追加へ' }).click();
  await expect(page.locator('#title-error')).toBeVisible();

  await page.getByLabel('観光スポット').check();
  await page.locator('#f-title').fill(title);
  await page.locator('#f-body').fill('三春町には滝桜のほかにも、樹齢数百年の紅枝垂桜が町のあちこちにあります。\n\n満開の時期には、滝桜の子孫といわれる木々をめぐる散策がおすすめです。');
  await page.locator('#f-placeName').fill('三春町の枝垂れ桜');
  await page.locator('#f-latitude').fill('37.44200, 140.49000');
  await page.getByRole('button', { name: '下書きを保存して写真の追加へ' }).click();
  await page.waitForURL(/\/attractions\/[0-9a-f-]{36}\/edit/);
  postPath = new URL(page.url()).pathname.replace(/\/edit$/, '');

  await page.locator('#f-file').setInputFiles(PHOTO);
  await page.getByRole('button', { name: '写真をアップロード' }).click();
  // The worker makes the versions (and strips the location); the page says so once ready.
  await reloadUntil(page, async () => (await page.getByText('準備済み').count()) > 0);
  await expect(page.getByText('撮影場所の情報（GPS）は公開用の写真から削除しました。')).toBeVisible();
  // Not yet answered: submitting is held back.
  await expect(page.getByRole('button', { name: '審査に出す' })).toBeDisabled();

  const photo = page.locator('article.photo').first();
  await photo.getByLabel('撮影者').fill('三春町 観光担当');
  await photo.getByLabel('人物は写っていない').check();
  await photo.getByLabel('この写真を公開ページとSNSで公開してよい').check();
  await photo.getByLabel('代替テキスト').fill('青空の下で満開の紅枝垂桜');
  await photo.getByRole('button', { name: '写真1の確認を保存' }).click();
  await expect(page.getByRole('button', { name: '審査に出す' })).toBeEnabled();
  await shot(page, 'attractions-1-draft');
  await expectAccessible(page);

  await page.getByRole('button', { name: '審査に出す' }).click();
  await page.waitForURL((u) => u.pathname === postPath);
  await expect(page.locator('main')).toContainText('審査中');
  await page.close();
});

test('manager.miharu finds it under 審査待ち and approves it', async ({ browser }) => {
  const page = await signedInPage(browser, REVIEWER);
  await page.goto('/attractions?view=review', { waitUntil: 'networkidle' });
  await page.getByRole('link', { name: title }).click();
  await page.waitForURL((u) => u.pathname === postPath);

  // Returning needs a comment: the field is named.
  await page.getByLabel('差し戻す').check();
  await page.getByRole('button', { name: '審査結果を送る' }).click();
  await expect(page.locator('#comment-error')).toBeVisible();

  await page.getByLabel('承認する').check();
  await page.getByRole('button', { name: '審査結果を送る' }).click();
  await expect(page.locator('main')).toContainText('承認済み');
  await shot(page, 'attractions-2-approved');
  await expectAccessible(page);
  await page.close();
});

/** A social-media relay as a real local HTTP receiver: what the worker sends it, as sent. */
async function startRelay() {
  const requests: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('the coordinator adds a relay, writes the X text for the post (counted, previewed) and publishes it now', async ({ browser }) => {
  test.setTimeout(120_000);
  const relay = await startRelay();
  const relayName = `e2e relay ${stamp}`;
  const page = await signedInPage(browser, COORDINATOR);
  try {
    // A relay of the region: its signing secret is shown once.
    await page.goto('/attractions/channels', { waitUntil: 'networkidle' });
    await page.locator('#f-name').fill(relayName);
    await page.locator('#f-kind').selectOption('x');
    await page.locator('#f-url').fill(`http://127.0.0.1:${relay.port}/hook`);
    await page.getByRole('button', { name: '追加する' }).click();
    const secret = await page.locator('#secret-value').inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    await page.goto('/attractions?view=pool', { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL((u) => u.pathname === postPath);
    await expect(page.getByRole('heading', { name: /公開の予約/ })).toBeVisible();
    await page.getByRole('checkbox', { name: new RegExp(relayName) }).check();
    // The composed text, counted as X counts (Japanese 2, a link 23) against 280, and its preview.
    const text = page.getByLabel(`${relayName}に送る文章`);
    await expect(text).toHaveValue(new RegExp(title));
    await text.fill(`${title}【三春町】\n\n滝桜の子孫をめぐる春の散策。#三春町 #桜`);
    await expect(page.locator('main')).toContainText('/ 280');
    await shot(page, 'attractions-3-schedule');
    await expectAccessible(page);

    await page.getByRole('button', { name: '今すぐ公開' }).click();
    // The outbox relay queues the publish job, the worker runs it: the post turns 公開中.
    await reloadUntil(page, async () => (await page.locator('main').getByText('公開中').count()) > 0);
    const publicLink = page.locator('a[href*="/visit/koriyama/"]').first();
    publicPath = new URL((await publicLink.getAttribute('href'))!, page.url()).pathname;
    expect(publicPath).toMatch(/^\/visit\/koriyama\/[0-9a-f-]{36}$/);

    // The relay got it once, signed with its secret (t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>).
    await expect.poll(() => relay.requests.length, { timeout: 30_000 }).toBe(1);
    const [got] = relay.requests;
    expect(got!.headers['x-yui-event']).toBe('attraction.publish');
    const sig = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got!.headers['x-yui-signature']));
    expect(sig).not.toBeNull();
    expect(createHmac('sha256', secret).update(`${sig![1]}.${got!.body}`).digest('hex')).toBe(sig![2]);
    const sent = JSON.parse(got!.body);
    expect(sent.post.title).toBe(title);
    expect(sent.post.text).toContain('滝桜の子孫をめぐる春の散策');
    expect(sent.post.url).toContain(publicPath);
    await reloadUntil(page, async () => (await page.locator('main').getByText('配信済み').count()) > 0);
    await shot(page, 'attractions-4-published');
  } finally {
    // Later publishes of the demo must not keep calling a receiver that is gone.
    await page.goto('/attractions/channels', { waitUntil: 'networkidle' });
    const card = page.locator('article, li, section').filter({ has: page.getByRole('heading', { name: relayName }) }).last();
    await card.getByRole('button', { name: /配信を止める/ }).click({ timeout: 10_000 });
    await expect(card.getByRole('button', { name: /配信を再開する/ })).toBeVisible();
    await relay.close();
    await page.close();
  }
});

async function publicPage(browser: Browser, viewport = { width: 1280, height: 900 }) {
  // A visitor: no sign-in, no cookies.
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  return context.newPage();
}

test('the post is on the public page, with its share card, a photo without location, and in the feed', async ({ browser }) => {
  const page = await publicPage(browser);
  await page.goto('/visit/koriyama', { waitUntil: 'networkidle' });
  // The region page is kept up to 30 s in the API (as the feeds are): a page seen just before the
  // publish may still be served for a moment.
  await reloadUntil(page, async () => (await page.getByRole('link', { name: title }).count()) > 0, 40);
  await shot(page, 'attractions-5-region');
  await expectAccessible(page);

  await page.getByRole('link', { name: title }).click();
  await page.waitForURL((u) => u.pathname === publicPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('main')).toContainText('撮影: 三春町 観光担当');
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', new RegExp(title));
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  const card = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(card).toMatch(/\/photos\/[0-9a-f-]{36}\/card/);
  await shot(page, 'attractions-6-post');
  await expectAccessible(page);

  // The photos served carry no EXIF at all (the original had GPS).
  const original = readFileSync(PHOTO);
  expect(hasExif(original), 'the fixture has EXIF').toBe(true);
  for (const src of [card!, ...(await page.locator('main img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).currentSrc)))]) {
    const res = await page.request.get(src);
    expect(res.status(), src).toBe(200);
    expect(hasExif(await res.body()), `${src} has no EXIF`).toBe(false);
  }

  const rss = await page.request.get('/visit/koriyama/feed.xml');
  expect(rss.status()).toBe(200);
  expect(rss.headers()['content-type']).toContain('application/rss+xml');
  const xml = await rss.text();
  expect(xml).toContain(`<title>${title}</title>`);
  expect(xml).toContain(publicPath);

  // English, and a phone.
  await page.goto(`${publicPath}?lang=en`, { waitUntil: 'networkidle' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, 'attractions-7-post-en');
  await page.context().close();

  const phone = await publicPage(browser, { width: 390, height: 844 });
  await phone.goto('/visit/koriyama', { waitUntil: 'networkidle' });
  await expect(phone.getByRole('link', { name: title })).toBeVisible();
  await shot(phone, 'attractions-8-region-phone');
  await phone.context().close();
});
