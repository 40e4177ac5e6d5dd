// Bullets, judged by their ink. The engine reads a list's dots and squares as whatever mark is
// nearest ("*", '"', "=", "sas"), a dash now and then as ">", and on a faint or small scan it
// passes over some of them altogether, though plain tesseract reads the same dots as marks: a
// list then loses its bullets and the structure stage runs its items together as one sentence.
// The page image settles both: a mark's box full of ink in one blot is a bullet, a mark on a flat
// stroke in a column of dashes is a dash, and a lone blot of a bullet's or a dash's shape at the
// start of a line, standing in a column with others, is one the engine missed.
import { otsu } from "./histogram.ts";
import { findShapes, touchesEdge } from "./shapes.ts";
import { median, overlaps, pixelBox } from "./regions.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";

/**
 * Ink share of a bullet's box above which it is a square: a filled disc covers π/4 ≈ 0.79 of its
 * box, a square all of it; blur takes some off both (dots measured 0.67–0.82, squares 0.86–0.98).
 */
const SQUARE_FILL = 0.84;

/**
 * A bullet read as some mark ("*", '"', "%", "=") becomes "•" or "▪" by its shape: the engine
 * reads dots and squares alike, but the ink tells them apart. Only single marks that are no
 * letter or digit, small and about square, are judged.
 */
function isMark(text: string): boolean {
  return [...text].length === 1 && !/[\p{L}\p{N}]/u.test(text);
}

/**
 * A bullet the engine read as letters ("sas" for ▪): a few letters, low confidence, and nothing to
 * its left on its line. The ink test that follows tells it from a real small word, whose letters
 * cover far less of their box than a filled dot or square does.
 */
function isMisreadMark(w: OcrWord, words: OcrResult["words"], typical: number): boolean {
  return [...w.text].length <= 3 && w.confidence < 0.6 && startsLine(w, words, typical);
}

/** Nothing to the word's left on its line within a few words' reach: where a bullet stands. */
function startsLine(w: OcrWord, words: readonly OcrWord[], typical: number): boolean {
  const top = w.box.y;
  const bottom = w.box.y + w.box.h;
  // "Nothing to its left" within a few words' reach (in the page's typical word height: a mark's
  // own box is tiny): a sidebar or a column further left is another line.
  const reach = 4 * Math.max(w.box.h, typical);
  return !words.some((o) => o !== w && o.box.x + o.box.w <= w.box.x && o.box.x + o.box.w > w.box.x - reach && o.box.y < bottom && o.box.y + o.box.h > top);
}

/**
 * A bullet read as some mark ("*", '"', "%", "=") or as a few letters ("sas") becomes "•" or "▪"
 * by the ink in its box. Ink is what is at or below `ink`, the page's own ink/paper split: a faint
 * scan read as it is (not stretched) prints its bullets in mid-gray.
 */
export function withBulletShapes(result: OcrResult, image: PageImage, ink = otsu(image)): OcrResult {
  if (image.channels !== 1) return result;
  const typical = median(result.words.map((w) => w.box.h));
  const dashed = dashColumn(result.words, image, ink);
  let changed = false;
  const words = result.words.map((w) => {
    const t = w.text.trim();
    const dash = dashed(w);
    if (dash) {
      changed = true;
      return { ...w, text: dash };
    }
    const { w: bw, h: bh } = w.box;
    // Letters misread from a bullet get a box a little larger than a mark's: the engine pads it.
    // A mark inside a line ("port = 443", "a * b") is what it was read as.
    const most = isMark(t) && startsLine(w, result.words, typical) ? 0.6 * typical : isMisreadMark(w, result.words, typical) ? 0.75 * typical : 0;
    // Wider than tall is a dash, which the author typed as one.
    if (bw > most || bh > most || bw > 1.5 * bh || bh > 2 * bw || bw < 3 || bh < 3) return w;
    const px = pixelBox(image, w.box);
    if (!px.w || !px.h) return w;
    let dark = 0;
    for (let row = px.y; row < px.y + px.h; row++) for (let col = px.x; col < px.x + px.w; col++) if (image.data[row * image.width + col]! <= ink) dark++;
    const fill = dark / (px.w * px.h);
    if (fill < 0.5 || !isOneBlot(image, px, ink)) return w;
    changed = true;
    return { ...w, text: fill >= SQUARE_FILL ? "▪" : "•" };
  });
  return changed ? { ...result, words } : result;
}

