// Deep imports keep zod out of the browser bundle: this module runs on both sides.
import type { Locale } from '@yui/contracts';
import { roleLabels } from '@yui/contracts/i18n';

/** UI strings. Japanese is the source language; English must have every key (the type checks it). */
const ja = {
  'app.name': '結 Yui',
  'app.tagline': '広域圏の職員がつながり、学び合い、助け合う',
  'app.skip': '本文へスキップ',

  'nav.label': 'メインメニュー',
  'nav.menu': 'メニュー',
  'nav.home': 'ホーム',
  'nav.time': '20%ルール',
  'nav.communities': 'コミュニティ',
  'nav.help': '職場応援',
  'nav.mentoring': 'メンター',
  'nav.attractions': '地域の魅力',

  'header.notifications': '通知',
  'header.notificationsUnread': '通知（未読{n}件）',
  'header.signOut': 'サインアウト',

  'lang.label': '表示言語',
  'lang.ja': '日本語',
  'lang.en': 'English',

  'login.title': 'サインイン',
  'login.email': 'メールアドレス',
  'login.password': 'パスワード',
  'login.submit': 'サインイン',
  'login.submitting': 'サインインしています…',
  'login.missing': 'メールアドレスとパスワードを入力してください。',
  'login.demoTitle': 'デモ用アカウント',
  'login.demoText': '次のアカウントでお試しいただけます（架空の職員です）。',
  'login.demoEmail': 'メールアドレス',
  'login.demoPassword': 'パスワード',

  'home.title': 'ホーム',
  'home.greeting': '{name}（{kana}）さん、こんにちは',
  'home.lead': '今日も、まちと課の垣根を越えて。',
  'home.about': 'あなたの所属',
  'home.municipality': '所属自治体',
  'home.code': '団体コード {code}',
  'home.department': '所属',
  'home.region': '広域圏',
  'home.roles': '役割',
  'home.latest': '最新のお知らせ',
  'home.noNotifications': '新しいお知らせはありません。',
  'home.allNotifications': 'すべての通知を見る',
  'home.areas': 'Yuiでできること',

  'area.time.desc': '所属長の事前承認のもと、勤務時間の最大20%を広域の活動に使えます。',
  'area.communities.desc': '目的別コミュニティで、まちや課の垣根を越えて学び合い、相談できます。',
  'area.help.desc': '企画参画・運営補助・繁忙期応援の募集を見て、手を挙げられます。',
  'area.mentoring.desc': '先輩職員が新採用職員や新任係長の仕事と職場生活を支えます。',
  'area.attractions.desc': '各市町村の魅力を持ち寄り、点から面へ発信します。',

  'placeholder.time': '20%ルールの申請・承認はここに表示されます。',
  'placeholder.communities': '目的別コミュニティの一覧・投稿・交流会はここに表示されます。',
  'placeholder.help': '職場応援の募集と応募はここに表示されます。',
  'placeholder.mentoring': 'メンター（職員サポート制度）のペアと面談の記録はここに表示されます。',
  'placeholder.attractions': '地域の魅力の投稿とSNSへの発信はここに表示されます。',
  'placeholder.soon': 'この機能は準備中です。',

  'notifications.title': '通知',
  'notifications.filter': '表示する通知',
  'notifications.all': 'すべて',
  'notifications.unreadOnly': '未読のみ',
  'notifications.unread': '未読',
  'notifications.markRead': '既読にする',
  'notifications.markReadOf': '「{title}」を既読にする',
  'notifications.markAllRead': 'すべて既読にする',
  'notifications.more': 'もっと見る',
  'notifications.first': '最新の通知へ戻る',
  'notifications.empty': '通知はありません。',
  'notifications.emptyUnread': '未読の通知はありません。',
  'notifications.open': '詳しく見る',

  'profile.title': 'プロフィール',
  'profile.name': '氏名',
  'profile.kana': 'ふりがな',
  'profile.email': 'メールアドレス',
  'profile.position': '職名',
  'profile.municipality': '所属自治体',
  'profile.department': '所属',
  'profile.region': '広域圏',
  'profile.roles': '役割',
  'profile.language': '表示言語',
  'profile.languageHelp': '画面とお知らせの言語を選べます。',
  'profile.save': '保存する',
  'profile.saved': '表示言語を変更しました。',
  'profile.notSet': '未設定',

  'error.title': 'エラーが発生しました',
  'error.notFound': 'お探しのページが見つかりませんでした。',
  'error.forbidden': 'このページを表示する権限がありません。',
  'error.generic': '申し訳ありません。問題が発生しました。しばらく待ってからもう一度お試しください。',
  'error.apiDown': 'サーバーに接続できませんでした。しばらく待ってからもう一度お試しください。',
  'error.backHome': 'ホームへ戻る',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.name': '結 Yui',
  'app.tagline': 'Where staff across the region connect, learn from and help each other',
  'app.skip': 'Skip to main content',

  'nav.label': 'Main menu',
  'nav.menu': 'Menu',
  'nav.home': 'Home',
  'nav.time': '20% rule',
  'nav.communities': 'Communities',
  'nav.help': 'Help wanted',
  'nav.mentoring': 'Mentoring',
  'nav.attractions': 'Local attractions',

  'header.notifications': 'Notifications',
  'header.notificationsUnread': 'Notifications ({n} unread)',
  'header.signOut': 'Sign out',

  'lang.label': 'Language',
  'lang.ja': '日本語',
  'lang.en': 'English',

  'login.title': 'Sign in',
  'login.email': 'E-mail address',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.missing': 'Please enter your e-mail address and password.',
  'login.demoTitle': 'Demo account',
  'login.demoText': 'You can try Yui with this account (a fictional staff member).',
  'login.demoEmail': 'E-mail',
  'login.demoPassword': 'Password',

  'home.title': 'Home',
  'home.greeting': 'Hello, {name} ({kana})',
  'home.lead': 'Working across towns and departments, together.',
  'home.about': 'About you',
  'home.municipality': 'Municipality',
  'home.code': 'Local government code {code}',
  'home.department': 'Department',
  'home.region': 'Region',
  'home.roles': 'Roles',
  'home.latest': 'Latest notifications',
  'home.noNotifications': 'No new notifications.',
  'home.allNotifications': 'See all notifications',
  'home.areas': 'What you can do in Yui',

  'area.time.desc': 'With your manager’s prior consent, spend up to 20% of your working time on regional activities.',
  'area.communities.desc': 'Learn and ask for advice in purpose-based communities across towns and departments.',
  'area.help.desc': 'See calls for help with projects, events and busy seasons, and volunteer.',
  'area.mentoring.desc': 'Experienced staff support new recruits and newly appointed supervisors.',
  'area.attractions.desc': 'Gather what makes each town special and share it as one region.',

  'placeholder.time': 'Requests and approvals for the 20% rule will appear here.',
  'placeholder.communities': 'Communities, their posts and meetups will appear here.',
  'placeholder.help': 'Calls for help and applications will appear here.',
  'placeholder.mentoring': 'Mentoring pairs and meeting notes will appear here.',
  'placeholder.attractions': 'Posts about local attractions and their social media sharing will appear here.',
  'placeholder.soon': 'This feature is coming soon.',

  'notifications.title': 'Notifications',
  'notifications.filter': 'Show',
  'notifications.all': 'All',
  'notifications.unreadOnly': 'Unread only',
  'notifications.unread': 'Unread',
  'notifications.markRead': 'Mark as read',
  'notifications.markReadOf': 'Mark “{title}” as read',
  'notifications.markAllRead': 'Mark all as read',
  'notifications.more': 'Show more',
  'notifications.first': 'Back to the newest',
  'notifications.empty': 'No notifications.',
  'notifications.emptyUnread': 'No unread notifications.',
  'notifications.open': 'Open',

  'profile.title': 'Profile',
  'profile.name': 'Name',
  'profile.kana': 'Furigana',
  'profile.email': 'E-mail address',
  'profile.position': 'Position',
  'profile.municipality': 'Municipality',
  'profile.department': 'Department',
  'profile.region': 'Region',
  'profile.roles': 'Roles',
  'profile.language': 'Language',
  'profile.languageHelp': 'The language of screens and notifications.',
  'profile.save': 'Save',
  'profile.saved': 'Your language has been changed.',
  'profile.notSet': 'Not set',

  'error.title': 'Something went wrong',
  'error.notFound': 'We could not find that page.',
  'error.forbidden': 'You are not allowed to see this page.',
  'error.generic': 'Sorry, something went wrong. Please try again in a moment.',
  'error.apiDown': 'We could not reach the server. Please try again in a moment.',
  'error.backHome': 'Back to home',
};

export const messages: Record<Locale, Record<MessageKey, string>> = { ja, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** `const t = translator(lang); t('home.greeting', { name })` — `{name}` placeholders are filled in. */
export function translator(lang: Locale): Translate {
  const table = messages[lang];
  return (key, vars) => {
    const text = table[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };
}

export const locales: readonly Locale[] = ['ja', 'en'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** 「所属長（観光政策課）」 / "Manager (観光政策課)" */
export function roleLabel(role: string, departmentName: string | null, lang: Locale): string {
  let label = roleLabels[role]?.[lang] ?? role;
  if (lang === 'en') label = label.charAt(0).toUpperCase() + label.slice(1);
  if (!departmentName) return label;
  return lang === 'ja' ? `${label}（${departmentName}）` : `${label} (${departmentName})`;
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  // Staff work in Japan: show Japan time whatever the server's or browser's zone, so SSR and
  // hydration print the same text.
  ja: new Intl.DateTimeFormat('ja-JP', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }),
};

export function formatDateTime(iso: string, lang: Locale): string {
  return dateFormats[lang].format(new Date(iso));
}
