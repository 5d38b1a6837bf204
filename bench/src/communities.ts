// 目的別コミュニティ of the synthetic region: by default (20 towns × 1,000 staff) 2,000 communities and
// 1,000,000 posts over two years, and every person an active member of about ten communities.
//
// Set-based: the ~50 post texts and the community descriptions are rendered once here with the
// product's own domain functions (renderMarkdown, excerpt, toTsvectorLiteral: the same HTML, excerpt and
// search vector the API stores), loaded into a temporary table, and joined by variant number in one
// INSERT … SELECT over generate_series. The post table's secondary indexes (timeline, region, kind,
// GIN search and hashtags…) are dropped for the load and rebuilt from their own definitions after, as
// a bulk load does; the primary key and unique constraints stay.
//
// The shape:
//  - communities are founded steadily over the first ~21 months; older ones are bigger and busier;
//  - memberships: each person joins 5–15 communities (10 on average), skewed towards the older ones
//    (sizes from ~60 to ~1,200 members), plus two managers per community from the whole region;
//  - posts: more of them recently (adoption grows), each in a community that existed by then, written
//    by one of its members; kinds, titles and tags come with the text (some mention 観光 or 育休).
// Counters (member_count, post_count, last_post_at) match the rows; likes, comments and views are not
// generated (their counters stay 0): the measured reads do not depend on them.
import postgres from 'postgres';
// The product's own domain functions. The bench does not list @yui/domain as a dependency (pnpm would
// not link it here), so the package is imported by its path in the workspace.
import { excerpt, renderMarkdown, toTsvectorLiteral } from '../../packages/domain/src/index';

export interface CommunitySizes {
  communities: number;
  posts: number;
}

/** 2,000 communities and 1,000,000 posts for 20,000 people; proportionally for other sizes. */
export function communitySizes(people: number): CommunitySizes {
  const env = (k: string) => (process.env[k] ? Number(process.env[k]) : undefined);
  const communities = env('BENCH_COMMUNITIES') ?? Math.max(10, Math.round(people / 10));
  const posts = env('BENCH_POSTS') ?? communities * 500;
  if (!Number.isInteger(communities) || communities < 1 || !Number.isInteger(posts) || posts < 1) {
    throw new Error('BENCH_COMMUNITIES and BENCH_POSTS must be positive whole numbers');
  }
  return { communities, posts };
}

type Kind = 'post' | 'question' | 'worry' | 'case' | 'idea';
interface Variant {
  kind: Kind;
  title?: string;
  body: string;
  challenge?: string;
  solution?: string;
}