/**
 * A mark read at the start of a line ("<", ">", "~") that stands in a column of dashes the engine
 * read as dashes, and whose ink is one flat stroke, is that column's dash: a list of dashes then
 * keeps every item's marker, where the mark, dropped as noise, took the first item into the line
 * before it. Returns the dash for such a word, else null.
 */
function dashColumn(words: readonly OcrWord[], image: PageImage, ink: number): (w: OcrWord) => string | null {
  const typical = typicalWordHeight(words);
  if (typical === null) return () => null;
  const dashes = words.filter((w) => DASH.test(w.text.trim()) && startsLine(w, words, typical));
  if (!dashes.length) return () => null;
  return (w) => {
    const t = w.text.trim();
    if (!isMark(t) || DASH.test(t) || BULLET.test(t) || !startsLine(w, words, typical)) return null;
    const dash = dashes.find((d) => d !== w && sameColumn(d.box, w.box, typical));
    if (!dash) return null;
    // The engine's box for a misread mark hugs its ink loosely: a little margin keeps the stroke whole inside it.
    const margin = Math.round(0.15 * typical);
    const window = { x: Math.max(0, Math.round(w.box.x) - margin), y: Math.max(0, Math.round(w.box.y) - margin), w: Math.round(w.box.w) + 2 * margin, h: Math.round(w.box.h) + 2 * margin };
    const blot = loneBlot(image, window, ink, (SPECK * typical) ** 2);
    return blot && looksLikeDash(blot, typical) ? dash.text.trim() : null;
  };
}

/**
 * Below this share of ink a row or column inside a mark's box is a gap between two strokes: "="
 * is two bars and ":" two dots with paper between them even when blurred, where a bullet's dot
 * or square is ink right through (its middle rows and columns are its fullest).
 */
const GAP_FILL = 0.25;
/** A stroke on either side of a gap: a row or column at least this full of ink. */
const STROKE_FILL = 0.5;

/**
 * Whether the ink in `box` is one blot (a bullet's dot or square) rather than strokes with paper
 * between them: a mark in aligned code ("server      = vpn2") stands alone at the start of the
 * engine's line just as a bullet does, and a small "=" fills half its box like a dot.
 */
function isOneBlot(image: PageImage, box: OcrWord["box"], ink: number): boolean {
  const rows = new Array<number>(box.h).fill(0);
  const cols = new Array<number>(box.w).fill(0);
  for (let r = 0; r < box.h; r++)
    for (let c = 0; c < box.w; c++)
      if (image.data[(box.y + r) * image.width + box.x + c]! <= ink) {
        rows[r]!++;
        cols[c]!++;
      }
  return !hasGap(rows.map((n) => n / box.w)) && !hasGap(cols.map((n) => n / box.h));
}

/** A nearly empty row (or column) with a stroke on both sides of it. */
function hasGap(fills: readonly number[]): boolean {
  for (let i = 1; i < fills.length - 1; i++) {
    if (fills[i]! >= GAP_FILL) continue;
    if (fills.slice(0, i).some((f) => f >= STROKE_FILL) && fills.slice(i + 1).some((f) => f >= STROKE_FILL)) return true;
  }
  return false;
}


