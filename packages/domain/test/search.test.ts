import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, quoteLexeme, searchTokens, toTsqueryLiteral, toTsvectorLiteral } from '../src/search';

// ---------- a small evaluator of the literals, with PostgreSQL's meaning ----------
// Only the shapes our functions produce: `'lex':1,2 …` and operands joined by `&`, each `'x'`,
// `'x':*` or `('a' <-> 'b' …)`. packages/db/test/search-literals.test.ts checks the same cases
// against a real PostgreSQL.

type QToken = { lexeme: string; prefix: boolean } | '(' | ')' | '<->' | '&';

function readQuoted(s: string, i: number): { value: string; end: number } {
  let value = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\') value += s[++j]!;
    else if (c === "'" && s[j + 1] === "'") { value += "'"; j++; }
    else if (c === "'") return { value, end: j + 1 };
    else value += c;
  }
  throw new Error(`unterminated lexeme in ${s}`);
}

function parseTsvector(literal: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let i = 0;
  while (i < literal.length) {
    if (literal[i] === ' ') { i++; continue; }
    const { value, end } = readQuoted(literal, i);
    const m = /^:([\d,]+)/.exec(literal.slice(end));
    if (!m) throw new Error(`no positions after ${value}`);
    out.set(value, m[1]!.split(',').map(Number));
    i = end + m[0].length;
  }
  return out;
}

function scanQuery(literal: string): QToken[] {
  const out: QToken[] = [];
  let i = 0;
  while (i < literal.length) {
    const c = literal[i]!;
    if (c === ' ') i++;
    else if (c === '(' || c === ')' || c === '&') { out.push(c); i++; }
    else if (literal.startsWith('<->', i)) { out.push('<->'); i += 3; }
    else if (c === "'") {
      const { value, end } = readQuoted(literal, i);
      const prefix = literal.startsWith(':*', end);
      out.push({ lexeme: value, prefix });
      i = end + (prefix ? 2 : 0);
    } else throw new Error(`unexpected ${c} in ${literal}`);
  }
  return out;
}

/** `tsvector @@ tsquery` for our shapes: an AND of prefixes, exact lexemes and phrases. */
function matches(vector: string, query: string | null): boolean {
  if (query === null) return false;
  const doc = parseTsvector(vector);
  const operands: Array<Array<{ lexeme: string; prefix: boolean }>> = [[]];
  for (const t of scanQuery(query)) {
    if (t === '&') operands.push([]);
    else if (typeof t === 'object') operands[operands.length - 1]!.push(t);
  }
  const positionsOf = (o: { lexeme: string; prefix: boolean }) =>
    [...doc].filter(([l]) => (o.prefix ? l.startsWith(o.lexeme) : l === o.lexeme)).flatMap(([, p]) => p);
  return operands.every((phrase) => positionsOf(phrase[0]!).some((p) => phrase.every((o, k) => positionsOf(o).includes(p + k))));
}

const finds = (doc: string | string[], q: string) => matches(toTsvectorLiteral(Array.isArray(doc) ? doc : [doc]), toTsqueryLiteral(q));

// ---------- tokens ----------

describe('searchTokens', () => {
  it('gives Japanese runs as overlapping bigrams, one position per character', () => {
    expect(searchTokens('観光協会')).toEqual([
      { token: '観光', pos: 1 }, { token: '光協', pos: 2 }, { token: '協会', pos: 3 }, { token: '会', pos: 4 },
    ]);
    expect(searchTokens('市')).toEqual([{ token: '市', pos: 1 }]);
  });
  it('keeps 々 ヶ ー inside a run and gives other words whole, lowercased', () => {
    expect(searchTokens('人々').map((t) => t.token)).toEqual(['人々', '々']);
    expect(searchTokens('ケーキ').map((t) => t.token)).toEqual(['ケー', 'ーキ', 'キ']);
    expect(searchTokens('Excel 2024')).toEqual([{ token: 'excel', pos: 1 }, { token: '2024', pos: 3 }]);
  });
  it('jumps by 2 between runs so that no phrase spans them', () => {
    expect(searchTokens('Excel講座、観光')).toEqual([
      { token: 'excel', pos: 1 },
      { token: '講座', pos: 3 }, { token: '座', pos: 4 },
      { token: '観光', pos: 6 }, { token: '光', pos: 7 },
    ]);
  });
  it('normalises full-width Latin and half-width kana (NFKC)', () => {
    expect(searchTokens('ＡＢＣ１２３').map((t) => t.token)).toEqual(['abc123']);
    expect(searchTokens('ｶﾝｺｳ').map((t) => t.token)).toEqual(['カン', 'ンコ', 'コウ', 'ウ']);
  });
  it('drops variation selectors and treats punctuation, symbols and emoji as separators', () => {
    expect(searchTokens('葛\u{E0100}城').map((t) => t.token)).toEqual(['葛城', '城']);
    expect(searchTokens('「観光」・🎉!?').map((t) => t.token)).toEqual(['観光', '光']);
    expect(searchTokens(' 。、！ ')).toEqual([]);
  });
  it("stops at PostgreSQL's last position, 16383", () => {
    const tokens = searchTokens('あ'.repeat(20_000));
    expect(tokens).toHaveLength(16_383);
    expect(tokens[tokens.length - 1]!.pos).toBe(16_383);
  });
});