/** What staff post: 50 texts of every kind. Variants 1, 7, 13, 24, 38 mention 観光; 5, 19, 31 育休. */
export const postVariants: Variant[] = [
  { kind: 'post', title: '週末の観光イベント、無事に終わりました', body: '湖畔の観光イベントに約3,000人が来場しました。**ボランティアの皆さん** に感謝です。 #観光 #イベント' },
  { kind: 'question', title: '会議録の作成、皆さんはどうしていますか', body: '音声から文字起こしをして要約していますが、1時間の会議で半日かかります。効率化の工夫を教えてください。 #業務改善' },
  { kind: 'post', body: '今日の研修、ファシリテーションの「問いの立て方」がとても参考になりました。来週の係会議で試してみます。 #研修' },
  { kind: 'case', title: '申請書の記載例を窓口に置いたら差し戻しが半減', challenge: '記入漏れによる差し戻しが月に100件以上ありました。', solution: '- よくある誤りを赤字で示した記載例を作成\n- 窓口とホームページに掲示', body: '市民課の小さな工夫です。 #窓口 #業務改善' },
  { kind: 'question', title: '育休からの復帰前面談、何を準備しましたか', body: '来月、育休から復帰します。上司との面談の前に準備しておいたほうが良いことがあれば教えてください。 #育休 #両立' },
  { kind: 'post', body: '**Excelのテーブル機能**、今さらですが便利すぎます。範囲が自動で広がるので集計表の修正が不要になりました。 #Excel' },
  { kind: 'idea', title: '広域で観光パンフを共同制作しませんか', body: '各市町の観光スポットを1冊にまとめたパンフレットを、共同で作れないかと考えています。関心のある方はぜひ。 #観光 #広域連携 #アイデア募集' },
  { kind: 'worry', title: '問い合わせ対応で自分の仕事が進まない', challenge: '電話と窓口の対応で一日が終わり、企画の仕事は残業で進めています。', body: '同じ悩みの方はいますか？ #働き方' },
  { kind: 'post', title: '防災訓練の振り返り', body: '避難所開設訓練では、受付の動線に課題が見つかりました。次回は住民の方にも参加してもらう予定です。 #防災' },
  { kind: 'question', title: 'RPAの導入費用、どう説明しましたか', body: '財政担当に費用対効果を説明する資料を作っています。削減時間の算定方法を教えてください。 #RPA #DX' },
  { kind: 'post', body: '新しく配属された係の仕事、ようやく一巡しました。引継ぎ資料を作ってくれた前任者に感謝です。 #引継ぎ' },
  { kind: 'case', title: '電子申請の利用率を15%から40%に', challenge: '電子申請を始めても、窓口では紙の申請書を案内していました。', solution: '窓口にタブレットを置き、職員が横で一緒に入力する期間を設けました。', body: '#DX #電子申請' },
  { kind: 'post', title: '滝桜の観光シーズンに向けた準備', body: '臨時駐車場とシャトルバスの計画がまとまりました。今年は **満空情報** をWebで公開します。 #観光 #交通' },
  { kind: 'question', title: '起案の「伺い」と「報告」の違い', body: '決裁をもらう文書で、伺いと報告の使い分けに迷います。判断の目安はありますか？ #文書事務' },
  { kind: 'post', body: 'まなびあい+の勉強会、今回は10名参加でした。資料は共有フォルダに置いています。 #まなびあい' },
  { kind: 'worry', title: '係内の業務量の偏り', challenge: '特定の職員に問い合わせが集中し、残業時間が突出しています。', solution: '1週間の業務記録をとって、係全体で分担を見直し始めました。', body: '良い進め方があれば教えてください。 #マネジメント' },
  { kind: 'post', title: '生成AIの試行を始めました', body: 'あいさつ文のたたき台づくりに使っています。個人情報は入力しないルールを徹底しています。 #生成AI #DX' },
  { kind: 'idea', title: '窓口の困りごと事例集をつくりたい', body: '窓口で実際にあった「困ったこと」と対応の工夫を集めて、新任職員向けの事例集にしたいです。 #窓口 #アイデア募集' },
  { kind: 'post', title: '男性職員の育休、係で初めて取得しました', body: '1か月の育休から戻りました。係の皆さんが業務を分担してくれたおかげです。次に取る人のために記録を残します。 #育休 #男性育休' },
  { kind: 'question', title: 'カスハラ対策の録音、告知の文面は', body: '電話の録音を始める予定です。冒頭のアナウンスの文面を参考にさせてください。 #窓口 #カスハラ' },
  { kind: 'post', body: '来週の月例相談会、テーマは「20%ルールの使い方」です。気軽にご参加ください。 #相談会' },
  { kind: 'case', title: '引継ぎシートで異動時の問い合わせがゼロに', challenge: '異動のたびに前任者へ問い合わせが続いていました。', solution: '業務ごとに年間の流れ・関係先・よくある質問を1枚にまとめました。', body: '#引継ぎ #業務改善' },
  { kind: 'post', title: 'kintoneでイベント申込を管理', body: '申込フォームから名簿・受付・アンケートまで一つのアプリにしました。テンプレートを共有できます。 #kintone #DX' },
  { kind: 'question', title: '外国人観光客への多言語対応', body: '観光案内所での多言語対応、翻訳アプリだけで足りていますか？ 通訳サービスを契約している市町はありますか？ #観光 #多言語' },
  { kind: 'post', body: '公用文の書き方の新しいルール、「〜を行う」を減らすだけでも文章がすっきりしますね。 #公用文' },
  { kind: 'worry', title: '若手が会議で発言しにくい', challenge: '係会議で若手職員の意見がほとんど出ません。', body: 'どうしたら話しやすい雰囲気になるでしょうか。 #職場づくり' },
  { kind: 'post', title: '空き家バンクの登録が100件に', body: '移住相談会と連携したことで、登録件数がようやく100件を超えました。 #空き家 #移住' },
  { kind: 'question', title: '議会答弁書の書き方の本', body: '初めて答弁書の下書きを担当します。参考になる本や資料があれば教えてください。 #議会' },
  { kind: 'idea', title: 'ランチタイムのオンライン勉強会', body: '昼休みの30分で、月1回オンラインの勉強会をしませんか。テーマは持ち回りで。 #まなびあい #アイデア募集' },
  { kind: 'post', body: 'マイナンバーカードの休日交付窓口、今月は予約が埋まりました。来月分の枠を増やします。 #マイナンバーカード' },
  { kind: 'question', title: '育休中の職員への情報共有、どこまで？', body: '育休中の職員に、課内の異動や制度の変更をどこまで連絡すべきか迷っています。 #育休 #職場づくり' },
  { kind: 'post', title: 'ふるさと納税の体験型返礼品', body: 'そば打ち体験と星空観察ツアーを返礼品に加えました。実際に来てくれる方が増えています。 #ふるさと納税' },
  { kind: 'case', title: 'やさしい日本語の案内表示', challenge: '「転入届」などの表示が難しく、案内の問い合わせが毎日ありました。', solution: '「ひっこしてきた人」のような表示に変え、番号とイラストを付けました。', body: '#窓口 #やさしい日本語' },
  { kind: 'post', body: '今日は広域連携課の方に、他の町の担当者を紹介してもらいました。つながると仕事が早いです。 #広域連携' },
  { kind: 'question', title: '新任係長の期首面談', body: '初めて評価者として面談をします。目標設定で何を話せば良いか、進め方の例を教えてください。 #人事評価' },
  { kind: 'post', title: 'Teamsのチャネルを整理しました', body: '「連絡」「相談」「雑談」の3つに分けたら、庁内メールが半分に減りました。 #Teams #業務改善' },
  { kind: 'worry', title: '繁忙期の窓口の待ち時間', challenge: '3〜4月は待ち時間が2時間を超えてしまいます。', solution: '待ち状況をWebで公開し、混雑を避けてもらうよう呼びかけています。', body: '#窓口 #待ち時間' },
  { kind: 'post', title: '観光協会との役割分担表をつくりました', body: '観光協会と業務分担表を作り、窓口をどちらか一方に決めました。二重対応がなくなりました。 #観光 #観光協会' },
  { kind: 'question', title: '受援計画の指示書の様式', body: '災害時の応援職員に渡す業務指示書の様式があれば、参考にさせてください。 #防災 #受援計画' },
  { kind: 'post', body: 'Excelマクロの先頭に「目的・作成者・更新日」を書くルールを始めました。属人化対策です。 #Excel #業務改善' },
  { kind: 'idea', title: '広域で共同調達をしませんか', body: '消耗品やシステムを広域で共同調達できないか検討したいです。関心のある方、一緒に調べましょう。 #共同調達 #アイデア募集' },
  { kind: 'post', title: '健康づくり教室の参加者が増えました', body: 'LINEでリマインドを送るようにしたら、欠席が減りました。 #健康づくり #LINE' },
  { kind: 'question', title: '会計年度任用職員の研修', body: '会計年度任用職員向けの研修、どんな内容で実施していますか？ #研修 #人事' },
  { kind: 'post', body: '書かない窓口の視察に行ってきました。聞き取りで申請書を作る流れ、住民の方の負担がかなり減りそうです。 #書かない窓口' },
  { kind: 'case', title: '5分勉強会を1年続けたコツ', challenge: '同期の勉強会が繁忙期に自然消滅していました。', solution: '毎週木曜に5分だけ、準備なしで「今週つまずいたこと」を話す形にしました。', body: '#まなびあい #人材育成' },
  { kind: 'post', title: '子ども食堂の支援団体との意見交換', body: '市内の子ども食堂の運営団体と意見交換をしました。食材の保管場所が共通の課題です。 #子育て支援' },
  { kind: 'question', title: 'Web会議の議事録、自動化できますか', body: 'Teamsの文字起こしを議事録に使っている方はいますか？ 精度はどうでしょう。 #DX #Teams' },
  { kind: 'post', body: '庁舎の省エネ、照明のLED化で電気代が2割下がりました。 #省エネ' },
  { kind: 'worry', title: '異動したばかりで前任者に聞きづらい', challenge: '前任者に毎日のように質問していて、申し訳なく感じています。', body: '皆さんはどうしていますか？ #異動' },
  { kind: 'post', title: '地域おこし協力隊の任期後', body: '協力隊OBの方が町内で起業しました。定住につながる支援を続けたいです。 #地域おこし協力隊 #移住' },
];

