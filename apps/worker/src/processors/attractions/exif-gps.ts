/**
 * Whether an EXIF block (as sharp's metadata().exif gives it, for JPEG, PNG and WebP alike) carries a
 * GPS position: IFD0 points at a GPS IFD holding both GPSLatitude and GPSLongitude. Read by hand —
 * about forty lines of TIFF — rather than with an EXIF library at run time: only the presence matters
 * (had_location tells the author the published versions were cleaned), never the coordinates.
 * Anything malformed counts as "no position"; the variants are stripped either way.
 */
const TAG_GPS_IFD = 0x8825;
const TAG_GPS_LATITUDE = 0x0002;
const TAG_GPS_LONGITUDE = 0x0004;
const TYPE_RATIONAL = 5;

export function exifHasGps(exif: Buffer | undefined | null): boolean {
  if (!exif || exif.length < 8) return false;
  // sharp hands over the APP1 payload: "Exif\0\0" and then the TIFF header.
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  if (tiff.length < 8) return false;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return false;
  const le = order === 'II';
  const u16 = (at: number) => (at + 2 <= tiff.length ? (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : undefined);
  const u32 = (at: number) => (at + 4 <= tiff.length ? (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)) : undefined);
  if (u16(2) !== 42) return false;

  /** The entries of the IFD at `offset`: tag → { type, count, value-or-offset }. */
  const entries = (offset: number | undefined) => {
    const found = new Map<number, { type: number; count: number; value: number }>();
    const n = offset === undefined ? undefined : u16(offset);
    if (offset === undefined || n === undefined) return found;
    for (let i = 0; i < n; i++) {
      const at = offset + 2 + i * 12;
      const tag = u16(at);
      const type = u16(at + 2);
      const count = u32(at + 4);
      const value = u32(at + 8);
      if (tag === undefined || type === undefined || count === undefined || value === undefined) break;
      found.set(tag, { type, count, value });
    }
    return found;
  };

  const gpsPointer = entries(u32(4)).get(TAG_GPS_IFD);
  if (!gpsPointer) return false;
  const gps = entries(gpsPointer.value);
  /** A coordinate: three rationals (degrees, minutes, seconds) with non-zero denominators. */
  const coordinate = (tag: number) => {
    const e = gps.get(tag);
    if (!e || e.type !== TYPE_RATIONAL || e.count !== 3) return false;
    for (let i = 0; i < 3; i++) {
      const denominator = u32(e.value + i * 8 + 4);
      if (!denominator) return false;
    }
    return true;
  };
  return coordinate(TAG_GPS_LATITUDE) && coordinate(TAG_GPS_LONGITUDE);
}
