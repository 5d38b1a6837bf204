/**
 * 地域の魅力 (attraction posts) of the demo region: posts of all six towns in every category and
 * every status, with pictures, their review history, the region's publication log and a couple of
 * months of view counts, a published collection and a draft one, and the region's two social-media
 * relays. Dates are relative to the day of seeding (Japan time); event dates follow each event's
 * real season. Runs inside the seed's transaction as the owner (RLS does not apply), after the
 * mentoring demo.
 *
 * Who is where (demo sign-ins, password yui-demo):
 *  - manager.<town> of every town is the town's 審査担当 (role attraction_reviewer);
 *  - 三春町: staff2.miharu's 「さくら湖と三春ダムの眺め」 waits in manager.miharu's 審査待ち; staff.miharu has
 *    a draft (its photo still lacks the 権利確認 answers) and 「三春駒」, scheduled by the coordinator
 *    for tomorrow 10:00; 「三春滝桜」 is published (two pictures);
 *  - 須賀川市: staff.sukagawa's 「円谷英二ミュージアム」 was returned with a comment;
 *  - 猪苗代町: a post rejected with a comment; two published, one approved in the pool;
 *  - the pool also holds approved posts of 本宮市 and 郡山市, ready for coordinator@… to schedule;
 *  - collections (coordinator@…): 「春の桜めぐり — 三春町・郡山市」 published, a draft for 猪苗代;
 *  - relays 「X（広域圏公式）」 and 「Instagram（広域圏公式）」, both switched off (see below).
 *
 * Pictures: simple illustrations drawn by demo-pictures.ts (PNG), stored as the originals a member of
 * staff would upload, at the key the API uses, with photo rows `processing` and one outbox event
 * `attraction.photo_uploaded` each — exactly what an upload leaves behind. The worker, once `npm start`
 * runs it, makes the published versions (resized JPEG, no metadata) the way it does for every upload
 * (its sweep also picks up photos left processing). The seed could have written the variants itself,
 * but only by carrying sharp and repeating the worker's rules; this way the demo's pictures take the
 * same road as real ones. Without storage (`files: null`) the posts have no photos.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { z } from 'zod';
import { addDays, fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import { checkStorageEnv, createStorage, storageEnv, storageSettings, type FileStorage } from '@yui/storage';
import { drawPicture, type SceneName } from './demo-pictures';

type Tx = postgres.TransactionSql;
type Handle = string;
type Category = 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
type Status = 'draft' | 'in_review' | 'returned' | 'rejected' | 'approved' | 'scheduled' | 'published' | 'unpublished';

// ───────────────────────────────────────────── the content ─────────────────────────────────────────────

interface PhotoSeed {
  scene: SceneName;
  alt: string;
  caption: string;
  /** Empty, with people not asked and no permission: the 権利確認 still to do (drafts only). */
  rightsPending?: boolean;
}

/**
 * An event's dates (Japan dates), all day unless times are given: `dates` for a yearly one (its
 * edition of a year), `next` for a recurring one (the edition after `today`).
 */
interface EventSeed {
  dates?: (year: number) => { start: string; end: string };
  next?: (today: string) => { start: string; end: string };
  startTime?: string;
  endTime?: string;
}

interface PostSeed {
  key: string;
  town: string;
  by: Handle;
  category: Category;
  title: string;
  body: string;
  placeName?: string;
  address?: string;
  at?: [lat: number, lng: number];
  tags: string[];
  linkUrl?: string;
  event?: EventSeed;
  status: Status;
  /**
   * published (no event): went out this many days ago (squeezed into the 年度 so far, when it is young);
   * events: published this many days before the event's latest edition that is already announced.
   */
  days: number;
  /** Average views a day on the public page (published posts). */
  views?: number;
  /** returned / rejected: the reviewer's comment. */
  comment?: string;
  photos: PhotoSeed[];
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** The n-th (1-based) given weekday (0 = Sunday) of a month, as a Japan date. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return `${year}-${pad(month)}-${pad(1 + ((weekday - first + 7) % 7) + (n - 1) * 7)}`;
}