const communityNames: Record<string, string[]> = {
  learning: ['まなびあい+', 'Excel勉強会', '公用文研究会', '若手職員ゼミ', '政策形成ラボ'],
  sharing: ['DX・業務改善研究会', '業務のコツ共有', '事例シェア会', 'RPA実践会', '広報の工夫'],
  consultation: ['なんでも相談室', '新任係長の相談室', '窓口お悩み相談', '異動者の相談ひろば', '人事評価の相談'],
  work_life: ['育休・子育て職員の会', '介護と仕事の両立', '健康づくり部', '時短勤務の知恵袋', 'ランチ交流会'],
  local: ['観光振興ネットワーク', '地域の魅力発信', '移住・定住サポート', 'ふるさと納税研究会', '地場産業応援団'],
  workplace: ['窓口サービス向上', '職場づくり研究会', '庁内コミュニケーション', '新人サポーター', '働き方改革チーム'],
  other: ['地域防災の連携', '環境・省エネ', '子育て支援ネット', '福祉の連携', '防災士の会'],
};
const categories = Object.keys(communityNames);
const communityDescriptions: Record<string, string> = {
  learning: '職員どうしが **教え合い・学び合う** コミュニティです。勤務時間内の短い勉強会を開いています。 #まなびあい #研修',
  sharing: '業務改善やDXの **事例** を共有します。小さく始めて効果が出た工夫を歓迎します。 #DX #業務改善',
  consultation: '「誰に聞けばいいか分からない」を持ち込む相談の場です。名前を出さずに相談することもできます。 #相談',
  work_life: '仕事と生活の両立について、制度の使い方や工夫を話せる場です。 #育休 #両立',
  local: '地域の **観光・魅力発信** に関わる職員がつながる場です。 #観光 #地域の魅力',
  workplace: '窓口や職場の困りごとを持ち寄り、働きやすい職場をつくります。 #窓口 #職場づくり',
  other: '防災・環境・福祉など、分野を超えて連携するためのコミュニティです。 #防災',
};

