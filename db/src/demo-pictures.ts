/**
 * Pictures for the demo's 地域の魅力 posts: simple flat illustrations (a weeping cherry, a lake under
 * 磐梯山, a bowl of ramen…) drawn in plain TypeScript and saved as PNG. The seed cannot lean on sharp
 * or a canvas (native modules the database tools do not otherwise need), and a photo library would
 * raise rights questions the demo's 権利確認 is about; these are ours, deterministic (the same scene
 * draws the same bytes), and small enough to draw twenty in well under two seconds.
 *
 * They are the originals as a member of staff would upload them: the worker turns them into the
 * published JPEG versions (demo-attractions.ts says why).
 */
import { deflateSync } from 'node:zlib';

type RGB = readonly [number, number, number];
type Point = readonly [number, number];

export const PICTURE_WIDTH = 1200;
export const PICTURE_HEIGHT = 800;

const hex = (s: string): RGB => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
const mix = (a: RGB, b: RGB, t: number): RGB => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** A small seeded generator (mulberry32): the same seed, the same picture. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An RGB canvas with anti-aliased circles, ellipses and polygons, blended with an alpha. */
class Canvas {
  readonly px: Uint8ClampedArray;
  private readonly cover: Float32Array;

  constructor(readonly w: number, readonly h: number) {
    this.px = new Uint8ClampedArray(w * h * 3);
    this.cover = new Float32Array(w + 2);
  }

  private blend(x: number, y: number, c: RGB, a: number) {
    const i = (y * this.w + x) * 3;
    const p = this.px;
    p[i] = p[i]! + (c[0] - p[i]!) * a;
    p[i + 1] = p[i + 1]! + (c[1] - p[i + 1]!) * a;
    p[i + 2] = p[i + 2]! + (c[2] - p[i + 2]!) * a;
  }

  /** Top to bottom through the colour stops (0…1), over rows y0…y1. */
  gradient(y0: number, y1: number, stops: Array<[number, RGB]>) {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.h, Math.ceil(y1)); y++) {
      const t = (y - y0) / Math.max(1, y1 - y0);
      let k = 0;
      while (k < stops.length - 2 && t > stops[k + 1]![0]) k++;
      const [ta, ca] = stops[k]!;
      const [tb, cb] = stops[k + 1]!;
      const c = mix(ca, cb, Math.min(1, Math.max(0, (t - ta) / Math.max(1e-6, tb - ta))));
      for (let x = 0, i = y * this.w * 3; x < this.w; x++, i += 3) {
        this.px[i] = c[0];
        this.px[i + 1] = c[1];
        this.px[i + 2] = c[2];
      }
    }
  }

  circle(cx: number, cy: number, r: number, c: RGB, alpha = 1) {
    this.ellipse(cx, cy, r, r, c, alpha);
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, c: RGB, alpha = 1) {
    if (rx <= 0 || ry <= 0) return;
    const x0 = Math.max(0, Math.floor(cx - rx - 1));
    const x1 = Math.min(this.w - 1, Math.ceil(cx + rx + 1));
    const y0 = Math.max(0, Math.floor(cy - ry - 1));
    const y1 = Math.min(this.h - 1, Math.ceil(cy + ry + 1));
    const m = Math.min(rx, ry);
    // Inside the inner ring fully covered, outside the outer one not at all: a square root only at the edge.
    const inner = Math.max(0, 1 - 0.5 / m) ** 2;
    const outer = (1 + 0.5 / m) ** 2;
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - cy) / ry;
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - cx) / rx;
        const d2 = dx * dx + dy * dy;
        if (d2 >= outer) continue;
        const a = d2 <= inner ? 1 : Math.min(1, Math.max(0, (1 - Math.sqrt(d2)) * m + 0.5));
        if (a > 0) this.blend(x, y, c, a * alpha);
      }
    }
  }

  /**
   * Even-odd fill, four sub-rows per pixel row with exact horizontal coverage. Edges enter an active
   * list as the scan reaches them, so a long ridge line costs what its few crossings per row cost.
   */
  polygon(points: readonly Point[], c: RGB, alpha = 1) {
    if (points.length < 3) return;
    const edges: Array<{ y0: number; y1: number; x0: number; slope: number }> = [];
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xa, ya] = points[j]!;
      const [xb, yb] = points[i]!;
      if (ya === yb) continue;
      const [top, bottom] = ya < yb ? [[xa, ya], [xb, yb]] : [[xb, yb], [xa, ya]];
      edges.push({ y0: top[1]!, y1: bottom[1]!, x0: top[0]!, slope: (bottom[0]! - top[0]!) / (bottom[1]! - top[1]!) });
    }
    if (!edges.length) return;
    edges.sort((a, b) => a.y0 - b.y0);
    const y0 = Math.max(0, Math.floor(edges[0]!.y0));
    const y1 = Math.min(this.h - 1, Math.ceil(Math.max(...edges.map((e) => e.y1))));
    const S = 4;
    const xs: number[] = [];
    let active: typeof edges = [];
    let next = 0;
    for (let y = y0; y <= y1; y++) {
      let lo = this.w;
      let hi = -1;
      for (let k = 0; k < S; k++) {
        const sy = y + (k + 0.5) / S;
        while (next < edges.length && edges[next]!.y0 <= sy) active.push(edges[next++]!);
        active = active.filter((e) => e.y1 > sy);
        xs.length = 0;
        for (const e of active) if (e.y0 <= sy) xs.push(e.x0 + (sy - e.y0) * e.slope);
        xs.sort((a, b) => a - b);
        for (let n = 0; n + 1 < xs.length; n += 2) {
          const xa = Math.max(0, xs[n]!);
          const xb = Math.min(this.w, xs[n + 1]!);
          if (xb <= xa) continue;
          for (let px = Math.floor(xa); px < Math.ceil(xb); px++) {
            this.cover[px] = this.cover[px]! + (Math.min(px + 1, xb) - Math.max(px, xa)) / S;
          }
          lo = Math.min(lo, Math.floor(xa));
          hi = Math.max(hi, Math.ceil(xb) - 1);
        }
      }
      for (let x = lo; x <= hi; x++) {
        const a = Math.min(1, this.cover[x]!);
        this.cover[x] = 0;
        if (a > 0) this.blend(x, y, c, a * alpha);
      }
    }
  }

  rect(x: number, y: number, w: number, h: number, c: RGB, alpha = 1) {
    this.polygon([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], c, alpha);
  }

  /** A thick straight stroke. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, c: RGB, alpha = 1) {
    const len = Math.hypot(x1 - x0, y1 - y0) || 1;
    const nx = (-(y1 - y0) / len) * (width / 2);
    const ny = ((x1 - x0) / len) * (width / 2);
    this.polygon([[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]], c, alpha);
  }

  /** A soft glow: alpha falling off with the square of the distance from the centre. */
  glow(cx: number, cy: number, r: number, c: RGB, alpha: number) {
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(this.w - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(this.h - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const t = 1 - Math.sqrt(dx * dx + dy * dy) / r;
        if (t > 0) this.blend(x, y, c, alpha * t * t);
      }
    }
  }
}