export const demoPosts: PostSeed[] = [
  // ── published ──
  {
    key: 'takizakura', town: 'miharu', by: 'staff.miharu', category: 'spot', status: 'published', days: 150, views: 60,
    title: '三春滝桜', placeName: '三春滝桜', address: '福島県田村郡三春町大字滝', at: [37.4153, 140.4931],
    tags: ['桜', '春', '天然記念物', '三春町'],
    body: '樹齢1000年を超えると伝えられるベニシダレザクラの巨木で、国の天然記念物に指定されています。四方に伸びた枝から薄紅色の花が流れ落ちるように咲く姿は、まさに「滝桜」の名のとおりです。\n\n見ごろは例年4月中旬ごろ。開花の時期には夜のライトアップも行われ、昼とは違う表情を見せてくれます。\n\n見ごろの週末は周辺の道路や駐車場がたいへん混み合います。開花の状況や交通の案内は、三春町の観光情報をご確認ください。',
    photos: [
      { scene: 'takizakura', alt: '青空の下、緑の丘に立つ満開のしだれ桜の大木のイラスト', caption: '満開の滝桜（昼）' },
      { scene: 'takizakuraNight', alt: '夜空の下、明かりに照らされたしだれ桜のイラスト', caption: 'ライトアップされた滝桜' },
    ],
  },
  {
    key: 'kaiseizan', town: 'koriyama', by: 'staff.koriyama', category: 'spot', status: 'published', days: 140, views: 35,
    title: '開成山公園の桜', placeName: '開成山公園', address: '福島県郡山市開成', at: [37.3996, 140.3572],
    tags: ['桜', '春', '公園', '郡山市'],
    body: '郡山市の中心部にある開成山公園は、明治時代の安積開拓とともに歩んできた市民の憩いの場です。春には園内や五十鈴湖のまわりに桜が咲きそろい、多くの花見客でにぎわいます。\n\n市街地から近く、散歩や夕方の花見にも気軽に立ち寄れます。近くには開成館など、開拓の歴史を伝える施設もあります。',
    photos: [{ scene: 'cherryPark', alt: '池のほとりに桜の木が並ぶ公園のイラスト', caption: '池のまわりの桜並木' }],
  },
  {
    key: 'botan', town: 'sukagawa', by: 'staff.sukagawa', category: 'spot', status: 'published', days: 120, views: 30,
    title: '須賀川牡丹園', placeName: '須賀川牡丹園', address: '福島県須賀川市牡丹園', at: [37.2814, 140.3908],
    tags: ['花', '春', '名勝', '須賀川市'],
    body: '牡丹園として全国で初めて国の名勝に指定された庭園です。広い園内に色とりどりの牡丹が植えられ、例年4月下旬から5月中旬ごろに見ごろを迎えます。\n\n晩秋には、古くなった牡丹の木を供養する「牡丹焚火」も行われます。花の季節の開園時間や入園料は、牡丹園の案内をご確認ください。',
    photos: [{ scene: 'peonies', alt: '緑の葉の間に咲く赤、桃色、白の牡丹のイラスト', caption: '見ごろを迎えた牡丹' }],
  },
  {
    key: 'inawashiroko', town: 'inawashiro', by: 'staff.inawashiro', category: 'spot', status: 'published', days: 95, views: 28,
    title: '猪苗代湖と磐梯山', placeName: '猪苗代湖（志田浜）', address: '福島県耶麻郡猪苗代町', at: [37.4995, 140.112],
    tags: ['湖', '磐梯山', '白鳥', '猪苗代町'],
    body: '日本で4番目に大きな湖で、その水面の美しさから「天鏡湖」とも呼ばれます。北側の湖岸からは、湖の向こうに会津磐梯山を望むことができます。\n\n夏は湖水浴やマリンスポーツ、冬には白鳥が飛来し、季節ごとに違った楽しみ方ができます。湖畔の道路は冬に凍結することがありますので、お出かけの際はご注意ください。',
    photos: [{ scene: 'lake', alt: '湖の向こうに山がそびえ、手前の湖面に白鳥が浮かぶイラスト', caption: '湖岸から望む磐梯山' }],
  },
  {
    key: 'noguchi', town: 'inawashiro', by: 'staff2.inawashiro', category: 'spot', status: 'published', days: 80, views: 22,
    title: '野口英世記念館', placeName: '野口英世記念館', address: '福島県耶麻郡猪苗代町', at: [37.5503, 140.0936],
    tags: ['歴史', '記念館', '猪苗代町'],
    body: '猪苗代町に生まれた細菌学者・野口英世の生涯と業績を紹介する記念館です。敷地内には、英世が幼いころにやけどを負った囲炉裏が残る生家が保存されています。\n\n展示を通して、困難に向き合いながら学び続けた英世の歩みを知ることができます。猪苗代湖にも近く、湖畔の散策とあわせて訪れるのがおすすめです。',
    photos: [{ scene: 'farmhouse', alt: '木々に囲まれたかやぶき屋根の古い家のイラスト', caption: '保存されている生家' }],
  },
  {
    key: 'abukumado', town: 'tamura', by: 'staff.tamura', category: 'spot', status: 'published', days: 60, views: 24,
    title: 'あぶくま洞', placeName: 'あぶくま洞', address: '福島県田村市滝根町', at: [37.3372, 140.6725],
    tags: ['鍾乳洞', '自然', '田村市'],
    body: '石灰岩の採掘場で見つかった鍾乳洞で、長い年月をかけてできた鍾乳石や石筍が洞内いっぱいに広がっています。照明に浮かび上がる大広間の景色は圧巻です。\n\n洞内は一年を通して気温があまり変わらず、夏は涼しく感じられます。足元が濡れているところもあるので、歩きやすい靴でお出かけください。',
    photos: [{ scene: 'cave', alt: '暖かい明かりに照らされた鍾乳石が天井から下がる洞窟のイラスト', caption: '洞内の鍾乳石' }],
  },
  {
    key: 'adatara', town: 'motomiya', by: 'staff.motomiya', category: 'spot', status: 'published', days: 45, views: 12,
    title: '本宮から望む安達太良山', placeName: '本宮市の市街地から', address: '福島県本宮市', at: [37.5135, 140.394],
    tags: ['山', '絶景', '本宮市'],
    body: '本宮市の市街地や安達太良川の河川敷からは、西に安達太良山をすっきりと望むことができます。高村光太郎の『智恵子抄』に詠まれた「ほんとの空」の舞台として知られる山です。\n\n空気の澄んだ晴れた日、田んぼの向こうに見える山並みは本宮の人にとっておなじみの景色です。',
    photos: [{ scene: 'adatara', alt: '青い空の下、田畑の向こうに山がそびえるイラスト', caption: '晴れた日の安達太良山' }],
  },
  {
    key: 'kuro', town: 'koriyama', by: 'staff2.koriyama', category: 'food', status: 'published', days: 25, views: 18,
    title: '郡山ブラック', placeName: '郡山市内の飲食店', tags: ['ラーメン', 'ご当地グルメ', '郡山市'],
    body: '黒く見えるほど濃い色の醤油スープが目を引く、郡山のご当地ラーメンです。見た目の印象とは違い、まろやかな味わいのお店も多くあります。\n\n市内のいくつかのお店で味わうことができ、お店ごとにスープや麺の個性が違います。食べ比べてお気に入りの一杯を見つけてください。',
    photos: [{ scene: 'ramen', alt: '黒い醤油スープにチャーシューやのり、なるとがのったラーメンを上から見たイラスト', caption: '濃い色の醤油スープ' }],
  },
  // Events: published some weeks before their edition.
  {
    key: 'uneme', town: 'koriyama', by: 'staff.koriyama', category: 'event', status: 'published', days: 40, views: 40,
    title: '郡山うねめまつり', placeName: '郡山駅前大通り', address: '福島県郡山市駅前', at: [37.3977, 140.385],
    tags: ['祭り', '夏', '郡山市'],
    event: { dates: (y) => ({ start: nthWeekday(y, 8, 5, 1), end: addDays(nthWeekday(y, 8, 5, 1), 2) }) },
    body: '郡山の夏を彩るまつりで、采女（うねめ）伝説にちなんだ「うねめ踊り」の流しが市街地を練り歩きます。会場には多くの踊り手と見物客が集まり、夏の夜がにぎわいます。\n\n例年8月上旬に開かれます。交通規制や当日の日程は、主催者の案内をご確認ください。',
    photos: [{ scene: 'lanterns', alt: '夕暮れの街並みの上に赤と白のちょうちんが連なるイラスト', caption: '夏の夜のまつり会場' }],
  },
  {
    key: 'taimatsu', town: 'sukagawa', by: 'staff2.sukagawa', category: 'event', status: 'published', days: 35, views: 26,
    title: '須賀川松明あかし', placeName: '翠ヶ丘公園 五老山', address: '福島県須賀川市', at: [37.283, 140.38],
    tags: ['祭り', '火祭り', '秋', '須賀川市'],
    event: { dates: (y) => ({ start: nthWeekday(y, 11, 6, 2), end: nthWeekday(y, 11, 6, 2) }) },
    body: '戦国時代の須賀川城をめぐる戦いで亡くなった人々を弔う、400年以上続くといわれる火祭りです。市民が作った大松明が五老山に立ち並び、夕闇の中で一斉に燃え上がる様子は迫力があります。\n\n例年11月の第2土曜日に行われます。会場周辺の交通規制や臨時駐車場は、須賀川市の案内をご確認ください。',
    photos: [{ scene: 'torches', alt: '夜の丘に立ち並ぶ大きな松明が燃え、人々が見上げているイラスト', caption: '燃え上がる大松明' }],
  },
  {
    key: 'hoshi', town: 'tamura', by: 'staff2.tamura', category: 'event', status: 'published', days: 5, views: 8,
    title: '星の村天文台の観望会', placeName: '星の村天文台', address: '福島県田村市滝根町', at: [37.339, 140.665],
    tags: ['星空', '天文台', '田村市'],
    // The Saturday evening 9–15 days ahead: the demo always has an upcoming event.
    event: {
      next: (today) => {
        const ahead = addDays(today, 9);
        const sat = addDays(ahead, (6 - new Date(`${ahead}T00:00:00Z`).getUTCDay() + 7) % 7);
        return { start: sat, end: sat };
      },
      startTime: '19:00', endTime: '21:00',
    },
    body: '田村市滝根町の星の村天文台では、大きな望遠鏡で季節の星や惑星を観察する観望会が開かれています。職員の解説を聞きながら、街なかでは見られない星空を楽しめます。\n\n天候によって内容が変わることがあります。開催日や申込みの方法は、天文台の案内をご確認ください。',
    photos: [{ scene: 'stars', alt: '満天の星空の下、丘の上に丸い屋根の天文台が建つイラスト', caption: '天文台と冬の星空' }],
  },
  // ── scheduled: the coordinator set it for tomorrow 10:00 ──
  {
    key: 'goma', town: 'miharu', by: 'staff.miharu', category: 'product', status: 'scheduled', days: 0,
    title: '三春駒', placeName: '三春町内の土産物店など', tags: ['郷土玩具', 'おみやげ', '三春町'],
    body: '三春藩の時代から伝わる木彫りの馬の郷土玩具で、日本三駒のひとつに数えられます。黒い体に鮮やかな模様を描いた姿が特徴で、子育てや長寿の縁起物として親しまれてきました。\n\n大きさや色の違うものがあり、おみやげや贈り物にも喜ばれます。',
    photos: [{ scene: 'miharuGoma', alt: '黒い体に赤や青、黄色の模様が描かれた木の馬の玩具のイラスト', caption: '黒駒' }],
  },
  // ── approved: in the region's pool ──
  {
    key: 'yubeshi', town: 'motomiya', by: 'staff2.motomiya', category: 'product', status: 'approved', days: 0,
    title: '本宮のゆべし', placeName: '本宮市内の和菓子店', tags: ['和菓子', 'おみやげ', '本宮市'],
    body: '米粉の生地にくるみなどを包んで蒸し上げた、もちもちとした食感の和菓子です。本宮市内の和菓子店でも昔から作られ、お茶うけとして親しまれています。\n\nお店ごとに形や味わいが少しずつ違うので、いくつかのお店のものを食べ比べるのも楽しみです。',
    photos: [{ scene: 'yubeshi', alt: '白い皿にのった茶色のゆべしと緑茶のイラスト', caption: 'お茶うけにゆべし' }],
  },
  {
    key: 'soba', town: 'inawashiro', by: 'staff.inawashiro', category: 'experience', status: 'approved', days: 0,
    title: '会津磐梯山のふもとで蕎麦打ち体験', placeName: '猪苗代町内のそば店・体験施設', tags: ['体験', 'そば', '猪苗代町'],
    body: '磐梯山のふもとの猪苗代町は、寒暖の差の大きい気候を生かしたそばの産地です。町内では、地元のそば粉を使って生地をこね、のばし、切るまでを教わりながら体験できるお店や施設があります。\n\n自分で打ったそばはその場で味わうことができます。体験の内容や予約の方法は、各施設にお問い合わせください。',
    photos: [{ scene: 'soba', alt: '木の台の上にのばしたそば生地とめん棒、切ったそばが並ぶイラスト', caption: 'そば生地をのばす' }],
  },
  {
    key: 'kagakukan', town: 'koriyama', by: 'staff.koriyama', category: 'experience', status: 'approved', days: 0,
    title: '郡山市ふれあい科学館のプラネタリウム', placeName: '郡山市ふれあい科学館（ビッグアイ）', address: '福島県郡山市駅前', at: [37.3968, 140.3898],
    tags: ['科学館', '星空', '雨の日', '郡山市'],
    body: '郡山駅前のビッグアイにある科学館で、高層階のプラネタリウムでは季節の星空を解説つきで楽しめます。宇宙や科学の展示もあり、雨の日のお出かけ先にもおすすめです。\n\n投影の時間や番組は、科学館の案内をご確認ください。',
    photos: [{ scene: 'stars', alt: '星空の下、丘の上に丸い屋根の建物が建つイラスト', caption: '季節の星空' }],
  },
  // ── in review at 三春町 (manager.miharu's 審査待ち) ──
  {
    key: 'sakurako', town: 'miharu', by: 'staff2.miharu', category: 'spot', status: 'in_review', days: 0,
    title: 'さくら湖と三春ダムの眺め', placeName: 'さくら湖（三春ダム）', address: '福島県田村郡三春町', at: [37.42, 140.535],
    tags: ['湖', '桜', '春', '三春町'],
    body: '三春ダムによってできたさくら湖は、湖のまわりに桜が植えられ、春には水辺の花見を楽しめます。湖畔には公園や散策路があり、季節ごとに違った景色に出会えます。\n\n滝桜とあわせて、ゆっくり町をめぐるコースにもおすすめです。',
    photos: [{ scene: 'sakuraLake', alt: '湖のほとりに桜の木が並び、湖面に花の色が映るイラスト', caption: '湖畔の桜' }],
  },
  // ── returned to its author with a comment ──
  {
    key: 'tsuburaya', town: 'sukagawa', by: 'staff.sukagawa', category: 'spot', status: 'returned', days: 0,
    title: '円谷英二ミュージアム', placeName: '須賀川市民交流センター tette', address: '福島県須賀川市中町', at: [37.2868, 140.3733],
    tags: ['ミュージアム', '特撮', '須賀川市'],
    body: '須賀川市出身で「特撮の神様」と呼ばれる円谷英二監督の業績を紹介するミュージアムです。市民交流センター「tette」の中にあり、撮影に使われた機材の展示などを見ることができます。',
    comment: '内容はとても良いと思います。本文の最後に施設の公式ページへのリンクを入れてください。また、写真の説明に建物の名前（tette）を入れると分かりやすくなります。',
    photos: [{ scene: 'hall', alt: 'ガラス張りの大きな建物と青空のイラスト', caption: '市民交流センター' }],
  },
  // ── rejected ──
  {
    key: 'winterroad', town: 'inawashiro', by: 'staff2.inawashiro', category: 'other', status: 'rejected', days: 0,
    title: '冬道の運転に注意してください', tags: ['冬', '交通', '猪苗代町'],
    body: '冬の猪苗代町内の道路は、朝晩を中心に路面が凍結します。冬用タイヤを装着し、時間に余裕をもってお出かけください。',
    comment: '大切な内容ですが、地域の魅力の発信にはなじまないため、町の防災・交通のお知らせでの周知をお願いします。冬の楽しみ方と組み合わせた投稿であれば、あらためてご相談ください。',
    photos: [],
  },
  // ── a draft of staff.miharu: its photo's 権利確認 is not done yet ──
  {
    key: 'teramachi', town: 'miharu', by: 'staff.miharu', category: 'spot', status: 'draft', days: 0,
    title: '城下町三春の寺町をあるく', placeName: '三春町の中心部', at: [37.443, 140.4925],
    tags: ['秋', '紅葉', '寺', '三春町'],
    body: '三春の町なかには、城下町の面影を残す寺院がいくつも並んでいます。秋には境内の紅葉が色づき、静かな散策を楽しめます。\n\n（写真の撮影者と、写っている人の同意を確認中）',
    photos: [{ scene: 'temple', alt: '紅葉したもみじに囲まれたお寺のイラスト', caption: '秋の境内', rightsPending: true }],
  },
  // ── unpublished after its season ──
  {
    key: 'illumination', town: 'koriyama', by: 'staff2.koriyama', category: 'event', status: 'unpublished', days: 10,
    title: '郡山駅前の冬のイルミネーション', placeName: '郡山駅前', address: '福島県郡山市燧田', at: [37.3983, 140.3878],
    tags: ['冬', 'イルミネーション', '郡山市'],
    event: { dates: (y) => ({ start: `${y}-12-01`, end: `${y + 1}-01-10` }), startTime: '17:00', endTime: '22:00' },
    body: '冬の夜の郡山駅前を、木々を彩る光が明るく照らします。仕事帰りや買い物のついでに、光の並木道を歩いてみてください。',
    photos: [{ scene: 'illumination', alt: '夜の駅前で木々が電飾で光るイラスト', caption: '光の並木道' }],
  },
];

