import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'shift_jis' | 'utf-16le' | 'utf-16be';

/**
 * Turns the bytes of a CSV as Excel saves it into text. 「CSV UTF-8」 starts with a BOM; 「CSV（コンマ
 * 区切り）」 is Shift_JIS (Windows-31J / CP932, with NEC and IBM extensions such as ① and 髙);
 * 「Unicode テキスト」 is UTF-16 with a BOM. Without a BOM, bytes that are valid UTF-8 are read as
 * UTF-8 (a Shift_JIS file with Japanese in it practically never is), anything else as CP932.
 * Answers an error for what is not text at all (an .xlsx workbook, a picture).
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: CsvEncoding } | { error: 'xlsx' | 'not_csv' } {
  // .xlsx is a ZIP: "PK\x03\x04".
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return { error: 'xlsx' };
  let decoded: { text: string; encoding: CsvEncoding };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    decoded = { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: iconv.decode(bytes, 'utf-16le'), encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: iconv.decode(bytes, 'utf-16be'), encoding: 'utf-16be' };
  } else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      decoded = { text: iconv.decode(bytes, 'cp932'), encoding: 'shift_jis' };
    }
  }
  if (decoded.text.charCodeAt(0) === 0xfeff) decoded.text = decoded.text.slice(1);
  // Text files do not hold NUL; binary files nearly always do.
  if (decoded.text.includes('\u0000')) return { error: 'not_csv' };
  return decoded;
}
