/**
 * The demo region: こおりやま広域圏 with six of its real member municipalities (real names and
 * 全国地方公共団体コード) and fictional staff. Everything here is deterministic, so a demo sign-in
 * always lands on the same person.
 */
export const DEMO_PASSWORD = 'yui-demo';
export const DEMO_DOMAIN = 'demo.yui.example';

export const demoRegion = { slug: 'koriyama', name: 'こおりやま広域圏', nameKana: 'こおりやまこういきけん' };

export interface DeptSeed {
  key: string;
  kind: 'bu' | 'ka' | 'kakari';
  name: string;
  nameKana: string;
  children?: DeptSeed[];
  emergencyDuties?: string;
}

const cityTree = (tourismBu: string, tourismBuKana: string): DeptSeed[] => [
  {
    key: 'somu', kind: 'bu', name: '総務部', nameKana: 'そうむぶ',
    children: [
      { key: 'somuka', kind: 'ka', name: '総務課', nameKana: 'そうむか', emergencyDuties: '災害対策本部の設置・運営',
        children: [{ key: 'shomu', kind: 'kakari', name: '庶務係', nameKana: 'しょむかかり' }] },
      { key: 'jinji', kind: 'ka', name: '人事課', nameKana: 'じんじか', emergencyDuties: '職員の参集状況の把握',
        children: [{ key: 'kenshu', kind: 'kakari', name: '研修係', nameKana: 'けんしゅうかかり' }] },
      { key: 'joho', kind: 'ka', name: '情報政策課', nameKana: 'じょうほうせいさくか', emergencyDuties: '情報システムの復旧' },
    ],
  },
  {
    key: 'seisaku', kind: 'bu', name: '政策開発部', nameKana: 'せいさくかいはつぶ',
    children: [
      { key: 'kikaku', kind: 'ka', name: '政策開発課', nameKana: 'せいさくかいはつか', emergencyDuties: '被害情報の集約' },
      { key: 'koiki', kind: 'ka', name: '広域連携課', nameKana: 'こういきれんけいか', emergencyDuties: '近隣自治体との応援調整' },
    ],
  },
  {
    key: 'sangyo', kind: 'bu', name: tourismBu, nameKana: tourismBuKana,
    children: [
      { key: 'kanko', kind: 'ka', name: '観光政策課', nameKana: 'かんこうせいさくか', emergencyDuties: '観光客の避難誘導・帰宅支援',
        children: [{ key: 'kankokikaku', kind: 'kakari', name: '観光企画係', nameKana: 'かんこうきかくかかり' }] },
      { key: 'shoko', kind: 'ka', name: '商工政策課', nameKana: 'しょうこうせいさくか', emergencyDuties: '事業者の被害調査' },
    ],
  },
  {
    key: 'fukushi', kind: 'bu', name: '保健福祉部', nameKana: 'ほけんふくしぶ',
    children: [
      { key: 'kosodate', kind: 'ka', name: 'こども支援課', nameKana: 'こどもしえんか', emergencyDuties: '福祉避難所の運営' },
      { key: 'korei', kind: 'ka', name: '高齢福祉課', nameKana: 'こうれいふくしか', emergencyDuties: '要配慮者の安否確認' },
    ],
  },
  {
    key: 'shimin', kind: 'bu', name: '市民部', nameKana: 'しみんぶ',
    children: [
      { key: 'shiminka', kind: 'ka', name: '市民課', nameKana: 'しみんか', emergencyDuties: '避難所の受付',
        children: [{ key: 'madoguchi', kind: 'kakari', name: '窓口係', nameKana: 'まどぐちかかり' }] },
      { key: 'zeimu', kind: 'ka', name: '税務課', nameKana: 'ぜいむか', emergencyDuties: '罹災証明書の発行' },
    ],
  },
];