// ─────────────────────────────────────────── building blocks ───────────────────────────────────────────

/** A ridge line across the picture: base height plus a few sine waves, closed down to `bottom`. */
function ridge(W: number, base: number, waves: Array<[amp: number, period: number, phase: number]>, bottom: number, from = 0, to = W): Point[] {
  const pts: Point[] = [[from, bottom]];
  for (let x = from; x <= to; x += 8) {
    pts.push([x, base + waves.reduce((s, [a, p, ph]) => s + a * Math.sin((x / p) * Math.PI * 2 + ph), 0)]);
  }
  pts.push([to, bottom]);
  return pts;
}

/** A mountain: a smooth peak at (px, top) falling to `foot` on both sides over `half` pixels. */
function mountain(px: number, top: number, half: number, foot: number, bottom: number, bump = 0): Point[] {
  const pts: Point[] = [[px - half * 1.6, bottom]];
  for (let x = px - half * 1.6; x <= px + half * 1.6; x += 6) {
    const t = Math.min(1, Math.abs(x - px) / half);
    const y = top + (foot - top) * (t * t * (3 - 2 * t)) - (bump ? bump * Math.exp(-(((x - px) / (half * 0.05)) ** 2)) : 0);
    pts.push([x, y]);
  }
  pts.push([px + half * 1.6, bottom]);
  return pts;
}

function clouds(c: Canvas, r: () => number, n: number, yMax: number, alpha = 0.85) {
  for (let i = 0; i < n; i++) {
    const cx = r() * c.w;
    const cy = 60 + r() * yMax;
    const s = 30 + r() * 40;
    for (let k = 0; k < 5; k++) c.ellipse(cx + (k - 2) * s * 0.7, cy - (k % 2) * s * 0.3, s, s * 0.6, hex('#ffffff'), alpha);
  }
}

/** A round tree: a trunk and a crown of overlapping discs. */
function roundTree(c: Canvas, r: () => number, x: number, ground: number, size: number, crown: RGB[], trunk: RGB = hex('#6b4a32')) {
  c.rect(x - size * 0.07, ground - size * 0.9, size * 0.14, size * 0.9, trunk);
  for (let i = 0; i < 26; i++) {
    const a = r() * Math.PI * 2;
    const d = r() * size * 0.55;
    c.circle(x + Math.cos(a) * d, ground - size * 1.15 + Math.sin(a) * d * 0.75, size * (0.22 + r() * 0.16), crown[i % crown.length]!, 0.9);
  }
}

const SAKURA = ['#f8c8d6', '#f4a9bf', '#fbdde6', '#ec8fab', '#f6b6c9'].map(hex);

