/**
 * 年度 (fiscal year) runs April 1 – March 31 and is named by the calendar year it starts in.
 * 令和 began on 2019-05-01; 令和元年度 is fiscal 2019 (April 2019 – March 2020).
 */
export function fiscalYearOf(date: Date): number {
  const y = date.getUTCFullYear();
  return date.getUTCMonth() >= 3 ? y : y - 1;
}

export function fiscalYearRange(fy: number): { start: string; end: string } {
  return { start: `${fy}-04-01`, end: `${fy + 1}-03-31` };
}

/** 1 = 上半期 (Apr–Sep), 2 = 下半期 (Oct–Mar). */
export function fiscalHalf(date: Date): 1 | 2 {
  const m = date.getUTCMonth();
  return m >= 3 && m <= 8 ? 1 : 2;
}

/** Quarter of the fiscal year: Q1 = Apr–Jun … Q4 = Jan–Mar. */
export function fiscalQuarter(date: Date): 1 | 2 | 3 | 4 {
  return (Math.floor(((date.getUTCMonth() + 9) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
}

/** 令和7年度 / FY2025. Years before 令和 are shown in 西暦, which city halls accept in reports. */
export function fiscalYearLabel(fy: number, lang: 'ja' | 'en' = 'ja'): string {
  if (lang === 'en') return `FY${fy}`;
  if (fy >= 2019) {
    const n = fy - 2018;
    return `令和${n === 1 ? '元' : n}年度`;
  }
  return `${fy}年度`;
}
