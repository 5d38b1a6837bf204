/**
 * 職員サポート制度 (mentoring) of the demo region, and the personnel records it reads (hire dates, the
 * 新採用職員 of this 年度, since when each 係長 is 係長). Dates are relative to the day of seeding (Japan
 * time); the content is fixed. Runs inside the seed's transaction as the owner (RLS does not apply),
 * after 職場応援.
 *
 * Who is where (demo sign-ins, password yui-demo; people named by the local part of their e-mail):
 *
 *  郡山市「<年度>年度 新採用職員サポート」 (town, new_hire, hired_in_year, near; run by admin.koriyama)
 *   - staff.koriyama (mentor, capacity 2, hired 2012) ↔ new01.koriyama (観光企画係): good — a session about
 *     every 3 weeks since May, the next one planned in 5 days, private notes by both, mid-point surveys.
 *   - user011.koriyama ↔ new02.koriyama: quiet (last session 5–6 weeks ago, nudged), mid-point surveys.
 *   - user010.koriyama ↔ new03.koriyama: stalled (no session for 10 weeks; nudged and escalated).
 *   - user015.koriyama ↔ new04.koriyama: ended — new04 asked for a new match (user015 excluded) and is
 *     unmatched again, as are new05 and new06: the matching board has three mentees; user009.koriyama
 *     is a mentor with no mentee yet.
 *  郡山市「<年度-1>年度 新採用職員サポート」: closed; last01–03.koriyama's pairs completed, with end surveys.
 *  三春町「新任係長サポート」 (town, new_chief, chief_in_year; run by admin.miharu):
 *   - user012.miharu (課長補佐) ↔ user011.miharu (係長 since April 1 of this 年度).
 *  「広域メンタリング（郡山地域）」 (region, cross_town, anyone, far; run by coordinator@demo.yui.example):
 *   - staff.tamura (mentor) ↔ staff2.koriyama (mentee): good — several sessions, notes by both, the next
 *     session planned, mid-point surveys.
 *   - staff.sukagawa (mentor) ↔ staff2.miharu (mentee): stalled; staff.sukagawa has an open confidential
 *     consultation about it with manager.miharu (staff2.miharu's 所属長), two messages.
 *   - not yet matched: mentors user015.sukagawa, user009.tamura; mentees user013.inawashiro, user007.miharu.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { addDays, fiscalYearOf, fiscalYearRange, normalizeSkills, todayInJapan } from '@yui/domain';
import { DEMO_DOMAIN, demoHireYears, demoNewChiefs, demoNewHires, demoTowns, newHireName, serviceYearsByPosition } from './demo-data';

type Tx = postgres.TransactionSql;
type Handle = string;
type Distance = 'same_ka' | 'same_bu' | 'other_bu' | 'other_town';
type TownPref = 'own' | 'other' | 'any';

// ───────────────────────────────────────────── the content ─────────────────────────────────────────────

interface MentorSeed { who: Handle; capacity: number; skills: string[]; townPreference?: TownPref; note: string }
interface MenteeSeed { who: Handle; interests: string[]; townPreference?: TownPref; note: string; enrolled?: boolean }
interface NoteSeed { by: 'mentor' | 'mentee'; /** Held session, counted back from the last (0 = the last). */ session: number; body: string }
interface SurveySeed { by: 'mentor' | 'mentee'; satisfaction: number; usefulness: number; comment: string }
interface ConsultationSeed {
  subject: string;
  /** The people consulted, by handle (the mentee's 所属長 for kind manager). */
  with: Handle[];
  kind: 'manager' | 'hr';
  messages: Array<{ by: Handle; day: number; body: string }>;
}
interface PairSeed {
  mentor: Handle;
  mentee: Handle;
  /** Days after the programme's start that the pair began. */
  started: number;
  goals: string;
  /** Held sessions: the last one this many days from today (last 年度: before the programme's end), then every `every` days back. */
  lastHeld: number;
  every: number;
  topics: string[];
  place?: string;
  /** The next session, planned this many days from today. */
  planned?: { in: number; time: string; topic: string; place?: string };
  /** Asked for a new match this many days from today (the pair ended then). */
  rematch?: { day: number; reason: string };
  notes?: NoteSeed[];
  mid?: SurveySeed[];
  end?: SurveySeed[];
  consultation?: ConsultationSeed;
  via?: 'manual' | 'assignment';
}
interface ProgrammeSeed {
  town: string;
  scope: 'town' | 'region';
  kind: 'new_hire' | 'new_chief' | 'cross_town';
  /** 0: the current 年度; -1: the last (closed after its end). */
  year: 0 | -1;
  title: (fy: number) => string;
  goals: string;
  menteeRule: 'hired_in_year' | 'chief_in_year' | 'anyone';
  mentorMinYears: number;
  departmentPreference: 'near' | 'far' | 'any';
  sessionMinutes: number;
  by: Handle;
  /** Days after the 年度's start the programme opens (its start date); created two weeks before. */
  opens: number;
  mentors: MentorSeed[];
  mentees: MenteeSeed[];
  pairs: PairSeed[];
}

const NEW_HIRE_TOPICS = [
  '配属後1か月の振り返り', '窓口対応で困ったこと', '電話応対と庁内の相談先', '決裁文書の書き方', '仕事の優先順位のつけ方',
  '予算要求の進め方', '議会対応の基本', '繁忙期の乗り切り方', '研修で学んだことの振り返り', '来年度に向けて',
];

