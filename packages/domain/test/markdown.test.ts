import { describe, expect, it } from 'vitest';
import { MAX_TAGS, excerpt, renderMarkdown } from '../src/markdown';

// ---------- what safe output looks like ----------

const ALLOWED_TAGS = new Set([
  'p', 'br', 'a', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's', 'del', 'span',
]);
const ALLOWED_ATTRS = new Set(['href', 'title', 'target', 'rel', 'class', 'style', 'start']);
// A tag as markdown-it writes it: lowercase name, double-quoted attribute values (whose `"`, `<`, `>`
// are escaped, so the value cannot end early).
const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/gy;
const ATTR = /\s+([a-z-]+)="([^"]*)"/g;
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Reads the HTML the way a browser would start to: every `<` must open or close an allowed tag with
 * allowed attributes, every href must be http(s), mailto or site-relative, and the text between tags
 * must hold no `<`, `>` or `"` (they would be markup). Returns the problems found.
 */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const text = html.slice(i, lt === -1 ? html.length : lt);
    if (/[<>"]/.test(text)) problems.push(`markup in text: ${text}`);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) { problems.push(`not a tag: ${html.slice(lt, lt + 40)}`); break; }
    if (!ALLOWED_TAGS.has(m[2]!)) problems.push(`tag <${m[2]}>`);
    for (const [, name, value] of m[3]!.matchAll(ATTR)) {
      if (!ALLOWED_ATTRS.has(name!)) problems.push(`attribute ${name}`);
      if (name === 'href' && !/^(https?:|mailto:|\/(?![/\\]))/i.test(decode(value!))) problems.push(`href ${value}`);
    }
    i = TAG.lastIndex;
  }
  return problems;
}

const attributeNames = (out: string) =>
  [...out.matchAll(new RegExp(TAG.source, 'g'))].flatMap((m) => [...m[3]!.matchAll(ATTR)].map((a) => a[1]!));

const html = (src: string) => renderMarkdown(src).html;

// ---------- safety ----------

