// Lines of print every reading left out. The engine finds a page's lines before it reads them, and
// on a faded scan its layout analysis can pass over faint lines altogether: on a minutes page
// printed light and scanned at 150 dpi, "Intet.", "Bilag" and both attachment lines under it were
// in neither reading (nor in plain tesseract's), though the same lines cut out and read as one
// block read perfectly. So ink no reading covered is looked for: shapes of letter size standing in
// rows, away from every word read. Each group of such rows is cut out, its contrast stretched, and
// read as one block; its words join the page's when the engine is sure of them. The thresholds
// below were set on the metadata dev set's scans (referat-fu-2017, referat-das-2011,
// styringsaftale-2013) and checked against the OCR dev set, where they leave the figures as they were.
import sharp from "sharp";
import { danishWords } from "../repair/lexicon.ts";
import { grayHistogram, histogramRank } from "./histogram.ts";
import { findShapes, type Shape } from "./shapes.ts";
import type { Gray } from "./types.ts";
import { centreInside, cropOf, letters, median, sureness } from "./regions.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";
import { maxOf, pushAll } from "../../src/lib/arrays.ts";

/** Shapes this many typical word heights tall, and no taller, can be letters of a line of text. */
const LETTER_HEIGHT = { min: 0.3, max: 1.3 };
/** A shape this close to a word read (in typical word heights) is part of that word or its line. */
const COVER_PAD = 0.4;
/**
 * Narrowest row of print, in typical word heights: a figure alone in a table cell ("8"). Blurred
 * print runs its letters together, so a row's width is measured, not its shapes counted.
 */
const MIN_ROW_WIDTH = 0.4;
/** A shape wider than this (typical word heights) is a rule or a frame, not a word. */
const MAX_SHAPE_WIDTH = 12;
/** Shapes further apart along a row than this (typical word heights) belong to different rows. */
const MAX_GAP = 3;
/** Rows this close (typical word heights between them) are read as one block. */
const ROW_JOIN = 1.6;
/**
 * Margin around a block cut out, in typical word heights: along the line room for a letter the
 * shapes missed; across it hardly any, since the shapes hold the ascenders and descenders, and a
 * rule or the edge of the next line in the crop throws the engine's reading of the whole block
 * (a table row cut out with the rule under it read as nothing). White paper is added instead.
 */
const PAD_ALONG = 0.6;
const PAD_ACROSS = 0.1;
/** The words of a block join the page only if the engine is this sure of them, letter by letter... */
const SURE_READING = 0.65;
/** ...each word kept is at least this sure (a rule or speck read as a letter is not)... */
const SURE_WORD = 0.4;
/**
 * ...or, in code and other text the language model does not know, this sure when most of its letters
 * stand in long words and several of those are words the lexicon knows. On the dev set a
 * configuration file in small monospace type on a gray box (150 dpi) read 70–80 % right at a
 * sureness of 0.45–0.57, since the model doubts every word of code, and 8 of its 11 words of four
 * letters or more ("server", "certifikat", "bookinger", "minutter") are Danish words; the junk the
 * engine made of screenshots read at that sureness too, but in scraps of one to three letters ("EN
 * BERT 3! æ z er, I 1 E år i RUN"), with at most one long word, and a lone button label
 * ("Remove") is one word.
 */
const SURE_LONG_WORDS = 0.45;
/** A long word has at least this many letters; this share of the letters must be in long words... */
const LONG_WORD = 4;
const LONG_WORD_SHARE = 0.75;
/** ...and at least this many of the long words, and half of them, must be words the lexicon knows. */
const KNOWN_LONG_WORDS = 3;
/** ...and they hold at least this many letters or digits (two letters read in a smudge are no line)... */
const MIN_LETTERS = 4;
/** ...unless they are figures the engine is this sure of (a table's "24" alone in its cell). */
const SURE_FIGURES = 0.8;
/**
 * Word height (px) a crop is enlarged to: small print on a low-resolution scan (a slide's table at
 * 150 dpi, words 14 px tall) reads as figures lost ("24" as "2"); about 40 px, an x-height near 20
 * px, is where the engine reads best (the page body's target in preprocess.ts).
 */
const READ_WORD_HEIGHT = 40;
/** White margin put around a crop before it is read, in typical word heights. */
const MARGIN = 0.5;
/** Never enlarge a crop more than this: a scan's blur only grows. */
const MAX_SCALE = 3;
/** Most blocks read on one page: each costs a reading, and a page of stray ink is a picture. */
const MAX_BLOCKS = 8;
/** Words the engine is this sure of measure the page's typical word height. */
const TYPICAL_WORD = 0.5;
/** Fewest words (with two letters or more) a page needs before its typical word height means anything. */
const MIN_WORDS = 3;