/** Towns have no 部: their 課 sit at the top. */
const townTree = (tourismKa: string, tourismKaKana: string): DeptSeed[] => [
  { key: 'somuka', kind: 'ka', name: '総務課', nameKana: 'そうむか', emergencyDuties: '災害対策本部の設置・運営',
    children: [
      { key: 'shomu', kind: 'kakari', name: '総務係', nameKana: 'そうむかかり' },
      { key: 'jinji', kind: 'kakari', name: '人事係', nameKana: 'じんじかかり' },
    ] },
  { key: 'kikaku', kind: 'ka', name: '企画財政課', nameKana: 'きかくざいせいか', emergencyDuties: '被害情報の集約',
    children: [{ key: 'kikakukakari', kind: 'kakari', name: '企画係', nameKana: 'きかくかかり' }] },
  { key: 'kanko', kind: 'ka', name: tourismKa, nameKana: tourismKaKana, emergencyDuties: '観光客の避難誘導',
    children: [{ key: 'kankokakari', kind: 'kakari', name: '商工観光係', nameKana: 'しょうこうかんこうかかり' }] },
  { key: 'jumin', kind: 'ka', name: '住民課', nameKana: 'じゅうみんか', emergencyDuties: '避難所の受付' },
  { key: 'hoken', kind: 'ka', name: '保健福祉課', nameKana: 'ほけんふくしか', emergencyDuties: '要配慮者の安否確認' },
  { key: 'zeimu', kind: 'ka', name: '税務課', nameKana: 'ぜいむか', emergencyDuties: '罹災証明書の発行' },
];

export interface TownSeed {
  slug: string;
  code: string;
  name: string;
  nameKana: string;
  departments: DeptSeed[];
  /** The department of staff.<town>, staff2.<town>; manager.<town> heads it. */
  tourismKey: string;
  adminKey: string;
}

export const demoTowns: TownSeed[] = [
  { slug: 'koriyama', code: '07203', name: '郡山市', nameKana: 'こおりやまし', departments: cityTree('産業観光部', 'さんぎょうかんこうぶ'), tourismKey: 'kanko', adminKey: 'jinji' },
  { slug: 'sukagawa', code: '07207', name: '須賀川市', nameKana: 'すかがわし', departments: cityTree('産業部', 'さんぎょうぶ'), tourismKey: 'kanko', adminKey: 'jinji' },
  { slug: 'tamura', code: '07211', name: '田村市', nameKana: 'たむらし', departments: cityTree('産業部', 'さんぎょうぶ'), tourismKey: 'kanko', adminKey: 'jinji' },
  { slug: 'motomiya', code: '07214', name: '本宮市', nameKana: 'もとみやし', departments: cityTree('産業部', 'さんぎょうぶ'), tourismKey: 'kanko', adminKey: 'jinji' },
  { slug: 'inawashiro', code: '07408', name: '猪苗代町', nameKana: 'いなわしろまち', departments: townTree('商工観光課', 'しょうこうかんこうか'), tourismKey: 'kanko', adminKey: 'somuka' },
  { slug: 'miharu', code: '07521', name: '三春町', nameKana: 'みはるまち', departments: townTree('観光政策課', 'かんこうせいさくか'), tourismKey: 'kanko', adminKey: 'somuka' },
];

