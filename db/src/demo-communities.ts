/**
 * 目的別コミュニティ of the demo region: eight communities of every category with their members,
 * about sixty posts (questions solved and open, お悩み共有 / 事例共有 with advice, アイデア募集 with
 * interested people), comments with replies, いいね, readers, and study sessions past and upcoming.
 * Everything is fictional and written as city-hall staff of こおりやま広域圏 would write it.
 *
 * People are named by the local part of their demo e-mail (`staff.koriyama`, `user011.miharu`,
 * `coordinator`); dates are relative to the day of seeding (posts in the last 60 days, events from
 * 30 days back to 30 days ahead), so a fresh `npm start` always looks lively. Markdown is rendered,
 * and the search index, excerpts and counters are filled exactly as the API fills them.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { excerpt, renderMarkdown, toTsvectorLiteral } from '@yui/domain';

type Tx = postgres.TransactionSql;
/** The local part of a demo e-mail address. */
type Handle = string;
type Category = 'learning' | 'sharing' | 'consultation' | 'work_life' | 'local' | 'workplace' | 'other';
type PostKind = 'post' | 'question' | 'worry' | 'case' | 'idea';

interface CommentSeed {
  by: Handle;
  /** Minutes after the post (top-level comments) or after the comment (replies). */
  after: number;
  body: string;
  advice?: boolean;
  /** The answer that solved the question. */
  accepted?: boolean;
  likes?: number | Handle[];
  /** One level of replies, each `after` minutes after the one before. */
  replies?: Array<Omit<CommentSeed, 'replies' | 'accepted'>>;
}

interface PostSeed {
  by: Handle;
  kind?: PostKind;
  title?: string;
  body: string;
  challenge?: string;
  solution?: string;
  anonymous?: boolean;
  daysAgo: number;
  /** JST, HH:MM. */
  time: string;
  pinned?: boolean;
  likes?: number | Handle[];
  /** Readers besides the author, commenters and likers. */
  readers?: number;
  comments?: CommentSeed[];
  interested?: Array<Handle | [Handle, string]>;
}

interface EventSeed {
  by: Handle;
  title: string;
  kind: 'workshop' | 'study' | 'consultation' | 'first_meeting' | 'other';
  format: 'offline' | 'online' | 'hybrid';
  /** Days from the seeding day, moved to the nearest weekday away from today. */
  day: number;
  start: string;
  end: string;
  place?: string;
  onlineUrl?: string;
  capacity?: number;
  description: string;
  materialsNote?: string;
  registered: Handle[];
  waitlisted?: Handle[];
  cancelled?: Handle[];
  /** Past events: who came (the other registered people did not). */
  attended?: Handle[];
}

interface CommunitySeed {
  name: string;
  category: Category;
  visibility: 'open' | 'approval' | 'invite';
  description: string;
  createdDaysAgo: number;
  managers: [Handle, Handle];
  members: Handle[];
  /** Members who read everything as it comes (notify = all); the rest get the digest. */
  notifyAll?: Handle[];
  mute?: Handle[];
  pending?: Array<[Handle, string]>;
  invited?: Handle[];
  posts: PostSeed[];
  events?: EventSeed[];
}

// ───────────────────────────────────────────── the content ─────────────────────────────────────────────

