/**
 * 全国地方公共団体コード: five digits (2 for the prefecture, 3 for the municipality), plus a check
 * digit in the six-digit form. Check digit: weights 6,5,4,3,2; (11 − sum mod 11) mod 10.
 */
export function checkDigit(code5: string): number {
  if (!/^\d{5}$/.test(code5)) throw new Error(`not a 5-digit municipality code: ${code5}`);
  const sum = [...code5].reduce((acc, d, i) => acc + Number(d) * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

export function toSixDigit(code5: string): string {
  return code5 + String(checkDigit(code5));
}

/** Accepts the 5- or 6-digit form; returns the 5-digit form, or null when invalid. */
export function normalizeMunicipalityCode(input: string): string | null {
  const s = input.trim();
  if (/^\d{5}$/.test(s)) return s;
  if (/^\d{6}$/.test(s)) return checkDigit(s.slice(0, 5)) === Number(s[5]) ? s.slice(0, 5) : null;
  return null;
}