function weepingCherry(c: Canvas, r: () => number, cx: number, ground: number, R: number, petals: RGB[], trunk: RGB) {
  // Trunk and main limbs.
  c.polygon([[cx - R * 0.09, ground], [cx - R * 0.05, ground - R * 0.55], [cx + R * 0.05, ground - R * 0.55], [cx + R * 0.11, ground]], trunk);
  for (const dx of [-0.45, -0.2, 0.25, 0.5]) c.line(cx, ground - R * 0.5, cx + R * dx, ground - R * 0.85, R * 0.04, trunk);
  // The crown: a dome of blossom.
  for (let i = 0; i < 1100; i++) {
    const a = Math.PI + r() * Math.PI;
    const d = Math.sqrt(r()) * R;
    c.circle(cx + Math.cos(a) * d, ground - R * 0.55 + Math.sin(a) * d * 0.55, 4 + r() * 7, petals[i % petals.length]!, 0.8);
  }
  // Hanging branches down to the ground, the mark of a しだれ桜.
  for (let s = 0; s < 70; s++) {
    const x = cx + (r() * 2 - 1) * R * 0.98;
    const top = ground - R * 0.55 - Math.sqrt(Math.max(0, 1 - ((x - cx) / R) ** 2)) * R * 0.5;
    const len = (ground - top) * (0.6 + r() * 0.38);
    for (let y = top; y < top + len; y += 6) c.circle(x + Math.sin(y / 30 + s) * 3, y, 3 + r() * 4, petals[(s + Math.floor(y)) % petals.length]!, 0.75);
  }
}

// ─────────────────────────────────────────────── scenes ───────────────────────────────────────────────

type Scene = (c: Canvas, r: () => number) => void;