// ---------- literals ----------

describe('toTsvectorLiteral', () => {
  it('groups positions per lexeme and continues positions across parts after a gap', () => {
    expect(toTsvectorLiteral(['観光 Excel', null, '観光'])).toBe("'観光':1,6 '光':2,7 'excel':4");
  });
  it('is the empty tsvector for nothing searchable', () => {
    expect(toTsvectorLiteral([])).toBe('');
    expect(toTsvectorLiteral([null, undefined, '', '、。!'])).toBe('');
  });
  it('keeps at most 256 positions per lexeme and skips lexemes over 2000 bytes', () => {
    const v = parseTsvector(toTsvectorLiteral(['猫 '.repeat(300)]));
    expect(v.get('猫')).toHaveLength(256);
    expect(toTsvectorLiteral(['a'.repeat(2001), 'ok'])).toBe("'ok':3");
  });
});

describe('quoting', () => {
  it("doubles quotes and backslashes inside a lexeme", () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
  });
  it('never lets a quote or backslash of the input into a literal unquoted', () => {
    expect(toTsqueryLiteral("it's 観光\\協会'")).toBe("'it':* & 's':* & '観光' & '協会'");
    expect(toTsvectorLiteral(["O'Brien\\"])).toBe("'o':1 'brien':3");
  });
});

describe('toTsqueryLiteral', () => {
  it('makes a phrase of the bigrams, a prefix of one character or a word', () => {
    expect(toTsqueryLiteral('観光協会')).toBe("('観光' <-> '光協' <-> '協会')");
    expect(toTsqueryLiteral('育休')).toBe("'育休'");
    expect(toTsqueryLiteral('市')).toBe("'市':*");
    expect(toTsqueryLiteral('Excel')).toBe("'excel':*");
    expect(toTsqueryLiteral('Excel講座\u3000郡山')).toBe("'excel':* & '講座' & '郡山'");
  });
  it('normalises like the index: ＡＢＣ is abc', () => {
    expect(toTsqueryLiteral('ＡＢＣ')).toBe("'abc':*");
  });
  it('is null when there is nothing to search for', () => {
    for (const q of ['', '   ', '\u3000\u3000', '、。！？「」', '🎉', "'\\"]) expect(toTsqueryLiteral(q)).toBeNull();
  });
  it(`reads only the first ${MAX_QUERY_LENGTH} characters`, () => {
    expect(toTsqueryLiteral(`${' '.repeat(MAX_QUERY_LENGTH)}観光`)).toBeNull();
    expect(toTsqueryLiteral(`${'a'.repeat(MAX_QUERY_LENGTH - 1)} 観光`)).toBe(`'${'a'.repeat(MAX_QUERY_LENGTH - 1)}':*`);
  });
  it('drops repeated terms', () => {
    expect(toTsqueryLiteral('観光 観光')).toBe("'観光'");
  });
});

describe('matching', () => {
  it('finds two-character words', () => {
    expect(finds('郡山市の観光スポット', '観光')).toBe(true);
    expect(finds('育休を取った話', '育休')).toBe(true);
    expect(finds('育休を取った話', '産休')).toBe(false);
  });
  it('finds part of a word, and one character also at the end of a run', () => {
    expect(finds('郡山市の観光スポット', '光ス')).toBe(true);
    expect(finds('郡山市の観光スポット', '観')).toBe(true);
    expect(finds('郡山市の観光スポット', 'ト')).toBe(true);
    expect(finds('郡山市の観光スポット', '駅')).toBe(false);
  });
  it('matches a phrase only as a substring, never across runs or parts', () => {
    expect(finds('観光協会の会長', '観光協会')).toBe(true);
    expect(finds('観光の協会', '観光協会')).toBe(false);
    expect(finds('観光 協会', '観光協会')).toBe(false);
    expect(finds(['観光', '協会'], '観光協会')).toBe(false);
  });
  it('needs every term, and a Latin word matches by its start', () => {
    expect(finds('Excel講座を開きます', 'exc 講座')).toBe(true);
    expect(finds('Excel講座を開きます', 'word 講座')).toBe(false);
    expect(finds('ＡＢＣ研修', 'abc')).toBe(true);
  });
});
