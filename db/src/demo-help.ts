/**
 * 職場応援 (たすけあい+) of the demo region: department pages (各課広報) of the tourism and a few
 * other 課 of every town, about a dozen calls for help across towns, categories and statuses, their
 * applications in every status — each with its 20% request (time_requests) exactly as the time
 * module stores it, so the time screens and the calls agree —, the talent registry (人材) and direct
 * requests (人材宛依頼), with participation and ありがとう after the work. Spread over this 年度 and
 * the last so that the figures (データ保管庫) look real.
 *
 * People are named by the local part of their demo e-mail (`staff.koriyama`, `user011.miharu`);
 * dates are relative to the day of seeding. Everything is fictional. Runs inside the seed's
 * transaction as the owner (RLS does not apply), after the communities.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { SUGGESTED_SKILLS } from '@yui/contracts';
import { addDays, fiscalYearOf, normalizeSkills, todayInJapan, toTsvectorLiteral } from '@yui/domain';

type Tx = postgres.TransactionSql;
type Handle = string;
type Category = 'planning' | 'operations' | 'busy_season' | 'learning' | 'other';
type AppStatus = 'pending_time' | 'applied' | 'accepted' | 'declined' | 'withdrawn' | 'time_declined' | 'cancelled';
type DirectStatus = 'sent' | 'pending_time' | 'accepted' | 'declined' | 'time_declined' | 'withdrawn';

// ───────────────────────────────────────────── the content ─────────────────────────────────────────────

/** 各課広報: what each department does, by town slug and department key. */
export const demoDepartmentPages: Array<{ town: string; dept: string; description: string }> = [
  { town: 'koriyama', dept: 'kanko', description: '郡山市の観光振興、うねめまつり・花火大会などのイベント、観光PRと広域周遊の企画を担当しています。\nイベント当日は人手が足りないことが多く、たすけあい+でよく応援をお願いしています。' },
  { town: 'koriyama', dept: 'joho', description: '庁内の情報システム、DXの推進、オープンデータを担当しています。Excelやデータ分析の「まなびあい」も開いています。' },
  { town: 'sukagawa', dept: 'kanko', description: '須賀川市の観光振興を担当しています。釈迦堂川花火大会、牡丹園、円谷英二ミュージアム周辺の誘客に取り組んでいます。' },
  { town: 'sukagawa', dept: 'shiminka', description: '住民票・戸籍・マイナンバーカードの窓口です。3月・4月の繁忙期には他課からの応援に助けられています。' },
  { town: 'tamura', dept: 'kanko', description: 'あぶくま洞・星の村天文台など田村市の観光資源の発信と、体験型観光の企画を担当しています。' },
  { town: 'tamura', dept: 'kikaku', description: '総合計画の推進、地域SNS・移住定住の取組を担当しています。発信が得意な方、アイデアのある方を歓迎します。' },
  { town: 'motomiya', dept: 'kanko', description: '本宮市の観光・商工振興を担当しています。まゆみの里、安達太良川の桜などの発信に力を入れています。' },
  { town: 'motomiya', dept: 'kosodate', description: '子育て支援センター、保育、子育てイベントを担当しています。保育の経験がある職員の応援をいつも募集しています。' },
  { town: 'inawashiro', dept: 'kanko', description: '猪苗代湖・磐梯山を中心に、インバウンドを含む観光誘客と商工振興を担当しています。英語・中国語・韓国語ができる方の力を借りたいです。' },
  { town: 'inawashiro', dept: 'somuka', description: '町の総務・人事・防災を担当しています。防災訓練の運営では毎年たくさんの職員に協力いただいています。' },
  { town: 'miharu', dept: 'kanko', description: '三春滝桜と城下町の観光、滝桜まつりの運営を担当しています。春の繁忙期は町を挙げての応援体制です。' },
  { town: 'miharu', dept: 'kikaku', description: '町の企画・財政・広報を担当しています。広報みはるの編集では、イラストや写真の得意な職員に助けてもらっています。' },
];

/** Self-introductions shown on the department pages (自己紹介). */
export const demoIntroductions: Record<Handle, string> = {
  'staff.koriyama': '観光政策課の主事です。写真撮影とSNS発信が好きで、休日はカメラを持って広域圏を回っています。',
  'staff2.koriyama': 'イベント運営歴10年。司会もできます。困ったときは気軽に声をかけてください。',
  'manager.koriyama': '観光政策課長です。課をまたいだ応援の文化を広げたいと思っています。',
  'staff.sukagawa': '英語での観光案内ができます。花火大会の運営も経験しています。',
  'staff.tamura': 'デザインとイラストが得意です。チラシづくりのご相談にのります。',
  'staff.miharu': '滝桜まつりの担当です。動画編集を勉強中です。',
  'staff.inawashiro': '中国語と英語の通訳ボランティア経験があります。',
  'staff.motomiya': '保育士資格を持っています。子育てイベントの応援ならお任せください。',
  'user013.koriyama': 'Excelのマクロと関数が得意です。データ分析のまなびあい講師をしています。',
};

interface TalentSeed {
  who: Handle;
  skills: string[];
  notify?: string[];
  introduction: string;
  availability: string;
  /** Days before today they registered. */
  since: number;
  /** Opted out this many days ago (kept, hidden). */
  optedOut?: number;
}

