/**
 * Markdown of community posts and comments (投稿・コメント), rendered to HTML that is safe to insert
 * as is: markdown-it with raw HTML off, links limited to http(s), mailto and site-relative paths,
 * and images shown as links (an <img> would load a stranger's server — a tracking pixel — for every
 * reader). #ハッシュタグ and @mentions are found in the parsed text, never in code or inside links,
 * and come back as lists for the caller to store and notify.
 */
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import type { Env, StateCore, Token } from 'markdown-it';

export interface RenderOptions {
  /** Where a hashtag links to; by default the community search for `#tag`. */
  hashtagHref?: (tag: string) => string;
  /** Where a mention links to, or null for a plain highlighted name (e.g. nobody by that handle). */
  mentionHref?: (handle: string) => string | null;
}

export interface RenderedMarkdown {
  html: string;
  /** The document as plain text, whitespace collapsed: for excerpts and the search index. */
  text: string;
  /** Unique tags in order of appearance, NFKC-normalised and lowercased, at most MAX_TAGS. */
  hashtags: string[];
  /** Unique handles in order of appearance, lowercased, at most MAX_TAGS. */
  mentions: string[];
}

/** A post that names more than this many tags or people is spam, not a post: the rest are ignored. */
export const MAX_TAGS = 20;

const EXTERNAL_REL = 'noopener noreferrer nofollow ugc';

/** Site-relative (`/communities/…`) but not protocol-relative (`//evil.example`, `/\evil.example`). */
const isRelative = (href: string) => /^\/(?![/\\]|%5c)/i.test(href);

/**
 * Links we let through. An allow-list, because a deny-list of schemes misses the next one. markdown-it
 * has decoded entities (`java&#115;cript:`) and percent-encoded spaces and controls before we see it.
 */
function isAllowedHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase());
  return isRelative(href);
}

// ---------- hashtags and mentions ----------

// A tag is letters (any script: 観光, ＡＢＣ, ー and 々 are letters too), marks, digits and underscores.
const HASHTAG = /[#＃]([\p{L}\p{M}\p{N}_]+)/uy;
// A handle is an e-mail local part (staff.koriyama), optionally with its domain; never ends in a dot.
const MENTION = /@([A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})?)/y;
// Characters of URLs and addresses: `example.com/#top`, `?a=#b` or `a@b` do not start a tag or mention.
const URLISH = new Set(['/', ':', '.', '@', '#', '＃', '&', '=', '?', '%', '+', '~', '-', '_', '\\']);

/**
 * A tag or mention starts a text, or follows whitespace, punctuation or Japanese — not a Latin letter,
 * digit or URL. Japanese is written without spaces: 「担当は@staff.koriyama さん」, 「今日は#観光」.
 */
function isBoundary(prev: string): boolean {
  if (prev === '' || /\s/u.test(prev)) return true;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u.test(prev)) return true;
  return /[\p{P}\p{S}]/u.test(prev) && !URLISH.has(prev);
}

interface TagEnv {
  hashtags: string[];
  mentions: string[];
  options: RenderOptions;
}
const ENV_KEY = Symbol('yui.markdown');
// Set by renderMarkdown for every parse and render; markdown-it passes it to the rules untouched.
const tagEnv = (env: Env | undefined) => env![ENV_KEY] as TagEnv;
const attr = (token: Token, name: string) => String(token.attrGet(name) ?? '');
const metaOf = (token: Token) => token.meta as { tag: string; handle: string };

/** The last character (a whole surrogate pair), without walking a long text. */
const lastChar = (s: string) => Array.from(s.slice(-2)).pop() ?? '';

/** Splits one text token into text, hashtag and mention tokens. */
function splitText(state: StateCore, token: Token, prevChar: string, env: TagEnv): Token[] {
  const src = token.content;
  const out: Token[] = [];
  let textStart = 0;
  const flush = (end: number) => {
    if (end <= textStart) return;
    const t = new state.Token('text', '', 0);
    t.content = src.slice(textStart, end);
    t.level = token.level;
    out.push(t);
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c !== '#' && c !== '＃' && c !== '@') continue;
    const before = i === 0 ? prevChar : lastChar(src.slice(0, i));
    if (!isBoundary(before)) continue;
    const re = c === '@' ? MENTION : HASHTAG;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) continue;
    // Only digits (#1, #2024) is a number, not a topic.
    if (c !== '@' && /^[\p{N}_]+$/u.test(m[1]!)) continue;
    flush(i);
    const t = new state.Token(c === '@' ? 'mention' : 'hashtag', '', 0);
    t.content = m[0];
    t.level = token.level;
    if (c === '@') {
      const handle = m[1]!.toLowerCase();
      t.meta = { handle };
      env.mentions.push(handle);
    } else {
      const tag = m[1]!.normalize('NFKC').toLowerCase();
      t.meta = { tag };
      env.hashtags.push(tag);
    }
    out.push(t);
    i += m[0].length - 1;
    textStart = i + 1;
  }
  if (!out.length) return [token];
  flush(src.length);
  return out;
}