describe('untrusted Markdown comes out inert', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java&#115;cript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](file:///etc/passwd)',
    '[x](//evil.example/path)',
    '[x](/\\evil.example)',
    '<a href="javascript:alert(1)">x</a>',
    '<javascript:alert(1)>',
    '![x](javascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '![x](data:image/png;base64,iVBORw0KGgo=)',
    '"><svg onload=alert(1)>',
    '[x](https://a.example "\\" onmouseover=alert(1) x=\\"")',
    '<iframe src="https://evil.example"></iframe>',
    '```html onload=alert(1)\n<script>alert(1)</script>\n```',
    '[x]\n\n[x]: javascript:alert(1)',
    '# <b onclick=alert(1)>見出し</b>\n\n> <style>*{}</style>\n\n- <form action=https://evil.example>',
  ];
  it.each(payloads)('%s', (payload) => {
    const out = html(payload);
    expect(unsafeParts(out)).toEqual([]);
    expect(out).not.toMatch(/<(script|img|iframe|svg|style|form|b)\b/i);
    expect(out).not.toMatch(/href="\s*(javascript|data|vbscript|file)/i);
    // An `onmouseover=` may remain as escaped text (a title's value): only real attributes count.
    expect(attributeNames(out).filter((n) => n.startsWith('on'))).toEqual([]);
  });

  it('(the checker itself catches what it should)', () => {
    expect(unsafeParts('<p>ok</p><img src="x">')).toEqual(['tag <img>', 'attribute src']);
    expect(unsafeParts('<p>x <a onclick="f()">y</a></p>')).toEqual(['attribute onclick']);
    expect(unsafeParts('<a href="JavaScript:f()">y</a>')).toEqual(['href JavaScript:f()']);
    expect(unsafeParts('<a href="//evil.example">y</a>')).toEqual(['href //evil.example']);
    expect(unsafeParts('<p title=x>y</p>')).toEqual(['not a tag: <p title=x>y</p>']);
    expect(unsafeParts('<p>a "b" > c</p>')).toEqual(['markup in text: a "b" > c']);
    expect(attributeNames('<p>x</p><a href="/" onclick="y">z</a>')).toEqual(['href', 'onclick']);
  });

  it('keeps a refused link as readable text', () => {
    expect(html('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
  });

  it('escapes quotes of a title inside the attribute', () => {
    expect(html('[x](https://a.example "\\" onmouseover=alert(1) x=\\"")')).toContain(
      'title="&quot; onmouseover=alert(1) x=&quot;"',
    );
  });

  it('passes the whole allowed vocabulary', () => {
    const doc = [
      '# 見出し', '## 小見出し', '**太字** *斜体* ~~取り消し~~ `code`', '> 引用', '- a\n- b', '3. c\n4. d', '---',
      '| a | b |\n|:--|--:|\n| 1 | 2 |', '```js\nconst x = 1 < 2;\n```', '1行目\n2行目',
    ].join('\n\n');
    const out = html(doc);
    expect(unsafeParts(out)).toEqual([]);
    for (const tag of ['h1', 'h2', 'strong', 'em', 's', 'code', 'blockquote', 'ul', 'ol', 'hr', 'table', 'td', 'pre', 'br']) {
      expect(out).toContain(`<${tag}`);
    }
  });
});

// ---------- links and images ----------

describe('Japanese emphasis', () => {
  it('works without spaces around **, also next to Japanese punctuation', () => {
    expect(renderMarkdown('参加は**承認制**にしています').html).toContain('<strong>承認制</strong>に');
    expect(renderMarkdown('**「注意」**です').html).toContain('<strong>「注意」</strong>です');
  });
});

describe('links', () => {
  it('opens outside links in a new tab without referrer or ranking credit', () => {
    expect(html('[市](https://www.city.koriyama.lg.jp/)')).toBe(
      '<p><a href="https://www.city.koriyama.lg.jp/" target="_blank" rel="noopener noreferrer nofollow ugc">市</a></p>\n',
    );
    expect(html('<https://a.example>')).toContain('rel="noopener noreferrer nofollow ugc"');
    expect(html('詳しくは https://a.example/x を')).toContain('<a href="https://a.example/x" target="_blank"');
    expect(html('[mail](mailto:a@b.example)')).toContain('<a href="mailto:a@b.example" target="_blank"');
  });
  it('keeps site-relative links in the tab', () => {
    expect(html('[一覧](/communities)')).toBe('<p><a href="/communities">一覧</a></p>\n');
  });
  it('shows an image as a link to it, named by its alt text or its address', () => {
    expect(html('![郡山駅](https://img.example/eki.jpg)')).toBe(
      '<p><a href="https://img.example/eki.jpg" target="_blank" rel="noopener noreferrer nofollow ugc">郡山駅</a></p>\n',
    );
    expect(html('![](/files/map.png)')).toBe('<p><a href="/files/map.png">/files/map.png</a></p>\n');
    // A linked image (a badge) is just its alt text inside the outer link: no link in a link.
    expect(html('[![badge](https://b.example/x.svg)](https://c.example)')).toMatch(/^<p><a href="https:\/\/c.example"[^>]*>badge<\/a><\/p>/);
  });
});

// ---------- hashtags ----------

describe('hashtags', () => {
  it('links tags in Japanese text and lists them once, in order', () => {
    const r = renderMarkdown('今日は #観光 の話と、#育休 の話。また #観光 。');
    expect(r.hashtags).toEqual(['観光', '育休']);
    expect(r.html).toContain('<a class="hashtag" href="/communities/search?q=%23%E8%A6%B3%E5%85%89">#観光</a>');
  });
  it('counts the full-width ＃ and normalises the tag (NFKC, lowercase)', () => {
    const r = renderMarkdown('＃ＡＢＣ研修 と #Koriyama と #ｶﾝｺｳ');
    expect(r.hashtags).toEqual(['abc研修', 'koriyama', 'カンコウ']);
    expect(r.html).toContain('>＃ＡＢＣ研修</a>'); // shown as written
  });
  it('needs a boundary before the # and something other than digits after it', () => {
    expect(renderMarkdown('a#b **x**#d #1 #2024 example.com/#top https://a.example/#top').hashtags).toEqual([]);
    expect(renderMarkdown('(#括弧)、#読点 「#鉤括弧」\n#行頭').hashtags).toEqual(['括弧', '読点', '鉤括弧', '行頭']);
    expect(renderMarkdown('#2024年度').hashtags).toEqual(['2024年度']);
  });
  it('is not found in code, in link text or when escaped', () => {
    expect(renderMarkdown('`#code` [#link](/x) \\#escaped\n\n```\n#block\n```\n\n    #indented').hashtags).toEqual([]);
  });
  it('uses the caller’s address, escaped', () => {
    const r = renderMarkdown('#観光', { hashtagHref: (t) => `/tags/${t}?a="b"` });
    expect(r.html).toContain('<a class="hashtag" href="/tags/観光?a=&quot;b&quot;">#観光</a>');
  });
  it(`lists at most ${MAX_TAGS}`, () => {
    const src = Array.from({ length: 30 }, (_, i) => `#tag${i}`).join(' ');
    expect(renderMarkdown(src).hashtags).toHaveLength(MAX_TAGS);
  });
});

// ---------- mentions ----------

describe('mentions', () => {
  it('finds a handle and a full address, without a trailing dot', () => {
    const r = renderMarkdown('@staff.koriyama さん、@Staff2.Koriyama@demo.yui.example. もどうぞ。');
    expect(r.mentions).toEqual(['staff.koriyama', 'staff2.koriyama@demo.yui.example']);
    expect(r.html).toContain('<span class="mention">@staff.koriyama</span> さん');
    expect(r.html).toContain('<span class="mention">@Staff2.Koriyama@demo.yui.example</span>. ');
  });
  it('is not found in an e-mail address, in code or in a link', () => {
    const r = renderMarkdown('a@b.example staff.koriyama@yui.example `@code` [@link](/x)\n\n```\n@block\n```');
    expect(r.mentions).toEqual([]);
    expect(r.html).toContain('<a href="mailto:a@b.example"');
  });
  it('follows Japanese without a space, as Japanese is written', () => {
    const r = renderMarkdown('担当は@staff.koriyama さん。今日は#観光の話');
    expect(r.mentions).toEqual(['staff.koriyama']);
    expect(r.hashtags).toEqual(['観光の話']);
  });
  it('links when the caller knows the person, and escapes what it is given', () => {
    const r = renderMarkdown('@staff.koriyama と @nobody', {
      mentionHref: (h) => (h === 'staff.koriyama' ? '/people/1?x="y"' : null),
    });
    expect(r.html).toBe(
      '<p><a class="mention" href="/people/1?x=&quot;y&quot;">@staff.koriyama</a> と <span class="mention">@nobody</span></p>\n',
    );
  });
});

// ---------- text and excerpt ----------

describe('plain text', () => {
  it('is what a reader sees, whitespace collapsed, markup gone', () => {
    const r = renderMarkdown('# 見出し\n\n**太字**と[リンク](https://a.example)\n次の行 #観光\n\n- a\n- b\n\n```\ncode\n```\n\n![写真](/p.jpg)');
    expect(r.text).toBe('見出し 太字とリンク 次の行 #観光 a b code 写真');
  });
  it('is not HTML: the caller escapes it', () => {
    expect(renderMarkdown('<b>x</b> &amp;').text).toBe('<b>x</b> &');
  });
});

describe('excerpt', () => {
  it('keeps a short text and cuts a long one with …', () => {
    expect(excerpt('短い文')).toBe('短い文');
    expect(excerpt('あ'.repeat(120))).toBe('あ'.repeat(120));
    expect(excerpt('あ'.repeat(121))).toBe(`${'あ'.repeat(119)}…`);
    expect(excerpt('abc def ghi', 6)).toBe('abc d…');
    expect(excerpt('abc  def', 5)).toBe('abc…'); // no space before the …
  });
  it('never splits an emoji or a combined character', () => {
    expect(excerpt('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 2)).toBe('👨‍👩‍👧…');
    expect(excerpt('か\u309Aか\u309Aか\u309A', 2)).toBe('か\u309A…');
  });
});