/** A word that is a bullet already. */
const BULLET = /^[•▪●■◦∙‣]$/u;
/** A word that is a list dash already. */
const DASH = /^[-–—]$/u;
/** Words the engine is this sure of, with two letters or more, measure the page's typical word height. */
const TYPICAL_WORD = 0.5;
/** Fewest such words a page needs before its typical word height means anything. */
const MIN_WORDS = 3;
/**
 * How far left of a line's first word a missed bullet may stand, and how close, in typical word
 * heights: list bullets stand 1–2 word heights before their text (1.6 on the dev set's docx
 * lists, Word's default hanging indent); a letter nearer than the closest is part of the word.
 */
const BULLET_REACH = 3;
const BULLET_GAP = 0.3;
/** How close to its text a dash may stand: a word space, which at a scan's blur can shrink to a tenth of a word height. */
const DASH_GAP = 0.05;
/**
 * A bullet's size, in typical word heights (a word's box holds its ascenders): the dev set's
 * squares and dots measure 0.35–0.5; a full stop is smaller, a letter or a box larger.
 */
const BULLET_SIZE = { min: 0.2, max: 0.7 };
/** A dot or square is about as tall as it is wide; a dash or a stroke is not. */
const BULLET_ASPECT = 1.5;
/**
 * A list dash's length, in typical word heights: an en dash is half an em and a word's box about
 * an em tall (the scanned dash lists of the metadata dev set measure about 0.5), an em dash twice
 * that; a hyphen is a third of an em or less, a speck shorter.
 */
const DASH_LENGTH = { min: 0.3, max: 1.2 };
/** A dash is a flat stroke: at least this many times as long as it is thick. */
const DASH_FLATNESS = 2.5;
/** Least share of its box a blot's ink fills: a filled disc covers π/4 of it, less when blurred. */
const BULLET_FILL = 0.55;
/** Ink smaller than this (in typical word heights, squared) is a speck of the scan, not a mark. */
const SPECK = 0.12;
/** Bullets in one column stand this close across (typical word heights). */
const COLUMN_ALIGN = 0.5;
/**
 * Confidence given to a bullet found by its ink: the ink test, not the engine, read it; the engine's
 * own reads of such bullets are about as sure (0.55–0.7 on the dev set).
 */
const MISSED_BULLET_CONFIDENCE = 0.6;

/**
 * `result` with the bullets the engine missed: at the start of a line, left of its first word,
 * a lone blot of a bullet's size and shape (a dot, a square, or a dash), in the line's band, in a
 * column with another such blot or a bullet of its kind the engine read. One blot on its own is
 * no list: a speck of the scan can look like a dot, two in a column at the start of lines rarely do.
 */
export function withMissedBullets(result: OcrResult, image: PageImage, ink = otsu(image)): OcrResult {
  if (image.channels !== 1) return result;
  const typical = typicalWordHeight(result.words);
  if (typical === null) return result;
  const starts = lineStarts(result.words);
  const found: { blot: Blot; first: OcrWord; dash: boolean }[] = [];
  for (const first of starts) {
    if (!/^[\p{L}\p{N}]/u.test(first.text)) continue;
    const x0 = Math.max(0, Math.round(first.box.x - BULLET_REACH * typical));
    const y0 = Math.max(0, Math.round(first.box.y));
    const y1 = Math.min(image.height, Math.round(first.box.y + first.box.h));
    // A dot or square stands clear of its text; a dash is set closer, a word space from it.
    const blotBefore = (gap: number) => {
      const x1 = Math.round(first.box.x - gap * typical);
      if (x1 - x0 < 2 || y1 - y0 < 2) return null;
      const window = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
      if (result.words.some((w) => w !== first && overlaps(w.box, window))) return null;
      return loneBlot(image, window, ink, (SPECK * typical) ** 2);
    };
    const dot = blotBefore(BULLET_GAP);
    const near = dot && looksLikeBullet(dot, typical) ? null : blotBefore(DASH_GAP);
    const blot = dot && looksLikeBullet(dot, typical) ? dot : near && looksLikeDash(near, typical) ? near : null;
    if (!blot) continue;
    // In the line's band: a bullet stands level with the lower-case letters, not above the line.
    const cy = blot.y + blot.h / 2;
    if (cy < first.box.y + 0.2 * first.box.h || cy > first.box.y + 1.1 * first.box.h) continue;
    if (!isOneBlot(image, blot, ink)) continue;
    found.push({ blot, first, dash: blot === near });
  }
  // Dots and squares line up with dots and squares, dashes with dashes: a dash the engine read at a
  // line's start, beside one it passed over, says the list's marker and its glyph.
  const readBullets = result.words.filter((w) => BULLET.test(w.text.trim()));
  const readDashes = starts.filter((w) => DASH.test(w.text.trim()));
  const words = [...result.words];
  for (const { blot, first, dash } of found) {
    const inColumn = (b: OcrWord["box"]) => sameColumn(b, blot, typical);
    const alike = found.some((f) => f.blot !== blot && f.dash === dash && inColumn(f.blot));
    const read = (dash ? readDashes : readBullets).filter((w) => inColumn(w.box));
    if (!alike && !read.length) continue;
    const glyph = dash ? (read[0]?.text.trim() ?? "–") : blot.fill >= SQUARE_FILL ? "▪" : "•";
    const bullet: OcrWord = { text: glyph, box: { x: blot.x, y: blot.y, w: blot.w, h: blot.h }, confidence: MISSED_BULLET_CONFIDENCE, line: first.line, block: first.block, baseline: first.baseline };
    words.splice(words.indexOf(first), 0, bullet);
  }
  return words.length === result.words.length ? result : { ...result, words };
}