export const demoCommunities: CommunitySeed[] = [
  {
    name: '観光振興ネットワーク',
    category: 'local',
    visibility: 'open',
    createdDaysAgo: 140,
    description: `こおりやま広域圏の**観光担当者**がつながる場です。

- イベント・誘客の事例共有
- インバウンド受入れのノウハウ
- 広域周遊の企画づくり

担当になったばかりの方も、気軽に質問してください。 #観光 #地域の魅力`,
    managers: ['manager.koriyama', 'manager.inawashiro'],
    members: [
      'staff.koriyama', 'staff2.koriyama', 'staff.sukagawa', 'staff2.sukagawa', 'staff.tamura', 'staff2.tamura',
      'staff.motomiya', 'staff.inawashiro', 'staff2.inawashiro', 'staff2.miharu', 'manager.miharu', 'user012.tamura', 'user014.koriyama',
    ],
    notifyAll: ['staff.inawashiro', 'staff2.sukagawa'],
    mute: ['user014.koriyama'],
    posts: [
      {
        by: 'manager.koriyama', daysAgo: 58, time: '09:10', pinned: true, title: 'このコミュニティについて（はじめにお読みください）',
        body: `観光振興ネットワークへようこそ。広域圏6市町の観光担当が、**肩書や市町の垣根なく**相談・共有する場です。

### お願い
1. 事例は「うまくいかなかったこと」も歓迎です
2. 住民・事業者の個人情報は書かないでください
3. 質問には分かる範囲で気軽に答えましょう

月1回程度、オンライン勉強会も企画します。 #観光`,
        likes: 9, readers: 18,
      },
      {
        by: 'staff.inawashiro', kind: 'case', daysAgo: 52, time: '13:40', title: '猪苗代湖畔の冬イベント、SNS発信の見直しで来場者が1.5倍に',
        challenge: `毎年2月の湖畔イベントは、来場者の **8割が町内・近隣** の方で、首都圏からの集客が課題でした。チラシと町HPだけの告知では届いていませんでした。`,
        solution: `- Instagramでリール動画を週2回投稿（職員2名で分担、1本15分で作れる型を決めた）
- 地元の宿泊施設に投稿のシェアをお願いした
- ハッシュタグを「#猪苗代湖の冬」に統一

結果、来場者は前年比1.5倍、アンケートで「SNSで知った」が38%になりました。`,
        body: `今年の湖畔イベントの振り返りを共有します。詳しい数字が必要な方はコメントください。 #観光 #SNS #猪苗代湖`,
        likes: 11, readers: 22,
        comments: [
          { by: 'staff2.miharu', after: 95, advice: true, likes: 3, body: `1本15分の「型」、ぜひ見せていただきたいです。三春でも滝桜シーズン以外の発信が弱くて…。` ,
            replies: [{ by: 'staff.inawashiro', after: 40, body: `テンプレートを次の勉強会で共有しますね。Canvaのリール用テンプレートを3種類だけに絞っています。` }] },
          { by: 'staff.tamura', after: 300, advice: true, likes: 2, body: `宿泊施設にシェアをお願いするとき、何か謝礼や見返りは用意しましたか？` ,
            replies: [{ by: 'staff.inawashiro', after: 25, body: `特にありません。施設側の投稿にも町のアカウントからコメントする「相互応援」の形にしています。` }] },
        ],
      },
      {
        by: 'staff.koriyama', kind: 'question', daysAgo: 47, time: '10:05', title: '外国人観光客向けの多言語パンフ、翻訳はどこに頼んでいますか？',
        body: `来年度、郡山市の観光パンフレットを **英語・繁体字・韓国語** で作り直す予定です。

- 翻訳会社に一括発注
- 国際交流協会にお願い
- 機械翻訳＋ネイティブチェック

など、皆さんの市町ではどうしているか教えてください。予算感も分かるとありがたいです。 #観光 #インバウンド #多言語`,
        likes: 6, readers: 16,
        comments: [
          { by: 'staff2.inawashiro', after: 70, accepted: true, likes: 5, body: `猪苗代町は「機械翻訳＋ネイティブチェック」です。

1. DeepLで下訳（職員）
2. 町の国際交流員（CIR）に英語をチェックしてもらう
3. 繁体字・韓国語は県の国際交流協会の**ネイティブチェック制度**を利用（無料でした）

A4両面1枚あたり、外注の1/3くらいの手間で済んでいます。`,
            replies: [
              { by: 'staff.koriyama', after: 30, body: `県の制度は知りませんでした！ さっそく問い合わせてみます。ありがとうございます。` },
              { by: 'manager.inawashiro', after: 120, body: `補足です。申込みは利用日の1か月前までなので、スケジュールにご注意ください。` },
            ] },
          { by: 'staff.motomiya', after: 240, likes: 1, body: `本宮市は一括発注でした。3言語で約40万円（A4・8ページ）です。参考まで。` },
        ],
      },
      {
        by: 'staff2.miharu', daysAgo: 43, time: '16:20', title: '三春滝桜シーズンの交通渋滞対策、今年の振り返り',
        body: `今年の滝桜シーズン（約2週間）の交通対策をまとめました。

| 対策 | 結果 |
| --- | --- |
| 臨時駐車場＋シャトルバス | 渋滞のピークが約40分短縮 |
| 駐車場の満空情報をWebで公開 | アクセス数 1日最大2.1万件 |
| 周辺道路の交通誘導員増員 | 苦情件数が前年の半分 |

課題は、**シャトルバスの乗り場案内が分かりにくい** という声が多かったことです。来年は多言語の案内看板も検討します。 #三春滝桜 #観光 #交通`,
        likes: 8, readers: 19,
        comments: [
          { by: 'staff.sukagawa', after: 60, likes: 2, body: `満空情報の公開、どんな仕組みで更新していましたか？ 牡丹園でも検討したいです。` ,
            replies: [{ by: 'staff2.miharu', after: 55, body: `誘導員さんがスマホから3段階（空き・混雑・満車）を入力する簡単な仕組みです。kintoneで作りました。` }] },
        ],
      },
      {
        by: 'staff.sukagawa', kind: 'idea', daysAgo: 36, time: '11:30', title: '広域周遊スタンプラリーを一緒に企画しませんか',
        body: `6市町の観光スポットを巡る **デジタルスタンプラリー** を、来年度の広域連携事業として提案したいと考えています。

- 各市町2〜3スポット、スマホでスタンプ
- 達成者に各市町の特産品が当たる
- 宿泊施設・道の駅と連携

企画段階から一緒に考えてくれる方、「関心あり」を押してください！ 月1回オンラインで打合せできればと思います。 #観光 #周遊 #アイデア募集`,
        likes: 10, readers: 21,
        interested: [['staff.koriyama', '郡山市の担当として参加します'], ['staff.tamura', 'あぶくま洞を入れたいです'], 'staff.motomiya', ['staff2.inawashiro', '道の駅との調整ができます'], 'user012.tamura'],
        comments: [
          { by: 'manager.koriyama', after: 180, likes: 4, body: `良い企画ですね。広域連携課とも相談して、事業化のスケジュールを確認してみます。` },
          { by: 'staff.motomiya', after: 1500, body: `アプリは既存サービスを使う想定ですか？ 本宮市で以前使ったサービスの資料があります。` ,
            replies: [{ by: 'staff.sukagawa', after: 60, body: `既存サービス想定です。資料、ぜひ共有してください！` }] },
        ],
      },
      {
        by: 'staff.tamura', kind: 'question', daysAgo: 21, time: '14:15', title: 'あぶくま洞周辺の二次交通、デマンド交通と連携している事例はありますか',
        body: `駅から観光地までの「二次交通」が弱く、車のない観光客から問い合わせが増えています。デマンド交通（予約制乗合）を観光客にも使ってもらっている事例があれば教えてください。 #観光 #二次交通`,
        likes: 3, readers: 12,
      },
      {
        by: 'staff.motomiya', kind: 'worry', daysAgo: 15, time: '09:45', title: '観光協会との役割分担があいまいで、二重対応が起きている',
        challenge: `問い合わせ対応やイベントの実行委員会事務局で、市と観光協会のどちらが担うのか決まっていない業務があります。結果として同じ事業者に両方から連絡してしまうことも。`,
        body: `同じような状況の市町はありますか？ 役割分担表を作った例などあれば教えてください。 #観光 #観光協会`,
        likes: 5, readers: 14,
        comments: [
          { by: 'manager.miharu', after: 120, advice: true, likes: 4, body: `三春町では年度初めに観光協会と **「業務分担表」** を作り、窓口をどちらか一方に決めています。迷う業務は「町が決める・協会が動く」を原則にしました。`,
            replies: [{ by: 'staff.motomiya', after: 90, body: `「町が決める・協会が動く」、分かりやすいですね。上司に提案してみます。` }] },
          { by: 'staff2.koriyama', after: 400, advice: true, likes: 2, body: `郡山はDMOができたタイミングで整理しました。整理表の様式ならお送りできます。` },
        ],
      },
      {
        by: 'manager.miharu', daysAgo: 11, time: '17:05', title: '観光庁の補助事業 説明会のメモ',
        body: `先日の説明会（オンライン）のポイントです。

- 申請は **例年より1か月早い** 見込み
- 広域での申請は加点あり
- 効果測定（KPI）の設定が厳しくなる

広域周遊の企画（@staff.sukagawa さんのアイデア）と組み合わせられそうです。 #観光 #補助金`,
        likes: 7, readers: 15,
      },
      {
        by: 'user012.tamura', daysAgo: 6, time: '12:50', title: 'ふるさと納税の返礼品に「体験型観光」を入れてみました',
        body: `田村市では今年度から、返礼品に **星空観察ツアー** と **そば打ち体験** を追加しました。寄付額は小さいですが、実際に来てくれる方が増えるのがうれしいです。 #ふるさと納税 #観光`,
        likes: 6, readers: 13,
        comments: [{ by: 'staff2.tamura', after: 45, likes: 1, body: `星空観察ツアー、職員も参加したいくらいです笑` }],
      },
      {
        by: 'staff2.sukagawa', daysAgo: 2, time: '10:20', title: '牡丹園の開花情報、LINEでの配信を始めました',
        body: `須賀川牡丹園の開花状況を、市の公式LINEで週2回配信しています。登録者は2週間で約1,200人増えました。配信の文面は [須賀川市公式サイト](https://www.city.sukagawa.fukushima.jp/) でも公開しています。 #観光 #LINE`,
        likes: 4, readers: 9,
      },
    ],
    events: [
      {
        by: 'manager.inawashiro', title: 'インバウンド受入れ勉強会 in 猪苗代', kind: 'workshop', format: 'hybrid', day: -21, start: '14:00', end: '16:30',
        place: '猪苗代町役場 2階 大会議室', onlineUrl: 'https://meet.example.jp/inawashiro-inbound', capacity: 30,
        description: `外国人観光客の受入れについて、猪苗代町の宿泊事業者さんをゲストにお話を伺います。

- 受入れの実際（言葉・食事・支払い）
- 多言語案内のコツ
- 意見交換`,
        materialsNote: `ご参加ありがとうございました。**当日のスライド** と、ゲストの方が紹介したチェックリストを共有します。次回は「キャッシュレス決済」をテーマに予定しています。`,
        registered: ['staff.koriyama', 'staff2.koriyama', 'staff.sukagawa', 'staff.tamura', 'staff.motomiya', 'staff.inawashiro', 'staff2.inawashiro', 'staff2.miharu', 'manager.miharu', 'user012.tamura'],
        cancelled: ['staff2.tamura'],
        attended: ['staff.koriyama', 'staff.sukagawa', 'staff.tamura', 'staff.motomiya', 'staff.inawashiro', 'staff2.inawashiro', 'staff2.miharu', 'user012.tamura'],
      },
    ],
  },
  {
    name: '若手職員まなびあい+',
    category: 'learning',
    visibility: 'open',
    createdDaysAgo: 120,
    description: `入庁おおむね10年目までの職員が、**教え合い・学び合う** コミュニティです。前橋市の「まなびあい+」を参考に、勤務時間内の短い勉強会（20%ルール活用）を開いています。

Excel、文書事務、ファシリテーションなど、テーマの持ち込み大歓迎です。 #まなびあい #研修`,
    managers: ['admin.koriyama', 'admin.miharu'],
    members: [
      'staff.koriyama', 'staff.sukagawa', 'staff.tamura', 'staff.miharu', 'staff.inawashiro', 'user009.koriyama', 'user013.koriyama',
      'user010.sukagawa', 'user015.sukagawa', 'user016.tamura', 'user012.motomiya', 'user009.miharu', 'user007.inawashiro',
    ],
    notifyAll: ['staff.miharu', 'user010.sukagawa'],
    posts: [
      {
        by: 'admin.koriyama', daysAgo: 57, time: '08:50', pinned: true, title: 'まなびあい+ってなに？（はじめての方へ）',
        body: `まなびあい+は、**職員が講師にも受講者にもなる** 小さな勉強会です。

- 1回30〜60分、勤務時間内（20%ルールの対象です）
- 講師は持ち回り。得意なことを10分話すだけでもOK
- 資料は終わったらこのコミュニティで共有

「こんなテーマを聞きたい」という投稿も歓迎です。 #まなびあい`,
        likes: 10, readers: 20,
      },
      {
        by: 'staff.miharu', kind: 'question', daysAgo: 50, time: '15:30', title: '年度別の集計表、ピボットテーブルとSUMIFSどちらを使うべき？',
        body: `補助金の交付実績を年度・地区別に集計しています。毎月データが追加されるのですが、

- ピボットテーブル（更新を忘れがち）
- SUMIFS関数（式が長くなる）

どちらが引継ぎしやすいでしょうか。 #Excel #まなびあい`,
        likes: 5, readers: 17,
        comments: [
          { by: 'user010.sukagawa', after: 50, accepted: true, likes: 6, body: `引継ぎ重視なら **テーブル化＋ピボット** をおすすめします。

1. 元データを「テーブル」にする（Ctrl+T）→ 行が増えても範囲が自動で広がる
2. ピボットの元データにテーブル名を指定
3. ファイルを開いたときに更新する設定にする（ピボットテーブルオプション → データ）

これで「更新忘れ」もなくなります。`,
            replies: [{ by: 'staff.miharu', after: 20, body: `開いたときに更新、の設定があるんですね！ 解決しました。ありがとうございます。` }] },
          { by: 'user016.tamura', after: 200, likes: 2, body: `SUMIFS派ですが、確かに引継ぎ先が読めなくて苦労したことがあります…。テーブル化は両方に効きますね。` },
        ],
      },
      {
        by: 'staff.tamura', daysAgo: 40, time: '17:10', title: 'ファシリテーション研修の報告',
        body: `県の自治研修センターの「会議ファシリテーション研修」（2日間）に参加しました。すぐ使えたのは次の3つです。

1. 会議の最初に **ゴールと時間** をホワイトボードに書く
2. 意見は付箋で一斉に出してもらう（声の大きい人に偏らない）
3. 最後に「誰が・いつまでに」を読み上げる

来月のまなびあい+で10分ほど紹介させてください。 #研修 #ファシリテーション`,
        likes: 9, readers: 18,
        comments: [{ by: 'admin.miharu', after: 120, likes: 2, body: `ぜひお願いします！ 次回の枠を押さえておきますね。` }],
      },
      {
        by: 'user009.koriyama', kind: 'question', daysAgo: 33, time: '12:20', title: '議会答弁書の書き方、参考になる本や資料はありますか',
        body: `はじめて答弁書の下書きを担当します。課内の過去の答弁は読んでいますが、体系的に学べる本や資料があれば教えてください。 #議会 #文書事務`,
        likes: 4, readers: 14,
        comments: [{ by: 'staff.sukagawa', after: 180, likes: 1, body: `私も知りたいです。うちの課では過去答弁をExcelで検索できるようにしていますが、書き方の本は持っていません…。` }],
      },
      {
        by: 'staff.sukagawa', kind: 'case', daysAgo: 27, time: '16:45', title: '新人同士の「5分勉強会」を1年続けたコツ',
        challenge: `同期で勉強会を始めても、繁忙期になると自然消滅してしまう。`,
        solution: `- **毎週木曜16:55から5分だけ**、と時間を固定
- テーマは「今週つまずいたこと」だけ。準備はしない
- 記録は共有フォルダのメモ1枚に追記

1年で47回続きました。短いほうが続きます。`,
        body: `須賀川市の同期4人で続けている「5分勉強会」の紹介です。 #まなびあい #人材育成`,
        likes: 12, readers: 19,
        comments: [
          { by: 'user015.sukagawa', after: 30, advice: true, likes: 2, body: `参加者の一人です。「準備しない」のが本当に大事でした。` },
          { by: 'user012.motomiya', after: 300, advice: true, body: `本宮でも真似してみます！ 記録のメモはどんな項目ですか？`,
            replies: [{ by: 'staff.sukagawa', after: 45, body: `「日付・誰が・何につまずいたか・どう解決したか」の4項目だけです。` }] },
        ],
      },
      {
        by: 'user010.sukagawa', daysAgo: 19, time: '09:30', title: '「公用文作成の考え方」（令和4年）のポイントまとめ',
        body: `文化審議会の建議「公用文作成の考え方」のうち、日常の文書で効くところをまとめました。

- 「〜を行う」「〜を実施する」を減らして **動詞で言い切る**
- 読み手に合わせて、法令用語は言い換えや説明を添える
- 左横書きの数字は算用数字
- 「及び」「並びに」の使い分けは従来どおり

詳しくは[文化庁のページ](https://www.bunka.go.jp/)をどうぞ。 #公用文 #文書事務`,
        likes: 11, readers: 21,
      },
      {
        by: 'staff.inawashiro', kind: 'question', daysAgo: 12, time: '10:40', title: '起案文書の「伺い」と「報告」の使い分けが分かりません',
        body: `町の文書規程を読んでも、どこからが「伺い」でどこまでが「報告」なのかピンときません。皆さんはどう判断していますか？ #文書事務`,
        likes: 3, readers: 11,
        comments: [
          { by: 'admin.miharu', after: 35, accepted: true, likes: 4, body: `目安は **「決めてもらうことがあるか」** です。

- 決裁権者に判断・承認してもらう → 伺い
- すでに決まったこと・起きたことを知らせる → 報告

迷ったら「〜してよろしいか」と書けるかどうかで判断しています。`,
            replies: [{ by: 'staff.inawashiro', after: 15, body: `「〜してよろしいか」と書けるか、分かりやすいです！ ありがとうございます。` }] },
        ],
      },
      {
        by: 'admin.miharu', daysAgo: 4, time: '13:00', title: '次回のまなびあい+は「Excel関数」です（定員10名）',
        body: `次回の勉強会の案内です。**XLOOKUP・FILTER・UNIQUE** を、実際の業務データ（ダミー）で練習します。イベントページから参加登録してください。勤務時間内なので、20%ルールの申請もお忘れなく。 #まなびあい #Excel`,
        likes: 6, readers: 15,
      },
    ],
    events: [
      {
        by: 'admin.miharu', title: 'まなびあい+ 勉強会：Excel関数で集計を速くする', kind: 'study', format: 'offline', day: 9, start: '15:00', end: '16:30',
        place: '須賀川市役所 3階 研修室', capacity: 10,
        description: `XLOOKUP・FILTER・UNIQUEを使って、毎月の集計作業を短くする練習をします。

- 持ち物：ノートPC（Excel 2021以降またはMicrosoft 365）
- 練習用のダミーデータは当日配布します
- 講師：須賀川市 情報政策課の職員`,
        registered: ['staff.sukagawa', 'staff.tamura', 'staff.inawashiro', 'user009.koriyama', 'user013.koriyama', 'user010.sukagawa', 'user016.tamura', 'user012.motomiya', 'user009.miharu'],
      },
    ],
  },
  {
    name: '育休・子育て職員の会',
    category: 'work_life',
    visibility: 'approval',
    createdDaysAgo: 110,
    description: `育児休業中・復帰後・これから取得予定の職員が、制度の使い方や両立の工夫を話せる場です。安心して話せるよう、**参加は承認制** にしています。

性別・職種を問わずどなたでも。 #育休 #子育て`,
    managers: ['staff2.sukagawa', 'user010.motomiya'],
    members: ['staff2.koriyama', 'staff2.miharu', 'user013.tamura', 'user011.koriyama', 'user008.inawashiro', 'user015.koriyama', 'user016.sukagawa'],
    notifyAll: ['staff2.koriyama'],
    pending: [['user014.inawashiro', '来年度に育休を取得予定です。先輩方のお話を聞きたいです。']],
    posts: [
      {
        by: 'staff2.sukagawa', daysAgo: 55, time: '12:15', pinned: true, title: 'この会について（投稿のお願い）',
        body: `育休・子育て職員の会へようこそ。

- ここでの話は **この会の中だけ** にしてください
- 制度は市町ごとに違うので、どの市町の話か書いてもらえると助かります
- 愚痴も歓迎です

月1回、昼休みにオンラインのランチ交流会をしています。 #育休 #子育て`,
        likes: 7, readers: 9,
      },
      {
        by: 'staff2.koriyama', kind: 'worry', daysAgo: 45, time: '21:10', title: '復帰して3か月、時短勤務と担当業務のバランスがとれない',
        challenge: `部分休業（1日2時間）で復帰しましたが、担当業務の量は育休前とほぼ同じです。16時以降の会議に出られず、結局持ち帰りや残業になりがちです。`,
        solution: `上司と面談して、**定例会議を午前に移してもらう** ことまではできました。業務量そのものはまだ相談中です。`,
        body: `同じような状況の方、どう調整しましたか？ #育休 #時短勤務 #両立`,
        likes: 6, readers: 8,
        comments: [
          { by: 'user010.motomiya', after: 600, advice: true, likes: 3, body: `私は復帰前に「やらない業務リスト」を作って上司と合意しました。減らす業務を先に決めておくと、後から増えにくいです。`,
            replies: [{ by: 'staff2.koriyama', after: 120, body: `「やらない業務リスト」、今からでも作ってみます。` }] },
          { by: 'staff2.miharu', after: 900, advice: true, likes: 2, body: `16時以降の会議は議事メモを共有してもらうルールにしました。出られない前提で回してもらうと気持ちが楽です。` },
        ],
      },
      {
        by: 'user013.tamura', kind: 'question', daysAgo: 38, time: '19:40', title: '男性職員の育休、上司に伝えるタイミングはいつが良い？',
        body: `妻の出産予定が半年後です。1か月ほど育休を取りたいのですが、いつ・どう伝えるのが良いでしょうか。係で男性の取得例はまだありません。 #育休 #男性育休`,
        likes: 5, readers: 8,
        comments: [
          { by: 'user011.koriyama', after: 80, accepted: true, likes: 4, body: `私は **安定期に入ってすぐ（約半年前）** に伝えました。早いほど業務分担の調整がしやすく、上司も人事課に代替職員を相談できます。

伝えるときは「期間」「引継ぎの案」をセットにすると話が早いです。`,
            replies: [{ by: 'user013.tamura', after: 60, body: `引継ぎの案をセットで、ですね。来週の面談で伝えてみます。ありがとうございます！` }] },
          { by: 'staff2.sukagawa', after: 200, likes: 2, body: `人事課の制度説明資料をもらっておくと、上司への説明に使えますよ。` },
        ],
      },
      {
        by: 'staff2.miharu', kind: 'case', daysAgo: 30, time: '12:30', title: '課内で「引継ぎシート」を作ってから育休に入りました',
        challenge: `前回の育休では引継ぎが口頭中心で、休業中に何度も電話がかかってきました。`,
        solution: `- 業務ごとに「年間の流れ・関係先・ファイルの場所・よくある質問」を1枚にまとめた
- 引継ぎ先と2週間並走した
- 休業中の連絡は **月1回のメールだけ** と最初に決めた

今回は電話ゼロでした。シートの様式はこの会で共有します。`,
        body: `引継ぎシートの様式、必要な方はコメントください。 #育休 #引継ぎ`,
        likes: 8, readers: 9,
        comments: [{ by: 'user016.sukagawa', after: 150, advice: true, likes: 1, body: `ぜひ欲しいです！ 「よくある質問」欄は本当に大事ですね。` }],
      },
      {
        by: 'user010.motomiya', daysAgo: 24, time: '12:05', title: '各市町の育児関連の休暇制度を表にしてみました',
        body: `人事担当の方に確認した範囲でまとめました（誤りがあれば教えてください）。

| 市町 | 部分休業 | 子の看護休暇 |
| --- | --- | --- |
| 郡山市 | 1日2時間まで | 年5日（2人以上10日） |
| 須賀川市 | 1日2時間まで | 年5日（2人以上10日） |
| 本宮市 | 1日2時間まで | 年5日（2人以上10日） |
| 三春町 | 1日2時間まで | 年5日（2人以上10日） |

大きな違いはありませんが、**申請の締切** は市町で違うので注意です。 #育休 #制度比較`,
        likes: 7, readers: 9,
      },
      {
        by: 'user015.koriyama', kind: 'question', daysAgo: 9, time: '20:30', title: '保育園の入所申込と復帰日、皆さんどう調整しましたか？',
        body: `4月入所の申込みをする予定ですが、内定が出る前に復帰日を決めなければならず困っています。内定が出なかった場合の延長手続きも含めて、経験を教えてください。 #保育園 #育休`,
        likes: 2, readers: 6,
      },
      {
        by: 'user008.inawashiro', daysAgo: 3, time: '12:40', title: '子の看護休暇、時間単位で使えるのが助かります',
        body: `発熱の呼び出しで午後だけ休むことが多いので、時間単位で取れるのが本当に助かっています。係の皆さんにも感謝です。 #子育て`,
        likes: 5, readers: 7,
      },
    ],
    events: [
      {
        by: 'staff2.sukagawa', title: '育休復帰者ランチ交流会（オンライン）', kind: 'other', format: 'online', day: 27, start: '12:10', end: '12:50',
        onlineUrl: 'https://meet.example.jp/ikukyu-lunch',
        description: `お昼ごはんを食べながら、復帰後の働き方について気軽に話しましょう。カメラオフ・途中参加OKです。`,
        registered: ['staff2.koriyama', 'staff2.miharu', 'user013.tamura', 'user008.inawashiro'],
      },
    ],
  },
  {
    name: 'DX・業務改善研究会',
    category: 'sharing',
    visibility: 'open',
    createdDaysAgo: 130,
    description: `RPA・電子申請・kintone・生成AIなど、**小さく始めて効果が出た** 業務改善を共有する研究会です。大きなシステム更新の話より、明日から真似できる工夫を歓迎します。 #DX #業務改善`,
    managers: ['user010.koriyama', 'admin.tamura'],
    members: [
      'staff2.koriyama', 'admin.sukagawa', 'user009.sukagawa', 'user012.koriyama', 'user009.motomiya', 'user010.inawashiro',
      'user006.miharu', 'staff.miharu', 'staff.motomiya', 'user014.tamura', 'manager.sukagawa',
    ],
    notifyAll: ['user009.motomiya'],
    mute: ['manager.sukagawa'],
    posts: [
      {
        by: 'user010.koriyama', daysAgo: 59, time: '09:00', pinned: true, title: '研究会の進め方',
        body: `- 事例は **事例共有** の投稿で、「課題感」と「どうやって解決したか」を書いてください
- ツール名・費用・かかった時間が書いてあると、他の市町が判断しやすくなります
- 月1回、オンラインで事例発表会をします

#DX #業務改善`,
        likes: 8, readers: 17,
      },
      {
        by: 'admin.tamura', kind: 'case', daysAgo: 53, time: '14:20', title: 'RPAで課税資料の入力を月40時間削減',
        challenge: `住民税の課税資料（給与支払報告書の一部）を、システムに手入力していました。繁忙期は係員3名が連日残業。`,
        solution: `1. 入力手順を画面ごとに書き出し、例外パターンを洗い出した
2. RPAでCSVからの入力を自動化（例外は人が処理）
3. 毎年の画面変更に備えて、設定の変更手順書を作った

開発は職員2名で約1か月。**月40時間・年間約200時間** の削減になりました。`,
        body: `田村市の事例です。ツールは県の共同調達で導入したものを使っています。 #DX #RPA #税務`,
        likes: 13, readers: 23,
        comments: [
          { by: 'user010.inawashiro', after: 60, advice: true, likes: 3, body: `例外パターンはどのくらいありましたか？ 小規模町村だと件数が少なく、例外の割合が高くなりそうで心配です。`,
            replies: [{ by: 'admin.tamura', after: 90, body: `全体の約8%が例外でした。例外は一覧で出力して、人が確認する流れにしています。` }] },
          { by: 'user012.koriyama', after: 240, advice: true, likes: 2, body: `変更手順書を作ったのが素晴らしいです。作った人が異動すると止まるのが一番の課題なので…。` },
        ],
      },
      {
        by: 'staff.miharu', kind: 'question', daysAgo: 46, time: '11:15', title: '電子申請、ぴったりサービスと独自フォームをどう使い分けていますか',
        body: `三春町では電子申請の手続きを増やそうとしています。

- マイナポータル（ぴったりサービス）
- 独自のフォーム（LoGoフォームなど）

の使い分けの基準があれば教えてください。 #DX #電子申請`,
        likes: 4, readers: 15,
        comments: [
          { by: 'user009.sukagawa', after: 40, accepted: true, likes: 5, body: `須賀川市の基準です。

- **本人確認（マイナンバーカード）が必要** → ぴったりサービス
- アンケート・イベント申込みなど本人確認不要 → 独自フォーム

迷ったら「なりすましが起きたら困るか」で決めています。`,
            replies: [{ by: 'staff.miharu', after: 30, body: `「なりすましが起きたら困るか」、明快ですね。課内で共有します！` }] },
        ],
      },
      {
        by: 'user009.motomiya', kind: 'idea', daysAgo: 35, time: '16:00', title: '広域でkintoneアプリのテンプレートを共有しませんか',
        body: `6市町のうち4市町がkintoneを使っています。**イベント申込管理・備品貸出・問い合わせ台帳** など、同じようなアプリを各自で作っているので、テンプレートを共有できれば効率的だと思います。

関心がある方、一緒にルール（個人情報を含めない等）を考えましょう。 #DX #kintone #アイデア募集`,
        likes: 9, readers: 18,
        interested: [['user012.koriyama', '郡山市のテンプレートを出せます'], 'staff.motomiya', ['user010.inawashiro', 'まだ導入前ですが参考にしたいです'], 'user006.miharu'],
        comments: [{ by: 'user010.koriyama', after: 200, likes: 3, body: `次回の事例発表会で、テンプレート共有の進め方を議題にしましょう。` }],
      },
      {
        by: 'user012.koriyama', daysAgo: 28, time: '10:10', title: '生成AIの庁内利用ガイドライン（郡山市の例）',
        body: `郡山市で運用している生成AI利用ガイドラインのポイントです。

- **個人情報・非公開情報は入力しない**
- 出力は必ず職員が確認し、そのまま公表しない
- 利用した業務は簡単に記録する（効果測定のため）

使ってよい例：あいさつ文のたたき台、Excel関数の相談、議事録の要約（公開情報のみ）。 #生成AI #DX`,
        likes: 10, readers: 20,
        comments: [{ by: 'admin.sukagawa', after: 120, likes: 2, body: `須賀川市も今年度中に作る予定なので、とても参考になります。` }],
      },
      {
        by: 'staff.motomiya', kind: 'worry', daysAgo: 20, time: '17:40', title: '電子申請を始めても紙の申請書が減らない',
        challenge: `電子申請を導入して半年ですが、利用率は15%程度。窓口では結局、紙の申請書を案内してしまっています。`,
        body: `利用率を上げた工夫があれば教えてください。 #DX #電子申請 #業務改善`,
        likes: 4, readers: 13,
        comments: [
          { by: 'user009.sukagawa', after: 180, advice: true, likes: 3, body: `窓口にタブレットを置いて、**職員が横で一緒に入力する** 期間を設けたら利用率が上がりました。一度やると次から自分でやってくれます。` },
          { by: 'user006.miharu', after: 400, advice: true, body: `紙の様式をホームページから外して、電子申請のリンクを一番上にしたのも効きました。` },
        ],
      },
      {
        by: 'user010.inawashiro', kind: 'question', daysAgo: 14, time: '13:25', title: '小規模町村でRPAを導入するとき、費用対効果をどう説明しましたか',
        body: `職員数が少なく、1業務あたりの削減時間も小さいため、財政担当に費用対効果を説明しづらいです。複数業務を合算する、広域で共同利用する等、説明の工夫を教えてください。 #RPA #DX`,
        likes: 3, readers: 10,
      },
      {
        by: 'admin.sukagawa', daysAgo: 8, time: '15:50', title: 'Excelマクロの属人化を防ぐために始めたこと',
        body: `作った人しか直せないマクロが増えてしまったので、次のルールを始めました。

1. マクロの先頭に **目的・作成者・最終更新日** を書く
2. 設定値（フォルダの場所など）はシートに出す
3. 年1回、作成者以外が動かしてみる

\`\`\`vb
' 目的：月次の集計表を作る
' 作成：須賀川市 人事課 / 最終更新：今年4月
Const OUTPUT_SHEET As String = "集計"
\`\`\`

#Excel #業務改善`,
        likes: 7, readers: 16,
      },
      {
        by: 'user006.miharu', daysAgo: 1, time: '11:45', title: 'Teamsのチャネル運用ルールを作りました',
        body: `三春町の総務課で、Teamsのチャネルを「連絡」「相談」「雑談」の3つに整理しました。**メールでの庁内連絡が約半分に** 減っています。 #Teams #業務改善`,
        likes: 3, readers: 8,
      },
    ],
    events: [
      {
        by: 'user010.koriyama', title: 'kintone活用事例発表会（オンライン）', kind: 'study', format: 'online', day: -9, start: '15:30', end: '17:00',
        onlineUrl: 'https://meet.example.jp/dx-kintone',
        description: `4市町の担当者が、kintoneで作った業務アプリを5分ずつ紹介します。テンプレート共有の進め方も話し合います。`,
        materialsNote: `発表資料4本と、テンプレート共有のルール案（たたき台）を共有しました。ルール案へのご意見は、このコミュニティの投稿にコメントしてください。`,
        registered: ['user010.koriyama', 'admin.tamura', 'user012.koriyama', 'user009.motomiya', 'user010.inawashiro', 'user006.miharu', 'staff.motomiya', 'user009.sukagawa'],
        attended: ['user010.koriyama', 'admin.tamura', 'user012.koriyama', 'user009.motomiya', 'user010.inawashiro', 'user006.miharu', 'user009.sukagawa'],
      },
    ],
  },
  {
    name: '新任係長の相談室',
    category: 'consultation',
    visibility: 'invite',
    createdDaysAgo: 100,
    description: `今年度、係長になった職員のための **招待制** の相談室です。部下との関わり方、業務の配分、評価面談など、係長ならではの悩みを先輩課長と一緒に考えます。`,
    managers: ['manager.sukagawa', 'manager.tamura'],
    members: ['user011.koriyama', 'user011.motomiya', 'user011.inawashiro', 'user011.miharu'],
    notifyAll: ['user011.koriyama', 'user011.motomiya', 'user011.inawashiro', 'user011.miharu'],
    invited: ['user011.sukagawa'],
    posts: [
      {
        by: 'manager.sukagawa', daysAgo: 56, time: '08:40', pinned: true, title: 'ようこそ、新任係長の相談室へ',
        body: `この相談室は招待された方だけが見られます。**名前を出さずに相談** することもできます（名前は管理者だけに見えます）。

「今さら聞けない」ことほど、ここで聞いてください。`,
        likes: 4, readers: 5,
      },
      {
        by: 'user011.motomiya', kind: 'question', anonymous: true, daysAgo: 42, time: '22:15', title: '自分より年上の部下への指示の出し方が分かりません',
        body: `係員に、経験年数も年齢も上のベテランの方がいます。業務の進め方について指示を出すとき、どうしても遠慮してしまいます。皆さんはどうしていますか？`,
        likes: 3, readers: 5,
        comments: [
          { by: 'manager.tamura', after: 480, accepted: true, likes: 3, body: `「指示」ではなく **「相談」の形** で始めるのがおすすめです。

- 「この件、どう進めるのが良いと思いますか？」と先に意見を聞く
- 決めるところは係長が決める（ここは遠慮しない）
- 任せたら、途中で口を出しすぎない

ベテランの方は「頼られる」と力を発揮してくれることが多いです。`,
            replies: [{ by: 'user011.motomiya', after: 600, body: `相談の形で始めてみたら、スムーズに進みました。ありがとうございました。` }] },
          { by: 'user011.inawashiro', after: 700, likes: 1, body: `同じ悩みでした。参考になります。` },
        ],
      },
      {
        by: 'user011.koriyama', kind: 'worry', daysAgo: 31, time: '19:30', title: '係内の業務量の偏りをどう直すか',
        challenge: `係員4名のうち、特定の1名に問い合わせ対応が集中しています。本人は「大丈夫です」と言いますが、残業時間が突出しています。`,
        body: `業務分担を見直したいのですが、本人のやる気を削がずに進める方法はありますか。`,
        likes: 3, readers: 5,
        comments: [{ by: 'manager.sukagawa', after: 240, advice: true, likes: 2, body: `まず全員の業務を **見える化**（1週間の業務記録）してから、係全体の話として分担を見直すと角が立ちません。個人の問題にしないのがコツです。` }],
      },
      {
        by: 'user011.inawashiro', kind: 'question', daysAgo: 10, time: '18:05', title: '人事評価の期首面談、何を話せば良いでしょうか',
        body: `初めて評価者として面談をします。目標設定の面談で、係員とどんな話をすれば良いか、進め方の例を教えてください。`,
        likes: 2, readers: 4,
        comments: [{ by: 'user011.miharu', after: 120, body: `私も来週が初めてです…。先輩方のお話を聞きたいです。` }],
      },
      {
        by: 'manager.tamura', daysAgo: 5, time: '12:30', title: '係長1年目に読んでよかった本',
        body: `私が係長になったときに読んで役立った本です。

1. 『自治体の係長の仕事術』（仮）— 段取りと報連相の基本
2. 『はじめての部下育成』（仮）— 面談の進め方
3. 『会議のデザイン』（仮）— 短い会議で決める方法

どれも庁内の図書コーナーにあるそうです。`,
        likes: 4, readers: 5,
      },
    ],
  },
  {
    name: '窓口サービス向上',
    category: 'workplace',
    visibility: 'open',
    createdDaysAgo: 95,
    description: `市民課・住民課・税務課など、**窓口に立つ職員** の工夫を持ち寄る場です。待ち時間、やさしい日本語、カスタマーハラスメント対応、書かない窓口など。 #窓口 #接遇`,
    managers: ['manager.motomiya', 'user012.miharu'],
    members: [
      'user009.koriyama', 'user011.sukagawa', 'user012.sukagawa', 'user013.motomiya', 'user014.motomiya', 'user009.inawashiro',
      'user013.miharu', 'user015.tamura', 'staff2.motomiya', 'staff2.tamura',
    ],
    posts: [
      {
        by: 'manager.motomiya', daysAgo: 54, time: '08:45', pinned: true, title: '窓口サービス向上コミュニティへようこそ',
        body: `窓口は、住民の方が市役所・町役場を評価する一番の場所です。**小さな工夫** ほど共有する価値があります。写真（個人が写らないもの）付きの事例も歓迎です。 #窓口`,
        likes: 6, readers: 15,
      },
      {
        by: 'user011.sukagawa', kind: 'case', daysAgo: 48, time: '15:10', title: '案内表示を「やさしい日本語」に変えたら、問い合わせが減った',
        challenge: `「転入届」「住民異動届」など、案内表示の言葉が難しく、どの窓口に行けば良いか分からないという問い合わせが毎日ありました。`,
        solution: `- 表示を「ひっこしてきた人」「ひっこす人」のように **やさしい日本語** に変更
- 番号とイラストを付けた
- 外国人住民の方にも見てもらって修正

窓口での「どこに行けば？」という質問が体感で半分以下になりました。`,
        body: `須賀川市 市民課の取組です。表示のデータを共有できます。 #窓口 #やさしい日本語`,
        likes: 12, readers: 22,
        comments: [
          { by: 'user013.miharu', after: 90, advice: true, likes: 2, body: `三春町でも真似したいです。外国人住民の方へのチェックはどうやってお願いしましたか？`,
            replies: [{ by: 'user011.sukagawa', after: 120, body: `国際交流協会の日本語教室で、学習者の方に見てもらいました。` }] },
        ],
      },
      {
        by: 'user009.inawashiro', kind: 'question', daysAgo: 41, time: '10:30', title: 'カスハラ対策で通話を録音するとき、告知はどうしていますか',
        body: `電話の録音を始める予定です。冒頭のアナウンスや、窓口での掲示の文面を教えてください。 #窓口 #カスハラ`,
        likes: 5, readers: 16,
        comments: [
          { by: 'user012.sukagawa', after: 60, accepted: true, likes: 4, body: `須賀川市の例です。

- 電話：「サービス向上のため、通話を録音させていただきます」（自動音声）
- 窓口：同じ文面をカウンターに掲示＋ホームページで告知

録音の目的・保存期間を **要綱で決めてから** 始めると、問い合わせにも答えやすいです。`,
            replies: [{ by: 'user009.inawashiro', after: 45, body: `要綱を先に、ですね。ありがとうございます！` }] },
        ],
      },
      {
        by: 'user013.miharu', daysAgo: 34, time: '16:40', title: '転入手続きのワンストップ化、三春町の流れ',
        body: `三春町では、転入の方に **1つの窓口で** 住民票・国保・児童手当・ごみの案内まで済ませてもらう流れにしました。

1. 受付でチェックシートに記入（該当する手続きに○）
2. 住民課の職員が各課の手続きをまとめて案内
3. 各課の職員が窓口に来る（住民は移動しない）

#窓口 #ワンストップ`,
        likes: 9, readers: 18,
        comments: [{ by: 'staff2.motomiya', after: 200, likes: 2, body: `各課の職員が窓口に来る、のがすごいですね。人数が多い市だと難しそうですが、繁忙期だけでもやってみたいです。` }],
      },
      {
        by: 'staff2.tamura', kind: 'worry', daysAgo: 26, time: '18:20', title: '3〜4月の繁忙期、待ち時間が2時間を超えてしまう',
        challenge: `異動・転勤の時期は、土日明けの月曜に待ち時間が2時間を超えます。職員の応援も限界です。`,
        solution: `今年は、待ち状況を **Webで公開** し、混雑する時間帯を避けてもらうよう呼びかけました。効果はこれから検証します。`,
        body: `皆さんの繁忙期対策を教えてください。 #窓口 #待ち時間`,
        likes: 5, readers: 14,
        comments: [
          { by: 'user014.motomiya', after: 120, advice: true, likes: 3, body: `本宮市は3月最終週と4月第1週に **土曜開庁** をしています。平日の混雑がかなり分散されました。` },
          { by: 'user009.koriyama', after: 300, advice: true, likes: 1, body: `郡山は事前に書類を作っておける「来庁前入力」を始めました。1件あたりの時間が短くなります。` },
        ],
      },
      {
        by: 'user014.motomiya', kind: 'idea', daysAgo: 18, time: '14:00', title: '窓口の「困ったこと」事例集を広域でつくりたい',
        body: `窓口で実際にあった「困ったこと」と「こう対応したらうまくいった」を集めて、**新任職員向けの事例集** を6市町で作りたいです。個人が特定されない形で集めます。 #窓口 #事例集 #アイデア募集`,
        likes: 8, readers: 17,
        interested: [['user011.sukagawa', '市民課の事例を出せます'], 'user013.miharu', ['user015.tamura', '編集を手伝えます']],
      },
      {
        by: 'user015.tamura', kind: 'question', daysAgo: 7, time: '11:05', title: '「書かない窓口」を導入した市町はありますか？',
        body: `申請書を職員が聞き取りで作る「書かない窓口」を検討しています。導入済みの市町があれば、システムや運用の様子を教えてください。 #書かない窓口 #窓口`,
        likes: 4, readers: 12,
      },
      {
        by: 'user012.sukagawa', daysAgo: 3, time: '15:35', title: 'マイナンバーカード交付の予約システム、3つ比較しました',
        body: `交付予約の仕組みを比較しました。

| 方式 | 良い点 | 気になる点 |
| --- | --- | --- |
| 電話予約 | 高齢の方に優しい | 職員の負担が大きい |
| Web予約（汎用） | 24時間受付 | 当日キャンセルが多い |
| LINE予約 | リマインドが送れる | 登録が必要 |

須賀川市は「Web＋電話」の併用にしています。 #マイナンバーカード #窓口`,
        likes: 6, readers: 13,
      },
    ],
    events: [
      {
        by: 'manager.motomiya', title: '窓口サービス向上 キックオフ会', kind: 'first_meeting', format: 'offline', day: -28, start: '15:00', end: '16:30',
        place: '本宮市役所 2階 第1会議室', capacity: 20,
        description: `コミュニティ最初の集まりです。自己紹介と、各市町の窓口の「今いちばん困っていること」を共有します。`,
        materialsNote: `当日出た「困りごと」一覧（付箋の書き起こし）を共有します。多かったのは **待ち時間・カスハラ・外国人対応** でした。`,
        registered: ['manager.motomiya', 'user012.miharu', 'user011.sukagawa', 'user013.motomiya', 'user014.motomiya', 'user013.miharu', 'staff2.motomiya'],
        attended: ['manager.motomiya', 'user012.miharu', 'user011.sukagawa', 'user013.motomiya', 'user014.motomiya', 'staff2.motomiya'],
      },
    ],
  },
  {
    name: '地域防災の連携',
    category: 'other',
    visibility: 'open',
    createdDaysAgo: 125,
    description: `大規模災害に備えて、**顔の見える関係** をつくるためのコミュニティです。受援・応援の手順、避難所運営、訓練の工夫を共有します。 #防災 #広域連携`,
    managers: ['user001.koriyama', 'user001.miharu'],
    members: [
      'user002.sukagawa', 'user001.tamura', 'user001.motomiya', 'user001.inawashiro', 'user008.koriyama', 'user012.inawashiro',
      'user015.miharu', 'manager.tamura', 'staff.sukagawa',
    ],
    notifyAll: ['user001.tamura', 'user001.motomiya', 'user001.inawashiro'],
    posts: [
      {
        by: 'user001.koriyama', daysAgo: 60, time: '09:20', pinned: true, title: 'このコミュニティの目的',
        body: `災害時、隣の市町に「誰に電話すればいいか」がすぐ分かることが大切です。このコミュニティでは

- 防災担当者どうしの顔合わせ
- 訓練・計画の共有
- 災害時の連絡の練習

を行います。 #防災`,
        likes: 7, readers: 16,
      },
      {
        by: 'user001.miharu', kind: 'case', daysAgo: 49, time: '13:15', title: '避難所運営訓練に住民の方に参加してもらった',
        challenge: `職員だけの訓練では、実際の避難所で住民の方が何に困るかが見えませんでした。`,
        solution: `- 自主防災組織に声をかけ、住民30名に「避難者役」をお願いした
- 受付・物資配布・要配慮者スペースの設営を一緒に実施
- 終了後に住民の方から意見を集めた

「トイレの案内が分からない」など、職員だけでは気付かない点が20件以上出ました。`,
        body: `三春町の訓練の報告です。 #防災 #避難所 #訓練`,
        likes: 9, readers: 18,
        comments: [
          { by: 'user001.motomiya', after: 180, advice: true, likes: 2, body: `住民の方への声かけは、区長さん経由でしたか？`,
            replies: [{ by: 'user001.miharu', after: 60, body: `自主防災組織の会長さん経由です。年度初めの総会で趣旨を説明しました。` }] },
        ],
      },
      {
        by: 'user002.sukagawa', kind: 'question', daysAgo: 39, time: '10:50', title: '応援職員の受け入れ（受援計画）の様式、共有していただけませんか',
        body: `受援計画の見直しをしています。応援職員に渡す **業務ごとの指示書** の様式があれば参考にさせてください。 #防災 #受援計画`,
        likes: 4, readers: 13,
        comments: [
          { by: 'user001.koriyama', after: 120, accepted: true, likes: 3, body: `郡山市の様式は、業務名・場所・必要人数・持ち物・連絡先・1日の流れの6項目で、A4 1枚です。国のガイドラインの様式を簡略化したものです。ファイルはイベント「HUG体験会」の資料と一緒に共有します。` },
        ],
      },
      {
        by: 'user001.inawashiro', daysAgo: 29, time: '16:10', title: '磐梯山の火山防災訓練を振り返って',
        body: `先月の火山防災訓練の振り返りです。**観光客への情報伝達** が一番の課題でした。宿泊施設経由での伝達は早かった一方、日帰りの登山者には届きにくいことが分かりました。 #防災 #火山 #観光`,
        likes: 6, readers: 15,
      },
      {
        by: 'staff.sukagawa', kind: 'question', daysAgo: 16, time: '14:45', title: '観光客向けの避難情報、多言語でどう発信していますか',
        body: `観光部門から防災の相談です。外国人観光客向けに避難情報を多言語で出す仕組みを、どの市町も持っているのでしょうか。 #防災 #観光 #多言語`,
        likes: 3, readers: 11,
      },
      {
        by: 'user012.inawashiro', daysAgo: 4, time: '09:40', title: '令和元年東日本台風の記録を読み返しています',
        body: `当時の災害対応の記録を、新しく防災担当になった職員と読み返しています。**当時の判断の理由** が書いてあるのが一番参考になります。 #防災 #台風`,
        likes: 5, readers: 10,
      },
    ],
    events: [
      {
        by: 'user001.koriyama', title: '広域 避難所運営ゲーム（HUG）体験会', kind: 'workshop', format: 'offline', day: 20, start: '13:30', end: '16:30',
        place: '田村市役所 大会議室', capacity: 24,
        description: `避難所運営ゲーム（HUG）を、市町混成のグループで体験します。災害時に連絡を取り合う相手と顔を合わせる機会にしましょう。

- 6人×4グループ
- 動きやすい服装でお越しください`,
        registered: ['user001.koriyama', 'user001.miharu', 'user002.sukagawa', 'user001.tamura', 'user001.inawashiro', 'user015.miharu'],
      },
    ],
  },
  {
    name: '広域まるごと相談ひろば',
    category: 'consultation',
    visibility: 'open',
    createdDaysAgo: 150,
    description: `「誰に聞けばいいか分からない」を持ち込む、広域圏の **なんでも相談** の場です。広域連携課のコーディネーターが、ほかの市町の担当者につなぎます。毎月、**月例相談会** も開いています。 #広域連携 #相談`,
    managers: ['coordinator', 'manager.miharu'],
    members: [
      'staff.koriyama', 'staff.miharu', 'staff.tamura', 'staff2.inawashiro', 'user015.sukagawa', 'user014.koriyama',
      'user013.sukagawa', 'user016.motomiya',
    ],
    notifyAll: ['staff.koriyama'],
    posts: [
      {
        by: 'coordinator', daysAgo: 59, time: '10:00', pinned: true, title: '月例相談会のご案内と、このひろばの使い方',
        body: `- 相談は **質問** として投稿してください（解決したら「解決した回答」を選んでください）
- 答えられる人が見つからないときは、コーディネーターがほかの市町の担当者におつなぎします
- 毎月1回、月例相談会（対面＋オンライン）を開きます

名前を出しにくい相談は、各コミュニティの「名前を出さずに相談」も使えます。 #広域連携`,
        likes: 8, readers: 20,
      },
      {
        by: 'staff.koriyama', kind: 'question', daysAgo: 44, time: '11:20', title: 'ほかの市町の同じ業務の担当者を探すには？',
        body: `ふるさと納税の返礼品の取扱いについて、近隣の担当者に相談したいのですが、誰が担当なのか分かりません。どうやって探すのが良いですか？ #広域連携`,
        likes: 4, readers: 15,
        comments: [
          { by: 'coordinator', after: 45, accepted: true, likes: 5, body: `職員名簿（ディレクトリ）で、ほかの市町の **課・係** から探せます。分からないときはこのひろばで @coordinator に声をかけてください。担当者におつなぎします。

ふるさと納税なら、田村市の @user012.tamura さんが詳しいですよ。`,
            replies: [{ by: 'staff.koriyama', after: 20, body: `ありがとうございます！ さっそく連絡してみます。` }] },
        ],
      },
      {
        by: 'staff2.inawashiro', kind: 'question', daysAgo: 32, time: '15:00', title: '広域での共同調達、どこから手をつければ良いでしょう',
        body: `消耗品やシステムを広域で共同調達できないか、という話が課内で出ています。過去に共同調達をした事例や、最初の相談先を教えてください。 #広域連携 #共同調達`,
        likes: 3, readers: 12,
        comments: [{ by: 'user014.koriyama', after: 300, likes: 1, body: `RPAは県の共同調達の例があると聞きました（DX・業務改善研究会に投稿があります）。` }],
      },
      {
        by: 'staff.miharu', kind: 'question', daysAgo: 25, time: '13:35', title: '20%ルールで他の町の勉強会に参加するとき、出張の扱いになりますか',
        body: `須賀川市で開かれる勉強会に、20%ルールの時間を使って参加したいと思っています。移動時間や旅費はどう扱われるのでしょうか。 #20パーセントルール #研修`,
        likes: 6, readers: 16,
        comments: [
          { by: 'manager.miharu', after: 90, accepted: true, likes: 4, body: `三春町では、20%ルールの申請で承認された活動は **職務として扱い**、他市町への移動は通常の出張（旅費あり）になります。申請のときに場所を書いておいてください。

ほかの市町も同じ扱いか、月例相談会で確認しておきますね。`,
            replies: [{ by: 'staff.miharu', after: 30, body: `分かりました。申請に場所を書きます！` }] },
        ],
      },
      {
        by: 'user015.sukagawa', kind: 'worry', daysAgo: 17, time: '19:50', title: '異動したばかりで、前任者に何度も聞くのが申し訳ない',
        challenge: `4月に異動して、前任者（今は別の課）に毎日のように質問しています。相手も忙しそうで、聞くのをためらってしまいます。`,
        body: `皆さんはどうしていますか？ #異動 #引継ぎ`,
        likes: 7, readers: 14,
        comments: [
          { by: 'staff.tamura', after: 120, advice: true, likes: 3, body: `質問をためておいて、**週1回15分** だけ時間をもらう形にしたら、お互い楽になりました。` },
          { by: 'user013.sukagawa', after: 500, advice: true, likes: 2, body: `聞いたことをメモにまとめて前任者に送ると、次の異動者への引継ぎ資料にもなって喜ばれました。` },
        ],
      },
      {
        by: 'user014.koriyama', daysAgo: 13, time: '17:30', title: '前回の月例相談会のメモ',
        body: `前回の月例相談会（参加12名）で出た相談です。

1. ふるさと納税の返礼品の共同開発 → 観光振興ネットワークで継続
2. 会計年度任用職員の研修 → 人事担当どうしで情報交換
3. 窓口の繁忙期対策 → 窓口サービス向上コミュニティで事例共有

次回もお気軽にどうぞ。 #広域連携 #月例相談会`,
        likes: 5, readers: 14,
      },
      {
        by: 'manager.miharu', daysAgo: 2, time: '16:15', title: '空き家バンクの担当者交流会を開きます（告知）',
        body: `三春町で、空き家バンクを担当している職員の交流会を企画しています。移住相談と空き家の **マッチングの工夫** を持ち寄りましょう。日程が決まったらイベントを登録します。 #空き家 #移住`,
        likes: 3, readers: 9,
      },
    ],
    events: [
      {
        by: 'coordinator', title: '月例相談会（対面＋オンライン）', kind: 'consultation', format: 'hybrid', day: 6, start: '15:00', end: '16:30',
        place: '郡山市役所 本庁舎3階 広域連携課 会議室', onlineUrl: 'https://meet.example.jp/koriyama-soudan',
        description: `広域圏の職員なら、どなたでも参加できる月例の相談会です。

- 業務の困りごと、ほかの市町の担当者を探したいとき
- 20%ルールの使い方
- 新しいコミュニティをつくりたいとき

途中参加・途中退出OKです。`,
        registered: ['staff.koriyama', 'staff.miharu', 'staff2.inawashiro', 'user014.koriyama', 'user016.motomiya'],
      },
    ],
  },
];