export const demoProgrammes: ProgrammeSeed[] = [
  {
    town: 'koriyama', scope: 'town', kind: 'new_hire', year: 0,
    title: (fy) => `${fy}年度 新採用職員サポート`,
    goals: '新採用職員が職場に早くなじみ、仕事の進め方や悩みを気軽に相談できる先輩をつくる。\n同じ部の身近な先輩が、月1回程度の面談で1年間サポートします。',
    menteeRule: 'hired_in_year', mentorMinYears: 5, departmentPreference: 'near', sessionMinutes: 45, by: 'admin.koriyama', opens: 14,
    mentors: [
      { who: 'staff.koriyama', capacity: 2, skills: ['SNS発信', '写真撮影', '観光PR', 'イベント運営'], townPreference: 'own', note: '観光の仕事の面白さと、SNS発信のコツをお伝えできます。' },
      { who: 'user011.koriyama', capacity: 1, skills: ['防災', '窓口対応', '庶務'], note: '総務の仕事全般と、防災の基本を一緒に確認しましょう。' },
      { who: 'user010.koriyama', capacity: 2, skills: ['PowerPoint', '司会', '研修企画', '文章作成'], note: '新任職員研修の講師をしています。資料づくりや話し方の相談にのります。' },
      { who: 'user015.koriyama', capacity: 1, skills: ['企画立案', '文章作成', '広域連携'], note: '企画の立て方や、他の市町村との調整の経験をお話しできます。' },
      { who: 'user009.koriyama', capacity: 2, skills: ['窓口対応', 'Excel', '予算'], note: '窓口と予算の実務ならお任せください。' },
    ],
    mentees: [
      { who: 'new01.koriyama', interests: ['SNS発信', '観光PR', '企画立案'], note: '観光の企画に関わりたいです。', enrolled: true },
      { who: 'new02.koriyama', interests: ['庶務', '文章作成'], note: '文書事務に早く慣れたいです。', enrolled: true },
      { who: 'new03.koriyama', interests: ['Excel', 'データ分析', '予算'], note: 'システムの仕事は初めてで不安があります。', enrolled: true },
      { who: 'new04.koriyama', interests: ['窓口対応', '保育'], note: '子育て世帯の相談に丁寧に対応できるようになりたいです。', enrolled: true },
      { who: 'new05.koriyama', interests: ['窓口対応', '文章作成'], note: '高齢の方への説明の仕方を学びたいです。', enrolled: true },
      { who: 'new06.koriyama', interests: ['企画立案', 'PowerPoint', 'データ分析'], note: '会議資料のつくり方を教わりたいです。', enrolled: true },
    ],
    pairs: [
      {
        mentor: 'staff.koriyama', mentee: 'new01.koriyama', started: 20, every: 21, lastHeld: -9, topics: NEW_HIRE_TOPICS, place: '観光政策課 打合せスペース',
        goals: '観光イベントの準備の流れをつかむ。\nSNSの投稿を一人で企画できるようになる。',
        planned: { in: 5, time: '15:30', topic: 'うねめまつりの振り返りと冬のイベント準備', place: '観光政策課 打合せスペース' },
        notes: [
          { by: 'mentor', session: 0, body: '窓口での説明に自信がついてきた様子。次回は冬のイベントの段取りを一緒に確認する。' },
          { by: 'mentee', session: 0, body: '決裁の回し方のメモをいただいた。課内の誰に何を聞けばよいかの一覧をつくる。' },
          { by: 'mentor', session: 2, body: '残業が続いていると相談あり。優先順位のつけ方を一緒に整理した。係長にも共有済み。' },
          { by: 'mentee', session: 3, body: '予算要求の資料は、前年度の資料を読むところから。来週までに読んでおく。' },
        ],
        mid: [
          { by: 'mentee', satisfaction: 5, usefulness: 5, comment: '身近な先輩に何でも聞けるので心強いです。面談のあとは仕事の見通しが立ちます。' },
          { by: 'mentor', satisfaction: 4, usefulness: 4, comment: '自分の仕事の振り返りにもなっています。面談の時間をもう少し取りたいです。' },
        ],
      },
      {
        mentor: 'user011.koriyama', mentee: 'new02.koriyama', started: 20, every: 24, lastHeld: -39, topics: NEW_HIRE_TOPICS, place: '総務課 小会議室',
        goals: '文書事務と庶務の基本を身につける。',
        notes: [{ by: 'mentee', session: 0, body: '文書の起案で迷ったら、まず例規集と過去の起案を探す。' }],
        mid: [
          { by: 'mentee', satisfaction: 4, usefulness: 3, comment: '相談しやすいですが、お互い忙しく面談の日程がなかなか合いません。' },
          { by: 'mentor', satisfaction: 3, usefulness: 3, comment: '議会の時期と重なり、時間を取れていないのが反省点です。' },
        ],
      },
      {
        mentor: 'user010.koriyama', mentee: 'new03.koriyama', started: 27, every: 28, lastHeld: -70, topics: NEW_HIRE_TOPICS, place: '人事課 研修室',
        goals: '情報システムの仕事の全体像をつかむ。\n困ったときに相談できる人を課の外にもつくる。',
      },
      {
        mentor: 'user015.koriyama', mentee: 'new04.koriyama', started: 20, every: 30, lastHeld: -75, topics: NEW_HIRE_TOPICS, place: '広域連携課 打合せ室',
        goals: '子育て支援の制度を理解し、窓口で説明できるようになる。',
        rematch: { day: -24, reason: '勤務する庁舎が離れていて、面談の時間を取るのが難しいため。同じ部の方にお願いしたいです。' },
      },
    ],
  },
  {
    town: 'koriyama', scope: 'town', kind: 'new_hire', year: -1,
    title: (fy) => `${fy}年度 新採用職員サポート`,
    goals: '新採用職員が1年間、身近な先輩に仕事や職場の悩みを相談できるようにする。',
    menteeRule: 'hired_in_year', mentorMinYears: 5, departmentPreference: 'near', sessionMinutes: 60, by: 'admin.koriyama', opens: 14,
    mentors: [
      { who: 'user010.koriyama', capacity: 2, skills: ['PowerPoint', '司会', '研修企画'], note: '研修の企画をしています。' },
      { who: 'staff2.koriyama', capacity: 1, skills: ['イベント運営', '司会'], note: 'イベントの現場のことなら何でも。' },
      { who: 'user015.koriyama', capacity: 1, skills: ['企画立案', '文章作成'], note: '企画書づくりの相談にのります。' },
    ],
    mentees: [
      { who: 'last01.koriyama', interests: ['庶務', 'PowerPoint'], note: '', enrolled: true },
      { who: 'last02.koriyama', interests: ['イベント運営', 'SNS発信'], note: '', enrolled: true },
      { who: 'last03.koriyama', interests: ['企画立案', 'Excel'], note: '', enrolled: true },
    ],
    pairs: [
      {
        mentor: 'user010.koriyama', mentee: 'last01.koriyama', started: 19, every: 30, lastHeld: -35, topics: NEW_HIRE_TOPICS, via: 'assignment',
        goals: '庶務の年間の流れを覚える。',
        end: [
          { by: 'mentee', satisfaction: 5, usefulness: 4, comment: '1年間ありがとうございました。困ったときの相談先があって安心でした。' },
          { by: 'mentor', satisfaction: 4, usefulness: 4, comment: '研修の内容を見直すヒントをたくさんもらいました。' },
        ],
      },
      {
        mentor: 'staff2.koriyama', mentee: 'last02.koriyama', started: 19, every: 28, lastHeld: -40, topics: NEW_HIRE_TOPICS, via: 'assignment',
        goals: 'イベントの準備から当日運営までを一通り経験する。',
        end: [
          { by: 'mentee', satisfaction: 4, usefulness: 5, comment: '花火大会の運営を任せてもらえるようになりました。' },
          { by: 'mentor', satisfaction: 5, usefulness: 4, comment: '頼もしい後輩になりました。来年度もメンターをやりたいです。' },
        ],
      },
      {
        mentor: 'user015.koriyama', mentee: 'last03.koriyama', started: 26, every: 35, lastHeld: -60, topics: NEW_HIRE_TOPICS, via: 'assignment',
        goals: '企画書を自分で書けるようになる。',
        end: [
          { by: 'mentee', satisfaction: 3, usefulness: 3, comment: '後半は面談の間隔が空いてしまいました。' },
          { by: 'mentor', satisfaction: 3, usefulness: 3, comment: '異動の時期と重なり、十分な時間を取れませんでした。' },
        ],
      },
    ],
  },
  {
    town: 'miharu', scope: 'town', kind: 'new_chief', year: 0,
    title: () => '新任係長サポート',
    goals: '新しく係長になった職員が、係の運営や部下の育成について経験のある先輩に相談できるようにする。',
    menteeRule: 'chief_in_year', mentorMinYears: 15, departmentPreference: 'any', sessionMinutes: 60, by: 'admin.miharu', opens: 30,
    mentors: [
      { who: 'user012.miharu', capacity: 1, skills: ['係の運営', '人材育成', '予算'], note: '係長を8年務めました。係の運営の悩みを一緒に考えます。' },
    ],
    mentees: [{ who: 'user011.miharu', interests: ['係の運営', '人材育成'], note: '初めて部下をもつので、任せ方に悩んでいます。', enrolled: true }],
    pairs: [
      {
        mentor: 'user012.miharu', mentee: 'user011.miharu', started: 10, every: 60, lastHeld: -16, place: '三春町役場 第2会議室',
        topics: ['係長になって最初の1か月', '係内の業務分担の見直し', '部下との面談の進め方', '予算要求の進め方', '議会答弁資料の確認の仕方'],
        goals: '係の業務分担を見直し、係員一人ひとりと定期的に面談する。',
        planned: { in: 19, time: '14:00', topic: '年度末に向けた係の業務の引き継ぎ準備' },
      },
    ],
  },
  {
    town: 'koriyama', scope: 'region', kind: 'cross_town', year: 0,
    title: () => '広域メンタリング（郡山地域）',
    goals: '市町村の枠を越えて、同じ分野の先輩に相談できる関係をつくる。\n他の自治体の進め方を知り、自分の仕事に活かす。',
    menteeRule: 'anyone', mentorMinYears: 8, departmentPreference: 'far', sessionMinutes: 60, by: 'coordinator', opens: 45,
    mentors: [
      { who: 'staff.tamura', capacity: 2, skills: ['デザイン', 'イラスト', '観光PR', 'イベント運営'], townPreference: 'other', note: '田村市で観光のチラシやポスターをつくっています。広報物の相談ならどうぞ。' },
      { who: 'staff.sukagawa', capacity: 1, skills: ['英語', 'イベント運営', 'インバウンド'], townPreference: 'other', note: '花火大会の運営とインバウンド対応の経験があります。' },
      { who: 'user015.sukagawa', capacity: 1, skills: ['手話', '窓口対応'], note: '窓口での配慮が必要な方への対応を一緒に考えます。' },
      { who: 'user009.tamura', capacity: 2, skills: ['窓口対応', 'Excel', '予算'], note: '市民課での経験が長いです。' },
    ],
    mentees: [
      { who: 'staff2.koriyama', interests: ['デザイン', 'イベント運営', '広域連携'], townPreference: 'other', note: '他市の観光イベントの進め方を知りたいです。' },
      { who: 'staff2.miharu', interests: ['イベント運営', '英語'], townPreference: 'other', note: '滝桜まつりの外国人対応を充実させたいです。' },
      { who: 'user013.inawashiro', interests: ['写真撮影', 'SNS発信'], townPreference: 'any', note: '町の魅力の発信について相談したいです。' },
      { who: 'user007.miharu', interests: ['Excel', '予算'], townPreference: 'other', note: '財政の仕事に就いたばかりです。' },
    ],
    pairs: [
      {
        mentor: 'staff.tamura', mentee: 'staff2.koriyama', started: 15, every: 28, lastHeld: -12, place: 'オンライン（Teams）',
        topics: ['お互いの仕事の紹介', 'イベントのチラシづくり', '他市との合同PRの進め方', '予算要求の進め方', '観光客アンケートの活かし方', '冬のイベントの企画'],
        goals: '広域の観光イベントを合同で企画できる関係をつくる。\nチラシやポスターを自分でデザインできるようになる。',
        planned: { in: 6, time: '16:00', topic: '広域周遊スタンプラリーの企画', place: '郡山市役所 観光政策課（対面）' },
        notes: [
          { by: 'mentee', session: 0, body: '田村市のチラシはA4両面で情報を絞っている。真似したい。' },
          { by: 'mentor', session: 0, body: '合同PRの話は課長にも相談してみるとのこと。次回までに候補の行事を出し合う。' },
          { by: 'mentor', session: 2, body: '郡山市の予算の進め方は田村市と違って参考になった。こちらも学ぶことが多い。' },
        ],
        mid: [
          { by: 'mentee', satisfaction: 5, usefulness: 5, comment: '他市の先輩の話は新鮮です。合同企画の話も進んでいます。' },
          { by: 'mentor', satisfaction: 5, usefulness: 4, comment: '自分の市のやり方を見直すきっかけになりました。' },
        ],
      },
      {
        mentor: 'staff.sukagawa', mentee: 'staff2.miharu', started: 20, every: 30, lastHeld: -71, place: 'オンライン（Zoom）',
        topics: ['お互いの仕事の紹介', '外国人観光客への案内', '花火大会の運営体制'],
        goals: '外国人観光客への案内の仕組みを滝桜まつりに取り入れる。',
        consultation: {
          subject: '面談が続いていないことについてのご相談',
          kind: 'manager',
          with: ['manager.miharu'],
          messages: [
            { by: 'staff.sukagawa', day: -8, body: 'メンターをしている須賀川市の者です。最後の面談から2か月以上、日程が合わずお話しできていません。業務がお忙しい時期でしょうか。ご本人の負担にならない形で続けたいので、ご相談させてください。' },
            { by: 'manager.miharu', day: -7, body: 'ご連絡ありがとうございます。秋の観光シーズンで課全体が立て込んでいました。来月からは落ち着くので、勤務時間内に面談の時間を取れるよう本人と調整します。' },
          ],
        },
      },
    ],
  },
];