/** A shape's bounds without its ink count: a row's or a block's extent. */
type Bounds = Omit<Shape, "area">;

interface Row {
  box: Bounds;
  shapes: number;
}

/** How a block is read: as one line of text, or as a block of lines. */
export type BlockKind = "line" | "block";

/**
 * The words of the page's uncovered print, in the image's pixels, each block's lines numbered
 * after `words`' own. `words` are the reading's words in the same image; `placedElsewhere` says
 * whether a box holds words another reading of the page lent it (those count as read too).
 */
export async function readUncoveredInk(
  image: PageImage,
  words: readonly OcrWord[],
  placedElsewhere: (box: OcrWord["box"]) => boolean,
  read: (crop: PageImage, kind: BlockKind) => Promise<OcrResult>,
): Promise<OcrWord[]> {
  if (image.channels !== 1) return [];
  const heights = words.filter((w) => /\p{L}{2}/u.test(w.text) && w.confidence >= TYPICAL_WORD).map((w) => w.box.h);
  if (heights.length < MIN_WORDS) return [];
  const typical = median(heights);
  const gray: Gray = { width: image.width, height: image.height, data: image.data };
  const covered = words.map((w) => padded(w.box, COVER_PAD * typical));
  const free = findShapes(gray).filter((s) => {
    const h = s.y1 - s.y0 + 1;
    if (h < LETTER_HEIGHT.min * typical || h > LETTER_HEIGHT.max * typical || s.x1 - s.x0 + 1 > MAX_SHAPE_WIDTH * typical) return false;
    const cx = (s.x0 + s.x1) / 2;
    const cy = (s.y0 + s.y1) / 2;
    return !covered.some((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h) && !placedElsewhere({ x: s.x0, y: s.y0, w: s.x1 - s.x0 + 1, h: h });
  });
  const blocks = joinRows(rowsOf(free, typical), typical).slice(0, MAX_BLOCKS);
  const lent: OcrWord[] = [];
  let line = maxOf([-1, ...words.map((w) => w.line)]) + 1;
  let block = maxOf([-1, ...words.map((w) => w.block)]) + 1;
  for (const box of blocks) {
    const crop = withoutRules(stretched(cropOf(image, box, PAD_ALONG * typical, PAD_ACROSS * typical)), box);
    const scale = Math.min(MAX_SCALE, Math.max(1, READ_WORD_HEIGHT / typical));
    const big = await enlarged(crop.image, scale, MARGIN * typical * scale);
    // A block of one row is read as a line: a figure alone ("8") read as a block of text gives nothing.
    const found = await read(big.image, box.h <= LETTER_HEIGHT.max * typical ? "line" : "block");
    const at = (v: number) => Math.round((v / scale) * 10) / 10;
    const m = big.margin;
    const kept = found.words
      .filter((w) => w.confidence >= SURE_WORD && /[\p{L}\p{N}]/u.test(w.text))
      .map((w) => ({ ...w, box: { x: crop.x + at(w.box.x - m), y: crop.y + at(w.box.y - m), w: at(w.box.w), h: at(w.box.h) }, baseline: w.baseline === null ? null : crop.y + at(w.baseline - m) }))
      .filter((w) => !words.some((o) => centreInside(w.box, o.box) || centreInside(o.box, w.box)) && !placedElsewhere(w.box));
    const figures = kept.length > 0 && kept.every((w) => /^\p{N}[\p{N}.,]*$/u.test(w.text)) && sureness(kept) >= SURE_FIGURES;
    if (!figures && (letters(kept) < MIN_LETTERS || !readAsText(kept))) continue;
    const lineOf = new Map<number, number>();
    for (const w of kept) if (!lineOf.has(w.line)) lineOf.set(w.line, line + lineOf.size);
    pushAll(lent, kept.map((w) => ({ ...w, line: lineOf.get(w.line)!, block })));
    line += lineOf.size;
    block++;
  }
  return lent;
}

/** Whether the engine is sure enough of a block's words to take them for text (SURE_READING, SURE_LONG_WORDS). */
function readAsText(words: readonly OcrWord[]): boolean {
  const sure = sureness(words);
  if (sure >= SURE_READING) return true;
  if (sure < SURE_LONG_WORDS) return false;
  const counts = words.map((w) => letters([w]));
  const total = counts.reduce((a, b) => a + b, 0);
  const long = counts.filter((n) => n >= LONG_WORD).reduce((a, b) => a + b, 0);
  if (long < LONG_WORD_SHARE * total) return false;
  // Words of code are joined by punctuation ("/etc/pki/server.pem"): each run of letters is a word.
  const lexicon = danishWords();
  const parts = words.flatMap((w) => w.text.toLowerCase().split(/[^\p{L}]+/u)).filter((t) => t.length >= LONG_WORD);
  const known = parts.filter((t) => lexicon.has(t)).length;
  return known >= KNOWN_LONG_WORDS && 2 * known >= parts.length;
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
  const blocks: Bounds[] = [];
  for (const r of [...rows].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0)) {
    const sameLine = (b: Bounds) => Math.min(b.y1, r.box.y1) - Math.max(b.y0, r.box.y0) >= 0.5 * (r.box.y1 - r.box.y0);
    const near = blocks.find((b) => sameLine(b) || (r.box.y0 - b.y1 <= ROW_JOIN * typical && r.box.x0 <= b.x1 && b.x0 <= r.box.x1));
    if (near) Object.assign(near, { x0: Math.min(near.x0, r.box.x0), y0: Math.min(near.y0, r.box.y0), x1: Math.max(near.x1, r.box.x1), y1: Math.max(near.y1, r.box.y1) });
    else blocks.push({ ...r.box });
  }
  return blocks.map((b) => ({ x: b.x0, y: b.y0, w: b.x1 - b.x0 + 1, h: b.y1 - b.y0 + 1 }));
}