export interface CommunityStats {
  steps: Record<string, number>;
  rows: Record<string, number>;
}

const DAY_MS = 86_400_000;
/** A reproducible number in [0, 1) from an integer, in SQL (Knuth's multiplicative hash, two multipliers). */
const u01 = (expr: string, salt: 1 | 2 | 3 | 4) =>
  `(((${expr})::bigint * ${[2654435761, 2246822519, 3266489917, 668265263][salt - 1]}::bigint) % 4294967296)::float8 / 4294967296`;

/**
 * Generates the communities of the region `regionId` (its users must exist) on the owner connection
 * `sql`. Returns the seconds per step and the row counts.
 */
export async function generateCommunities(
  sql: postgres.Sql, regionId: string, sizes: CommunitySizes, say: (m: string) => void,
): Promise<CommunityStats> {
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - s) / 1000;
    return r;
  };
  const N = sizes.communities;
  const P = sizes.posts;
  const now = Date.now();
  const span = 730 * DAY_MS;
  const start = now - span;

  return sql.begin(async (tx) => {
    // The working tables are temporary: their buffers must hold the member list (set before any temp table is used).
    await tx.unsafe(`set local temp_buffers = '512MB'`);
    await tx.unsafe(`set local maintenance_work_mem = '1GB'`);
    await tx.unsafe(`set local work_mem = '256MB'`);
    // A superuser owner (the bench's own PostgreSQL) loads the big tables without firing the foreign-key
    // triggers, row by row: every reference is made from the rows just inserted, so none can dangle.
    const [{ rolsuper: superuser }] = (await tx`select rolsuper from pg_roles where rolname = current_user`) as unknown as [{ rolsuper: boolean }];
    const bulk = async (fn: () => Promise<unknown>) => {
      if (superuser) await tx.unsafe(`set local session_replication_role = replica`);
      await fn();
      if (superuser) await tx.unsafe(`set local session_replication_role = origin`);
    };
    const [founder] = await tx<{ id: string; municipality_id: string }[]>`
      select u.id, u.municipality_id from users u join municipalities m on m.id = u.municipality_id
      where m.region_id = ${regionId} order by m.code, u.email limit 1`;
    if (!founder) throw new Error('generateCommunities: the region has no people');

    // ── communities: founded steadily over the first 90% of the two years ──
    await step('communities', async () => {
      const described = Object.fromEntries(categories.map((c) => [c, renderMarkdown(communityDescriptions[c]!)]));
      const rows = [];
      for (let k = 1; k <= N; k++) {
        const category = categories[(k - 1) % categories.length]!;
        const names = communityNames[category]!;
        const base = names[Math.floor((k - 1) / categories.length) % names.length]!;
        const name = `${base} ${k}`;
        const d = described[category]!;
        const visibility = k % 20 === 0 ? 'invite' : k % 20 === 1 || k % 20 === 2 ? 'approval' : 'open';
        const createdAt = new Date(start + (span * 0.9 * (k - 1)) / N);
        rows.push({
          region_id: regionId, name, category, description: communityDescriptions[category]!, description_html: d.html,
          visibility, status: 'active', created_by: founder.id, created_by_municipality_id: founder.municipality_id,
          search: toTsvectorLiteral([name, d.text]), created_at: createdAt, updated_at: createdAt,
        });
      }
      for (let i = 0; i < rows.length; i += 1000) await tx`insert into communities ${tx(rows.slice(i, i + 1000))}`;
      // The generator's numbering of the communities (1 = the oldest).
      await tx.unsafe(`
        create temp table bench_communities on commit drop as
        select row_number() over (order by created_at, name)::int as idx, id, created_at, 0 as members
        from communities where region_id = '${regionId}'`);
      await tx.unsafe(`alter table bench_communities add primary key (idx)`);
    });

    // ── members: two managers per community, then each person in 5–15 communities ──
    await step('members', async () => {
      await tx.unsafe(`
        create temp table bench_people on commit drop as
        select row_number() over (order by u.id)::int as un, u.id, u.municipality_id
        from users u join municipalities m on m.id = u.municipality_id where m.region_id = '${regionId}'`);
      await tx.unsafe(`alter table bench_people add primary key (un)`);
      const [{ n: U }] = (await tx`select count(*)::int as n from bench_people`) as unknown as [{ n: number }];
      await tx.unsafe(`
        insert into community_members (region_id, community_id, user_id, municipality_id, role, status, notify, joined_at, created_at, updated_at)
        select '${regionId}', c.id, p.id, p.municipality_id, 'manager', 'active', 'all', c.created_at, c.created_at, c.created_at
        from bench_communities c cross join (values (0), (1)) k(j)
        join bench_people p on p.un = 1 + ((c.idx::bigint * 7919 + k.j * ${Math.floor(U / 2)}) % ${U})
        on conflict do nothing`);
      // Older communities are bigger: the community is the power 1.5 of a uniform number.
      await bulk(() => tx.unsafe(`
        insert into community_members (region_id, community_id, user_id, municipality_id, role, status, notify, joined_at, created_at, updated_at)
        select '${regionId}', c.id, p.id, p.municipality_id, 'member', 'active',
               case when p.un % 10 < 2 then 'all' when p.un % 10 = 9 then 'mute' else 'digest' end,
               j.at, j.at, j.at
        from bench_people p
        cross join lateral generate_series(1, 5 + p.un % 11) g(j)
        join bench_communities c on c.idx = 1 + floor(${N} * power(${u01('p.un * 16 + g.j', 1)}, 1.5))::int
        cross join lateral (select least(now(), c.created_at + ${u01('p.un * 16 + g.j', 2)} * interval '60 days') as at) j
        on conflict do nothing`));
      await tx.unsafe(`
        create temp table bench_members on commit drop as
        select community_id, user_id, municipality_id, row_number() over (partition by community_id order by user_id)::int as rn
        from community_members where region_id = '${regionId}' and status = 'active'`);
      await tx.unsafe(`create index on bench_members (community_id, rn)`);
      await tx.unsafe(`
        update bench_communities c set members = s.n
        from (select community_id, count(*)::int as n from bench_members group by community_id) s where s.community_id = c.id`);
      await tx.unsafe(`analyze bench_communities; analyze bench_members`);
    });

    // ── the post texts, rendered once ──
    await step('variants', async () => {
      await tx.unsafe(`
        create temp table bench_variants (
          v int primary key, kind text not null, title text, body text not null, body_html text not null, excerpt text not null,
          challenge text, challenge_html text, solution text, solution_html text, hashtags text[] not null, search tsvector not null
        ) on commit drop`);
      const rows = postVariants.map((x, i) => {
        const body = renderMarkdown(x.body);
        const challenge = x.challenge ? renderMarkdown(x.challenge) : null;
        const solution = x.solution ? renderMarkdown(x.solution) : null;
        const hashtags = [...new Set([body, challenge, solution].flatMap((r) => r?.hashtags ?? []))].slice(0, 20);
        return {
          v: i + 1, kind: x.kind, title: x.title ?? null, body: x.body, body_html: body.html,
          excerpt: excerpt(body.text || challenge?.text || ''),
          challenge: x.challenge ?? null, challenge_html: challenge?.html ?? null,
          solution: x.solution ?? null, solution_html: solution?.html ?? null, hashtags,
          search: toTsvectorLiteral([x.title, body.text, challenge?.text, solution?.text, hashtags.join(' ')]),
        };
      });
      await tx`insert into bench_variants ${tx(rows)}`;
    });

    // ── posts: secondary indexes off, one INSERT … SELECT, indexes rebuilt ──
    const indexes = await tx<{ name: string; def: string }[]>`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = 'community_posts'
        and not exists (select 1 from pg_constraint k where k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`;
    await step('posts', async () => {
      for (const i of indexes) await tx.unsafe(`drop index "${i.name.replace(/"/g, '""')}"`);
      // Time runs as the square root of the post number: more posts recently. A post's community is
      // one founded by then (older ones more likely), its author one of that community's members.
      await bulk(() => tx.unsafe(`
        insert into community_posts (region_id, community_id, author_id, author_municipality_id, kind, title, body, body_html, excerpt,
                                     challenge, challenge_html, solution, solution_html, hashtags, search, created_at, updated_at)
        select '${regionId}', k.community_id, k.user_id, k.municipality_id, v.kind, v.title, v.body, v.body_html, v.excerpt,
               v.challenge, v.challenge_html, v.solution, v.solution_html, v.hashtags, v.search, k.at, k.at
        from (
          select n, c.id as community_id, c.idx, t.at, m.user_id, m.municipality_id
          from generate_series(1, ${P}) n
          cross join lateral (select sqrt((n::float8 - 0.5) / ${P}) as f) x
          cross join lateral (select to_timestamp(${start / 1000}::float8 + ${span / 1000}::float8 * x.f) as at,
                                     greatest(1, least(${N}, floor(${N} * x.f / 0.9)::int)) as founded) t
          join bench_communities c on c.idx = 1 + floor(t.founded * power(${u01('n', 3)}, 1.5))::int
          -- (limit 1: one index probe per post, never a sort of a million rows)
          cross join lateral (select m.user_id, m.municipality_id from bench_members m
                              where m.community_id = c.id and m.rn = 1 + (n % c.members) limit 1) m
        ) k
        join bench_variants v on v.v = 1 + ((k.n * 7 + k.idx) % ${postVariants.length})`));
    });
    await step('post_indexes', async () => {
      for (const i of indexes) await tx.unsafe(i.def);
    });
    await step('counters', async () => {
      await tx.unsafe(`
        update communities c set member_count = s.n
        from (select community_id, count(*)::int as n from community_members where status = 'active' group by community_id) s
        where s.community_id = c.id and c.region_id = '${regionId}'`);
      await tx.unsafe(`
        update communities c set post_count = s.n, last_post_at = s.last
        from (select community_id, count(*)::int as n, max(created_at) as last from community_posts
              where deleted_at is null group by community_id) s
        where s.community_id = c.id and c.region_id = '${regionId}'`);
    });
    const [rows] = await tx<Record<string, number>[]>`
      select (select count(*)::int from communities where region_id = ${regionId}) as communities,
             (select count(*)::int from community_members where region_id = ${regionId}) as community_members,
             (select count(*)::int from community_posts where region_id = ${regionId}) as community_posts`;
    say(`communities: ${Object.entries(rows!).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')} in ` +
      `${Object.values(steps).reduce((a, b) => a + b, 0).toFixed(1)} s (${Object.entries(steps).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
    return { steps, rows: { ...rows! } };
  });
}
