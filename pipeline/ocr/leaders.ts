// Dot leaders: the rows of dots that lead the eye from a contents entry to its page number
// ("Indledning ........ 3"). They cost a contents page twice. The engine reads a row of dots into
// letters and takes the entry's own words down with it ("& - SYSKA 3" for "1 Indledning ...... 3"),
// and the dots, all of one size and side by side in rows, outnumber the letters on such a page, so
// the x-height measured from the page's shapes came out as a dot's (4 px where the letters have 20)
// and the prepared reading was enlarged fivefold. So the leaders are found among the page's ink
// shapes before anything is measured or read: left out of the measure, erased from the image the
// engine reads, and put back after the reading as "…" between the entry and its number.
//
// A leader is told by its regularity, not by its size against the text (the text size is what the
// dots would throw): at least MIN_DOTS shapes of one size, about square and full of ink, on one
// line, evenly spaced with paper between them. Letters in a word touch or nearly touch, and are
// strokes rather than blots; specks of a scan are not evenly spaced; a dashed rule's dashes are
// wider than tall.

import { histogramRank } from "./histogram.ts";

/** An ink shape's box, inclusive pixel bounds (preprocess.ts's Shape). */
export interface InkBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Ink pixels in the shape. */
  area: number;
}

export interface Leader {
  /** The run's box, inclusive pixel bounds. */
  box: Omit<InkBox, "area">;
  /** Its dots. */
  dots: InkBox[];
}

/**
 * Fewest dots in a leader: a contents line's leader has dozens; an ellipsis has three, and a row
 * of eight evenly spaced like-sized dots is rare anywhere else on a page.
 */
const MIN_DOTS = 8;
/**
 * Least share of its box a leader's typical dot fills with ink: a dot is a blot, a letter strokes
 * with paper between them. The dev set's contents pages' dots measure 0.80–0.84 (median of a
 * leader), the letter-spaced small capitals of a slide's logo ("N O R D J Y L L A N D", evenly
 * spaced, all of a size) 0.52.
 */
const DOT_FILL = 0.7;
/** A dot is about square: neither side more than this many times the other (plus a pixel of blur). */
const DOT_ASPECT = 2;
/** Largest dot, px: a full stop in 14 pt type at 600 dpi is about 20 px; larger round shapes are letters or bullets. */
const MAX_DOT = 24;
/** Dots of one leader differ from the run's median size by at most this share (or one pixel). */
const SAME_SIZE = 0.5;
/** Next dots of one leader lie on one line: their centres within this share of a dot's height (or 1.5 pixels). */
const SAME_LINE = 0.75;
/**
 * Paper between two dots, in dot widths: at least MIN_GAP (letters of a word nearly touch), at
 * most MAX_GAP (further apart, they are dots of separate things). Word and LibreOffice leaders
 * measured 1.2–2.5 dot widths apart on the OCR dev set's contents pages, at 150–300 dpi.
 */
const MIN_GAP = 0.6;
const MAX_GAP = 5;
/** A shape of less than this share of a dot's area is a speck of the scan, not ink that ends a leader. */
const SPECK = 0.3;
/** The gaps of a leader are even: their standard deviation at most this share of their mean. */
const EVEN_GAPS = 0.35;

/** The dot leaders among a page's ink shapes, top to bottom. */
export function findLeaders(shapes: readonly InkBox[]): Leader[] {
  const dots = shapes.filter(isDotLike).sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  if (dots.length < MIN_DOTS) return [];
  const grid = new Map<string, InkBox[]>();
  for (const s of shapes)
    for (let cx = cell(s.x0); cx <= cell(s.x1); cx++)
      for (let cy = cell(s.y0); cy <= cell(s.y1); cy++) grid.set(`${cx},${cy}`, [...(grid.get(`${cx},${cy}`) ?? []), s]);
  // Each dot is linked to the next dot of its leader: the nearest ink to its right on its line,
  // when that is a like-sized dot a gap of paper away. Linked dot by dot, a leader follows a page
  // scanned askew (a degree drifts a leader's end by a dot's height from its start); and since
  // the next ink must be a dot, letters that happen to be dot-sized ("o", "e") never chain.
  const next = new Map<InkBox, InkBox>();
  const linked = new Set<InkBox>();
  for (const d of dots) {
    const h = height(d);
    const top = d.y0 - h / 2;
    const bottom = d.y1 + h / 2;
    const reach = d.x1 + 1 + MAX_GAP * width(d);
    let nearest: InkBox | null = null;
    for (let cx = cell(d.x1); cx <= cell(reach); cx++)
      for (let cy = cell(top); cy <= cell(bottom); cy++)
        for (const o of grid.get(`${cx},${cy}`) ?? []) {
          if (o === d || o.x0 <= d.x1 || o.x0 > reach || o.y1 < top || o.y0 > bottom) continue;
          // A speck of the scan between two dots is no ink that ends a leader.
          if (width(o) * height(o) < SPECK * width(d) * height(d)) continue;
          if (!nearest || o.x0 < nearest.x0) nearest = o;
        }
    if (!nearest || linked.has(nearest) || !isDotLike(nearest) || !sameSize(nearest, d)) continue;
    const gap = nearest.x0 - d.x1 - 1;
    const pitch = Math.max(width(d), width(nearest));
    if (gap < MIN_GAP * pitch || Math.abs(centreY(nearest) - centreY(d)) > Math.max(1.5, SAME_LINE * Math.max(h, height(nearest)))) continue;
    next.set(d, nearest);
    linked.add(nearest);
  }
  const leaders: Leader[] = [];
  for (const d of dots) {
    if (linked.has(d) || !next.has(d)) continue;
    const run = [d];
    for (let n = next.get(d); n; n = next.get(n)) run.push(n);
    pushLeader(leaders, run);
  }
  return leaders.sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
}