// ───────────────────────────────────────────── the seeding ─────────────────────────────────────────────

interface Person {
  id: string;
  municipalityId: string;
  departmentId: string | null;
  hireDate: string | null;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTES = [60, 45, 30, 60, 45, 50];

export interface DemoMentoringCounts {
  newHires: number;
  programmes: number;
  participants: number;
  pairs: number;
  sessions: number;
  notes: number;
  surveys: number;
  consultations: number;
}

/** Whole years from the hire date to `today`. */
function yearsSince(hire: string | null, today: string): number {
  if (!hire) return 0;
  const [hy, hm, hd] = hire.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return Math.max(0, ty - hy - (tm < hm || (tm === hm && td < hd) ? 1 : 0));
}

/**
 * Hire dates by position (the demo sign-ins of `demoHireYears` keep theirs), 係長 appointments, and the
 * 新採用職員 of this 年度 (and 郡山市's of the last). New hires can sign in (yui-demo) but are not listed.
 */
export async function seedDemoPersonnel(tx: Tx, regionId: string, now = new Date()): Promise<number> {
  const today = todayInJapan(now);
  const fy = fiscalYearOf(new Date(`${today}T00:00:00Z`));
  const users = await tx<{ id: string; email: string; position: string | null; slug: string }[]>`
    select u.id, u.email, u.position, m.slug from users u join municipalities m on m.id = u.municipality_id
    where m.region_id = ${regionId} order by u.email`;
  for (const u of users) {
    const handle = u.email.split('@')[0]!;
    const n = /^user(\d+)\./.exec(handle)?.[1];
    const range = u.position ? serviceYearsByPosition[u.position] : undefined;
    let hireYear: number | null = demoHireYears[handle] ?? null;
    // Generated staff: years of service that fit the position; the 課長 keep seed.ts's 1995–2002.
    if (hireYear === null && n && range && u.position !== '課長') hireYear = fy - (range[0] + (Number(n) * 5 + u.slug.length) % (range[1] - range[0] + 1));
    const since = u.position === '係長'
      ? demoNewChiefs[u.slug] === handle ? `${fy}-04-01` : `${fy - 1 - ((Number(n ?? 0) + u.slug.length) % 5)}-04-01`
      : null;
    if (hireYear !== null || since) {
      await tx`update users set hire_date = coalesce(${hireYear === null ? null : `${hireYear}-04-01`}::date, hire_date), position_since = ${since}
               where id = ${u.id}`;
    }
  }

  const [hashRow] = await tx<{ password_hash: string }[]>`select password_hash from users where email = ${`staff.koriyama@${DEMO_DOMAIN}`}`;
  let added = 0;
  for (const [ti, town] of demoTowns.entries()) {
    const plan = demoNewHires[town.slug];
    if (!plan) continue;
    const depts = new Map((await tx<{ id: string; code: string }[]>`
      select d.id, d.code from departments d join municipalities m on m.id = d.municipality_id where m.slug = ${town.slug} and m.region_id = ${regionId}`)
      .map((d) => [d.code, d.id]));
    const [m] = await tx<{ id: string }[]>`select id from municipalities where slug = ${town.slug} and region_id = ${regionId}`;
    const cohorts: Array<[string, string[], number]> = [['new', plan.current, fy], ['last', plan.last ?? [], fy - 1]];
    // Nobody shares a name with someone of their own town.
    const taken = new Set((await tx<{ name: string }[]>`select name from users where municipality_id = ${m!.id}`).map((r) => r.name));
    let k = 0;
    for (const [prefix, keys, year] of cohorts) {
      for (const [i, key] of keys.entries()) {
        const dept = depts.get(key);
        if (!dept) throw new Error(`demo mentoring: no department ${town.slug}/${key}`);
        let next = newHireName(ti, k++);
        while (taken.has(next.name)) {
          if (k > 1000) throw new Error(`demo mentoring: no free name in ${town.slug}`);
          next = newHireName(ti, k++);
        }
        const { name, kana } = next;
        taken.add(name);
        const email = `${prefix}${String(i + 1).padStart(2, '0')}.${town.slug}@${DEMO_DOMAIN}`;
        const [row] = await tx<{ id: string }[]>`
          insert into users (municipality_id, department_id, email, name, name_kana, position, hire_date, password_hash)
          values (${m!.id}, ${dept}, ${email}, ${name}, ${kana}, '主事', ${`${year}-04-01`}, ${hashRow?.password_hash ?? null})
          returning id`;
        await tx`insert into role_grants (municipality_id, user_id, role) values (${m!.id}, ${row!.id}, 'staff')`;
        added++;
      }
    }
  }
  return added;
}

/** Writes the demo 職員サポート制度 (and the personnel records it needs) into the demo region. */
export async function seedDemoMentoring(tx: Tx, regionId: string, now = new Date()): Promise<DemoMentoringCounts> {
  const newHires = await seedDemoPersonnel(tx, regionId, now);
  const today = todayInJapan(now);
  const fy = fiscalYearOf(new Date(`${today}T00:00:00Z`));
  const day = (n: number) => addDays(today, n);
  const diff = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / DAY);
  /** A moment on a date (JST), never after now. */
  const at = (date: string, hour = 10) => new Date(Math.min(new Date(`${date}T00:00:00+09:00`).getTime() + hour * HOUR, now.getTime() - 60_000));