export const scenes = {
  /** 三春滝桜 by day: a weeping cherry on a green slope under a spring sky. */
  takizakura(c, r) {
    c.gradient(0, c.h * 0.7, [[0, hex('#8cc4ec')], [1, hex('#e4f1fa')]]);
    clouds(c, r, 3, 120, 0.7);
    c.polygon(ridge(c.w, 470, [[18, 500, 1], [10, 190, 2]], c.h), hex('#9fc48a'));
    c.polygon(ridge(c.w, 560, [[14, 700, 0.3], [6, 150, 1]], c.h), hex('#7fb069'));
    weepingCherry(c, r, c.w * 0.5, 690, 420, SAKURA, hex('#4d3527'));
    c.polygon(ridge(c.w, 700, [[6, 400, 0]], c.h), hex('#6a9c52'));
    for (let i = 0; i < 300; i++) c.circle(r() * c.w, 700 + r() * 100, 2 + r() * 2, SAKURA[i % 5]!, 0.8);
  },
  /** The same tree lit up at night. */
  takizakuraNight(c, r) {
    c.gradient(0, c.h, [[0, hex('#0c1633')], [0.7, hex('#1f2f5c')], [1, hex('#2a2440')]]);
    for (let i = 0; i < 120; i++) c.circle(r() * c.w, r() * 300, 0.8 + r() * 1.2, hex('#ffffff'), 0.5 + r() * 0.5);
    c.polygon(ridge(c.w, 560, [[14, 700, 0.3], [6, 150, 1]], c.h), hex('#1c2a22'));
    c.glow(c.w * 0.5, 480, 420, hex('#ffd9e6'), 0.35);
    weepingCherry(c, r, c.w * 0.5, 690, 420, ['#ffd6e2', '#f7b3c8', '#fff0f4', '#f59ab6'].map(hex), hex('#2a1c16'));
    c.polygon(ridge(c.w, 705, [[5, 400, 0]], c.h), hex('#14201a'));
  },
  /** 開成山公園: a row of cherry trees along the pond. */
  cherryPark(c, r) {
    c.gradient(0, 520, [[0, hex('#9ccbee')], [1, hex('#eaf4fb')]]);
    clouds(c, r, 4, 150, 0.75);
    c.polygon(ridge(c.w, 430, [[10, 600, 0.5]], c.h), hex('#a9c99a'));
    for (let i = 0; i < 9; i++) roundTree(c, r, 60 + i * 135 + r() * 20, 520, 170 + r() * 40, SAKURA, hex('#5a4034'));
    c.rect(0, 520, c.w, 60, hex('#e8dcc3'));
    c.gradient(580, c.h, [[0, hex('#7fb3d6')], [1, hex('#4f89b5')]]);
    for (let i = 0; i < 60; i++) c.rect(r() * c.w, 600 + r() * 190, 40 + r() * 120, 2, hex('#d9ecf7'), 0.5);
    for (let i = 0; i < 160; i++) c.circle(r() * c.w, 585 + r() * 210, 2 + r() * 2, SAKURA[i % 5]!, 0.85);
  },
  /** 須賀川牡丹園: peonies in full bloom. */
  peonies(c, r) {
    c.gradient(0, c.h, [[0, hex('#5f8f4e')], [1, hex('#2f5a2c')]]);
    for (let i = 0; i < 60; i++) c.circle(r() * c.w, r() * c.h, 40 + r() * 90, i % 2 ? hex('#4d7d3f') : hex('#78a85e'), 0.35);
    const colours = [['#c2185b', '#e91e63', '#f48fb1'], ['#f8bbd0', '#fce4ec', '#ffffff'], ['#ad1457', '#d81b60', '#f06292'], ['#fff3e0', '#ffffff', '#fde0ea']];
    const spots: Array<[number, number, number]> = [[230, 300, 150], [600, 420, 190], [960, 280, 140], [380, 650, 120], [880, 640, 130], [90, 620, 90], [1130, 520, 100]];
    for (const [i, [x, y, R]] of spots.entries()) {
      for (let k = 0; k < 6; k++) {
        const a = r() * Math.PI * 2;
        c.ellipse(x + Math.cos(a) * R * 1.1, y + Math.sin(a) * R * 1.0, R * 0.5, R * 0.22, hex('#3e7a34'), 0.9);
      }
      const [dark, mid, light] = colours[i % colours.length]!.map(hex) as [RGB, RGB, RGB];
      for (let ring = 0; ring < 5; ring++) {
        const rr = R * (1 - ring * 0.17);
        const n = 9 - ring;
        for (let p = 0; p < n; p++) {
          const a = (p / n) * Math.PI * 2 + ring * 0.4;
          c.circle(x + Math.cos(a) * rr * 0.45, y + Math.sin(a) * rr * 0.45, rr * 0.42, mix(light, ring % 2 ? mid : dark, ring / 5), 0.85);
        }
      }
      for (let s = 0; s < 30; s++) c.circle(x + (r() - 0.5) * R * 0.3, y + (r() - 0.5) * R * 0.3, 2 + r() * 3, hex('#f9d34a'), 0.95);
    }
  },
  /** 松明あかし: great torches burning on a hill at night. */
  torches(c, r) {
    c.gradient(0, c.h, [[0, hex('#0b0f2a')], [0.6, hex('#2b1d3f')], [1, hex('#4a2430')]]);
    c.polygon(ridge(c.w, 560, [[30, 900, 0.4], [10, 260, 1.1]], c.h), hex('#16121c'));
    const xs = [170, 360, 560, 760, 950, 1090];
    for (const [i, x] of xs.entries()) {
      const top = 250 + (i % 3) * 45;
      c.glow(x, top, 260, hex('#ff8a2a'), 0.35);
      c.polygon([[x - 30, 600], [x - 18, top + 40], [x + 18, top + 40], [x + 30, 600]], hex('#6d4a24'));
      for (let b = top + 60; b < 600; b += 40) c.rect(x - 30, b, 60, 6, hex('#3a2614'), 0.9);
      for (let f = 0; f < 6; f++) c.ellipse(x + (r() - 0.5) * 16, top + 20 - f * 22, 34 - f * 4, 60 - f * 6, mix(hex('#ff5a1f'), hex('#ffe27a'), f / 6), 0.75);
      for (let s = 0; s < 40; s++) c.circle(x + (r() - 0.5) * 200, top - r() * 230, 1 + r() * 2.5, hex('#ffc46b'), 0.5 + r() * 0.5);
    }
    for (let p = 0; p < 140; p++) {
      const x = r() * c.w;
      const y = 690 + r() * 60;
      c.circle(x, y - 22, 10, hex('#0a0a10'));
      c.ellipse(x, y + 20, 18, 34, hex('#0a0a10'));
    }
  },
  /** うねめまつり: lanterns over a street on a summer evening. */
  lanterns(c, r) {
    c.gradient(0, c.h, [[0, hex('#2c2a6b')], [0.45, hex('#b8577a')], [0.75, hex('#f2a65a')], [1, hex('#f7d38a')]]);
    let x = 0;
    while (x < c.w) {
      const w = 90 + r() * 110;
      const h = 220 + r() * 200;
      c.rect(x, c.h - h, w - 6, h, hex('#2a1e2e'));
      for (let wy = c.h - h + 20; wy < c.h - 40; wy += 40) {
        for (let wx = x + 12; wx < x + w - 24; wx += 28) if (r() < 0.5) c.rect(wx, wy, 14, 20, hex('#ffd98a'), 0.8);
      }
      x += w;
    }
    for (let row = 0; row < 3; row++) {
      const y0 = 160 + row * 110;
      const at = (i: number): Point => [40 + i * 80 + row * 20, y0 + Math.sin((i / 14) * Math.PI) * 50 - 32];
      for (let i = 0; i < 14; i++) c.line(...at(i), ...at(i + 1), 2, hex('#222222'), 0.7);
      for (let i = 0; i <= 14; i++) {
        const lx = 40 + i * 80 + row * 20;
        const ly = y0 + Math.sin((i / 14) * Math.PI) * 50;
        c.glow(lx, ly, 50, hex('#ffb35c'), 0.3);
        c.ellipse(lx, ly, 22, 28, i % 2 ? hex('#e23b3b') : hex('#fff4e0'));
        c.rect(lx - 12, ly - 32, 24, 6, hex('#222222'));
        c.rect(lx - 12, ly + 26, 24, 6, hex('#222222'));
      }
    }
    for (let p = 0; p < 60; p++) {
      const px = r() * c.w;
      c.circle(px, 720, 12, hex('#1d1420'));
      c.ellipse(px, 770, 22, 45, hex('#1d1420'));
    }
  },
  /** 猪苗代湖 with 磐梯山 behind it. */
  lake(c, r) {
    c.gradient(0, 460, [[0, hex('#6fb1e6')], [1, hex('#d8ecf8')]]);
    clouds(c, r, 4, 140, 0.8);
    const bandai = mountain(420, 150, 330, 420, 460);
    c.polygon(bandai, hex('#6f8fa8'));
    // Snow on the summit: the top of the same outline, closed by a ragged line.
    const top = bandai.filter(([, y]) => y < 225);
    c.polygon([...top, ...top.slice().reverse().map(([x], k): Point => [x, 225 + (k % 2) * 14])], hex('#eef3f7'), 0.85);
    c.polygon(ridge(c.w, 420, [[10, 500, 1], [6, 170, 0]], 460), hex('#5c7f62'));
    c.gradient(450, 700, [[0, hex('#3f7fb5')], [1, hex('#2b5f93')]]);
    for (let i = 0; i < 90; i++) c.rect(r() * c.w, 460 + r() * 230, 30 + r() * 140, 2, hex('#cfe6f6'), 0.45);
    c.gradient(690, c.h, [[0, hex('#d9c9a3')], [1, hex('#c4b088')]]);
    for (const [sx, sy, s] of [[760, 610, 1], [880, 640, 0.8], [660, 650, 0.7]] as const) {
      c.ellipse(sx, sy, 46 * s, 20 * s, hex('#ffffff'));
      c.line(sx + 26 * s, sy - 6 * s, sx + 38 * s, sy - 52 * s, 8 * s, hex('#ffffff'));
      c.circle(sx + 42 * s, sy - 56 * s, 9 * s, hex('#ffffff'));
      c.polygon([[sx + 48 * s, sy - 60 * s], [sx + 62 * s, sy - 54 * s], [sx + 48 * s, sy - 50 * s]], hex('#f0902a'));
    }
  },
  /** 野口英世の生家: a thatched farmhouse among trees. */
  farmhouse(c, r) {
    c.gradient(0, 500, [[0, hex('#86bfe9')], [1, hex('#e6f2fa')]]);
    clouds(c, r, 3, 110, 0.75);
    c.polygon(mountain(900, 170, 300, 430, 520), hex('#7d98a8'));
    c.polygon(ridge(c.w, 470, [[12, 600, 2]], c.h), hex('#86ad6a'));
    for (let i = 0; i < 7; i++) roundTree(c, r, 60 + i * 180 + r() * 30, 520, 150 + r() * 40, ['#4f7d3a', '#5f8f45', '#3f6a30'].map(hex));
    c.rect(330, 420, 540, 200, hex('#f1ece0'));
    for (let bx = 330; bx <= 870; bx += 90) c.rect(bx - 5, 420, 10, 200, hex('#4a3426'));
    c.rect(330, 500, 540, 10, hex('#4a3426'));
    c.polygon([[280, 430], [450, 250], [750, 250], [920, 430]], hex('#a88a5a'));
    for (let i = 0; i < 40; i++) c.line(300 + i * 15, 430, 450 + i * 8, 255, 2, hex('#8a6e44'), 0.5);
    c.rect(560, 520, 80, 100, hex('#3a2a20'));
    c.polygon(ridge(c.w, 620, [[4, 300, 0]], c.h), hex('#7a9c5c'));
    c.rect(0, 680, c.w, 120, hex('#b9a98a'));
  },
  /** あぶくま洞: stalactites in warm light. */
  cave(c, r) {
    c.gradient(0, c.h, [[0, hex('#1b1410')], [0.5, hex('#3a2a1e')], [1, hex('#1b1410')]]);
    c.glow(600, 420, 520, hex('#f2b56b'), 0.55);
    for (let i = 0; i < 60; i++) {
      const x = r() * c.w;
      const len = 80 + r() * 260;
      const w = 10 + r() * 30;
      c.polygon([[x - w, 0], [x + w, 0], [x + 2, len], [x - 2, len]], mix(hex('#d9b98a'), hex('#7a5a3a'), r()), 0.9);
    }
    for (let i = 0; i < 40; i++) {
      const x = r() * c.w;
      const len = 60 + r() * 200;
      const w = 14 + r() * 34;
      c.polygon([[x - w, c.h], [x + w, c.h], [x + 3, c.h - len], [x - 3, c.h - len]], mix(hex('#c9a676'), hex('#5e432c'), r()), 0.9);
    }
    c.polygon([[0, 700], [c.w, 660], [c.w, 700], [0, 740]], hex('#6b5844'));
    for (let x = 0; x < c.w; x += 60) c.line(x, 690 - x * 0.033, x, 640 - x * 0.033, 4, hex('#cfc2a8'));
    c.line(0, 640, c.w, 600, 5, hex('#cfc2a8'));
  },
  /** 安達太良山 under a deep blue sky, fields in front. */
  adatara(c, r) {
    c.gradient(0, 480, [[0, hex('#2f7fd0')], [1, hex('#a9d4f3')]]);
    clouds(c, r, 2, 80, 0.6);
    c.polygon(mountain(600, 200, 420, 470, 520, 28), hex('#5f7f8f'));
    c.polygon(ridge(c.w, 470, [[14, 420, 0.5], [8, 160, 2]], 540), hex('#59834e'));
    for (let i = 0; i < 8; i++) {
      const y = 520 + i * 36;
      c.polygon([[0, y], [c.w, y - 20], [c.w, y + 16], [0, y + 36]], i % 2 ? hex('#9cc46b') : hex('#c6d77a'));
    }
    for (let i = 0; i < 5; i++) roundTree(c, r, 80 + i * 270, 560, 70, ['#3f6a30', '#4f7d3a'].map(hex));
  },
  /** 郡山ブラック: a bowl of dark soy-sauce ramen, from above. */
  ramen(c, r) {
    c.gradient(0, c.h, [[0, hex('#7a5236')], [1, hex('#5e3d27')]]);
    for (let y = 0; y < c.h; y += 26) c.rect(0, y + r() * 6, c.w, 3, hex('#4a2f1e'), 0.35);
    c.circle(600, 400, 360, hex('#1a1a1a'));
    c.circle(600, 400, 340, hex('#b32222'));
    c.circle(600, 400, 322, hex('#f3efe6'));
    c.circle(600, 400, 296, hex('#2a1608'));
    c.circle(560, 360, 200, hex('#4a2a12'), 0.5);
    for (let i = 0; i < 50; i++) {
      const a0 = r() * Math.PI * 2;
      const rr = 60 + r() * 190;
      for (let t = 0; t < 1.2; t += 0.03) c.circle(600 + Math.cos(a0 + t) * rr, 430 + Math.sin(a0 + t) * rr * 0.6, 4, hex('#e8c86a'), 0.9);
    }
    for (const [x, y] of [[470, 300], [560, 250], [430, 420]] as const) {
      c.circle(x, y, 78, hex('#b5735a'));
      c.circle(x, y, 64, hex('#d9a58a'));
      c.circle(x + 10, y - 8, 22, hex('#f2d2c0'), 0.8);
    }
    c.polygon([[700, 150], [820, 190], [770, 360], [650, 320]], hex('#1f3522'));
    c.circle(730, 470, 56, hex('#fbf7f0'));
    for (let t = 0; t < 9; t += 0.15) c.circle(730 + Math.cos(t) * t * 4.5, 470 + Math.sin(t) * t * 4.5, 4, hex('#e35b8a'));
    for (let i = 0; i < 5; i++) c.line(540 + i * 26, 600 - i * 8, 575 + i * 26, 520 - i * 8, 16, hex('#b08a3e'), 0.95);
    for (let i = 0; i < 40; i++) {
      const x = 620 + (r() - 0.5) * 220;
      const y = 600 + (r() - 0.5) * 80;
      c.circle(x, y, 9, hex('#4f9a3a'));
      c.circle(x, y, 4, hex('#cfe8a8'));
    }
  },
  /** ゆべし on a plate, with tea. */
  yubeshi(c, r) {
    c.gradient(0, c.h, [[0, hex('#2f3e63')], [1, hex('#24304d')]]);
    for (let y = 30; y < c.h; y += 60) for (let x = 30; x < c.w; x += 60) c.circle(x + ((y / 60) % 2) * 30, y, 6, hex('#c9d3ea'), 0.4);
    c.ellipse(560, 440, 420, 250, hex('#e8e2d4'));
    c.ellipse(560, 430, 380, 220, hex('#f8f5ee'));
    const spots: Array<[number, number]> = [[420, 380], [620, 340], [520, 500], [720, 480]];
    for (const [x, y] of spots) {
      const s = 90;
      c.polygon([[x - s, y + s * 0.6], [x, y - s * 0.8], [x + s, y + s * 0.6], [x + s * 0.5, y + s * 0.75], [x - s * 0.5, y + s * 0.75]], hex('#8a5a34'));
      c.polygon([[x - s * 0.7, y + s * 0.45], [x, y - s * 0.5], [x + s * 0.7, y + s * 0.45]], hex('#a8703f'), 0.8);
      for (let k = 0; k < 7; k++) c.circle(x + (r() - 0.5) * s * 0.9, y + (r() - 0.2) * s * 0.6, 5 + r() * 4, hex('#d7b98a'), 0.9);
    }
    c.circle(1010, 190, 110, hex('#e9e4d6'));
    c.circle(1010, 190, 92, hex('#7c9a3a'));
    c.circle(995, 175, 40, hex('#a9c45a'), 0.5);
  },
  /** 三春駒: a black wooden horse with bright patterns. */
  miharuGoma(c, r) {
    c.gradient(0, c.h, [[0, hex('#f6ead2')], [1, hex('#e8d6b3')]]);
    for (let i = 0; i < 40; i++) c.circle(r() * c.w, r() * c.h, 30 + r() * 60, hex('#f0dfbf'), 0.4);
    const black = hex('#16130f');
    c.ellipse(600, 700, 330, 26, hex('#8a6a44'), 0.5);
    c.polygon([[330, 360], [760, 330], [820, 380], [800, 470], [360, 490], [300, 430]], black);
    c.polygon([[740, 360], [820, 170], [900, 150], [950, 200], [900, 230], [860, 250], [820, 400]], black);
    c.polygon([[900, 150], [960, 190], [990, 240], [930, 230]], black);
    for (const x of [380, 450, 700, 770]) c.polygon([[x - 22, 470], [x + 22, 470], [x + 18, 680], [x - 18, 680]], black);
    c.polygon([[330, 380], [230, 470], [250, 560], [310, 460]], hex('#3a332b'));
    // The white mane down the back of the neck.
    for (let i = 0; i < 8; i++) c.polygon([[818 - i * 10, 172 + i * 24], [786 - i * 10, 178 + i * 24], [812 - i * 10, 198 + i * 24]], hex('#f5f0e6'));
    c.rect(460, 340, 200, 40, hex('#c8242a'));
    c.rect(470, 380, 180, 70, hex('#2a4f9a'));
    for (let i = 0; i < 9; i++) c.circle(480 + i * 20, 415, 7, hex('#f2c230'));
    for (const [x, y, col] of [[400, 420, '#f2c230'], [720, 420, '#c8242a'], [560, 470, '#2e8b57']] as const) {
      c.circle(x, y, 22, hex(col));
      c.circle(x, y, 10, hex('#f5f0e6'));
    }
    c.circle(915, 185, 8, hex('#f5f0e6'));
    c.circle(915, 185, 4, black);
  },
  /** 蕎麦打ち: dough rolled out on a board, cut noodles beside it. */
  soba(c, r) {
    c.gradient(0, c.h, [[0, hex('#c79a5e')], [1, hex('#a97c45')]]);
    for (let y = 0; y < c.h; y += 18) c.rect(0, y + r() * 5, c.w, 2, hex('#8e6434'), 0.3);
    c.polygon([[120, 160], [760, 120], [820, 620], [160, 680]], hex('#d8cbb0'));
    c.polygon([[140, 180], [740, 142], [796, 600], [180, 656]], hex('#e6dcc6'));
    for (let i = 0; i < 200; i++) c.circle(150 + r() * 640, 160 + r() * 480, 1 + r() * 2, hex('#fbf8f0'), 0.7);
    c.line(180, 560, 820, 300, 46, hex('#8b5a2b'));
    c.line(180, 548, 820, 288, 12, hex('#b07a44'), 0.7);
    for (let i = 0; i < 60; i++) {
      const x = 880 + i * 4.5;
      c.line(x, 170 + r() * 20, x + (r() - 0.5) * 10, 640 + r() * 20, 3, i % 3 ? hex('#8c8170') : hex('#a39884'));
    }
    c.rect(870, 690, 300, 40, hex('#3a2a1c'));
  },
  /** 星の村天文台: a dome on a hill under the stars. */
  stars(c, r) {
    c.gradient(0, c.h, [[0, hex('#050a1e')], [0.7, hex('#132450')], [1, hex('#22305e')]]);
    for (let i = 0; i < 400; i++) {
      const t = r();
      c.circle(t * c.w, 40 + t * 280 + (r() - 0.5) * 160, 1 + r() * 2, hex('#e8ecff'), 0.12);
    }
    for (let i = 0; i < 500; i++) c.circle(r() * c.w, r() * 600, 0.6 + r() * 1.6, hex('#ffffff'), 0.4 + r() * 0.6);
    c.polygon(ridge(c.w, 600, [[40, 1100, 0.2], [12, 300, 1]], c.h), hex('#0b1020'));
    c.rect(700, 500, 180, 110, hex('#c9ced8'));
    c.polygon(Array.from({ length: 33 }, (_, k): Point => [790 + Math.cos((k / 32) * Math.PI) * 95, 500 - Math.sin((k / 32) * Math.PI) * 95]), hex('#e4e8ee'));
    c.rect(782, 405, 16, 95, hex('#2a3346'));
    c.rect(770, 540, 40, 70, hex('#444c60'));
    c.circle(770, 560, 3, hex('#ffd27a'));
  },
  /** さくら湖 and 三春ダム in spring. */
  sakuraLake(c, r) {
    c.gradient(0, 380, [[0, hex('#8cc4ec')], [1, hex('#e4f1fa')]]);
    clouds(c, r, 3, 110, 0.7);
    c.polygon(ridge(c.w, 300, [[30, 700, 0.3], [12, 200, 2]], 420), hex('#7fa36a'));
    for (let i = 0; i < 12; i++) roundTree(c, r, 30 + i * 105, 420, 80 + r() * 30, SAKURA, hex('#5a4034'));
    c.gradient(420, c.h, [[0, hex('#5b9cc8')], [1, hex('#3b79a8')]]);
    for (let i = 0; i < 70; i++) c.rect(r() * c.w, 430 + r() * 360, 30 + r() * 140, 2, hex('#d9ecf7'), 0.45);
    for (let i = 0; i < 12; i++) c.circle(30 + i * 105 + r() * 20, 470 + r() * 20, 40 + r() * 20, hex('#f4b6c8'), 0.25);
  },
  /** 城下町の寺町 in autumn: a temple roof among maples. */
  temple(c, r) {
    c.gradient(0, c.h, [[0, hex('#f3c98b')], [0.6, hex('#f7e2bd')], [1, hex('#efe3cb')]]);
    c.polygon([[300, 330], [600, 210], [900, 330], [860, 350], [600, 250], [340, 350]], hex('#3b3b40'));
    c.polygon([[380, 340], [820, 340], [800, 360], [400, 360]], hex('#2e2e33'));
    c.rect(420, 360, 360, 200, hex('#8a4a2a'));
    for (let x = 440; x < 780; x += 50) c.rect(x, 380, 30, 160, hex('#e9dcc2'));
    const maple = ['#d9432b', '#e8692f', '#f0a23b', '#b82e2a'].map(hex);
    for (const x of [120, 230, 980, 1090]) roundTree(c, r, x, 600, 190, maple, hex('#4a3020'));
    c.polygon([[520, c.h], [580, 560], [620, 560], [680, c.h]], hex('#b9ad97'));
    for (let i = 0; i < 200; i++) c.circle(r() * c.w, 600 + r() * 200, 3 + r() * 3, maple[i % 4]!, 0.8);
  },
  /** 駅前の冬のイルミネーション. */
  illumination(c, r) {
    c.gradient(0, c.h, [[0, hex('#08122e')], [1, hex('#1b2a55')]]);
    c.rect(0, 300, c.w, 320, hex('#1a1f33'));
    for (let wy = 330; wy < 580; wy += 45) for (let wx = 30; wx < c.w; wx += 60) if (r() < 0.6) c.rect(wx, wy, 26, 22, hex('#ffe3a3'), 0.55);
    for (const x of [150, 420, 780, 1050]) {
      for (let k = 0; k < 260; k++) {
        const t = r();
        const y = 360 + t * 300;
        const w = 20 + t * 110;
        const col = k % 3 === 0 ? hex('#8fd0ff') : hex('#ffe08a');
        c.glow(x + (r() - 0.5) * w * 2, y, 7, col, 0.6);
        c.circle(x + (r() - 0.5) * w * 2, y, 2, col);
      }
      c.rect(x - 8, 660, 16, 40, hex('#3a3340'));
    }
    c.rect(0, 700, c.w, 100, hex('#2a3150'));
  },
  /** A modern hall with glass walls (a museum in town). */
  hall(c, r) {
    c.gradient(0, 560, [[0, hex('#7db7e4')], [1, hex('#dcedf8')]]);
    clouds(c, r, 3, 120, 0.75);
    c.polygon([[200, 560], [200, 260], [760, 200], [1000, 240], [1000, 560]], hex('#d6dde4'));
    for (let x = 230; x < 980; x += 46) for (let y = 280; y < 540; y += 52) c.rect(x, y, 36, 40, mix(hex('#5f8fb3'), hex('#a9cbe3'), r()), 0.9);
    c.rect(520, 470, 160, 90, hex('#2f3f4f'));
    c.rect(0, 560, c.w, 240, hex('#bfb6a6'));
    for (const x of [80, 1100]) roundTree(c, r, x, 600, 170, ['#4f7d3a', '#5f8f45'].map(hex));
  },
} satisfies Record<string, Scene>;

