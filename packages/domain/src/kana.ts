/** Katakana → hiragana, so that lists sort the way people read names (五十音順). */
export function toHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Normalises ふりがな as typed or as Excel wrote it: NFKC (half-width カナ → full), hiragana, single spaces. */
export function normalizeKana(s: string): string {
  return toHiragana(s.normalize('NFKC')).replace(/[\s　]+/g, ' ').trim();
}

const collator = new Intl.Collator('ja');
export function compareKana(a: string, b: string): number {
  return collator.compare(normalizeKana(a), normalizeKana(b));
}