  const rows = await tx<{ id: string; email: string; municipality_id: string; department_id: string | null; hire_date: string | null }[]>`
    select u.id, u.email, u.municipality_id, u.department_id, to_char(u.hire_date, 'YYYY-MM-DD') as hire_date
    from users u join municipalities m on m.id = u.municipality_id where m.region_id = ${regionId}`;
  const people = new Map<Handle, Person>(rows.map((r) => [r.email.split('@')[0]!.toLowerCase(), {
    id: r.id, municipalityId: r.municipality_id, departmentId: r.department_id, hireDate: r.hire_date,
  }]));
  const person = (h: Handle): Person => {
    const p = people.get(h);
    if (!p) throw new Error(`demo mentoring: no demo person "${h}"`);
    return p;
  };
  const towns = new Map((await tx<{ id: string; slug: string }[]>`select id, slug from municipalities where region_id = ${regionId}`).map((t) => [t.slug, t.id]));
  const depts = new Map((await tx<{ id: string; parent_id: string | null; kind: string }[]>`
    select d.id, d.parent_id, d.kind from departments d join municipalities m on m.id = d.municipality_id where m.region_id = ${regionId}`)
    .map((d) => [d.id, d]));
  const managers = await tx<{ user_id: string; department_id: string }[]>`
    select g.user_id, g.department_id from role_grants g join municipalities m on m.id = g.municipality_id
    where m.region_id = ${regionId} and g.role = 'manager' and g.department_id is not null`;
  /** The person's department and those above it (leaf first). */
  const pathOf = (p: Person) => {
    const out: string[] = [];
    for (let d = p.departmentId; d; d = depts.get(d)?.parent_id ?? null) out.push(d);
    return out;
  };
  const unitOf = (p: Person, kind: 'ka' | 'bu') => pathOf(p).find((d) => depts.get(d)!.kind === kind) ?? null;
  const distance = (a: Person, b: Person): Distance | 'same_section' => {
    if (a.municipalityId !== b.municipalityId) return 'other_town';
    if (a.departmentId && a.departmentId === b.departmentId) return 'same_section';
    const ka = unitOf(a, 'ka');
    if (ka && ka === unitOf(b, 'ka')) return 'same_ka';
    const bu = unitOf(a, 'bu');
    return bu && bu === unitOf(b, 'bu') ? 'same_bu' : 'other_bu';
  };