/** Grid cells (of GRID px square) for finding a dot's neighbours. */
const GRID = 64;
const cell = (v: number) => Math.floor(v / GRID);

/** `shapes` without the dots of `leaders`. */
export function withoutLeaderDots<S extends InkBox>(shapes: readonly S[], leaders: readonly Leader[]): S[] {
  if (!leaders.length) return [...shapes];
  const dots = new Set<InkBox>(leaders.flatMap((l) => l.dots));
  return shapes.filter((s) => !dots.has(s));
}

/**
 * A copy of the 8-bit gray `data` (`width` pixels a row) with every leader dot, and a pixel round
 * it (its blur), painted in the tone of the paper the leader runs on. Not white: on a faded scan
 * the paper is gray, and white stripes across it made the engine take the paper for ink (its
 * threshold falls between paper and stripe) and read a whole contents page as junk.
 */
export function eraseLeaders(data: Buffer, width: number, leaders: readonly Leader[]): Buffer {
  const out = Buffer.from(data);
  const height = Math.floor(data.length / width);
  for (const leader of leaders) {
    const tone = paperTone(data, width, height, leader);
    for (const d of leader.dots)
      for (let y = Math.max(0, d.y0 - 1); y <= Math.min(height - 1, d.y1 + 1); y++) out.fill(tone, y * width + Math.max(0, d.x0 - 1), y * width + Math.min(width, d.x1 + 2));
  }
  return out;
}

/**
 * The paper's tone along a leader: the median of the band just above its dots, over its length.
 * A leader runs at the foot of its line between the entry and its number, so the band a few dot
 * heights above it holds no print; the median leaves out a stray speck. White off the image.
 */
function paperTone(data: Buffer, width: number, height: number, { box }: Leader): number {
  const dot = box.y1 - box.y0 + 1;
  const counts = new Uint32Array(256);
  let n = 0;
  for (let y = Math.max(0, box.y0 - 1 - PAPER_BAND * dot); y <= Math.min(height - 1, box.y0 - 2); y++)
    for (let x = Math.max(0, box.x0); x <= Math.min(width - 1, box.x1); x++, n++) counts[data[y * width + x]!]!++;
  // The median: the first tone with more than (n - 1) / 2 of the n pixels at or below it.
  return n ? histogramRank(counts, (n - 1) / 2) : 255;
}

/** Height of the band of paper above a leader that gives its tone, in dot heights. */
const PAPER_BAND = 3;

function pushLeader(leaders: Leader[], run: InkBox[]): void {
  if (run.length < MIN_DOTS) return;
  const fills = run.map((d) => d.area / (width(d) * height(d))).sort((a, b) => a - b);
  if (fills[Math.floor(fills.length / 2)]! < DOT_FILL) return;
  const gaps = run.slice(1).map((d, i) => d.x0 - run[i]!.x1 - 1);
  const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
  if (sd > EVEN_GAPS * Math.max(mean, 1)) return;
  leaders.push({
    box: { x0: run[0]!.x0, y0: Math.min(...run.map((d) => d.y0)), x1: run[run.length - 1]!.x1, y1: Math.max(...run.map((d) => d.y1)) },
    dots: run,
  });
}

function isDotLike(s: InkBox): boolean {
  const w = width(s);
  const h = height(s);
  return w <= MAX_DOT && h <= MAX_DOT && w <= DOT_ASPECT * h + 1 && h <= DOT_ASPECT * w + 1;
}

function sameSize(a: InkBox, b: InkBox): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= Math.max(1, SAME_SIZE * Math.max(x, y));
  return close(width(a), width(b)) && close(height(a), height(b));
}

const width = (s: InkBox) => s.x1 - s.x0 + 1;
const height = (s: InkBox) => s.y1 - s.y0 + 1;
const centreY = (s: InkBox) => (s.y0 + s.y1) / 2;