// Fictional names. Family and given names are combined deterministically per town.
export const familyNames: [string, string][] = [
  ['佐藤', 'さとう'], ['鈴木', 'すずき'], ['高橋', 'たかはし'], ['渡辺', 'わたなべ'], ['伊藤', 'いとう'],
  ['斎藤', 'さいとう'], ['遠藤', 'えんどう'], ['菅野', 'かんの'], ['吉田', 'よしだ'], ['阿部', 'あべ'],
  ['橋本', 'はしもと'], ['石井', 'いしい'], ['本田', 'ほんだ'], ['松本', 'まつもと'], ['大槻', 'おおつき'],
  ['国分', 'こくぶん'], ['二瓶', 'にへい'], ['三瓶', 'さんぺい'], ['根本', 'ねもと'], ['猪狩', 'いがり'],
  ['宗像', 'むなかた'], ['安斎', 'あんざい'], ['熊田', 'くまだ'], ['柳沼', 'やぎぬま'],
];
export const givenNames: [string, string][] = [
  ['陽菜', 'ひな'], ['結衣', 'ゆい'], ['大翔', 'ひろと'], ['蓮', 'れん'], ['美咲', 'みさき'], ['健太', 'けんた'],
  ['さくら', 'さくら'], ['翔太', 'しょうた'], ['彩花', 'あやか'], ['拓海', 'たくみ'], ['真央', 'まお'],
  ['悠斗', 'ゆうと'], ['千尋', 'ちひろ'], ['直樹', 'なおき'], ['里奈', 'りな'], ['一真', 'かずま'],
  ['愛', 'あい'], ['誠', 'まこと'], ['由美子', 'ゆみこ'], ['浩二', 'こうじ'], ['明日香', 'あすか'], ['亮', 'りょう'],
];

export const positions = ['主事', '主任', '主査', '副主幹', '係長', '課長補佐'];

// ─────────────────────────── personnel records (職員サポート制度 reads them) ───────────────────────────
// seed.ts writes a fixed 4月1日 hire year per person; demo-mentoring.ts rewrites them from what follows
// (relative to the current 年度, so that years of service stay plausible for the position), adds the
// 新採用職員 of this 年度 (and, in 郡山市, of the last), and dates each 係長's appointment.

/** Years of service by position (inclusive range); generated staff get one from it by their number. */
export const serviceYearsByPosition: Record<string, [number, number]> = {
  課長: [24, 31], 課長補佐: [20, 26], 主幹: [18, 22], 副主幹: [15, 20], 係長: [12, 18], 主査: [8, 14], 主任: [4, 9], 主事: [1, 4],
};

/** Demo sign-ins hired in a fixed year (the mentors of the demo pairs); the others keep seed.ts's year. */
export const demoHireYears: Record<string, number> = {
  'staff.koriyama': 2012,
  'staff.tamura': 2009,
  'staff.sukagawa': 2011,
};

/** 新任係長: became 係長 on April 1 of the current 年度 (other 係長: 1–5 years before). By town slug. */
export const demoNewChiefs: Record<string, string> = { miharu: 'user011.miharu' };

/**
 * 新採用職員 (all 主事, hired April 1), by town slug: the departments they joined, in order. `new01`… are
 * this 年度's, `last01`… the last 年度's (郡山市 only: its closed programme of last year).
 */
export const demoNewHires: Record<string, { current: string[]; last?: string[] }> = {
  koriyama: { current: ['kankokikaku', 'shomu', 'joho', 'kosodate', 'korei', 'kikaku'], last: ['shomu', 'kankokikaku', 'shoko'] },
  sukagawa: { current: ['kankokikaku', 'shomu', 'joho', 'kosodate', 'kenshu'] },
  tamura: { current: ['kankokikaku', 'shomu', 'joho', 'kosodate', 'kenshu'] },
  motomiya: { current: ['kankokikaku', 'shomu', 'joho', 'kosodate'] },
  inawashiro: { current: ['shomu', 'kikakukakari', 'jumin', 'hoken'] },
  miharu: { current: ['shomu', 'kikakukakari', 'jumin', 'hoken'] },
};

/** A new hire's name: another stride through the name lists than seed.ts's, so they do not repeat the staff's. */
export function newHireName(townIndex: number, k: number): { name: string; kana: string } {
  const f = familyNames[(townIndex * 5 + k * 11 + 3) % familyNames.length]!;
  const g = givenNames[(townIndex * 3 + k * 7 + 13) % givenNames.length]!;
  return { name: `${f[0]} ${g[0]}`, kana: `${f[1]} ${g[1]}` };
}