/**
 * Core rule, before linkify (so `@staff.koriyama@yui.example` is a mention, not a mailto link). Only
 * text outside links is looked at; code spans are their own tokens and code blocks are not inline
 * at all. An escaped `\#` stays text. The character before a token is carried across tokens, so
 * `**a**#b` is not a tag either.
 */
function tagsAndMentions(state: StateCore): void {
  const env = tagEnv(state.env);
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    let linkDepth = 0;
    let prev = '';
    for (const child of block.children) {
      if (child.type === 'link_open') linkDepth++;
      else if (child.type === 'link_close') linkDepth--;
      if (child.type === 'text' && linkDepth === 0) for (const t of splitText(state, child, prev, env)) children.push(t);
      else children.push(child);
      if (child.type === 'softbreak' || child.type === 'hardbreak') prev = '\n';
      else if (child.content) prev = lastChar(child.content);
    }
    block.children = children;
  }
}

// ---------- the renderer ----------

function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  // 「**注意**」です and **「注意」**です: CommonMark's emphasis rules assume spaces between words;
  // this plugin makes ** work in Japanese written without them.
  md.use(cjkFriendly);
  const { escapeHtml } = md.utils;
  md.validateLink = isAllowedHref;
  md.core.ruler.before('linkify', 'yui_tags_and_mentions', tagsAndMentions);

  const externalAttrs = (href: string) => (isRelative(href) ? '' : ` target="_blank" rel="${EXTERNAL_REL}"`);

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    if (!isRelative(attr(token, 'href'))) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', EXTERNAL_REL);
    }
    return self.renderToken(tokens, idx, options);
  };

  // An image is a link to it, named by its alt text; inside a link (a linked badge) just the text.
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = attr(token, 'src');
    const label = self.renderInlineAsText(token.children ?? [], options, env) || src;
    let depth = 0;
    for (let i = 0; i < idx; i++) depth += tokens[i]!.type === 'link_open' ? 1 : tokens[i]!.type === 'link_close' ? -1 : 0;
    if (depth > 0) return escapeHtml(label);
    return `<a href="${escapeHtml(src)}"${externalAttrs(src)}>${escapeHtml(label)}</a>`;
  };

  md.renderer.rules.hashtag = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const { tag } = metaOf(token);
    const href = tagEnv(env).options.hashtagHref?.(tag) ?? `/communities/search?q=${encodeURIComponent(`#${tag}`)}`;
    return `<a class="hashtag" href="${escapeHtml(href)}">${escapeHtml(token.content)}</a>`;
  };

  md.renderer.rules.mention = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const href = tagEnv(env).options.mentionHref?.(metaOf(token).handle) ?? null;
    return href === null
      ? `<span class="mention">${escapeHtml(token.content)}</span>`
      : `<a class="mention" href="${escapeHtml(href)}">${escapeHtml(token.content)}</a>`;
  };
  return md;
}

// Built once: the parser's rule chains are compiled on first use and reused for every post.
const md = createMarkdown();

/** Plain text of the parsed document: what a reader sees, without markup. */
function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === 'fence' || t.type === 'code_block') parts.push(t.content);
    if (t.type !== 'inline' || !t.children) continue;
    for (const c of t.children) {
      if (c.type === 'image') parts.push(md.renderer.renderInlineAsText(c.children ?? [], md.options, {}) || attr(c, 'src'));
      else if (c.type === 'softbreak' || c.type === 'hardbreak') parts.push(' ');
      else if (['text', 'text_special', 'code_inline', 'hashtag', 'mention'].includes(c.type)) parts.push(c.content);
    }
    parts.push(' '); // paragraphs, list items and cells do not run into each other
  }
  return parts.join('').replace(/\s+/gu, ' ').trim();
}

const uniqueFirst = (xs: string[]) => [...new Set(xs)].slice(0, MAX_TAGS);

/** Renders a post or comment. The HTML holds no raw HTML of the source and no link we did not allow. */
export function renderMarkdown(source: string, opts: RenderOptions = {}): RenderedMarkdown {
  const env: TagEnv = { hashtags: [], mentions: [], options: opts };
  const mdEnv = { [ENV_KEY]: env };
  const tokens = md.parse(source, mdEnv);
  return {
    html: md.renderer.render(tokens, md.options, mdEnv),
    text: plainText(tokens),
    hashtags: uniqueFirst(env.hashtags),
    mentions: uniqueFirst(env.mentions),
  };
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * The first `max` characters of a text, ending in … when cut. Cut between graphemes, so an emoji or
 * a kana with its sound mark (か゚) is never split.
 */
export function excerpt(text: string, max = 120): string {
  const kept: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length === max) return `${kept.slice(0, max - 1).join('').trimEnd()}…`;
    kept.push(segment);
  }
  return text;
}