export const demoTalent: TalentSeed[] = [
  { who: 'staff.koriyama', skills: ['写真撮影', 'SNS発信', '動画編集'], notify: ['写真撮影', 'SNS発信'], introduction: 'イベントの記録写真とSNS用の短い動画をつくれます。', availability: '平日午後、土日のイベント', since: 400 },
  { who: 'staff2.koriyama', skills: ['イベント運営', '司会'], notify: ['イベント運営'], introduction: '式典・イベントの司会と進行管理の経験が豊富です。', availability: '土日祝', since: 380 },
  { who: 'user013.koriyama', skills: ['Excel', 'データ分析', 'プログラミング'], notify: ['Excel', 'データ分析'], introduction: 'Excel関数・ピボット・簡単なマクロを教えられます。', availability: '平日17時まで', since: 300 },
  { who: 'user011.koriyama', skills: ['防災', '窓口対応'], introduction: '防災士の資格があります。', availability: '平日', since: 90 },
  { who: 'staff.sukagawa', skills: ['英語', 'イベント運営', '窓口対応'], notify: ['英語'], introduction: '英語で観光案内ができます（TOEIC 850）。', availability: '土日のイベント', since: 420 },
  { who: 'staff2.sukagawa', skills: ['写真撮影', 'ドローン'], notify: ['ドローン'], introduction: 'ドローンの操縦資格があり、空撮ができます。', availability: '晴れた日の平日', since: 200 },
  { who: 'user010.sukagawa', skills: ['Excel', 'PowerPoint'], introduction: '資料づくりならお手伝いできます。', availability: '平日', since: 60 },
  { who: 'user015.sukagawa', skills: ['手話', '窓口対応'], notify: ['手話'], introduction: '手話通訳の講座を修了しています。', availability: '平日午前', since: 150 },
  { who: 'staff.tamura', skills: ['イラスト', 'デザイン'], notify: ['イラスト', 'デザイン'], introduction: 'チラシやポスターのイラストを描きます。', availability: '平日（締切の相談可）', since: 390 },
  { who: 'staff2.tamura', skills: ['文章作成', 'SNS発信'], notify: ['文章作成'], introduction: '広報文の校正・リライトが得意です。', availability: '平日', since: 250 },
  { who: 'user014.tamura', skills: ['動画編集', 'デザイン'], introduction: 'YouTube用の動画編集をしています。', availability: '平日夕方', since: 45 },
  { who: 'staff.motomiya', skills: ['保育', 'イベント運営'], notify: ['保育'], introduction: '保育士資格があります。', availability: '平日・土曜', since: 330 },
  { who: 'staff2.motomiya', skills: ['司会', '文章作成'], introduction: '地元FMで話したことがあります。', availability: '土日', since: 120 },
  { who: 'user011.motomiya', skills: ['データ分析', 'Excel'], notify: ['データ分析'], introduction: '統計調査の集計が得意です。', availability: '平日', since: 210 },
  { who: 'staff.inawashiro', skills: ['中国語', '英語'], notify: ['中国語', '英語'], introduction: '中国語・英語の通訳経験があります。', availability: '平日・土日どちらも', since: 410 },
  { who: 'staff2.inawashiro', skills: ['韓国語', '窓口対応'], notify: ['韓国語'], introduction: '韓国語で簡単な案内ができます。', availability: '平日', since: 100 },
  { who: 'user008.inawashiro', skills: ['防災', 'イベント運営'], notify: ['防災'], introduction: '消防団に入っています。', availability: '土日', since: 280 },
  { who: 'user013.inawashiro', skills: ['写真撮影'], introduction: '風景写真が趣味です。', availability: '土日', since: 30 },
  { who: 'staff.miharu', skills: ['動画編集', '写真撮影', 'SNS発信'], notify: ['動画編集'], introduction: '滝桜のPR動画をつくりました。', availability: '平日午後', since: 360 },
  { who: 'staff2.miharu', skills: ['イラスト', '文章作成'], notify: ['イラスト'], introduction: '広報誌のカットを描いています。', availability: '平日', since: 180 },
  { who: 'user009.miharu', skills: ['保育', '手話'], introduction: '手話サークルで活動しています。', availability: '平日午前', since: 75 },
  { who: 'user012.miharu', skills: ['Excel', 'プログラミング'], notify: ['プログラミング'], introduction: 'Pythonで業務の自動化をしています。', availability: '平日', since: 20 },
  { who: 'user010.koriyama', skills: ['PowerPoint', '司会'], introduction: '新任職員研修の講師と司会をしています。', availability: '平日', since: 160 },
  { who: 'user014.koriyama', skills: ['英語', '文章作成'], introduction: '英文の観光パンフレットを校正できます。', availability: '平日', since: 240, optedOut: 10 },
  { who: 'user013.tamura', skills: ['イベント運営', '防災'], introduction: 'マラソン大会の運営を担当していました。', availability: '土日', since: 140 },
  { who: 'user010.motomiya', skills: ['デザイン', 'SNS発信'], introduction: 'Canvaでのデザインが得意です。', availability: '平日', since: 50, optedOut: 5 },
];

interface AppSeed {
  who: Handle;
  status: AppStatus;
  message?: string;
  /** How many days of the work they take part in (from the first), default 1. */
  days?: number;
  /** Minutes taken part in (after the work); default: as planned. */
  participated?: number;
  thanks?: string;
  note?: string;
}

interface CallSeed {
  town: string;
  dept: string;
  by: Handle;
  contact?: Handle;
  contactNote?: string;
  title: string;
  category: Category;
  summary: string;
  headcount: number;
  /** Days from today. */
  published: number;
  deadline: number;
  work: [number, number];
  minutesPerDay: number;
  hoursNote: string;
  place: string;
  skills: string[];
  reach?: 'town' | 'region';
  status: 'open' | 'closed' | 'finished' | 'cancelled';
  cancelReason?: string;
  apps: AppSeed[];
  /** Days count from October 1 of the last 年度 instead of today: always in last year's figures. */
  lastYear?: boolean;
}

