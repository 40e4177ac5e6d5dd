// Prepares an upright page image for tesseract: grayscale, contrast stretched, text scaled to the
// x-height the LSTM model reads best, small skew turned straight. Deterministic: the same pixels in
// give the same pixels out.
import sharp from "sharp";
import { grayHistogram, histogramRank, otsu } from "./histogram.ts";
import { eraseLeaders, findLeaders, withoutLeaderDots, type Leader } from "./leaders.ts";
import { findShapes, type Shape } from "./shapes.ts";
import type { Gray, PageImage } from "./types.ts";

export interface PreprocessOptions {
  /**
   * Body-text x-height to scale to, in px. Tesseract's accuracy drops below 10 pt text at 300 dpi
   * (its ImproveQuality notes), an x-height of about 20 px; the LSTM reads each line scaled to
   * 36 px anyway, so bigger mostly costs time: 24 px read the corpus slides ~8 % slower, for an
   * order-free CER of 0.44 % instead of 0.78 %.
   */
  targetXHeight?: number;
  /** Longest side of the output, px. */
  maxLongSide?: number;
  /**
   * Most pixels in the output: tesseract's memory grows with the page (~130 MB per worker for
   * 7 Mpx) and a worker's wasm heap never shrinks back, so this bounds every worker's size.
   */
  maxPixels?: number;
  /** Largest skew searched for, degrees either way. */
  maxSkewDeg?: number;
  /** Smaller skews are left alone: turning costs a resampling that blurs more than it helps. */
  minSkewDeg?: number;
  /** Stretch the contrast: faint scans get black text on white paper. */
  normalise?: boolean;
}

export interface Prepared {
  /**
   * 8-bit grayscale. Its dpi is the source's times `scale`, or, when the source's is unknown, an
   * estimate from the text size (see outputDpi), so tesseract is never left to guess.
   */
  image: PageImage;
  /** Output px per input px (before the skew turn). */
  scale: number;
  /**
   * Clockwise degrees the scaled image was turned about its centre (onto a canvas grown to fit,
   * white background) to straighten it; 0 when it was not turned. sharp's `rotate(skewDeg)`.
   */
  skewDeg: number;
  /** Body x-height measured on the input, px; null when no text-like shapes were found. */
  xHeight: number | null;
}

const DEFAULTS = { targetXHeight: 20, maxLongSide: 6000, maxPixels: 12e6, maxSkewDeg: 5, minSkewDeg: 0.3, normalise: true };
/** x-height of 12 pt body text in a typical sans or serif face, points. */
const BODY_XHEIGHT_PT = 6.25;
/** Scales this close to 1 are not worth a resampling. */
const KEEP_SCALE = { min: 0.85, max: 1.2 };
/** Height (px) the page's smaller letters are scaled to at least. */
const MIN_SMALL_TEXT = 12;
/** Never enlarge more than this: beyond it a scan's blur only gets bigger. */
const MAX_UPSCALE = 4;

/**
 * `analysis`, when the caller has it already (analyse() of the same image with the same
 * maxSkewDeg), spares the second pass over the page's ink.
 */
export async function preprocess(image: PageImage, options: PreprocessOptions = {}, analysis?: PageAnalysis): Promise<Prepared> {
  const o = { ...DEFAULTS, ...options };
  const { gray, heights, xHeight, skew } = analysis ?? (await analyse(image, o.maxSkewDeg));
  const scale = chooseScale(xHeight, heights, image, o);
  // Straightening turns the page against its skew.
  const skewDeg = Math.abs(skew) >= o.minSkewDeg ? round2(-skew) : 0;
  const out = await render(gray, scale, skewDeg, o.normalise);
  return {
    image: { ...image, ...out, channels: 1, dpi: outputDpi(image.dpi, xHeight, scale) },
    scale,
    skewDeg,
    xHeight,
  };
}

