// Lines of print the reading left out. The engine finds a page's lines before it reads them, and on
// a faded scan its layout analysis can pass over faint lines altogether: on a minutes page printed
// light and scanned at 150 dpi, "Intet.", "Bilag" and both attachment lines under it were in
// neither reading (nor in plain tesseract's), though the same lines cut out and read as one block
// read perfectly. So ink the reading left uncovered is looked for: shapes of letter size standing
// in rows, away from every word read. Each group of such rows is cut out, its contrast stretched,
// and read as one block; its words join the page's when the engine is sure of them.
import { findShapes, type Gray, type Shape } from "./preprocess.ts";
import { sureness } from "./reread.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";

/** Shapes this many typical word heights tall, and no taller, can be letters of a line of text. */
const LETTER_HEIGHT = { min: 0.3, max: 1.3 };
/** A shape this close to a word read (in typical word heights) is part of that word or its line. */
const COVER_PAD = 0.4;
/**
 * Narrowest row of print, in typical word heights: a short word ("Intet."). Blurred print runs its
 * letters together, so a row's width is measured, not its shapes counted.
 */
const MIN_ROW_WIDTH = 1;
/** A shape wider than this (typical word heights) is a rule or a frame, not a word. */
const MAX_SHAPE_WIDTH = 12;
/** Shapes further apart along a row than this (typical word heights) belong to different rows. */
const MAX_GAP = 3;
/** Rows this close (typical word heights between them) are read as one block. */
const ROW_JOIN = 1.6;
/**
 * Margin around a block cut out, in typical word heights: along the line room for a letter the
 * shapes missed, across it less than the gap to the next line (a line cut in half above or below
 * the block throws the engine's reading of the whole block).
 */
const PAD_ALONG = 0.6;
const PAD_ACROSS = 0.25;
/** The words of a block join the page only if the engine is this sure of them, letter by letter... */
const SURE_READING = 0.65;
/** ...each word kept is at least this sure (a rule or speck read as a letter is not)... */
const SURE_WORD = 0.4;
/** ...and they hold at least this many letters or digits (two letters read in a smudge are no line). */
const MIN_LETTERS = 4;
/** Most blocks read on one page: each costs a reading, and a page of stray ink is a picture. */
const MAX_BLOCKS = 8;
/** Words the engine is this sure of measure the page's typical word height. */
const TYPICAL_WORD = 0.5;
/** Fewest words (with two letters or more) a page needs before its typical word height means anything. */
const MIN_WORDS = 3;

interface Row {
  box: Shape;
  shapes: number;
}

export async function readUncoveredInk(image: PageImage, result: OcrResult, read: (crop: PageImage) => Promise<OcrResult>): Promise<OcrResult> {
  if (image.channels !== 1) return result;
  const heights = result.words.filter((w) => /\p{L}{2}/u.test(w.text) && w.confidence >= TYPICAL_WORD).map((w) => w.box.h);
  if (heights.length < MIN_WORDS) return result;
  const typical = median(heights);
  const gray: Gray = { width: image.width, height: image.height, data: image.data };
  const covered = result.words.map((w) => padded(w.box, COVER_PAD * typical));
  const free = findShapes(gray).filter((s) => {
    const h = s.y1 - s.y0 + 1;
    if (h < LETTER_HEIGHT.min * typical || h > LETTER_HEIGHT.max * typical || s.x1 - s.x0 + 1 > MAX_SHAPE_WIDTH * typical) return false;
    const cx = (s.x0 + s.x1) / 2;
    const cy = (s.y0 + s.y1) / 2;
    return !covered.some((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h);
  });
  const blocks = joinRows(rowsOf(free, typical), typical).slice(0, MAX_BLOCKS);
  if (!blocks.length) return result;
  let words = result.words;
  let line = Math.max(-1, ...words.map((w) => w.line)) + 1;
  let block = Math.max(-1, ...words.map((w) => w.block)) + 1;
  const texts: string[] = [];
  for (const box of blocks) {
    const crop = stretched(cropOf(image, box, PAD_ALONG * typical, PAD_ACROSS * typical));
    const found = await read(crop.image);
    const kept = found.words
      .filter((w) => w.confidence >= SURE_WORD && /[\p{L}\p{N}]/u.test(w.text))
      .map((w) => ({ ...w, box: { ...w.box, x: w.box.x + crop.x, y: w.box.y + crop.y }, baseline: w.baseline === null ? null : w.baseline + crop.y }))
      .filter((w) => !result.words.some((o) => centreInside(w.box, o.box) || centreInside(o.box, w.box)));
    if (letterCount(kept) < MIN_LETTERS || sureness(kept) < SURE_READING) continue;
    const lineOf = new Map<number, number>();
    for (const w of kept) if (!lineOf.has(w.line)) lineOf.set(w.line, line + lineOf.size);
    words = words.concat(kept.map((w) => ({ ...w, line: lineOf.get(w.line)!, block })));
    line += lineOf.size;
    block++;
    texts.push(kept.map((w) => w.text).join(" "));
  }
  if (!texts.length) return result;
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { words, confidence, text: `${result.text.trimEnd()}\n\n${texts.join("\n\n")}\n` };
}

/** Letter shapes in rows: each shape joins a row it shares its middle height with and stands near. */
function rowsOf(shapes: readonly Shape[], typical: number): Row[] {
  const rows: Row[] = [];
  for (const s of [...shapes].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0)) {
    const cy = (s.y0 + s.y1) / 2;
    const row = rows.find((r) => cy >= r.box.y0 - 0.2 * typical && cy <= r.box.y1 + 0.2 * typical && s.x0 - r.box.x1 <= MAX_GAP * typical);
    if (row) {
      row.box = { x0: Math.min(row.box.x0, s.x0), y0: Math.min(row.box.y0, s.y0), x1: Math.max(row.box.x1, s.x1), y1: Math.max(row.box.y1, s.y1) };
      row.shapes++;
    } else rows.push({ box: { ...s }, shapes: 1 });
  }
  return rows.filter((r) => r.box.x1 - r.box.x0 + 1 >= MIN_ROW_WIDTH * typical && r.box.y1 - r.box.y0 + 1 <= 2 * typical);
}