export const demoCalls: CallSeed[] = [
  {
    town: 'koriyama', dept: 'kanko', by: 'manager.koriyama', contact: 'staff2.koriyama', contactNote: '内線 2341（観光政策課）',
    title: '郡山うねめまつり 観光案内ブースの応援', category: 'operations', headcount: 2,
    summary: '郡山うねめまつりの会場に観光案内ブースを出します。\n来場者へのパンフレット配布と、広域圏の観光地の案内をお願いします。\n英語の案内ができる方は特に歓迎です。事前説明会（30分）を予定しています。',
    published: -6, deadline: 20, work: [34, 35], minutesPerDay: 240, hoursNote: '13:00〜17:00', place: '郡山駅前大通り 観光案内ブース',
    skills: ['イベント運営', '英語'], status: 'open',
    apps: [
      { who: 'staff.miharu', status: 'accepted', message: '三春町の観光案内もできます。' },
      { who: 'staff.sukagawa', status: 'applied', message: '英語で案内できます。' },
      { who: 'staff2.tamura', status: 'pending_time', message: '初めてですがよろしくお願いします。' },
    ],
  },
  {
    town: 'sukagawa', dept: 'kanko', by: 'manager.sukagawa', contact: 'staff2.sukagawa',
    title: '釈迦堂川花火大会 会場運営スタッフの募集', category: 'busy_season', headcount: 10,
    summary: '釈迦堂川花火大会の会場運営（観覧席の誘導・落とし物対応・清掃）をお手伝いください。\n当日は17時集合、ビブスと飲み物を用意します。',
    published: -12, deadline: 9, work: [24, 24], minutesPerDay: 300, hoursNote: '17:00〜22:00', place: '須賀川市 釈迦堂川河川敷',
    skills: ['イベント運営'], status: 'open',
    apps: [
      { who: 'staff.koriyama', status: 'applied', message: '写真撮影もできます。' },
      { who: 'user011.koriyama', status: 'applied' },
      { who: 'staff.motomiya', status: 'pending_time' },
      { who: 'user008.inawashiro', status: 'withdrawn', message: '消防団の予定と重なったため取り下げます。' },
      { who: 'user013.tamura', status: 'time_declined', note: 'その週は議会対応のため、今回は見送ってください。' },
    ],
  },
  {
    town: 'tamura', dept: 'kikaku', by: 'user004.tamura', contact: 'staff2.tamura',
    title: '地域SNS「たむらつながりひろば」を一緒に盛り上げませんか', category: 'planning', headcount: 4,
    summary: '市の地域SNSに投稿する記事・写真を一緒に企画してくれる職員を募集します。\n月1回の企画会議（オンライン可）と、月2本程度の投稿が目安です。',
    published: -3, deadline: 27, work: [30, 58], minutesPerDay: 120, hoursNote: '月1回 15:00〜17:00', place: '田村市役所 会議室／オンライン',
    skills: ['SNS発信', '文章作成', '写真撮影'], status: 'open',
    apps: [{ who: 'staff.miharu', status: 'pending_time', message: '動画も投稿できます。' }],
  },
  {
    town: 'motomiya', dept: 'kosodate', by: 'user007.motomiya',
    title: '子育てフェスタの保育補助（市内職員のみ）', category: 'operations', headcount: 3,
    summary: '子育てフェスタの託児コーナーで、お子さんの見守りをお願いします。保育の経験がある方を優先します。',
    published: -8, deadline: 12, work: [21, 21], minutesPerDay: 180, hoursNote: '9:30〜12:30', place: '本宮市 えぽか',
    skills: ['保育'], reach: 'town', status: 'open',
    apps: [
      { who: 'staff.motomiya', status: 'accepted' },
      { who: 'user011.motomiya', status: 'applied' },
    ],
  },
  {
    town: 'inawashiro', dept: 'kanko', by: 'manager.inawashiro', contact: 'staff.inawashiro',
    title: 'インバウンド向けパンフレットの翻訳チェック', category: 'planning', headcount: 2,
    summary: '猪苗代湖・磐梯山の観光パンフレット（英語・中国語・韓国語版）の翻訳を確認してくれる方を募集します。\n在宅でも庁舎でも作業できます。',
    published: -15, deadline: 14, work: [18, 32], minutesPerDay: 120, hoursNote: '1日2時間程度', place: '各自の職場（データでやりとり）',
    skills: ['英語', '中国語', '韓国語'], status: 'open',
    apps: [{ who: 'staff.sukagawa', status: 'declined', note: '今回は中国語・韓国語のできる方を優先させていただきました。' }],
  },
  {
    town: 'miharu', dept: 'kikaku', by: 'user002.miharu', contact: 'staff2.miharu',
    title: '広報みはる 表紙イラストの作成', category: 'other', headcount: 1,
    summary: '広報みはる新年号の表紙イラストを描いていただける方を募集します。テーマは「三春の冬」です。',
    published: -1, deadline: 29, work: [31, 45], minutesPerDay: 180, hoursNote: '合計6時間程度', place: '三春町役場 企画財政課',
    skills: ['イラスト', 'デザイン'], status: 'open', apps: [],
  },
  {
    town: 'miharu', dept: 'kanko', by: 'manager.miharu', contact: 'staff.miharu', contactNote: '観光政策課 0247-00-0000',
    title: '滝桜ライトアップ 臨時駐車場の誘導', category: 'busy_season', headcount: 6,
    summary: 'ライトアップ期間の臨時駐車場で車の誘導をお願いします。防寒着と誘導灯は町で用意します。',
    published: -40, deadline: -4, work: [6, 7], minutesPerDay: 180, hoursNote: '18:00〜21:00', place: '三春町 滝桜臨時駐車場',
    skills: ['イベント運営', '防災'], status: 'closed',
    apps: [
      { who: 'staff2.koriyama', status: 'accepted', days: 2 },
      { who: 'user013.tamura', status: 'accepted' },
      { who: 'user008.inawashiro', status: 'accepted' },
      { who: 'staff.tamura', status: 'applied' },
      { who: 'user010.sukagawa', status: 'declined', note: '定員の関係で今回は見送りとさせてください。' },
    ],
  },
  {
    town: 'koriyama', dept: 'joho', by: 'user003.koriyama',
    title: 'まなびあい：Excel関数とピボットテーブル入門の講師', category: 'learning', headcount: 1,
    summary: '職員向けのExcel勉強会（90分）の講師を募集します。テキストはこちらで用意します。',
    published: -75, deadline: -60, work: [-45, -45], minutesPerDay: 120, hoursNote: '15:00〜17:00', place: '郡山市役所 研修室（オンライン同時配信）',
    skills: ['Excel', 'データ分析'], status: 'finished',
    apps: [{ who: 'user013.koriyama', status: 'accepted', participated: 120, thanks: '分かりやすい講義で、受講者アンケートの満足度は95%でした。ありがとうございました！' }],
  },
  {
    town: 'tamura', dept: 'kanko', by: 'manager.tamura', contact: 'staff.tamura',
    title: 'あぶくま洞 秋の星空観察会の運営補助', category: 'operations', headcount: 4,
    summary: '星空観察会の受付と誘導をお願いします。',
    published: -70, deadline: -50, work: [-38, -38], minutesPerDay: 180, hoursNote: '18:00〜21:00', place: '田村市 星の村天文台',
    skills: ['イベント運営'], status: 'finished',
    apps: [
      { who: 'staff.koriyama', status: 'accepted', participated: 180, thanks: '素敵な写真をたくさん撮っていただき、SNSでも大好評でした。' },
      { who: 'staff2.sukagawa', status: 'accepted', participated: 180, thanks: '寒い中ありがとうございました。' },
      { who: 'user011.motomiya', status: 'accepted', participated: 0 },
      { who: 'user013.inawashiro', status: 'withdrawn' },
    ],
  },
  {
    town: 'tamura', dept: 'shoko', by: 'user006.tamura',
    title: '商工まつり 出店者受付の応援', category: 'operations', headcount: 3,
    summary: '商工まつりの出店者受付をお願いする予定でした。',
    published: -30, deadline: -10, work: [3, 3], minutesPerDay: 240, hoursNote: '8:30〜12:30', place: '田村市 船引運動場',
    skills: ['窓口対応'], status: 'cancelled', cancelReason: '台風接近の予報により、まつりが中止となったため',
    apps: [
      { who: 'staff2.inawashiro', status: 'cancelled' },
      { who: 'user015.sukagawa', status: 'cancelled' },
    ],
  },
  // Last 年度: the figures have two years to compare.
  {
    town: 'koriyama', dept: 'kanko', by: 'manager.koriyama', contact: 'staff.koriyama',
    title: '郡山の花火 応援スタッフの募集', category: 'busy_season', headcount: 8,
    summary: '花火大会の観覧エリアの誘導・案内をお願いします。',
    published: -80, deadline: -60, work: [-50, -50], minutesPerDay: 240, hoursNote: '17:30〜21:30', place: '郡山市 開成山公園',
    skills: ['イベント運営'], status: 'finished', lastYear: true,
    apps: [
      { who: 'staff.sukagawa', status: 'accepted', thanks: '英語での案内、海外からのお客様にとても喜ばれました。' },
      { who: 'staff2.tamura', status: 'accepted' },
      { who: 'user010.koriyama', status: 'accepted', thanks: 'いつも頼りにしています。' },
      { who: 'staff.motomiya', status: 'accepted' },
      { who: 'user014.tamura', status: 'declined', note: '定員に達しました。' },
    ],
  },
  {
    town: 'sukagawa', dept: 'shiminka', by: 'user009.sukagawa',
    title: '市民課窓口 繁忙期（3月末〜4月）の応援', category: 'busy_season', headcount: 4,
    summary: '転入・転出の多い時期の窓口案内と番号札の受付をお願いします。',
    published: 150, deadline: 165, work: [172, 174], minutesPerDay: 240, hoursNote: '8:30〜12:30', place: '須賀川市役所 1階 市民課',
    skills: ['窓口対応'], status: 'finished', lastYear: true,
    apps: [
      { who: 'user011.koriyama', status: 'accepted', days: 2, thanks: '窓口対応がとても丁寧でした。' },
      { who: 'staff2.inawashiro', status: 'accepted' },
      { who: 'user010.sukagawa', status: 'accepted', days: 3, thanks: '3日間ありがとうございました！' },
    ],
  },
  {
    town: 'inawashiro', dept: 'somuka', by: 'user001.inawashiro',
    title: '総合防災訓練の運営補助', category: 'operations', headcount: 5,
    summary: '町の総合防災訓練で、避難所開設訓練の受付と誘導をお願いします。',
    published: 0, deadline: 15, work: [25, 25], minutesPerDay: 210, hoursNote: '8:00〜11:30', place: '猪苗代町 中央公民館',
    skills: ['防災'], status: 'finished', lastYear: true,
    apps: [
      { who: 'user008.inawashiro', status: 'accepted', thanks: '消防団での経験を活かしてくださいました。' },
      { who: 'user011.koriyama', status: 'accepted' },
    ],
  },
];