  /** The score and reasons the matching would have shown when the pair was confirmed (contracts' matchReason). */
  const reasonsFor = (prog: ProgrammeSeed, mentor: MentorSeed, mentee: MenteeSeed, activeBefore: number, date: string) => {
    const a = person(mentee.who);
    const b = person(mentor.who);
    const dist = distance(a, b);
    if (dist === 'same_section') throw new Error(`demo mentoring: ${mentor.who} and ${mentee.who} sit in the same 係`);
    if (managers.some((g) => g.user_id === b.id && pathOf(a).includes(g.department_id))) throw new Error(`demo mentoring: ${mentor.who} manages ${mentee.who}`);
    const shared = mentee.interests.filter((s) => mentor.skills.some((x) => x.toLowerCase() === s.toLowerCase()));
    const yearsGap = yearsSince(b.hireDate, date) - yearsSince(a.hireDate, date);
    if (yearsSince(b.hireDate, date) < prog.mentorMinYears) throw new Error(`demo mentoring: ${mentor.who} has too few years for ${prog.title(fy)}`);
    const experience = yearsGap <= 0 ? 0 : yearsGap < 5 ? yearsGap * 4 : yearsGap <= 20 ? 20 : Math.max(8, 40 - yearsGap);
    const near: Record<Distance, number> = { same_ka: 20, same_bu: 15, other_bu: 8, other_town: 4 };
    const far: Record<Distance, number> = { same_ka: 4, same_bu: 8, other_bu: 15, other_town: 20 };
    const department = prog.departmentPreference === 'near' ? near[dist] : prog.departmentPreference === 'far' ? far[dist] : 12;
    const sameTown = a.municipalityId === b.municipalityId;
    const wishes = [mentee.townPreference ?? 'any', mentor.townPreference ?? 'any'].filter((w) => w !== 'any');
    const townWish = !wishes.length ? 'neutral' : wishes.every((w) => (w === 'own') === sameTown) ? 'met' : 'unmet';
    const remaining = mentor.capacity - activeBefore - 1;
    const reasons = [
      { code: 'skills', points: Math.min(35, shared.length * 15), max: 35, skills: shared },
      { code: 'experience', points: experience, max: 20, yearsGap },
      { code: 'department', points: department, max: 20, distance: dist },
      { code: 'town', points: townWish === 'met' ? 15 : townWish === 'neutral' ? 8 : 0, max: 15, townWish },
      { code: 'capacity', points: Math.round((10 * (remaining + 1)) / mentor.capacity), max: 10, remaining, capacity: mentor.capacity },
    ];
    return { score: Math.min(100, reasons.reduce((s, r) => s + r.points, 0)), reasons };
  };