/**
 * Rows on one line (the cells of a table row) and rows one above the other, close and overlapping
 * along the line, as one block to read.
 */
function joinRows(rows: readonly Row[], typical: number): OcrWord["box"][] {
  const blocks: Shape[] = [];
  for (const r of [...rows].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0)) {
    const sameLine = (b: Shape) => Math.min(b.y1, r.box.y1) - Math.max(b.y0, r.box.y0) >= 0.5 * (r.box.y1 - r.box.y0);
    const near = blocks.find((b) => sameLine(b) || (r.box.y0 - b.y1 <= ROW_JOIN * typical && r.box.x0 <= b.x1 && b.x0 <= r.box.x1));
    if (near) Object.assign(near, { x0: Math.min(near.x0, r.box.x0), y0: Math.min(near.y0, r.box.y0), x1: Math.max(near.x1, r.box.x1), y1: Math.max(near.y1, r.box.y1) });
    else blocks.push({ ...r.box });
  }
  return blocks.map((b) => ({ x: b.x0, y: b.y0, w: b.x1 - b.x0 + 1, h: b.y1 - b.y0 + 1 }));
}

function cropOf(image: PageImage, box: OcrWord["box"], along: number, across: number): { image: PageImage; x: number; y: number } {
  const x = Math.max(0, Math.floor(box.x - along));
  const y = Math.max(0, Math.floor(box.y - across));
  const right = Math.min(image.width, Math.ceil(box.x + box.w + along));
  const bottom = Math.min(image.height, Math.ceil(box.y + box.h + across));
  const width = right - x;
  const height = bottom - y;
  const data = Buffer.alloc(width * height);
  for (let row = 0; row < height; row++) image.data.copy(data, row * width, (y + row) * image.width + x, (y + row) * image.width + right);
  return { image: { ...image, width, height, data }, x, y };
}

/**
 * The crop with its darkest ink black and its paper white: faint print is what the engine passed
 * over, and it reads faint print once it is dark. The ends are percentiles, so a speck of dirt
 * does not set the black.
 */
function stretched(crop: { image: PageImage; x: number; y: number }): { image: PageImage; x: number; y: number } {
  const { data } = crop.image;
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]!++;
  const at = (share: number) => {
    let n = 0;
    for (let v = 0; v < 256; v++) if ((n += hist[v]!) >= share * data.length) return v;
    return 255;
  };
  const black = at(0.01);
  const white = at(0.6);
  if (white - black < 8) return crop;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(((data[i]! - black) * 255) / (white - black))));
  return { ...crop, image: { ...crop.image, data: out } };
}

function padded(b: OcrWord["box"], pad: number): OcrWord["box"] {
  return { x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad };
}

/** A word whose middle lies in another's box is the same word read twice. */
function centreInside(a: OcrWord["box"], b: OcrWord["box"]): boolean {
  const cx = a.x + a.w / 2;
  const cy = a.y + a.h / 2;
  return cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h;
}

function letterCount(words: readonly OcrWord[]): number {
  return words.reduce((n, w) => n + (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