/**
 * The crop enlarged, on a margin of white paper: the engine reads nothing in a crop the print
 * fills to its edges (a lone "8" cut out tight is read as ","). Returns the margin added, in the
 * enlarged image's pixels.
 */
async function enlarged(image: PageImage, scale: number, margin: number): Promise<{ image: PageImage; margin: number }> {
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const m = Math.round(margin);
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .resize(width, height, { kernel: "lanczos3", fit: "fill" })
    .extend({ top: m, bottom: m, left: m, right: m, background: { r: 255, g: 255, b: 255 } })
    .toColourspace("b-w")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { image: { ...image, width: info.width, height: info.height, data, dpi: image.dpi === null ? null : image.dpi * scale }, margin: m };
}

/**
 * The crop with its darkest ink black and its paper white: faint print is what the engine passed
 * over, and it reads faint print once it is dark. The ends are percentiles, so a speck of dirt
 * does not set the black.
 */
function stretched(crop: { image: PageImage; x: number; y: number }): { image: PageImage; x: number; y: number } {
  const { data } = crop.image;
  const hist = grayHistogram(data);
  const black = histogramRank(hist, 0.01 * data.length);
  const white = histogramRank(hist, 0.6 * data.length);
  if (white - black < 8) return crop;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(((data[i]! - black) * 255) / (white - black))));
  return { ...crop, image: { ...crop.image, data: out } };
}

/**
 * The crop with the rules that cross its margins whitened: a block's crop reaches a little beyond
 * its print (PAD_ALONG, PAD_ACROSS), and in a table that takes in the rule beside a cell, which the
 * engine reads as a letter ("]3" and "14" for a lone "3" and "4"), so a figure alone in its cell
 * was lost. Only the margins outside the print's own box (`print`, in page pixels) are looked at,
 * since small blurred print can fill its box from top to bottom (an "8" at 150 dpi): there a
 * column of ink from the crop's top to its bottom, or a row from side to side, is a rule.
 */
function withoutRules(crop: { image: PageImage; x: number; y: number }, print: OcrWord["box"]): { image: PageImage; x: number; y: number } {
  const { width, height, data } = crop.image;
  const ink = (i: number) => data[i]! < INK_AFTER_STRETCH;
  const left = Math.floor(print.x - crop.x);
  const right = Math.ceil(print.x + print.w - crop.x);
  const top = Math.floor(print.y - crop.y);
  const bottom = Math.ceil(print.y + print.h - crop.y);
  const columns: number[] = [];
  for (let x = 0; x < width; x++) {
    if (x >= left && x < right) continue;
    let y = 0;
    while (y < height && ink(y * width + x)) y++;
    if (y === height) columns.push(x);
  }
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    if (y >= top && y < bottom) continue;
    let x = 0;
    while (x < width && ink(y * width + x)) x++;
    if (x === width) rows.push(y);
  }
  if (!columns.length && !rows.length) return crop;
  const out = Buffer.from(data);
  for (const x of columns) for (let y = 0; y < height; y++) out[y * width + x] = 255;
  for (const y of rows) out.fill(255, y * width, (y + 1) * width);
  return { ...crop, image: { ...crop.image, data: out } };
}

/**
 * Darker than this is not paper in a crop whose paper was stretched to white and its ink to black:
 * a hairline rule, blurred, stays mid-gray where a letter's stroke turns black.
 */
const INK_AFTER_STRETCH = 192;

function padded(b: OcrWord["box"], pad: number): OcrWord["box"] {
  return { x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad };
}
