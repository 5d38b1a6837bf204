import type { Locale } from '@yui/contracts';

/** Japanese unless the client prefers English (Accept-Language: en…). */
export function pickLang(header: string | undefined): Locale {
  if (!header) return 'ja';
  let best: Locale = 'ja';
  let bestQ = -1;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
    const lang = tag?.startsWith('en') ? 'en' : tag?.startsWith('ja') ? 'ja' : null;
    if (lang && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}