/** 特集 of the coordinator: stops by post key, with notes. */
export const demoCollections: Array<{
  title: string;
  description: string;
  status: 'draft' | 'published';
  items: Array<{ post: string; note: string }>;
}> = [
  {
    title: '春の桜めぐり — 三春町・郡山市',
    description: '日本三大桜のひとつに数えられる三春滝桜と、郡山市の中心部にある開成山公園。春の一日でめぐることのできる桜の名所をまとめました。',
    status: 'published',
    items: [
      { post: 'takizakura', note: '見ごろの時期はたいへん混み合います。町の交通案内をご確認ください。' },
      { post: 'kaiseizan', note: '郡山市の中心部。夕方の散策にもおすすめです。' },
    ],
  },
  {
    title: '猪苗代湖のほとりで一日',
    description: '湖畔の景色、野口英世の生家、そば打ち体験をめぐる一日のコース案です（作成中）。',
    status: 'draft',
    items: [
      { post: 'inawashiroko', note: '' },
      { post: 'noguchi', note: '' },
      { post: 'soba', note: 'お昼は自分で打ったそばを。' },
    ],
  },
];

/**
 * The region's relays. Off by default: there is no relay behind these addresses (`.invalid` never
 * resolves), so every delivery would fail and fill the publication log with errors. A coordinator
 * points one at a real relay (チャンネル → URL) and switches it on.
 */
