/**
 * `Content-Disposition` for a download with a Japanese file name: an ASCII fallback for old clients,
 * and the real name in RFC 5987 form (`filename*=UTF-8''…`), which Excel and every browser read.
 */
export function attachment({ name, ascii }: { name: string; ascii: string }): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
