// Light text on a dark band (a slide's footer bar, a table's header band, a dark title box) turned
// into dark text on paper, so it can be read. The engine looks for inverted text only in lines it
// already doubts, and a small footer on a dark bar never becomes a line at all: on real scans such
// a footer vanished from the reading. Turning the whole page changes how the engine cuts the rest
// of it into blocks (a table under a header band came apart), so each band is cut out, turned and
// read on its own (bands.ts), and only where the page's reading has nothing there.
import { histogramRank, otsuOfHistogram } from "./histogram.ts";
import type { Gray } from "./types.ts";


/**
 * Share of a cell's pixels that must be darker than the page's ink threshold for the cell to be a
 * filled area. Letters never fill a cell this well except in the heaviest headline strokes, and
 * those do not make the wide, tall runs of cells a band needs.
 */
const FILLED_CELL = 0.7;
/** A band is at least this many cells wide and tall: a bar under a line of text, not a stroke. */
const MIN_BAND_CELLS = { wide: 12, tall: 3 };
/** Share of a band's bounding box its filled cells must cover: bars and boxes, not ragged pictures. */
const MIN_BAND_FILL = 0.6;
/** Share of light pixels a band must hold to be worth turning: with none it has no text. */
const MIN_LIGHT_SHARE = 0.01;
/** Gray levels the letters must stand above the band's ground: less is texture, not type. */
const MIN_LETTER_CONTRAST = 40;

/**
 * Cell edge, px: about a third of a small letter at the page's resolution, so a line of light
 * 8-pt letters still leaves whole cells of band between and around them.
 */
function cellSize(gray: Gray): number {
  return Math.max(4, Math.round(Math.min(gray.width, gray.height) / 160));
}

/** A dark band: its box in pixels of the gray image, and the cells it covers. */
export interface DarkBand {
  x: number;
  y: number;
  w: number;
  h: number;
  cell: number;
  cols: number;
  rows: number;
  cells: number[];
  threshold: number;
}

/** The page's dark bands that hold light text. `threshold` is the page's ink threshold (Otsu). */
export function findDarkBands(gray: Gray, threshold: number): DarkBand[] {
  const cell = cellSize(gray);
  const cols = Math.ceil(gray.width / cell);
  const rows = Math.ceil(gray.height / cell);
  const filled = new Uint8Array(cols * rows);
  const dark = new Uint32Array(cols * rows);
  for (let y = 0; y < gray.height; y++) {
    const row = y * gray.width;
    const cy = Math.floor(y / cell) * cols;
    for (let x = 0; x < gray.width; x++) if (gray.data[row + x]! <= threshold) dark[cy + Math.floor(x / cell)]!++;
  }
  for (let cy = 0; cy < rows; cy++) {
    const h = Math.min(cell, gray.height - cy * cell);
    for (let cx = 0; cx < cols; cx++) {
      const w = Math.min(cell, gray.width - cx * cell);
      if (dark[cy * cols + cx]! >= FILLED_CELL * w * h) filled[cy * cols + cx] = 1;
    }
  }
  const bands: DarkBand[] = [];
  for (const { x0, x1, y0, y1, cells } of components(filled, cols, rows)) {
    const wide = x1 - x0 + 1;
    const tall = y1 - y0 + 1;
    if (wide < MIN_BAND_CELLS.wide || tall < MIN_BAND_CELLS.tall || cells.length < MIN_BAND_FILL * wide * tall) continue;
    const { ground, letters, lightShare } = bandTones(gray, { cells, cols, cell });
    // A band with hardly any lighter pixels, or with letters hardly lighter than it, holds no text.
    if (lightShare < MIN_LIGHT_SHARE || letters - ground < MIN_LETTER_CONTRAST) continue;
    // The box reaches one cell beyond the band: a skewed band's edges lie in partly filled cells.
    const bx = Math.max(0, (x0 - 1) * cell);
    const by = Math.max(0, (y0 - 1) * cell);
    bands.push({ x: bx, y: by, w: Math.min(gray.width, (x1 + 2) * cell) - bx, h: Math.min(gray.height, (y1 + 2) * cell) - by, cell, cols, rows, cells, threshold });
  }
  return bands;
}

/**
 * The band's box cut out as dark text on paper: the band's tone becomes paper and the light letters
 * it encloses ink; the paper around it (light, reached from the box's edge without crossing the
 * band) and anything beyond the band's own cells become paper too, so nothing but the band's text
 * is left to read.
 */