  const programmeRows: Record<string, unknown>[] = [];
  const participantRows: Record<string, unknown>[] = [];
  const pairRows: Record<string, unknown>[] = [];
  const sessionRows: Record<string, unknown>[] = [];
  const noteRows: Record<string, unknown>[] = [];
  const surveyRows: Record<string, unknown>[] = [];
  const consultationRows: Record<string, unknown>[] = [];
  const messageRows: Record<string, unknown>[] = [];

  for (const prog of demoProgrammes) {
    const year = fy + prog.year;
    const range = fiscalYearRange(year);
    const startsOn = addDays(range.start, prog.opens);
    const endsOn = range.end;
    const closed = prog.year < 0;
    const programmeId = randomUUID();
    const admin = person(prog.by);
    const municipalityId = towns.get(prog.town)!;
    if (admin.municipalityId !== municipalityId) throw new Error(`demo mentoring: ${prog.by} does not work for ${prog.town}`);
    const created = at(addDays(startsOn, -14), 9);
    const nudgeWeeks = 4;
    const escalateWeeks = 8;
    programmeRows.push({
      id: programmeId, region_id: regionId, municipality_id: municipalityId, scope: prog.scope, kind: prog.kind, fiscal_year: year,
      title: prog.title(year), goals: prog.goals, mentee_rule: prog.menteeRule, mentor_min_years: prog.mentorMinYears,
      department_preference: prog.departmentPreference, starts_on: startsOn, ends_on: endsOn, nudge_after_weeks: nudgeWeeks,
      escalate_after_weeks: escalateWeeks, session_minutes: prog.sessionMinutes, status: closed ? 'closed' : 'open', created_by: admin.id,
      idempotency_key: null, closed_at: closed ? at(addDays(endsOn, 7), 17) : null, created_at: created, updated_at: closed ? at(addDays(endsOn, 7), 17) : created,
    });

    // ── mentors and mentees ──
    const participantIds = new Map<Handle, string>();
    const excluded = new Map<Handle, string[]>();
    const rematched = new Map<Handle, { at: Date; reason: string }>();
    for (const pair of prog.pairs) {
      if (pair.rematch) {
        excluded.set(pair.mentee, [...(excluded.get(pair.mentee) ?? []), person(pair.mentor).id]);
        rematched.set(pair.mentee, { at: at(day(pair.rematch.day), 12), reason: pair.rematch.reason });
      }
    }
    const seen = new Set<Handle>();
    const entries: Array<[MentorSeed | MenteeSeed, 'mentor' | 'mentee']> = [
      ...prog.mentors.map((m) => [m, 'mentor'] as [MentorSeed, 'mentor']),
      ...prog.mentees.map((m) => [m, 'mentee'] as [MenteeSeed, 'mentee']),
    ];
    for (const [i, [entry, role]] of entries.entries()) {
      if (seen.has(entry.who)) throw new Error(`demo mentoring: ${entry.who} takes part twice in ${prog.title(year)}`);
      seen.add(entry.who);
      const p = person(entry.who);
      if (prog.scope === 'town' && p.municipalityId !== municipalityId) throw new Error(`demo mentoring: ${entry.who} cannot join ${prog.title(year)}`);
      const id = randomUUID();
      participantIds.set(entry.who, id);
      const joined = at(addDays(startsOn, -10 + (i % 8)), 11);
      const skills = normalizeSkills(role === 'mentor' ? (entry as MentorSeed).skills : (entry as MenteeSeed).interests);
      const rematch = rematched.get(entry.who);
      participantRows.push({
        id, region_id: regionId, programme_id: programmeId, user_id: p.id, municipality_id: p.municipalityId, role, status: 'active',
        capacity: role === 'mentor' ? (entry as MentorSeed).capacity : 1, skills, years_of_service: Math.min(60, yearsSince(p.hireDate, startsOn)),
        town_preference: entry.townPreference ?? 'any', note: entry.note, excluded_mentor_ids: excluded.get(entry.who) ?? [],
        rematch_requested_at: rematch?.at ?? null, rematch_reason: rematch?.reason ?? null,
        added_by: role === 'mentee' && (entry as MenteeSeed).enrolled ? admin.id : p.id,
        created_at: joined, updated_at: rematch?.at ?? joined,
      });
    }

    // ── pairs, their sessions, notes, surveys and consultations ──
    const activePairs = new Map<Handle, number>();
    const activeMentees = new Set<Handle>();
    for (const pair of prog.pairs) {
      const mentorSeed = prog.mentors.find((m) => m.who === pair.mentor);
      const menteeSeed = prog.mentees.find((m) => m.who === pair.mentee);
      if (!mentorSeed || !menteeSeed) throw new Error(`demo mentoring: ${pair.mentor} ↔ ${pair.mentee} are not both in ${prog.title(year)}`);
      const mentor = person(pair.mentor);
      const mentee = person(pair.mentee);
      // Never after today: early in the 年度 the pairs are younger than written.
      const start = [addDays(startsOn, pair.started), today].sort()[0]!;
      const ended = closed ? 'completed' : pair.rematch ? 'rematch' : null;
      const endedOn = closed ? endsOn : pair.rematch ? day(pair.rematch.day) : null;
      const before = activePairs.get(pair.mentor) ?? 0;
      if (before >= mentorSeed.capacity) throw new Error(`demo mentoring: ${pair.mentor} has more mentees than places`);
      if (!ended) {
        activePairs.set(pair.mentor, before + 1);
        if (activeMentees.has(pair.mentee)) throw new Error(`demo mentoring: ${pair.mentee} has two mentors`);
        activeMentees.add(pair.mentee);
      }
      const { score, reasons } = reasonsFor(prog, mentorSeed, menteeSeed, before, start);
      const pairId = randomUUID();
      const mentorshipEnds = endedOn ?? endsOn;

      // Held sessions: back from the last one, never before the pair's first week nor after the end.
      const lastHeld = closed ? addDays(endsOn, pair.lastHeld) : [day(pair.lastHeld), endedOn ? addDays(endedOn, -7) : today].sort()[0]!;
      const held: string[] = [];
      for (let d = lastHeld; d >= addDays(start, 7); d = addDays(d, -pair.every)) held.unshift(d);
      const sessionIds: string[] = [];
      for (const [i, d] of held.entries()) {
        const id = randomUUID();
        sessionIds.push(id);
        const by = i % 3 === 1 ? mentee : mentor;
        const logged = at(d, 17);
        sessionRows.push({
          id, region_id: regionId, programme_id: programmeId, mentorship_id: pairId, status: 'held', held_on: d, start_time: null,
          minutes: MINUTES[(i + pair.topics.length) % MINUTES.length], topic: pair.topics[i % pair.topics.length], place: pair.place ?? null,
          logged_by: by.id, idempotency_key: null, created_at: logged, updated_at: logged,
        });
      }
      if (pair.planned && !ended) {
        const planned = at(day(-2), 12);
        sessionRows.push({
          id: randomUUID(), region_id: regionId, programme_id: programmeId, mentorship_id: pairId, status: 'planned', held_on: day(pair.planned.in),
          start_time: pair.planned.time, minutes: prog.sessionMinutes, topic: pair.planned.topic, place: pair.planned.place ?? pair.place ?? null,
          logged_by: mentor.id, idempotency_key: null, created_at: planned, updated_at: planned,
        });
      }
      const last = held.at(-1) ?? null;

      // Keeping pairs alive, as the daily job would have left it.
      const quietSince = last ?? start;
      const quietDays = diff(today, quietSince);
      const nudgedAt = !ended && quietDays >= nudgeWeeks * 7 ? at(addDays(quietSince, nudgeWeeks * 7), 9) : null;
      const escalatedAt = !ended && quietDays >= escalateWeeks * 7 ? at(addDays(quietSince, escalateWeeks * 7), 9) : null;
      const midpoint = addDays(start, Math.floor(diff(mentorshipEnds, start) / 2));
      const midDue = midpoint <= today;
      const endDue = closed || addDays(mentorshipEnds, -14) <= today;
      const endedAt = ended ? (closed ? at(endsOn, 17) : rematched.get(pair.mentee)!.at) : null;

      for (const n of pair.notes ?? []) {
        const sid = sessionIds[sessionIds.length - 1 - n.session];
        if (!sid) continue;
        const written = at(held[sessionIds.length - 1 - n.session]!, n.by === 'mentor' ? 18 : 19);
        noteRows.push({
          id: randomUUID(), region_id: regionId, mentorship_id: pairId, session_id: sid, mentor_id: mentor.id, mentee_id: mentee.id,
          author_id: (n.by === 'mentor' ? mentor : mentee).id, body: n.body, created_at: written, updated_at: written,
        });
      }
      const survey = (stage: 'mid' | 'end', list: SurveySeed[] | undefined, date: string) => {
        for (const [i, s] of (list ?? []).entries()) {
          const who = s.by === 'mentor' ? mentor : mentee;
          const answered = at(addDays(date, 2 + i), 12 + i);
          surveyRows.push({
            id: randomUUID(), region_id: regionId, programme_id: programmeId, mentorship_id: pairId, user_id: who.id, municipality_id: who.municipalityId,
            role: s.by, stage, satisfaction: s.satisfaction, usefulness: s.usefulness, comment: s.comment, created_at: answered, updated_at: answered,
          });
        }
      };
      if (midDue) survey('mid', pair.mid, midpoint);
      if (endDue) survey('end', pair.end, addDays(mentorshipEnds, -14));

      if (pair.consultation) {
        const c = pair.consultation;
        const consulted = c.with.map(person);
        if (c.kind === 'manager' && !consulted.every((p) => managers.some((g) => g.user_id === p.id && pathOf(mentee).includes(g.department_id)))) {
          throw new Error(`demo mentoring: ${c.with.join(', ')} is not the 所属長 of ${pair.mentee}`);
        }
        const id = randomUUID();
        const opened = at(day(c.messages[0]!.day), 10);
        consultationRows.push({
          id, region_id: regionId, mentorship_id: pairId, mentee_id: mentee.id, opened_by: mentor.id, kind: c.kind,
          participant_ids: [mentor.id, ...consulted.map((p) => p.id)], subject: c.subject, status: 'open', closed_at: null,
          idempotency_key: null, created_at: opened, updated_at: at(day(c.messages.at(-1)!.day), 10),
        });
        for (const m of c.messages) {
          messageRows.push({ id: randomUUID(), region_id: regionId, consultation_id: id, author_id: person(m.by).id, body: m.body, idempotency_key: null, created_at: at(day(m.day), 10) });
        }
      }

      const matched = at(start, 9);
      pairRows.push({
        id: pairId, region_id: regionId, programme_id: programmeId, mentor_id: mentor.id, mentor_municipality_id: mentor.municipalityId,
        mentee_id: mentee.id, mentee_municipality_id: mentee.municipalityId, status: ended ? 'ended' : 'active', starts_on: start, ends_on: mentorshipEnds,
        goals: pair.goals, score, reasons, matched_via: pair.via ?? 'manual', matched_by: admin.id, last_session_on: last,
        nudged_at: nudgedAt, escalated_at: escalatedAt,
        mid_survey_notified_at: midDue ? at(midpoint, 9) : null, end_survey_notified_at: endDue ? at(addDays(mentorshipEnds, -14), 9) : null,
        ended_at: endedAt, end_reason: ended, created_at: matched,
        updated_at: [endedAt, escalatedAt, nudgedAt, last ? at(last, 17) : null, matched].filter((d): d is Date => !!d).sort((x, y) => y.getTime() - x.getTime())[0],
      });
    }
  }

  const insert = async (table: string, list: Record<string, unknown>[]) => {
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500).map((r) => ('reasons' in r ? { ...r, reasons: tx.json(r.reasons as never) } : r));
      await tx`insert into ${tx(table)} ${tx(chunk as Record<string, postgres.ParameterOrJSON<never>>[], Object.keys(chunk[0]!))}`;
    }
  };
  await insert('mentoring_programmes', programmeRows);
  await insert('mentoring_participants', participantRows);
  await insert('mentorships', pairRows);
  await insert('mentoring_sessions', sessionRows);
  if (noteRows.length) await insert('mentoring_notes', noteRows);
  if (surveyRows.length) await insert('mentoring_surveys', surveyRows);
  if (consultationRows.length) await insert('mentoring_consultations', consultationRows);
  if (messageRows.length) await insert('mentoring_consultation_messages', messageRows);
  return {
    newHires, programmes: programmeRows.length, participants: participantRows.length, pairs: pairRows.length, sessions: sessionRows.length,
    notes: noteRows.length, surveys: surveyRows.length, consultations: consultationRows.length,
  };
}
