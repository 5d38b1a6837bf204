/**
 * The type an attachment is served with, decided by its bytes and never by what the uploader
 * claimed. Uploads are served from our own origin: a file the browser renders there (HTML, SVG,
 * XML with scripts…) runs with the signed-in user's session. So only formats that cannot carry
 * script and are proven by their first bytes are shown inline; everything else is a download.
 *
 * Serve the result with `X-Content-Type-Options: nosniff` (helmet sets it), `Content-Disposition:
 * attachment` when `inline` is false, and preferably `Content-Security-Policy: sandbox`.
 */
export interface SniffedType {
  contentType: string;
  /** Whether the browser may display it in the page (an <img>) instead of saving it. */
  inline: boolean;
}

const OCTET: SniffedType = { contentType: 'application/octet-stream', inline: false };

/**
 * Formats proven by their magic bytes. Images are shown inline; a PDF is a download, because the file
 * is served with `Content-Security-Policy: sandbox` and Chrome's PDF viewer refuses sandboxed documents.
 */
const MAGIC: { contentType: string; test: (b: Buffer) => boolean; inline?: false }[] = [
  { contentType: 'image/png', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { contentType: 'image/jpeg', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { contentType: 'image/gif', test: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { contentType: 'image/webp', test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  { contentType: 'application/pdf', test: (b) => ascii(b, 0, '%PDF-'), inline: false },
];

/** Office Open XML files are zip archives: their real type comes from the extension, as a download. */
const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const TEXT_EXTENSIONS = new Set(['txt', 'csv']);
const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

/**
 * `declared` (the multipart part's Content-Type) is not trusted: it only lets a text file without an
 * extension count as text. Windows browsers declare .csv as application/vnd.ms-excel, which is why
 * text is recognised by extension first. The text type says UTF-8; a Shift_JIS CSV still downloads
 * byte for byte, and Excel, which opens it, ignores the charset.
 */
export function sniffContentType(bytes: Buffer, declared: string, filename: string): SniffedType {
  for (const m of MAGIC) if (m.test(bytes)) return { contentType: m.contentType, inline: m.inline ?? true };
  const ext = extensionOf(filename);
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) && ext && OFFICE[ext]) return { contentType: OFFICE[ext], inline: false };
  const declaredType = declared.split(';')[0]!.trim().toLowerCase();
  if ((ext && TEXT_EXTENSIONS.has(ext)) || (!ext && TEXT_TYPES.has(declaredType))) {
    return { contentType: 'text/plain; charset=utf-8', inline: false };
  }
  return OCTET;
}

/** Lower-case extension of the last path segment (old browsers send `C:\…\name.xlsx`), or ''. */
function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function starts(b: Buffer, magic: number[]): boolean {
  return b.length >= magic.length && magic.every((byte, i) => b[i] === byte);
}

function ascii(b: Buffer, offset: number, text: string): boolean {
  return b.length >= offset + text.length && b.toString('latin1', offset, offset + text.length) === text;
}