export function invertBand(gray: Gray, band: DarkBand): Gray {
  const rect = { x0: band.x, y0: band.y, x1: band.x + band.w, y1: band.y + band.h };
  const { ground, letters } = bandTones(gray, band);
  const span = Math.max(1, letters - ground);
  // Paper is what is lighter than half-way from the band to its letters (as light as paper): the
  // blurred rim of a box, between the two tones, is reached from outside and is no letter.
  const outside = paperAround(gray, rect, Math.min(band.threshold, Math.round((ground + letters) / 2)));
  const near = nearBand(band.cells, band.cols, band.rows);
  const data = Buffer.alloc(band.w * band.h, 255);
  for (let y = rect.y0; y < rect.y1; y++) {
    const row = y * gray.width;
    const cy = Math.floor(y / band.cell) * band.cols;
    for (let x = rect.x0; x < rect.x1; x++) {
      const i = (y - rect.y0) * band.w + (x - rect.x0);
      if (outside[i] || !near.has(cy + Math.floor(x / band.cell))) continue;
      data[i] = Math.max(0, Math.min(255, Math.round((255 * (letters - gray.data[row + x]!)) / span)));
    }
  }
  return { width: band.w, height: band.h, data };
}

interface Component {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  cells: number[];
}

/** 4-connected components of filled cells. */
function components(filled: Uint8Array, cols: number, rows: number): Component[] {
  const seen = new Uint8Array(filled.length);
  const out: Component[] = [];
  for (let start = 0; start < filled.length; start++) {
    if (!filled[start] || seen[start]) continue;
    const c: Component = { x0: cols, x1: -1, y0: rows, y1: -1, cells: [] };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % cols;
      const y = (i - x) / cols;
      c.cells.push(i);
      c.x0 = Math.min(c.x0, x);
      c.x1 = Math.max(c.x1, x);
      c.y0 = Math.min(c.y0, y);
      c.y1 = Math.max(c.y1, y);
      const next = [x > 0 ? i - 1 : -1, x < cols - 1 ? i + 1 : -1, y > 0 ? i - cols : -1, y < rows - 1 ? i + cols : -1];
      for (const n of next) {
        if (n >= 0 && filled[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    out.push(c);
  }
  return out;
}

/**
 * The band's cells and their neighbours: only there is anything turned, so the letters of a line
 * just beside a skewed band (inside its box, outside the band) keep their counters light.
 */
function nearBand(cells: readonly number[], cols: number, rows: number): Set<number> {
  const near = new Set<number>();
  for (const i of cells) {
    const x = i % cols;
    const y = (i - x) / cols;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && nx < cols && ny >= 0 && ny < rows) near.add(ny * cols + nx);
      }
    }
  }
  return near;
}

/**
 * The light pixels of `rect` reached from its border without crossing ink: the paper around the
 * band. What is light but enclosed by the band is its letters, which are to become ink.
 */
function paperAround(gray: Gray, rect: { x0: number; y0: number; x1: number; y1: number }, threshold: number): Uint8Array {
  const w = rect.x1 - rect.x0;
  const h = rect.y1 - rect.y0;
  const out = new Uint8Array(w * h);
  const stack: number[] = [];
  const visit = (x: number, y: number) => {
    const i = y * w + x;
    if (out[i] || gray.data[(rect.y0 + y) * gray.width + rect.x0 + x]! <= threshold) return;
    out[i] = 1;
    stack.push(i);
  };
  for (let x = 0; x < w; x++) {
    visit(x, 0);
    visit(x, h - 1);
  }
  for (let y = 0; y < h; y++) {
    visit(0, y);
    visit(w - 1, y);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w;
    const y = (i - x) / w;
    if (x > 0) visit(x - 1, y);
    if (x < w - 1) visit(x + 1, y);
    if (y > 0) visit(x, y - 1);
    if (y < h - 1) visit(x, y + 1);
  }
  return out;
}

/**
 * The band's own tones, from the pixels of its filled cells: its ground (the median of the darker
 * class of a split made there, since light letters on a dark band are darker than the page's paper
 * and may even fall under the page's ink threshold) and its letters (the lighter class's 95th
 * percentile), and the share of the lighter class.
 */
export function bandTones(gray: Gray, band: Pick<DarkBand, "cells" | "cols" | "cell">): { ground: number; letters: number; lightShare: number } {
  const hist = new Float64Array(256);
  for (const i of band.cells) {
    const cx = i % band.cols;
    const cy = (i - cx) / band.cols;
    const yEnd = Math.min(gray.height, (cy + 1) * band.cell);
    const xEnd = Math.min(gray.width, (cx + 1) * band.cell);
    for (let y = cy * band.cell; y < yEnd; y++) for (let x = cx * band.cell; x < xEnd; x++) hist[gray.data[y * gray.width + x]!]!++;
  }
  const split = otsuOfHistogram(hist);
  let dark = 0;
  let light = 0;
  for (let v = 0; v < 256; v++) (v <= split ? (dark += hist[v]!) : (light += hist[v]!));
  return { ground: histogramRank(hist, dark / 2), letters: histogramRank(hist, light * 0.95, split + 1), lightShare: light / Math.max(1, dark + light) };
}