interface DirectSeed {
  from: Handle;
  town: string;
  dept: string;
  to: Handle;
  title: string;
  body: string;
  category: Category;
  /** Days from today. */
  created: number;
  work: [number, number];
  minutesPerDay: number;
  hoursNote: string;
  place: string;
  status: DirectStatus;
  days?: number;
  responseNote?: string;
  participated?: number;
  thanks?: string;
  /** Days from October 1 of the last 年度 instead of today. */
  lastYear?: boolean;
}

export const demoDirectRequests: DirectSeed[] = [
  {
    from: 'user002.miharu', town: 'miharu', dept: 'kikaku', to: 'staff.tamura', category: 'other',
    title: '飼い主のいない猫対策チラシのイラスト作成', body: 'TNR活動を紹介するチラシに、やわらかいタッチの猫のイラストを2点お願いできませんか。',
    created: -50, work: [-35, -34], minutesPerDay: 120, hoursNote: '合計4時間程度', place: '各自の職場', status: 'accepted', days: 2,
    participated: 240, thanks: 'かわいいイラストのおかげで、チラシの問い合わせが倍になりました！',
  },
  {
    from: 'manager.motomiya', town: 'motomiya', dept: 'kanko', to: 'staff.koriyama', category: 'operations',
    title: 'まゆみの里 紅葉まつりの写真撮影', body: '紅葉まつり当日の記録写真をお願いしたいです。撮影した写真は市のSNSで使わせてください。',
    created: -4, work: [16, 16], minutesPerDay: 180, hoursNote: '10:00〜13:00', place: '本宮市 まゆみの里', status: 'pending_time', responseNote: 'ぜひ協力させてください。',
  },
  {
    from: 'manager.inawashiro', town: 'inawashiro', dept: 'kanko', to: 'staff2.sukagawa', category: 'planning',
    title: '猪苗代湖の空撮（ドローン）', body: 'PR動画用に湖畔の空撮をお願いできないでしょうか。天候次第で日程は調整します。',
    created: -2, work: [20, 40], minutesPerDay: 120, hoursNote: '2時間程度', place: '猪苗代町 天神浜', status: 'sent',
  },
  {
    from: 'user003.koriyama', town: 'koriyama', dept: 'joho', to: 'user011.motomiya', category: 'learning',
    title: 'オープンデータ集計の進め方について助言', body: '統計データの集計方法について30分ほど相談させてください。',
    created: -20, work: [-5, -5], minutesPerDay: 60, hoursNote: '30分〜1時間', place: 'オンライン', status: 'accepted',
    participated: 60, thanks: '的確なアドバイスで作業時間が半分になりました。',
  },
  {
    from: 'manager.sukagawa', town: 'sukagawa', dept: 'kanko', to: 'staff.inawashiro', category: 'operations',
    title: '牡丹園 中国語での案内', body: '牡丹園に中国からの団体が来訪します。園内の案内をお願いできますか。',
    created: -25, work: [-10, -10], minutesPerDay: 180, hoursNote: '9:00〜12:00', place: '須賀川牡丹園', status: 'declined',
    responseNote: '申し訳ありません、当日は町の行事があり伺えません。',
  },
  {
    from: 'user004.tamura', town: 'tamura', dept: 'kikaku', to: 'staff.miharu', category: 'planning',
    title: '移住PR動画の編集', body: '移住者インタビューの動画（約5分）の編集をお願いしたいです。',
    created: -14, work: [10, 20], minutesPerDay: 180, hoursNote: '合計6時間程度', place: '各自の職場', status: 'withdrawn',
  },
  {
    from: 'manager.koriyama', town: 'koriyama', dept: 'kanko', to: 'user015.sukagawa', category: 'operations',
    title: '観光案内所での手話対応', body: '聴覚に障がいのある方の団体ツアーで、手話での案内をお願いできますか。',
    created: 30, work: [40, 40], minutesPerDay: 120, hoursNote: '10:00〜12:00', place: '郡山駅 観光案内所', status: 'accepted', lastYear: true,
    participated: 120, thanks: '参加者の皆さんから「また来たい」との声をいただきました。',
  },
];