// ───────────────────────────────────────────── the seeding ─────────────────────────────────────────────

interface Person {
  id: string;
  municipalityId: string;
}

/** Deterministic choices (a small LCG), so a fresh demo always has the same likes and readers. */
function chooser(seed: number) {
  let s = seed >>> 0 || 1;
  return <T>(pool: readonly T[], n: number, exclude: ReadonlySet<T> = new Set()): T[] => {
    const candidates = pool.filter((x) => !exclude.has(x));
    const out: T[] = [];
    while (out.length < Math.min(n, candidates.length)) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const x = candidates[s % candidates.length]!;
      if (!out.includes(x)) out.push(x);
    }
    return out;
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** Midnight JST of `now`'s day, as a UTC instant. */
const jstMidnight = (now: Date) => new Date(Math.floor((now.getTime() + JST) / DAY) * DAY - JST);
const at = (midnight: Date, days: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(midnight.getTime() + days * DAY + (h * 60 + m) * MINUTE);
};
/** Weekday (JST) of an instant, 0 = Sunday. */
const jstWeekday = (d: Date) => new Date(d.getTime() + JST).getUTCDay();
/** `days` from today, moved away from today to the nearest weekday (events are on working days). */
function eventDay(midnight: Date, days: number): number {
  let d = days;
  const step = days < 0 ? -1 : 1;
  while ([0, 6].includes(jstWeekday(new Date(midnight.getTime() + d * DAY + 12 * 3_600_000)))) d += step;
  return d;
}

const rendered = (markdown: string | undefined | null) => (markdown ? renderMarkdown(markdown) : null);

export interface DemoCommunityCounts {
  communities: number;
  posts: number;
  comments: number;
  events: number;
}

/**
 * Writes the demo communities into the demo region, inside the seed's transaction (as the owner:
 * RLS does not apply). Every person named must exist (`staffPerTown` 20, the default).
 */
export async function seedDemoCommunities(tx: Tx, regionId: string, now = new Date()): Promise<DemoCommunityCounts> {
  const rows = await tx<{ id: string; email: string; municipality_id: string }[]>`
    select u.id, u.email, u.municipality_id from users u join municipalities m on m.id = u.municipality_id
    where m.region_id = ${regionId}`;
  const people = new Map<Handle, Person>(rows.map((r) => [r.email.split('@')[0]!.toLowerCase(), { id: r.id, municipalityId: r.municipality_id }]));
  const everyone = [...people.keys()].sort();
  const person = (h: Handle): Person => {
    const p = people.get(h);
    if (!p) throw new Error(`demo communities: no demo person "${h}"`);
    return p;
  };
  const coordinator = person('coordinator');
  const midnight = jstMidnight(now);
  // Nothing in the past may come after "now" (a comment 20 hours after yesterday's post).
  const latest = now.getTime() - 5 * MINUTE;
  const past = (t: number) => new Date(Math.min(t, latest));

  const communityRows: Record<string, unknown>[] = [];
  const memberRows: Record<string, unknown>[] = [];
  const postRows: Record<string, unknown>[] = [];
  const commentRows: Record<string, unknown>[] = [];
  const likeRows: Record<string, unknown>[] = [];
  const viewRows: Record<string, unknown>[] = [];
  const interestRows: Record<string, unknown>[] = [];
  const eventRows: Record<string, unknown>[] = [];
  const registrationRows: Record<string, unknown>[] = [];

  for (const [ci, c] of demoCommunities.entries()) {
    const communityId = randomUUID();
    const pick = chooser(ci * 7919 + 17);
    const createdAt = at(midnight, -c.createdDaysAgo, '10:00');
    const active = [...c.managers, ...c.members];
    const activeSet = new Set(active);
    if (activeSet.size !== active.length) throw new Error(`demo communities: ${c.name} names a member twice`);
    const mustBeMember = (h: Handle, what: string) => {
      if (!activeSet.has(h)) throw new Error(`demo communities: ${h} (${what}) is not a member of ${c.name}`);
      return person(h);
    };
    // Who may read: the region for open communities, the members otherwise.
    const readers = c.visibility === 'open' ? everyone : active;
    const base = { region_id: regionId, community_id: communityId };

    // ── members ──
    for (const [i, h] of active.entries()) {
      const p = person(h);
      const joined = new Date(createdAt.getTime() + (i < 2 ? 0 : (i * 2 + 1) * DAY) + i * 37 * MINUTE);
      memberRows.push({
        ...base, user_id: p.id, municipality_id: p.municipalityId,
        role: i < 2 ? 'manager' : 'member', status: 'active',
        notify: i < 2 || c.notifyAll?.includes(h) ? 'all' : c.mute?.includes(h) ? 'mute' : 'digest',
        message: null, invited_by: c.visibility === 'invite' && i >= 2 ? person(c.managers[0]).id : null,
        joined_at: joined, created_at: joined, updated_at: joined,
      });
    }
    for (const [h, message] of c.pending ?? []) {
      const p = person(h);
      const asked = past(at(midnight, -2, '18:30').getTime());
      memberRows.push({
        ...base, user_id: p.id, municipality_id: p.municipalityId, role: 'member', status: 'pending', notify: 'digest',
        message, invited_by: null, joined_at: null, created_at: asked, updated_at: asked,
      });
    }
    for (const h of c.invited ?? []) {
      const p = person(h);
      const asked = past(at(midnight, -1, '09:15').getTime());
      memberRows.push({
        ...base, user_id: p.id, municipality_id: p.municipalityId, role: 'member', status: 'invited', notify: 'digest',
        message: null, invited_by: person(c.managers[0]).id, joined_at: null, created_at: asked, updated_at: asked,
      });
    }

    // ── posts, comments, likes, readers, interest ──
    let lastPostAt: Date | null = null;
    for (const ps of c.posts) {
      const postId = randomUUID();
      const author = mustBeMember(ps.by, 'author');
      const createdPost = past(at(midnight, -ps.daysAgo, ps.time).getTime());
      if (!lastPostAt || createdPost > lastPostAt) lastPostAt = createdPost;
      const body = renderMarkdown(ps.body);
      const challenge = rendered(ps.challenge);
      const solution = rendered(ps.solution);
      const hashtags = [...new Set([...body.hashtags, ...(challenge?.hashtags ?? []), ...(solution?.hashtags ?? [])])].slice(0, 20);
      const mentionIds = (md: { mentions: string[] } | null) =>
        (md?.mentions ?? []).map((h) => people.get(h)?.id).filter((id): id is string => !!id);
      const involved = new Set<Handle>([ps.by]);
      const likes = (spec: number | Handle[] | undefined, not: Handle) =>
        Array.isArray(spec) ? spec : pick(active, spec ?? 0, new Set([not]));

      // comments (top level, then their replies), in time order
      let acceptedId: string | null = null;
      let acceptedAt: Date | null = null;
      let commentCount = 0;
      for (const cs of ps.comments ?? []) {
        const top = randomUUID();
        const topAt = past(createdPost.getTime() + cs.after * MINUTE);
        const write = (s: CommentSeed, id: string, parent: string | null, when: Date) => {
          const by = mustBeMember(s.by, 'commenter');
          const md = renderMarkdown(s.body);
          commentRows.push({
            ...base, id, post_id: postId, parent_id: parent, author_id: by.id, author_municipality_id: by.municipalityId,
            kind: s.advice ? 'advice' : 'comment', body: s.body, body_html: md.html, mention_ids: mentionIds(md),
            like_count: 0, created_at: when, updated_at: when,
          });
          const likers = likes(s.likes, s.by);
          for (const [k, h] of likers.entries()) {
            const l = mustBeMember(h, 'like');
            likeRows.push({ ...base, target_type: 'comment', target_id: id, user_id: l.id, municipality_id: l.municipalityId, created_at: past(when.getTime() + (k + 1) * 17 * MINUTE) });
            involved.add(h);
          }
          commentRows[commentRows.length - 1]!.like_count = likers.length;
          involved.add(s.by);
          commentCount++;
        };
        write(cs, top, null, topAt);
        if (cs.accepted) {
          if (acceptedId) throw new Error(`demo communities: two accepted answers in "${ps.title}"`);
          acceptedId = top;
          acceptedAt = topAt;
        }
        let t = topAt.getTime();
        for (const r of cs.replies ?? []) {
          t += r.after * MINUTE;
          write(r, randomUUID(), top, past(t));
        }
      }
      if (acceptedId && ps.kind !== 'question') throw new Error(`demo communities: "${ps.title}" accepts an answer but is no question`);

      const postLikers = likes(ps.likes, ps.by);
      for (const [k, h] of postLikers.entries()) {
        const l = mustBeMember(h, 'like');
        likeRows.push({ ...base, target_type: 'post', target_id: postId, user_id: l.id, municipality_id: l.municipalityId, created_at: past(createdPost.getTime() + (k + 1) * 23 * MINUTE) });
        involved.add(h);
      }
      const interested = (ps.interested ?? []).map((x) => (Array.isArray(x) ? x : [x, null] as const));
      if (interested.length && ps.kind !== 'idea') throw new Error(`demo communities: "${ps.title}" has interest but is no idea`);
      for (const [k, [h, note]] of interested.entries()) {
        const p = mustBeMember(h, 'interest');
        interestRows.push({ ...base, post_id: postId, user_id: p.id, municipality_id: p.municipalityId, note, created_at: past(createdPost.getTime() + (k + 1) * 41 * MINUTE) });
        involved.add(h);
      }
      const viewers = [...involved, ...pick(readers, ps.readers ?? 5, involved)];
      for (const [k, h] of viewers.entries()) {
        const v = person(h);
        viewRows.push({ ...base, post_id: postId, user_id: v.id, municipality_id: v.municipalityId, viewed_at: past(createdPost.getTime() + k * 13 * MINUTE) });
      }

      const solvedAt = acceptedAt ? past(acceptedAt.getTime() + 3 * 3_600_000) : null;
      postRows.push({
        ...base, id: postId, author_id: author.id, author_municipality_id: author.municipalityId, kind: ps.kind ?? 'post',
        title: ps.title ?? null, body: ps.body, body_html: body.html, excerpt: excerpt(body.text),
        challenge: ps.challenge ?? null, challenge_html: challenge?.html ?? null,
        solution: ps.solution ?? null, solution_html: solution?.html ?? null,
        anonymous: ps.anonymous ?? false, hashtags, mention_ids: [...new Set([body, challenge, solution].flatMap(mentionIds))],
        pinned_at: ps.pinned ? past(createdPost.getTime() + 10 * MINUTE) : null,
        like_count: postLikers.length, comment_count: commentCount, view_count: viewers.length, interest_count: interested.length,
        accepted_comment_id: acceptedId, solved_at: solvedAt, solved_by: acceptedId ? author.id : null,
        search: toTsvectorLiteral([ps.title, body.text, challenge?.text, solution?.text, hashtags.join(' ')]),
        created_at: createdPost, updated_at: createdPost,
      });
    }

    // ── events ──
    for (const es of c.events ?? []) {
      const eventId = randomUUID();
      const organiser = mustBeMember(es.by, 'organiser');
      const day = eventDay(midnight, es.day);
      const startsAt = at(midnight, day, es.start);
      const endsAt = at(midnight, day, es.end);
      const isPast = endsAt.getTime() < now.getTime();
      const createdEvent = past(startsAt.getTime() - 21 * DAY);
      const description = renderMarkdown(es.description);
      const materials = isPast ? rendered(es.materialsNote) : null;
      const registered = es.registered;
      const waitlisted = es.waitlisted ?? [];
      if (es.capacity != null && registered.length > es.capacity) throw new Error(`demo communities: ${es.title} is over capacity`);
      const regs: Array<[Handle, 'registered' | 'waitlisted' | 'cancelled']> = [
        ...registered.map((h) => [h, 'registered'] as [Handle, 'registered']),
        ...waitlisted.map((h) => [h, 'waitlisted'] as [Handle, 'waitlisted']),
        ...(es.cancelled ?? []).map((h) => [h, 'cancelled'] as [Handle, 'cancelled']),
      ];
      for (const [k, [h, status]] of regs.entries()) {
        const p = mustBeMember(h, 'registration');
        const queued = past(createdEvent.getTime() + (k + 1) * 97 * MINUTE);
        registrationRows.push({
          ...base, id: randomUUID(), event_id: eventId, user_id: p.id, municipality_id: p.municipalityId, status,
          queued_at: queued, promoted_at: null, cancelled_at: status === 'cancelled' ? past(queued.getTime() + 3 * DAY) : null,
          attended: isPast && status === 'registered' ? (es.attended ?? []).includes(h) : null,
          reminder_sent_at: isPast && status !== 'cancelled' ? new Date(startsAt.getTime() - DAY) : null,
          created_at: queued, updated_at: queued,
        });
      }
      eventRows.push({
        ...base, id: eventId, title: es.title, description: es.description, description_html: description.html,
        kind: es.kind, format: es.format, starts_at: startsAt, ends_at: endsAt, place: es.place ?? null, online_url: es.onlineUrl ?? null,
        capacity: es.capacity ?? null, registered_count: registered.length, waitlist_count: waitlisted.length, status: 'scheduled',
        materials_note: materials ? es.materialsNote : null, materials_note_html: materials?.html ?? null,
        created_by: organiser.id, created_by_municipality_id: organiser.municipalityId,
        search: toTsvectorLiteral([es.title, description.text, es.place]),
        created_at: createdEvent, updated_at: isPast && materials ? past(endsAt.getTime() + DAY) : createdEvent,
      });
    }

    const description = renderMarkdown(c.description);
    communityRows.push({
      id: communityId, region_id: regionId, name: c.name, category: c.category, description: c.description,
      description_html: description.html, visibility: c.visibility, status: 'active',
      created_by: coordinator.id, created_by_municipality_id: coordinator.municipalityId,
      member_count: active.length, post_count: c.posts.length, last_post_at: lastPostAt,
      search: toTsvectorLiteral([c.name, description.text]), created_at: createdAt, updated_at: createdAt,
    });
  }

  // Parents first; comments with their parents before them (replies follow their top-level comment).
  const insert = async (table: string, list: Record<string, unknown>[]) => {
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      await tx`insert into ${tx(table)} ${tx(chunk as Record<string, postgres.ParameterOrJSON<never>>[], Object.keys(chunk[0]!))}`;
    }
  };
  await insert('communities', communityRows);
  await insert('community_members', memberRows);
  await insert('community_posts', postRows);
  await insert('community_comments', commentRows);
  await insert('community_likes', likeRows);
  await insert('community_post_views', viewRows);
  await insert('community_interests', interestRows);
  await insert('community_events', eventRows);
  await insert('community_event_registrations', registrationRows);
  return { communities: communityRows.length, posts: postRows.length, comments: commentRows.length, events: eventRows.length };
}