export const demoChannels = [
  { name: 'X（広域圏公式）', kind: 'x', url: 'https://relay.example.invalid/x', charLimit: 280 },
  { name: 'Instagram（広域圏公式）', kind: 'instagram', url: 'https://relay.example.invalid/instagram', charLimit: 2200 },
] as const;

// ───────────────────────────────────────────── the seeding ─────────────────────────────────────────────

/**
 * The storage the API and the worker use, from the same variables (YUI_FILES_DIR — relative to the
 * working directory, which is the repository root under `npm start` — or YUI_S3_*). Null, with a
 * warning, when they do not make sense: the demo then has no photos rather than no seed.
 */
export function demoFileStorage(env: NodeJS.ProcessEnv = process.env): FileStorage | null {
  const parsed = z.object(storageEnv).superRefine(checkStorageEnv).safeParse(env);
  if (!parsed.success) {
    console.warn(`demo seed: no photos for 地域の魅力 (storage settings: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
    return null;
  }
  return createStorage(storageSettings(parsed.data));
}

export interface DemoAttractionCounts {
  posts: number;
  photos: number;
  reviews: number;
  publications: number;
  viewDays: number;
  collections: number;
  channels: number;
}

/** Writes the demo 地域の魅力 into the demo region; photos go to `files` (none when null). */
export async function seedDemoAttractions(
  tx: Tx, regionId: string, { files, now = new Date() }: { files: FileStorage | null; now?: Date },
): Promise<DemoAttractionCounts> {
  const today = todayInJapan(now);
  const fy = fiscalYearOf(new Date(`${today}T00:00:00Z`));
  const fyStart = fiscalYearRange(fy).start;
  const day = (n: number) => addDays(today, n);
  /** A moment on a date (JST), never after now. */
  const at = (date: string, hour = 10, minute = 0) =>
    new Date(Math.min(new Date(`${date}T${pad(hour)}:${pad(minute)}:00+09:00`).getTime(), now.getTime() - 60_000));
  const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

  const rows = await tx<{ id: string; email: string; municipality_id: string }[]>`
    select u.id, u.email, u.municipality_id from users u join municipalities m on m.id = u.municipality_id where m.region_id = ${regionId}`;
  const people = new Map(rows.map((r) => [r.email.split('@')[0]!.toLowerCase(), { id: r.id, municipalityId: r.municipality_id }]));
  const person = (h: Handle) => {
    const p = people.get(h);
    if (!p) throw new Error(`demo attractions: no demo person "${h}"`);
    return p;
  };
  const townList = await tx<{ id: string; slug: string; name: string }[]>`select id, slug, name from municipalities where region_id = ${regionId}`;
  const towns = new Map(townList.map((t) => [t.slug, t.id]));
  const townNames = new Map(townList.map((t) => [t.id, t.name]));
  const coordinator = person('coordinator');

  // 審査担当: the 観光政策課長 (商工観光課長) of every town.
  for (const [slug, townId] of towns) {
    await tx`insert into role_grants (municipality_id, user_id, role) values (${townId}, ${person(`manager.${slug}`).id}, 'attraction_reviewer')`;
  }

  // Published dates: squeezed into the 年度 so far when it is young, so that the figures have months.
  const sinceFyStart = daysBetween(fyStart, today);
  const squeeze = (days: number) => Math.max(1, Math.round(days * Math.min(1, sinceFyStart / 160)));
  /** An event's edition announced by now (published `days` before it) and that publishing date. */
  const editionOf = (p: PostSeed) => {
    const ev = p.event!;
    if (ev.next) return { ...ev.next(today), published: day(-p.days) };
    const year = Number(today.slice(0, 4));
    for (let y = year + 1; y > year - 3; y--) {
      const d = ev.dates!(y);
      // Taken down after its season: last season's, over for a while.
      if (p.status === 'unpublished' ? d.end < day(-20) : addDays(d.start, -p.days) < today) return { ...d, published: addDays(d.start, -p.days) };
    }
    throw new Error(`demo attractions: no edition of ${p.key}`);
  };

  const postRows: Record<string, unknown>[] = [];
  const reviewRows: Record<string, unknown>[] = [];
  const publicationRows: Record<string, unknown>[] = [];
  const viewRows: Record<string, unknown>[] = [];
  const photoRows: Record<string, unknown>[] = [];
  const photoFiles: Array<{ key: string; scene: SceneName; seed: number; row: Record<string, unknown> }> = [];
  const eventRows: Array<{ municipality_id: string; type: string; payload: unknown; actor_id: string; created_at: Date }> = [];
  const postIds = new Map<string, string>();
  const postTown = new Map<string, string>();
  const publishedOn = new Map<string, Date>();

  for (const [index, p] of demoPosts.entries()) {
    const id = randomUUID();
    postIds.set(p.key, id);
    const author = person(p.by);
    const townId = towns.get(p.town)!;
    postTown.set(p.key, townId);
    if (author.municipalityId !== townId) throw new Error(`demo attractions: ${p.by} does not work for ${p.town}`);
    const reviewer = person(`manager.${p.town}`);
    const edition = p.event ? editionOf(p) : null;

    // The post's life, from the first draft to now.
    let publishedDate: string | null = null;
    if (p.status === 'published' || p.status === 'unpublished') publishedDate = edition ? edition.published : day(-squeeze(p.days));
    const submittedDate = publishedDate ? addDays(publishedDate, -9 - (index % 4))
      : p.status === 'approved' ? day(-12 - index % 9)
        : p.status === 'scheduled' ? day(-8)
          : p.status === 'in_review' ? day(-2)
            : p.status === 'returned' || p.status === 'rejected' ? day(-6)
              : null;
    const created = at(addDays(submittedDate ?? day(-3), -2), 15, 10 + index);
    const submittedAt = submittedDate ? at(submittedDate, 16, index % 50) : null;
    const reviewedDate = submittedDate && p.status !== 'in_review' ? addDays(submittedDate, 2) : null;
    const reviewedAt = reviewedDate ? at(reviewedDate, 11, index % 50) : null;
    const approved = ['approved', 'scheduled', 'published', 'unpublished'].includes(p.status);
    const publishedAt = publishedDate ? at(publishedDate, 10) : null;
    const publishAt = p.status === 'scheduled' ? new Date(`${day(1)}T10:00:00+09:00`) : publishedAt;
    const scheduled = p.status === 'scheduled' || !!publishedDate;
    const unpublishedAt = p.status === 'unpublished' ? at(addDays(edition!.end, 3), 9) : null;
    const seq = p.status === 'unpublished' ? 2 : scheduled ? 1 : 0;
    const updatedAt = [unpublishedAt, publishedAt, p.status === 'scheduled' ? at(day(-1), 14) : null, reviewedAt, submittedAt, created]
      .find((d): d is Date => !!d)!;
    if (publishedAt) publishedOn.set(p.key, publishedAt);

    postRows.push({
      id, region_id: regionId, municipality_id: townId, author_id: author.id, status: p.status, category: p.category,
      title: p.title, body: p.body, place_name: p.placeName ?? null, address: p.address ?? null,
      latitude: p.at?.[0] ?? null, longitude: p.at?.[1] ?? null,
      event_starts_on: edition?.start ?? null, event_ends_on: edition?.end ?? null,
      event_start_time: p.event?.startTime ?? null, event_end_time: p.event?.endTime ?? null,
      tags: p.tags, link_url: p.linkUrl ?? null,
      submitted_at: submittedAt, reviewed_by: reviewedAt ? reviewer.id : null, reviewed_at: reviewedAt,
      review_comment: p.comment ?? null, approved_at: approved ? reviewedAt : null,
      publish_at: scheduled ? publishAt : null, scheduled_by: scheduled ? coordinator.id : null, schedule_seq: seq,
      channel_ids: [], social_texts: {},
      published_at: publishedAt, unpublished_at: unpublishedAt, unpublished_by: unpublishedAt ? coordinator.id : null,
      unpublish_reason: unpublishedAt ? '期間が終わったため、掲載を終了しました。' : null,
      version: p.status === 'returned' ? 2 : 1, idempotency_key: null, created_at: created, updated_at: updatedAt,
    });

    // The review history as the API writes it.
    const review = (action: string, actor: string, when: Date, comment = '') =>
      reviewRows.push({ id: randomUUID(), region_id: regionId, municipality_id: townId, post_id: id, action, comment, actor_id: actor, created_at: when });
    if (submittedAt) review('submitted', author.id, submittedAt);
    if (reviewedAt && approved) review('approved', reviewer.id, reviewedAt);
    if (reviewedAt && (p.status === 'returned' || p.status === 'rejected')) review(p.status, reviewer.id, reviewedAt, p.comment ?? '');

    // The publication log: the region's page and feeds, delivered at once (the relays were off).
    if (publishedAt) {
      const row = (action: string, s: number, when: Date) => publicationRows.push({
        id: randomUUID(), region_id: regionId, municipality_id: townId, post_id: id, channel_id: null, action, schedule_seq: s,
        status: 'delivered', attempts: 0, response_status: null, last_error: null, text: '', delivered_at: when, created_at: when, updated_at: when,
      });
      row('publish', 1, publishedAt);
      if (unpublishedAt) row('unpublish', 2, unpublishedAt);
    }
    if (p.status === 'scheduled') {
      // As the API emits it: the relay queues the publishing job for tomorrow 10:00 and the author hears of it.
      eventRows.push({
        municipality_id: coordinator.municipalityId, type: 'attraction.scheduled', actor_id: coordinator.id, created_at: at(day(-1), 14),
        payload: { postId: id, title: p.title, recipientIds: [author.id], postTownId: townId, publishAt: `${day(1)}T10:00:00+09:00`, seq: 1 },
      });
    }

    // Views on the public page over the last two months (more at weekends and in the first week).
    if (p.status === 'published' && publishedDate) {
      for (let d = [publishedDate, day(-60)].sort().at(-1)!; d < today; d = addDays(d, 1)) {
        const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
        const fresh = daysBetween(publishedDate, d) < 7 ? 2 : 1;
        const wobble = 0.7 + (((index * 31 + daysBetween(fyStart, d) * 17) % 13) / 13) * 0.6;
        const views = Math.round((p.views ?? 10) * (dow === 0 || dow === 6 ? 1.6 : 1) * fresh * wobble);
        if (views > 0) viewRows.push({ region_id: regionId, municipality_id: townId, post_id: id, day: d, views });
      }
    }

    for (const [k, ph] of p.photos.entries()) {
      const photoId = randomUUID();
      const key = `attractions/${regionId}/${photoId}/original`;
      const uploaded = new Date(created.getTime() + (k + 1) * 600_000);
      const row = {
        id: photoId, region_id: regionId, municipality_id: townId, post_id: id, uploaded_by: author.id, original_key: key,
        content_type: 'image/png', byte_size: 0, status: 'processing', keep_location: false, had_location: null, width: null, height: null,
        variants: {}, process_seq: 1, process_error: null,
        // The town credits its own pictures (the author's section).
        photographer: ph.rightsPending ? '' : `${townNames.get(townId)} 観光担当`,
        people: ph.rightsPending ? 'not_asked' : 'none', may_publish: !ph.rightsPending,
        alt: ph.alt, caption: ph.caption, sort_order: k, created_at: uploaded, updated_at: uploaded,
      };
      photoFiles.push({ key, scene: ph.scene, seed: index * 10 + k + 1, row });
    }
  }

  // ── photos: draw, store, then the rows and one event each (the worker takes it from there) ──
  if (files) {
    try {
      for (const f of photoFiles) {
        const bytes = drawPicture(f.scene, f.seed);
        await files.put(f.key, bytes, { contentType: 'image/png' });
        f.row.byte_size = bytes.length;
        photoRows.push(f.row);
        eventRows.push({
          municipality_id: f.row.municipality_id as string, type: 'attraction.photo_uploaded', actor_id: f.row.uploaded_by as string,
          created_at: f.row.created_at as Date, payload: { postId: f.row.post_id, photoId: f.row.id, seq: 1, recipientIds: [] },
        });
      }
    } catch (err) {
      // A seed without pictures beats no seed: the files already written are never referenced.
      console.warn(`demo seed: no photos for 地域の魅力 (${(err as Error).message})`);
      photoRows.length = 0;
      for (let i = eventRows.length - 1; i >= 0; i--) if (eventRows[i]!.type === 'attraction.photo_uploaded') eventRows.splice(i, 1);
    }
  }

  // ── channels and collections (the coordinator's, in 郡山市) ──
  const channelRows = demoChannels.map((c) => ({
    id: randomUUID(), region_id: regionId, municipality_id: coordinator.municipalityId, name: c.name, kind: c.kind, url: c.url,
    secret: randomBytes(32).toString('base64url'), char_limit: c.charLimit, active: false, created_by: coordinator.id,
    created_at: at(day(-120), 9), updated_at: at(day(-120), 9),
  }));
  const collectionRows: Record<string, unknown>[] = [];
  const itemRows: Record<string, unknown>[] = [];
  for (const c of demoCollections) {
    const id = randomUUID();
    const published = c.status === 'published'
      ? new Date(Math.max(...c.items.map((i) => publishedOn.get(i.post)?.getTime() ?? 0)) + DAY) : null;
    const publishedAt = published ? new Date(Math.min(published.getTime(), now.getTime() - 60_000)) : null;
    const created = publishedAt ? new Date(publishedAt.getTime() - 3_600_000) : at(day(-4), 15);
    collectionRows.push({
      id, region_id: regionId, municipality_id: coordinator.municipalityId, title: c.title, description: c.description, status: c.status,
      created_by: coordinator.id, published_at: publishedAt, idempotency_key: null, created_at: created, updated_at: publishedAt ?? created,
    });
    for (const [position, item] of c.items.entries()) {
      const postId = postIds.get(item.post);
      if (!postId) throw new Error(`demo attractions: no post "${item.post}" for ${c.title}`);
      const status = demoPosts.find((p) => p.key === item.post)!.status;
      if (!['approved', 'scheduled', 'published', 'unpublished'].includes(status)) throw new Error(`demo attractions: ${item.post} is not in the pool`);
      itemRows.push({ region_id: regionId, collection_id: id, post_id: postId, position, note: item.note });
    }
  }

  const insert = async (table: string, list: Record<string, unknown>[], json: string[] = []) => {
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, json.includes(k) ? tx.json(v as never) : v])));
      await tx`insert into ${tx(table)} ${tx(chunk as Record<string, postgres.ParameterOrJSON<never>>[], Object.keys(chunk[0]!))}`;
    }
  };
  await insert('attraction_channels', channelRows);
  await insert('attraction_posts', postRows, ['social_texts']);
  if (photoRows.length) await insert('attraction_photos', photoRows, ['variants']);
  await insert('attraction_reviews', reviewRows);
  await insert('attraction_publications', publicationRows);
  await insert('attraction_views', viewRows);
  await insert('attraction_collections', collectionRows);
  await insert('attraction_collection_items', itemRows);
  if (eventRows.length) await insert('outbox_events', eventRows as unknown as Record<string, unknown>[], ['payload']);
  return {
    posts: postRows.length, photos: photoRows.length, reviews: reviewRows.length, publications: publicationRows.length,
    viewDays: viewRows.length, collections: collectionRows.length, channels: channelRows.length,
  };
}