/** What a page shows about itself without being changed: its text size, skew and resolution. */
export interface PageMeasure {
  /** Body x-height, px; null when no text-like shapes were found. */
  xHeight: number | null;
  /** Clockwise degrees that would straighten the page (as Prepared.skewDeg, but never rounded to 0). */
  skewDeg: number;
  /** The image's dpi, else an estimate from the text size (see outputDpi); null without either. */
  dpi: number | null;
}

/** What the page's ink says, found once and used both to read the page as it is and to prepare it. */
export interface PageAnalysis {
  gray: Gray;
  /** Letter heights, ascending (letterHeights). */
  heights: number[];
  /** Body x-height, px; null when no text-like shapes were found. */
  xHeight: number | null;
  /** The text's skew, degrees (estimateSkew); 0 without text. */
  skew: number;
  /** Dot leaders found on the page (leaders.ts), in its pixels: erased from `gray`, left out of the measure. */
  leaders: Leader[];
}

export async function analyse(image: PageImage, maxSkewDeg = DEFAULTS.maxSkewDeg): Promise<PageAnalysis> {
  const ink = await toGray(image);
  const all = findShapes(ink);
  // A contents page's leader dots would measure as its letters, and read as letters (leaders.ts).
  const leaders = findLeaders(all);
  const shapes = withoutLeaderDots(all, leaders);
  const gray = leaders.length ? { ...ink, data: eraseLeaders(ink.data, ink.width, leaders) } : ink;
  const heights = letterHeights(shapes);
  const xHeight = estimateXHeight(shapes, heights);
  const skew = xHeight === null ? 0 : estimateSkew(shapes, xHeight, maxSkewDeg);
  return { gray, heights, xHeight, skew, leaders };
}

export function measure(image: PageImage, { xHeight, skew }: PageAnalysis): PageMeasure {
  return { xHeight, skewDeg: skew === 0 ? 0 : round2(-skew), dpi: outputDpi(image.dpi, xHeight, 1) };
}

/**
 * Tesseract's layout analysis (columns, vertical text, noise) thinks in inches, and guesses the
 * resolution when it is not told; on slides its guess merges columns. When the source does not
 * say, the resolution is estimated from the text size, taking body text to be 12 pt (x-height
 * about 6.25 pt): right for scanned documents and printed slide handouts alike.
 */
function outputDpi(dpi: number | null, xHeight: number | null, scale: number): number | null {
  if (dpi !== null) return dpi * scale;
  return xHeight === null ? null : Math.round((xHeight * 72 * scale) / BODY_XHEIGHT_PT);
}