/** The median height of the words the engine is sure of; null when too few to tell. */
function typicalWordHeight(words: readonly OcrWord[]): number | null {
  const heights = words.filter((w) => w.confidence >= TYPICAL_WORD && (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2).map((w) => w.box.h);
  return heights.length < MIN_WORDS ? null : median(heights);
}

/** Whether two marks stand in one column: their centres within COLUMN_ALIGN typical word heights across. */
function sameColumn(a: OcrWord["box"], b: OcrWord["box"], typical: number): boolean {
  return Math.abs(a.x + a.w / 2 - (b.x + b.w / 2)) <= COLUMN_ALIGN * typical;
}

/** The leftmost word of each of the engine's lines. */
function lineStarts(words: readonly OcrWord[]): OcrWord[] {
  const first = new Map<number, OcrWord>();
  for (const w of words) {
    const f = first.get(w.line);
    if (!f || w.box.x < f.box.x) first.set(w.line, w);
  }
  return [...first.values()];
}

interface Blot {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Share of the box that is ink. */
  fill: number;
}

/**
 * The one piece of ink in `window` (ignoring specks smaller than `speck` pixels), whole inside it;
 * null when there is none, more than one, or it runs out of the window (part of something larger).
 */
function loneBlot(image: PageImage, window: OcrWord["box"], ink: number, speck: number): Blot | null {
  const pieces = findShapes(image, ink, window).filter((s) => s.area >= speck);
  const piece = pieces[0];
  if (pieces.length !== 1 || !piece || touchesEdge(piece, window)) return null;
  const w = piece.x1 - piece.x0 + 1;
  const h = piece.y1 - piece.y0 + 1;
  return { x: piece.x0, y: piece.y0, w, h, fill: piece.area / (w * h) };
}

/** A flat solid stroke of a dash's length, as lists are marked with "–". */
function looksLikeDash(b: Blot, typical: number): boolean {
  return b.w >= DASH_LENGTH.min * typical && b.w <= DASH_LENGTH.max * typical && b.w >= DASH_FLATNESS * b.h && b.fill >= BULLET_FILL;
}

function looksLikeBullet(b: Blot, typical: number): boolean {
  const size = (v: number) => v >= BULLET_SIZE.min * typical && v <= BULLET_SIZE.max * typical;
  return size(b.w) && size(b.h) && Math.max(b.w, b.h) <= BULLET_ASPECT * Math.min(b.w, b.h) && b.fill >= BULLET_FILL;
}
