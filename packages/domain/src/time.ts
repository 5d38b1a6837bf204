/** 38h45m → "38時間45分" / "38h 45m". */
export function formatMinutes(total: number, lang: 'ja' | 'en' = 'ja'): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (lang === 'en') return m ? `${h}h ${m}m` : `${h}h`;
  return m ? `${h}時間${m}分` : `${h}時間`;
}