// ───────────────────────────────────────────── the seeding ─────────────────────────────────────────────

interface Person {
  id: string;
  municipalityId: string;
  departmentId: string | null;
  name: string;
  nameKana: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoHelpCounts {
  calls: number;
  applications: number;
  talent: number;
  directRequests: number;
  timeRequests: number;
}

/**
 * Writes the demo 職場応援 into the demo region (the seed's transaction, as the owner). Every person
 * named must exist (`staffPerTown` 20) and have a manager above them: their 20% requests need one.
 */
export async function seedDemoHelp(tx: Tx, regionId: string, now = new Date()): Promise<DemoHelpCounts> {
  const today = todayInJapan(now);
  const day = (n: number) => addDays(today, n);
  // October 1 of the last 年度, in days from today (seeds marked lastYear count from there).
  const lastYear = Math.round((Date.parse(`${fiscalYearOf(new Date(`${today}T00:00:00Z`)) - 1}-10-01`) - Date.parse(today)) / DAY);
  /** A moment on day n (JST), never after now. */
  const moment = (n: number, hour = 10) => new Date(Math.min(new Date(`${day(n)}T00:00:00+09:00`).getTime() + hour * HOUR, now.getTime() - 60_000));

  const rows = await tx<{ id: string; email: string; municipality_id: string; department_id: string | null; name: string; name_kana: string }[]>`
    select u.id, u.email, u.municipality_id, u.department_id, u.name, u.name_kana
    from users u join municipalities m on m.id = u.municipality_id where m.region_id = ${regionId}`;
  const people = new Map<Handle, Person>(rows.map((r) => [r.email.split('@')[0]!.toLowerCase(), {
    id: r.id, municipalityId: r.municipality_id, departmentId: r.department_id, name: r.name, nameKana: r.name_kana,
  }]));
  const person = (h: Handle): Person => {
    const p = people.get(h);
    if (!p) throw new Error(`demo help: no demo person "${h}"`);
    return p;
  };
  const towns = new Map((await tx<{ id: string; slug: string }[]>`select id, slug from municipalities where region_id = ${regionId}`).map((t) => [t.slug, t.id]));
  const deptRows = await tx<{ id: string; municipality_id: string; code: string }[]>`
    select d.id, d.municipality_id, d.code from departments d join municipalities m on m.id = d.municipality_id where m.region_id = ${regionId}`;
  const dept = (town: string, key: string) => {
    const mid = towns.get(town);
    const d = deptRows.find((r) => r.municipality_id === mid && r.code === key);
    if (!mid || !d) throw new Error(`demo help: no department ${town}/${key}`);
    return { municipalityId: mid, departmentId: d.id };
  };
  const policies = new Map((await tx<{ id: string; municipality_id: string }[]>`
    select p.id, p.municipality_id from time_policies p join municipalities m on m.id = p.municipality_id
    where m.region_id = ${regionId} and p.version = 1`).map((p) => [p.municipality_id, p.id]));
  // Whose manager approves whose 20% time: the nearest manager of their department or one above it.
  const approvers = new Map((await tx<{ user_id: string; approver_id: string }[]>`
    with recursive up as (
      select u.id as user_id, d.id as dept_id, d.parent_id, 0 as depth
      from users u join departments d on d.id = u.department_id join municipalities m on m.id = u.municipality_id
      where m.region_id = ${regionId}
      union all
      select up.user_id, p.id, p.parent_id, up.depth + 1 from departments p join up on p.id = up.parent_id where up.depth < 10
    )
    select distinct on (up.user_id) up.user_id, g.user_id as approver_id
    from up join role_grants g on g.department_id = up.dept_id and g.role = 'manager' and g.user_id <> up.user_id
    order by up.user_id, up.depth`).map((r) => [r.user_id, r.approver_id]));

  // ── 各課広報 and self-introductions ──
  for (const p of demoDepartmentPages) {
    const d = dept(p.town, p.dept);
    await tx`update departments set description = ${p.description} where id = ${d.departmentId}`;
  }
  for (const [h, text] of Object.entries(demoIntroductions)) {
    await tx`update users set introduction = ${text} where id = ${person(h).id}`;
  }

  const timeRows: Record<string, unknown>[] = [];
  const dayRows: Record<string, unknown>[] = [];
  const historyRows: Record<string, unknown>[] = [];

  type TimeStatus = 'submitted' | 'approved' | 'declined' | 'withdrawn' | 'cancelled';
  /**
   * A 20% request as requestTime() and the decision would have left it: submitted at `filed`,
   * decided a day later by the person's manager, with its days (actuals for work already done)
   * and history. Returns its id.
   */
  const fileTime = (p: Person, ref: { type: string; id: string; title: string }, dates: string[], minutes: number, o: {
    status: TimeStatus; filed: Date; comment?: string | null; actual?: number | null;
  }): string => {
    const approver = approvers.get(p.id);
    if (!approver) throw new Error(`demo help: nobody approves the time of ${p.name}`);
    const id = randomUUID();
    const decided = o.status === 'submitted' || o.status === 'withdrawn' ? null : new Date(Math.min(o.filed.getTime() + 20 * HOUR, now.getTime() - 30_000));
    const planned = minutes * dates.length;
    // Actual minutes only for approved work that is over (a 0 means they did not come).
    const actualPerDay = o.status === 'approved' && o.actual != null && dates.at(-1)! < today ? Math.floor(o.actual / dates.length) : null;
    timeRows.push({
      id, municipality_id: p.municipalityId, requester_id: p.id, department_id: p.departmentId, policy_id: policies.get(p.municipalityId) ?? null,
      activity_kind: 'help_call', ref_type: ref.type, ref_id: ref.id, ref_title: ref.title, purpose: ref.title, status: o.status,
      first_date: dates[0], last_date: dates.at(-1), planned_minutes: planned,
      actual_minutes: actualPerDay === null ? null : actualPerDay * dates.length, actuals_exceed: false,
      approver_id: approver, decided_by: decided ? approver : null, decided_at: decided, decision_comment: o.comment ?? null,
      submitted_at: o.filed, idempotency_key: `${ref.type}:${ref.id}:1`, created_at: o.filed, updated_at: decided ?? o.filed,
    });
    for (const d of dates) {
      dayRows.push({ municipality_id: p.municipalityId, request_id: id, requester_id: p.id, work_date: d, planned_minutes: minutes, actual_minutes: actualPerDay });
    }
    const hist = (action: string, from: string | null, to: string, at: Date, actor: string, comment: string | null = null) =>
      historyRows.push({ municipality_id: p.municipalityId, request_id: id, actor_id: actor, action, from_status: from, to_status: to, comment, at });
    hist('submit', null, 'submitted', o.filed, p.id);
    if (o.status === 'withdrawn') hist('withdraw', 'submitted', 'withdrawn', new Date(Math.min(o.filed.getTime() + 2 * DAY, now.getTime() - 30_000)), p.id);
    if (decided) {
      hist(o.status === 'declined' ? 'decline' : 'approve', 'submitted', o.status === 'declined' ? 'declined' : 'approved', decided, approver, o.comment ?? null);
      if (o.status === 'cancelled') hist('cancel', 'approved', 'cancelled', new Date(Math.min(decided.getTime() + 3 * DAY, now.getTime() - 30_000)), p.id);
    }
    return id;
  };
  const datesOf = (start: number, end: number, n = 1) => Array.from({ length: Math.min(n, end - start + 1) }, (_, i) => day(start + i));

  // ── calls and applications ──
  const callRows: Record<string, unknown>[] = [];
  const appRows: Record<string, unknown>[] = [];
  for (const seed of demoCalls) {
    const s = seed.lastYear ? lastYear : 0;
    const c = { ...seed, published: seed.published + s, deadline: seed.deadline + s, work: [seed.work[0] + s, seed.work[1] + s] as [number, number] };
    const callId = randomUUID();
    const { municipalityId, departmentId } = dept(c.town, c.dept);
    const by = person(c.by);
    const contact = person(c.contact ?? c.by);
    if (by.municipalityId !== municipalityId || contact.municipalityId !== municipalityId) throw new Error(`demo help: ${c.title} is posted from another town`);
    const skills = normalizeSkills(c.skills, SUGGESTED_SKILLS);
    const created = moment(c.published, 9);
    const workOver = day(c.work[1]) < today;
    let applied = 0;
    let accepted = 0;
    const seen = new Set<Handle>();
    for (const [i, a] of c.apps.entries()) {
      if (seen.has(a.who)) throw new Error(`demo help: ${a.who} applies twice to ${c.title}`);
      seen.add(a.who);
      const p = person(a.who);
      if (p.id === by.id || p.id === contact.id) throw new Error(`demo help: ${a.who} applies to their own call`);
      if (c.reach === 'town' && p.municipalityId !== municipalityId) throw new Error(`demo help: ${a.who} cannot see ${c.title}`);
      const id = randomUUID();
      const filed = moment(c.published + 1 + (i % 3), 10 + i);
      const dates = datesOf(c.work[0], c.work[1], a.days ?? 1);
      const planned = c.minutesPerDay * dates.length;
      const counted = !['pending_time', 'withdrawn', 'time_declined'].includes(a.status);
      // As the worker does when help falls through: a cancelled call, or a declined application whose
      // work is still ahead, gives the approved time back (cancelled).
      const released = a.status === 'cancelled' || (a.status === 'declined' && dates[0]! > today);
      const timeStatus: TimeStatus = a.status === 'pending_time' ? 'submitted' : a.status === 'withdrawn' ? 'withdrawn'
        : a.status === 'time_declined' ? 'declined' : released ? 'cancelled' : 'approved';
      const participated = a.status === 'accepted' && workOver ? (a.participated ?? planned) : null;
      const timeId = fileTime(p, { type: 'help_application', id, title: c.title }, dates, c.minutesPerDay, {
        status: timeStatus, filed, comment: a.status === 'time_declined' ? a.note ?? '業務の都合により承認できません。' : null, actual: participated,
      });
      const countedAt = counted ? new Date(Math.min(filed.getTime() + 20 * HOUR, now.getTime() - 30_000)) : null;
      const decidedAt = ['accepted', 'declined'].includes(a.status) && countedAt ? new Date(Math.min(countedAt.getTime() + DAY, now.getTime() - 20_000)) : null;
      const afterWork = participated !== null ? new Date(Math.min(moment(c.work[1] + 1, 11).getTime(), now.getTime() - 10_000)) : null;
      if (counted && a.status !== 'cancelled') applied++;
      if (a.status === 'accepted') accepted++;
      appRows.push({
        id, region_id: regionId, call_id: callId, user_id: p.id, municipality_id: p.municipalityId, status: a.status,
        message: a.message ?? null, time_request_id: timeId, attempt: 1, planned_minutes: planned, first_date: dates[0],
        counted_at: countedAt, decided_at: decidedAt, decided_by: decidedAt ? by.id : null,
        decision_note: a.status === 'declined' ? a.note ?? null : null,
        withdrawn_at: a.status === 'withdrawn' ? new Date(Math.min(filed.getTime() + 2 * DAY, now.getTime() - 30_000)) : null,
        participated_minutes: participated, recorded_at: afterWork, recorded_by: afterWork ? by.id : null,
        thanks: afterWork && a.thanks ? a.thanks : null, thanked_at: afterWork && a.thanks ? afterWork : null, thanked_by: afterWork && a.thanks ? by.id : null,
        created_at: filed, updated_at: afterWork ?? decidedAt ?? countedAt ?? filed,
      });
    }
    if (accepted > c.headcount) throw new Error(`demo help: ${c.title} accepts more than its headcount`);
    const closedAt = c.status === 'open' ? null : moment(c.deadline + 1, 0);
    callRows.push({
      id: callId, region_id: regionId, municipality_id: municipalityId, department_id: departmentId, title: c.title, category: c.category,
      summary: c.summary, headcount: c.headcount, published_on: day(c.published), deadline: day(c.deadline),
      work_start: day(c.work[0]), work_end: day(c.work[1]), hours_note: c.hoursNote, minutes_per_day: c.minutesPerDay, place: c.place,
      skills, contact_id: contact.id, contact_note: c.contactNote ?? null, reach: c.reach ?? 'region', status: c.status,
      cancel_reason: c.cancelReason ?? null, applied_count: applied, accepted_count: accepted, created_by: by.id, idempotency_key: null,
      closed_at: c.status === 'closed' || c.status === 'finished' ? closedAt : null,
      finished_at: c.status === 'finished' ? moment(c.work[1] + 1, 9) : null,
      cancelled_at: c.status === 'cancelled' ? moment(c.deadline - 3, 15) : null,
      search: toTsvectorLiteral([c.title, c.summary, c.place, skills.join(' '), c.hoursNote]),
      created_at: created, updated_at: created,
    });
  }

  // ── the talent registry ──
  const talentRows: Record<string, unknown>[] = [];
  for (const t of demoTalent) {
    const p = person(t.who);
    const skills = normalizeSkills(t.skills, SUGGESTED_SKILLS);
    const notify = normalizeSkills(t.notify ?? [], SUGGESTED_SKILLS);
    if (notify.some((s) => !skills.includes(s))) throw new Error(`demo help: ${t.who} is notified of a skill they do not have`);
    const optedIn = moment(-t.since, 12);
    const optedOut = t.optedOut ? moment(-t.optedOut, 12) : null;
    talentRows.push({
      region_id: regionId, user_id: p.id, municipality_id: p.municipalityId, active: !optedOut, skills, notify_skills: notify,
      introduction: t.introduction, availability: t.availability,
      search: toTsvectorLiteral([p.name, p.nameKana, skills.join(' '), t.introduction]),
      opted_in_at: optedIn, opted_out_at: optedOut, created_at: optedIn, updated_at: optedOut ?? optedIn,
    });
  }
  const activeTalent = new Set(demoTalent.filter((t) => !t.optedOut).map((t) => t.who));

  // ── direct requests ──
  const directRows: Record<string, unknown>[] = [];
  for (const seed of demoDirectRequests) {
    const s = seed.lastYear ? lastYear : 0;
    const r = { ...seed, created: seed.created + s, work: [seed.work[0] + s, seed.work[1] + s] as [number, number] };
    if (!activeTalent.has(r.to)) throw new Error(`demo help: ${r.to} is not registered talent`);
    const id = randomUUID();
    const from = person(r.from);
    const to = person(r.to);
    const { municipalityId, departmentId } = dept(r.town, r.dept);
    if (from.municipalityId !== municipalityId) throw new Error(`demo help: ${r.title} is sent from another town`);
    const created = moment(r.created, 9);
    const answered = r.status === 'sent' ? null : new Date(Math.min(created.getTime() + DAY, now.getTime() - 40_000));
    const withTime = ['pending_time', 'accepted', 'time_declined'].includes(r.status);
    const dates = datesOf(r.work[0], r.work[1], r.days ?? 1);
    const workOver = dates.at(-1)! < today;
    const participated = r.status === 'accepted' && workOver ? (r.participated ?? r.minutesPerDay * dates.length) : null;
    const timeId = withTime && answered
      ? fileTime(to, { type: 'help_direct_request', id, title: r.title }, dates, r.minutesPerDay, {
        status: r.status === 'pending_time' ? 'submitted' : r.status === 'accepted' ? 'approved' : 'declined', filed: answered, actual: participated,
        comment: r.status === 'time_declined' ? '業務の都合により承認できません。' : null,
      })
      : null;
    const confirmed = r.status === 'accepted' && answered ? new Date(Math.min(answered.getTime() + 20 * HOUR, now.getTime() - 30_000)) : null;
    const afterWork = participated !== null ? new Date(Math.min(moment(r.work[1] + 1, 11).getTime(), now.getTime() - 10_000)) : null;
    directRows.push({
      id, region_id: regionId, municipality_id: municipalityId, department_id: departmentId, requested_by: from.id,
      talent_user_id: to.id, talent_municipality_id: to.municipalityId, title: r.title, body: r.body, category: r.category,
      work_start: day(r.work[0]), work_end: day(r.work[1]), hours_note: r.hoursNote, minutes_per_day: r.minutesPerDay, place: r.place,
      status: r.status, response_note: r.responseNote ?? null, responded_at: r.status === 'withdrawn' ? null : answered,
      time_request_id: timeId, attempt: 1, planned_minutes: timeId ? r.minutesPerDay * dates.length : 0, first_date: timeId ? dates[0] : null,
      confirmed_at: confirmed, withdrawn_at: r.status === 'withdrawn' ? new Date(Math.min(created.getTime() + 2 * DAY, now.getTime() - 30_000)) : null,
      idempotency_key: null,
      participated_minutes: participated, recorded_at: afterWork, recorded_by: afterWork ? from.id : null,
      thanks: afterWork && r.thanks ? r.thanks : null, thanked_at: afterWork && r.thanks ? afterWork : null, thanked_by: afterWork && r.thanks ? from.id : null,
      created_at: created, updated_at: afterWork ?? confirmed ?? answered ?? created,
    });
  }

  const insert = async (table: string, list: Record<string, unknown>[]) => {
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      await tx`insert into ${tx(table)} ${tx(chunk as Record<string, postgres.ParameterOrJSON<never>>[], Object.keys(chunk[0]!))}`;
    }
  };
  await insert('help_calls', callRows);
  await insert('help_applications', appRows);
  await insert('talent_profiles', talentRows);
  await insert('help_direct_requests', directRows);
  await insert('time_requests', timeRows);
  await insert('time_request_days', dayRows);
  await insert('time_request_history', historyRows);
  return { calls: callRows.length, applications: appRows.length, talent: talentRows.length, directRequests: directRows.length, timeRequests: timeRows.length };
}