/** Any PageImage as 8-bit gray; transparent pixels count as white paper. */
export async function toGray(image: PageImage): Promise<Gray> {
  if (image.channels === 1) return { width: image.width, height: image.height, data: image.data };
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .flatten({ background: "#ffffff" })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

async function render(gray: Gray, scale: number, skewDeg: number, normalise: boolean): Promise<Gray> {
  const raw = { width: gray.width, height: gray.height, channels: 1 as const };
  let pipeline = sharp(normalise ? stretch(gray) : gray.data, { raw });
  if (scale !== 1) {
    pipeline = pipeline.resize(Math.round(gray.width * scale), Math.round(gray.height * scale), { kernel: "lanczos3", fit: "fill" });
  }
  // sharp writes one-band input out as sRGB unless told otherwise.
  let out = await pipeline.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  // A separate pass: sharp applies rotate before resize within one pipeline, and the turn must
  // happen about the centre of the scaled image (page.ts maps boxes back that way).
  if (skewDeg !== 0) {
    out = await sharp(out.data, { raw: { width: out.info.width, height: out.info.height, channels: 1 } })
      .rotate(skewDeg, { background: "#ffffff" })
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
  }
  return { width: out.info.width, height: out.info.height, data: out.data };
}

/**
 * Contrast stretch: the darkest ink to black, the paper to white, linearly in CIE L* so mid-grays
 * such as pictures stay mid-gray; a lookup table on the gray bytes (sharp's normalise() goes
 * through LAB on the enlarged image and costs 5× more).
 *
 * The black point is taken from the ink alone (the pixels darker than the Otsu threshold), not from
 * the whole page as sharp's normalise() does: on a sparse page (a cover with three lines) ink is
 * under 1 % of the pixels, so the page's 1st percentile is paper, and stretching it to black turned
 * a scan's shaded paper into black blotches that the engine read as pictures: the page came out
 * empty. The white point is the page's 99th percentile, which is paper on any page.
 */
function stretch(gray: Gray): Buffer {
  const { data } = gray;
  const hist = grayHistogram(data);
  const ink = hist.slice(0, otsu(gray) + 1);
  const inkCount = ink.reduce((s, n) => s + n, 0);
  if (inkCount === 0) return data;
  const lo = lightness(histogramRank(ink, inkCount * INK_BLACK_POINT));
  const hi = lightness(histogramRank(hist, data.length * PAPER_WHITE_POINT));
  if (hi - lo < 1) return data;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = fromLightness(((lightness(v) - lo) * 100) / (hi - lo));
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = lut[data[i]!]!;
  return out;
}

/** Share of the ink pixels that end up black: the darkest hundredth (specks aside). */
const INK_BLACK_POINT = 0.01;
/** Share of all pixels at or below the white point: everything brighter is paper. */
const PAPER_WHITE_POINT = 0.99;

/** sRGB gray byte → CIE L* (0..100). */
function lightness(v: number): number {
  const c = v / 255;
  const y = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  return y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y;
}

/** CIE L* → sRGB gray byte, clamped. */
function fromLightness(l: number): number {
  const y = Math.min(1, Math.max(0, l > 8 ? ((l + 16) / 116) ** 3 : l / 903.3));
  const c = y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055;
  return Math.round(c * 255);
}

function chooseScale(xHeight: number | null, heights: readonly number[], image: PageImage, o: typeof DEFAULTS): number {
  let scale = 1;
  // Slides mix one big title with small print (footers, logos, a sidebar): the small print,
  // the lowest tenth of the letter heights, must also get big enough to read.
  if (xHeight !== null) scale = Math.max(o.targetXHeight / xHeight, MIN_SMALL_TEXT / heights[Math.floor(heights.length / 10)]!);
  // No text-like shapes: fall back on the resolution, aiming at 300 dpi as tesseract's docs advise.
  else if (image.dpi !== null && image.dpi < 200) scale = 300 / image.dpi;
  scale = Math.min(
    scale,
    MAX_UPSCALE,
    o.maxLongSide / Math.max(image.width, image.height),
    Math.sqrt(o.maxPixels / (image.width * image.height)),
  );
  if (scale >= KEEP_SCALE.min && scale <= KEEP_SCALE.max) return 1;
  return Math.round(scale * 1000) / 1000;
}



// ---------------------------------------------------------------------------------------------
// Text size and skew from the shapes.

/**
 * The body x-height: the most common height among letter-sized shapes that sit beside another
 * shape of their size (letters in words do; specks of scan noise and icons mostly do not). Most
 * lowercase letters (a c e m n o r s u v w x z) are exactly x-height tall, and body text
 * outnumbers headings, so the mode lands on the body's x-height. On a page turned 90° the same
 * measure gives the letters' widths, which are of the same order: good enough to size an
 * orientation check.
 */
export function estimateXHeight(shapes: readonly Shape[], heights = letterHeights(shapes)): number | null {
  if (heights.length < 20) return null;
  const hist = new Map<number, number>();
  for (const h of heights) hist.set(h, (hist.get(h) ?? 0) + 1);
  let best = 0;
  let mode = 0;
  for (const h of hist.keys()) {
    // Neighbouring heights count half: a scan's blur spreads one size over two or three pixels.
    const score = hist.get(h)! + 0.5 * ((hist.get(h - 1) ?? 0) + (hist.get(h + 1) ?? 0));
    if (score > best || (score === best && h < mode)) {
      best = score;
      mode = h;
    }
  }
  return mode;
}

/** Heights of the shapes that look like letters in words, ascending. */
export function letterHeights(shapes: readonly Shape[]): number[] {
  return inWords(shapes.filter(isLetterLike))
    .map((s) => s.y1 - s.y0 + 1)
    .sort((a, b) => a - b);
}

function isLetterLike(s: Shape): boolean {
  const h = s.y1 - s.y0 + 1;
  const w = s.x1 - s.x0 + 1;
  // Specks, rules, frames and pictures are not letters; touching letters still have letter height.
  return h >= 4 && h <= 300 && w <= 6 * h && w * 5 >= h;
}

/** Shapes with a neighbour of similar height on the same line, at most one height away. */
function inWords(shapes: readonly Shape[]): Shape[] {
  const cell = 64;
  const grid = new Map<string, Shape[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  for (const s of shapes) {
    const k = key(Math.floor(s.x0 / cell), Math.floor(s.y0 / cell));
    grid.set(k, [...(grid.get(k) ?? []), s]);
  }
  return shapes.filter((s) => {
    const h = s.y1 - s.y0 + 1;
    const reach = Math.ceil((s.x1 - s.x0 + 1 + 2 * h) / cell) + 1;
    const cx = Math.floor(s.x0 / cell);
    const cy = Math.floor(s.y0 / cell);
    for (let gx = cx - reach; gx <= cx + reach; gx++) {
      for (let gy = cy - 1 - Math.ceil(h / cell); gy <= cy + 1 + Math.ceil(h / cell); gy++) {
        for (const t of grid.get(key(gx, gy)) ?? []) if (t !== s && besides(s, t)) return true;
      }
    }
    return false;
  });
}

function besides(a: Shape, b: Shape): boolean {
  const ha = a.y1 - a.y0 + 1;
  const hb = b.y1 - b.y0 + 1;
  if (hb > 2 * ha || ha > 2 * hb) return false;
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
  const gap = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) - 1;
  return overlap >= 0.5 * Math.min(ha, hb) && gap <= Math.max(ha, hb);
}

/**
 * Skew by projection profile: the angle (degrees, clockwise positive: lines running down to the
 * right) at which the bottoms of the letter-sized shapes pile up into the fewest, fullest rows.
 * Coarse search over ±maxDeg, then a fine one around the best angle.
 */
export function estimateSkew(shapes: readonly Shape[], xHeight: number, maxDeg: number): number {
  const points = shapes
    .filter((s) => {
      const h = s.y1 - s.y0 + 1;
      return h >= 0.6 * xHeight && h <= 1.6 * xHeight;
    })
    .map((s) => ({ x: (s.x0 + s.x1) / 2, y: s.y1 }));
  if (points.length < 30) return 0;
  const bin = Math.max(1, xHeight / 4);
  const score = (deg: number): number => profileScore(points, Math.tan((deg * Math.PI) / 180), bin);
  const coarse = bestAngle(-maxDeg, maxDeg, 0.25, score);
  return round2(bestAngle(coarse - 0.25, coarse + 0.25, 0.02, score));
}

function bestAngle(from: number, to: number, step: number, score: (deg: number) => number): number {
  // Ties go to the angle nearest 0: a page with no measurable skew is left alone.
  let best = 0;
  let bestScore = -1;
  for (let i = 0; from + i * step <= to + 1e-9; i++) {
    const deg = from + i * step;
    const s = score(deg);
    if (s > bestScore || (s === bestScore && Math.abs(deg) < Math.abs(best))) {
      best = deg;
      bestScore = s;
    }
  }
  return best;
}

function profileScore(points: readonly { x: number; y: number }[], slope: number, bin: number): number {
  const rows = new Map<number, number>();
  for (const p of points) {
    const row = Math.round((p.y - p.x * slope) / bin);
    rows.set(row, (rows.get(row) ?? 0) + 1);
  }
  let sum = 0;
  for (const n of rows.values()) sum += n * n;
  return sum;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100 || 0;
}
