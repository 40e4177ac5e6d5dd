// OCR words → text runs for the layout (layout.ts), with the page's decoration and noise set
// aside first. Geometry and confidence decide, never the words themselves:
// - rotated text (a sidebar read along its own direction) has boxes far taller than wide;
// - the same sidebar read upright is a column of one- to three-letter "lines" at the page edge;
// - pictures come out as runs of one repeated glyph, tiny specks or low-confidence scraps.
import type { TextRun } from "../ingest/layout.ts";
import type { OcrWord } from "./types.ts";

export interface Decoration {
  /** Per word: true when it is decoration or noise, not body text. */
  dropped: boolean[];
  /** Readable rotated text (sidebars), in reading order, for the page's furniture. */
  rotatedText: string[];
}

/** Words below this confidence are noise when they are also short or letterless. */
const LOW_CONFIDENCE = 0.5;
/** Below this, a word is noise whatever it looks like. */
const NOISE_CONFIDENCE = 0.3;

export function findDecoration(words: readonly OcrWord[], pageWidth: number, pageHeight: number): Decoration {
  const typicalHeight = median(words.filter((w) => w.confidence >= LOW_CONFIDENCE).map((w) => w.box.h)) || 1;
  const rotated = words.map(isRotated);
  const dropped = words.map((w, i) => rotated[i]! || isNoise(w, typicalHeight));
  const column = edgeColumn(words, dropped, pageWidth, pageHeight);
  for (const i of column) dropped[i] = true;
  return { dropped, rotatedText: rotatedRuns(words.filter((_, i) => rotated[i])) };
}

/** A word read from text turned on its side: its box stands upright, several letters tall. */
function isRotated(w: OcrWord): boolean {
  return w.text.trim().length >= 3 && w.box.h > 2.5 * w.box.w && w.confidence >= LOW_CONFIDENCE;
}

function isNoise(w: OcrWord, typicalHeight: number): boolean {
  const text = w.text.trim();
  if (!text || w.confidence < NOISE_CONFIDENCE) return true;
  // A run of one glyph (NNNNNNNNNNN, ——————, |||||) is a picture or a rule read as letters.
  if (/^(.)\1{3,}$/u.test(text)) return true;
  // Specks: far smaller than the page's text.
  if (w.box.h < 0.35 * typicalHeight && w.box.w < typicalHeight) return true;
  const letters = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  if (letters === 0) return w.confidence < 0.7;
  return w.confidence < LOW_CONFIDENCE && text.length <= 3;
}

/**
 * A column of short scraps stacked at the left or right edge of the page is rotated text read
 * letter by letter: at least three words of up to three characters, sharing one narrow band of x
 * in the outer part of the page and spread over a tenth of its height or more.
 */
function edgeColumn(words: readonly OcrWord[], dropped: readonly boolean[], pageWidth: number, pageHeight: number): number[] {
  const margin = 0.15 * pageWidth;
  const out: number[] = [];
  for (const side of ["left", "right"] as const) {
    const candidates = words
      .map((w, i) => ({ w, i }))
      .filter(({ w, i }) => !dropped[i] && w.text.trim().length <= 3)
      .filter(({ w }) => (side === "left" ? w.box.x + w.box.w <= margin : w.box.x >= pageWidth - margin));
    if (candidates.length < 3) continue;
    // The band: candidates whose centres lie near the median centre.
    const centre = median(candidates.map(({ w }) => w.box.x + w.box.w / 2));
    const band = candidates.filter(({ w }) => Math.abs(w.box.x + w.box.w / 2 - centre) <= 0.03 * pageWidth);
    const ys = band.map(({ w }) => w.box.y);
    if (band.length >= 3 && Math.max(...ys) - Math.min(...ys) >= 0.1 * pageHeight) out.push(...band.map(({ i }) => i));
  }
  return out;
}

/** Rotated words grouped by their column, each column read along the text (bottom to top). */
function rotatedRuns(words: readonly OcrWord[]): string[] {
  const columns: OcrWord[][] = [];
  for (const w of [...words].sort((a, b) => a.box.x - b.box.x)) {
    const col = columns.find((c) => Math.abs(c[0]!.box.x - w.box.x) <= Math.max(c[0]!.box.w, w.box.w));
    if (col) col.push(w);
    else columns.push([w]);
  }
  return columns.map((c) =>
    c
      .sort((a, b) => b.box.y - a.box.y)
      .map((w) => w.text)
      .join(" "),
  );
}

/**
 * Runs for the layout. Words keep the engine's line grouping, except a word that does not
 * overlap its line's vertical band (engines sometimes join a logo's two rows): it becomes a line
 * of its own. A line's words share one baseline and one size, the tallest word's height, which
 * is about the same for every line of one font whatever letters the line holds.
 */
export function wordsToRuns(words: readonly OcrWord[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const line of splitLines(words)) {
    const size = Math.max(...line.map((w) => w.box.h));
    const baseline = median(line.map((w) => w.box.y + w.box.h));
    for (const w of line) runs.push({ text: w.text, x: w.box.x, baseline, width: w.box.w, size, bold: false });
  }
  return runs;
}

function splitLines(words: readonly OcrWord[]): OcrWord[][] {
  const byLine = new Map<number, OcrWord[]>();
  for (const w of words) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
  const out: OcrWord[][] = [];
  for (const line of byLine.values()) {
    const mid = median(line.map((w) => w.box.y + w.box.h / 2));
    const inBand = line.filter((w) => w.box.y <= mid && w.box.y + w.box.h >= mid);
    const outside = line.filter((w) => !inBand.includes(w));
    if (inBand.length) out.push(inBand);
    for (const w of outside) out.push([w]);
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
