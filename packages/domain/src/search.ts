/**
 * Japanese full-text search without a morphological analyser (コミュニティ・投稿の検索).
 *
 * pg_trgm cannot serve two-character words (観光, 育休) and the database's locale may not class CJK as
 * letters, so PostgreSQL's own text-search parser is of no use. Instead we build the tsvector and the
 * tsquery here, as *literals* (`$1::tsvector`, `$1::tsquery` take quoted lexemes verbatim, no parser):
 *
 * - a run of Japanese script becomes overlapping character bigrams, one position per character
 *   (郡山市 → 郡山:1 山市:2 市:3). The run's last character is kept on its own so that a one-character
 *   query finds it at the end of a run too (市 in 郡山市), where no bigram starts with it;
 * - a run of other letters and digits (Latin, Cyrillic, Hangul…) becomes one lexeme, the whole word;
 * - anything else separates runs, and positions jump by 2 between runs, so a phrase query
 *   (`<->`, adjacent positions) never matches across a space or a punctuation mark.
 *
 * A query of two or more Japanese characters is a phrase of its bigrams (観光協会 matches only that
 * substring); one character or a Latin word is a prefix (`:*`), so the start of a word finds the word.
 */

/** The query is cut here: longer input only makes slower queries, never better ones. */
export const MAX_QUERY_LENGTH = 100;

/** PostgreSQL: positions above 16383 are not stored (they would all collapse onto 16383). */
const MAX_POSITION = 16_383;
/** PostgreSQL keeps at most 256 positions per lexeme. */
const MAX_POSITIONS_PER_LEXEME = 256;
/** PostgreSQL refuses lexemes of 2 KiB or more; a "word" that long is not worth finding. */
const MAX_LEXEME_BYTES = 2_000;
/** PostgreSQL refuses a tsvector whose lexemes take more than 1 MiB together. */
const MAX_TSVECTOR_LEXEME_BYTES = 1_000_000;

// Han (incl. 々 〆 〇), Hiragana, Katakana (incl. ヶ); ー is "Common" script, so it is named.
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々〆ヶー]$/u;
// Letters (with their combining marks) and digits of every other script.
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
// Variation selectors (異体字セレクタ, e.g. 葛󠄀) only pick a glyph: dropped, so 葛󠄀城 finds 葛城.
const IGNORABLE = /\p{Variation_Selector}/gu;

export interface SearchToken {
  token: string;
  pos: number;
}

interface Run {
  kind: 'cjk' | 'word';
  chars: string[];
}

/** NFKC (全角ＡＢＣ → abc, ｶﾅ → カナ), lowercase, then runs of Japanese script and of other letters/digits. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let current = null as Run | null; // (a plain annotation is narrowed to null inside the loop)
  for (const ch of text.normalize('NFKC').toLowerCase().replace(IGNORABLE, '')) {
    const kind = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (kind === null) {
      current = null;
    } else if (current?.kind === kind) {
      current.chars.push(ch);
    } else {
      current = { kind, chars: [ch] };
      runs.push(current);
    }
  }
  return runs;
}

/** Tokens of one run, the first at `pos`; every token takes one position. */
function runTokens(run: Run, pos: number): SearchToken[] {
  if (run.kind === 'word') return [{ token: run.chars.join(''), pos }];
  const out: SearchToken[] = [];
  for (let i = 0; i < run.chars.length - 1; i++) out.push({ token: run.chars[i]! + run.chars[i + 1]!, pos: pos + i });
  out.push({ token: run.chars[run.chars.length - 1]!, pos: pos + run.chars.length - 1 });
  return out;
}

/** Tokens of `text` from position `start`, and the position where the next text should start. */
function tokenize(text: string, start: number): { tokens: SearchToken[]; next: number } {
  const tokens: SearchToken[] = [];
  let pos = start;
  for (const run of runsOf(text)) {
    for (const t of runTokens(run, pos)) {
      if (t.pos > MAX_POSITION) return { tokens, next: pos };
      tokens.push(t);
    }
    pos = tokens[tokens.length - 1]!.pos + 2; // the gap: no phrase spans two runs
  }
  return { tokens, next: pos };
}

/**
 * The search tokens of a text with their positions (from 1). Japanese runs give bigrams plus their
 * last character, other words give themselves; positions stop at PostgreSQL's maximum, 16383.
 */
export function searchTokens(text: string): SearchToken[] {
  return tokenize(text, 1).tokens;
}

/** A lexeme quoted for a tsvector/tsquery literal. Tokens never hold `'` or `\`, but a literal is code. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** UTF-8 length without allocating (and without Node's Buffer: the web app may import this). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * The tsvector literal of a document made of several parts (title, body, tags…): `'観光':1,7 'excel':4`.
 * Each part continues the positions of the one before, after a gap, so no phrase spans two parts.
 * Bind it as a parameter and cast (`$1::tsvector`); `''` is the empty tsvector.
 */
export function toTsvectorLiteral(parts: Array<string | null | undefined>): string {
  const positions = new Map<string, number[]>();
  let pos = 1;
  for (const part of parts) {
    if (!part) continue;
    const { tokens, next } = tokenize(part, pos);
    for (const t of tokens) {
      const list = positions.get(t.token);
      if (list) {
        if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(t.pos);
      } else {
        positions.set(t.token, [t.pos]);
      }
    }
    pos = next;
    if (pos > MAX_POSITION) break;
  }
  const entries: string[] = [];
  let bytes = 0;
  for (const [lexeme, list] of positions) {
    const size = utf8Bytes(lexeme);
    if (size > MAX_LEXEME_BYTES || bytes + size > MAX_TSVECTOR_LEXEME_BYTES) continue;
    bytes += size;
    entries.push(`${quoteLexeme(lexeme)}:${list.join(',')}`);
  }
  return entries.join(' ');
}

/**
 * The tsquery literal for what a person typed, or null when it holds nothing searchable. Every
 * term must match (`&`): a Japanese run of two or more characters as a phrase of its bigrams, one
 * Japanese character or another word as a prefix. Input past MAX_QUERY_LENGTH characters is ignored.
 * Whitespace (also the full-width space) and punctuation only separate terms, so splitting the query
 * on them first would give the same result.
 */
export function toTsqueryLiteral(query: string): string | null {
  const cut = Array.from(query).slice(0, MAX_QUERY_LENGTH).join('');
  const operands: string[] = [];
  for (const run of runsOf(cut)) {
    let operand: string;
    if (run.kind === 'cjk' && run.chars.length >= 2) {
      const bigrams = runTokens(run, 1).slice(0, -1).map((t) => quoteLexeme(t.token));
      operand = bigrams.length === 1 ? bigrams[0]! : `(${bigrams.join(' <-> ')})`;
    } else {
      const lexeme = run.chars.join('');
      if (utf8Bytes(lexeme) > MAX_LEXEME_BYTES) continue;
      operand = `${quoteLexeme(lexeme)}:*`;
    }
    if (!operands.includes(operand)) operands.push(operand);
  }
  return operands.length ? operands.join(' & ') : null;
}