export type SceneName = keyof typeof scenes;

// ───────────────────────────────────────────────── PNG ─────────────────────────────────────────────────

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bufs: Buffer[]): number {
  let c = 0xffffffff;
  for (const b of bufs) for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const name = Buffer.from(type, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([name, data]));
  return Buffer.concat([len, name, data, crc]);
}

/** 8-bit RGB PNG; each row filtered with Sub or Up, whichever leaves smaller residues. */
function encodePng(c: Canvas): Buffer {
  const stride = c.w * 3;
  const raw = Buffer.alloc((stride + 1) * c.h);
  const px = c.px;
  for (let y = 0; y < c.h; y++) {
    const row = y * stride;
    let sub = 0;
    let up = 0;
    for (let i = 0; i < stride; i++) {
      const v = px[row + i]!;
      sub += Math.abs(((v - (i >= 3 ? px[row + i - 3]! : 0)) << 24) >> 24);
      up += Math.abs(((v - (y ? px[row - stride + i]! : 0)) << 24) >> 24);
    }
    const filter = up < sub ? 2 : 1;
    const o = y * (stride + 1);
    raw[o] = filter;
    for (let i = 0; i < stride; i++) {
      const prev = filter === 1 ? (i >= 3 ? px[row + i - 3]! : 0) : y ? px[row - stride + i]! : 0;
      raw[o + 1 + i] = (px[row + i]! - prev) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(c.w, 0);
  ihdr.writeUInt32BE(c.h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The scene as a PNG (1200×800). `seed` varies the details (the same seed, the same bytes). */
export function drawPicture(scene: SceneName, seed: number): Buffer {
  const c = new Canvas(PICTURE_WIDTH, PICTURE_HEIGHT);
  scenes[scene](c, rng(seed));
  return encodePng(c);
}
