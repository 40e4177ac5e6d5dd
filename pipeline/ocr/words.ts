// OCR words → text runs for the layout (layout.ts), with the page's decoration and noise set
// aside first. Geometry and confidence decide, never the words themselves:
// - rotated text (a sidebar read along its own direction) has boxes far taller than wide;
// - the same sidebar read upright is a column of one- to three-letter "lines" at the page edge;
// - pictures come out as runs of one repeated glyph, tiny specks or low-confidence scraps;
// - but a word the engine doubts that stands in a line of words it is sure of is text, misread or not.
import { makeLine, type Line, type TextRun } from "../ingest/layout.ts";
import { danishWords } from "../repair/lexicon.ts";
import type { ColumnRule } from "../ingest/tables.ts";
import type { OcrWord } from "./types.ts";
import { maxOf, minOf, pushAll } from "../../src/lib/arrays.ts";

export interface Decoration {
  /** Per word: true when it is decoration or noise, not body text. */
  dropped: boolean[];
  /** Per word: true when it is rotated text (kept in rotatedText, not lost). */
  rotated: boolean[];
  /** Readable rotated text (sidebars), in reading order, for the page's furniture. */
  rotatedText: string[];
}

/** Words below this confidence are noise when they are also short or letterless. */
const LOW_CONFIDENCE = 0.5;
/** Below this, a word is noise whatever it looks like. */
const NOISE_CONFIDENCE = 0.3;
/** Narrowest a letter's share of its word's box may be, in box heights (see isNoise). */
const MIN_LETTER_WIDTH = 0.1;
/** A known word this long is text at any confidence ("Igangsætter" came out right at 0.04). */
const SURE_WORD_LETTERS = 5;

/**
 * The words of a page that are its decoration or noise, and its rotated text. `columnRules` are the
 * vertical rules found in the page image (in the words' units), which the engine reads as bars.
 */
export function findDecoration(words: readonly OcrWord[], pageWidth: number, pageHeight: number, columnRules: readonly ColumnRule[] = []): Decoration {
  const typicalHeight = median(words.filter((w) => w.confidence >= LOW_CONFIDENCE).map((w) => w.box.h)) || 1;
  const rotated = words.map(isRotated);
  const perLine = new Map<number, number>();
  for (const w of words) perLine.set(w.line, (perLine.get(w.line) ?? 0) + 1);
  const dropped = words.map(
    (w, i) =>
      rotated[i]! ||
      (isNoise(w, typicalHeight) && !leadsText(w, words, typicalHeight) && !inRunningText(w, words, typicalHeight) && !daysMonth(w, words, typicalHeight)) ||
      (perLine.get(w.line) === 1 && isScrap(w)),
  );
  const column = edgeColumn(words, dropped, pageWidth, pageHeight);
  for (const i of column) dropped[i] = true;
  for (const i of ruleMarks(words, typicalHeight)) dropped[i] = true;
  words.forEach((w, i) => {
    if (onColumnRule(w, columnRules)) dropped[i] = true;
  });
  return { dropped, rotated, rotatedText: rotatedRuns(words.filter((_, i) => rotated[i])) };
}

/**
 * A bullet or dash mark with text right after it on its line is a list marker, not a speck: one
 * of the marks OCR reads bullets as, or any single mark that is no letter or digit and has a
 * bullet's shape (small and about square: the engine reads the same dot as • or * or " or %).
 */
function leadsText(w: OcrWord, words: readonly OcrWord[], typicalHeight: number): boolean {
  const text = w.text.trim();
  const bulletShaped =
    [...text].length === 1 &&
    !/[\p{L}\p{N}]/u.test(text) &&
    w.box.w <= 0.6 * typicalHeight &&
    w.box.h <= 0.6 * typicalHeight &&
    w.box.w <= 2 * w.box.h &&
    w.box.h <= 2 * w.box.w;
  if (!bulletShaped && !/^[-–—•▪■●◦=»*·+]$/u.test(text)) return false;
  return followedOnLine(w, words, 3 * typicalHeight, (o) => Math.abs(o.box.y + o.box.h / 2 - (w.box.y + w.box.h / 2)) <= typicalHeight);
}

/** Whether a word of `w`'s line that `accepts` starts after it, within `reach` of its right edge. */
function followedOnLine(w: OcrWord, words: readonly OcrWord[], reach: number, accepts: (o: OcrWord) => boolean): boolean {
  const right = w.box.x + w.box.w;
  return words.some((o) => o !== w && o.line === w.line && o.box.x > right && o.box.x - right <= reach && accepts(o));
}

/** Months as the dates of plans write them, whole or cut short ("1. juli", "3. sept."). */
const MONTH_WORD = /^(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?,?$/iu;

/**
 * A day's number before the month on its line ("1." of "1. juli 2021"): a date's figure, kept
 * however unsure the engine is of it or of the month (a plan's dates are what its reader wants).
 */
function daysMonth(w: OcrWord, words: readonly OcrWord[], typicalHeight: number): boolean {
  if (!/^(?:[12]\d|3[01]|0?[1-9])\.$/.test(w.text.trim())) return false;
  return followedOnLine(w, words, WORD_GAP * typicalHeight, (o) => MONTH_WORD.test(o.text.trim()));
}

/** Dots that lead the eye from an entry to its page number: "Indledning ........ 3". */
const LEADER = /^(?:[.…·][ \t]?){3,}/u;

/**
 * A dot leader the engine read on into letters ("……mmeresemereersree", at a low confidence: the
 * dots blur into m's and e's) is a leader: "…". The letters were never on the page; dropped
 * whole, the leader would go too, and its line would fall apart at the gap.
 */
export function asLeader(w: OcrWord): OcrWord {
  const dots = LEADER.exec(w.text);
  if (!dots || dots[0].length === w.text.length || w.confidence >= LOW_CONFIDENCE) return w;
  return { ...w, text: "…" };
}

/** A neighbour the engine is at least this sure of, with two letters or more, is running text. */
const SURE_NEIGHBOUR = 0.7;
/** Widest gap (in text heights) between a word and a neighbour on its line: a word space, not a column gap. */
const WORD_GAP = 1.5;
/** A word and its neighbour differ in height by at most this share: one line of one type, not a logo beside a title. */
const SAME_SIZE = 0.35;

/**
 * A word with letters or digits standing in a line of text the engine is sure of: next to a sure
 * word of its size, a word space away. The engine's confidence in one word says little there: a
 * path in a gray code box ("c:\Windows\AD") came out at 0.00 between words at 0.96, a first word
 * in a faint italic at 0.10. Dropped, such a word took its place in the line with it and split the
 * line in two; kept, it costs at most its misread letters.
 */
function inRunningText(w: OcrWord, words: readonly OcrWord[], typicalHeight: number): boolean {
  const text = w.text.trim();
  if (!/[\p{L}\p{N}]/u.test(text) && !LEADER.test(text) && text !== "…") return false;
  // Specks stay noise wherever they are.
  if (isSpeck(w, typicalHeight)) return false;
  const reach = WORD_GAP * typicalHeight;
  return words.some(
    (o) =>
      o !== w &&
      o.line === w.line &&
      o.confidence >= SURE_NEIGHBOUR &&
      (o.text.match(/\p{L}/gu)?.length ?? 0) >= 2 &&
      Math.abs(o.box.h - w.box.h) <= SAME_SIZE * o.box.h &&
      Math.max(o.box.x - (w.box.x + w.box.w), w.box.x - (o.box.x + o.box.w)) <= reach,
  );
}

/**
 * Danish words of one or two letters. The lexicon cannot judge these: it holds nearly every pair
 * of letters as some abbreviation.
 */
const SHORT_WORDS = new Set(
  "i å ø og at en et er de du vi på af om ud op så nu da jo ja os ad få gå nå se to fx ca kl nr ex dk fu kl eu".split(" "),
);

/** One or two letters alone on a line that spell no word, and that the engine doubts: picture scraps. */
function isScrap(w: OcrWord): boolean {
  const text = w.text.trim();
  return /^\p{L}{1,2}$/u.test(text) && !SHORT_WORDS.has(text.toLowerCase()) && w.confidence < 0.85;
}

function isKnownWord(text: string): boolean {
  const word = text.toLowerCase().replace(/[^\p{L}-]/gu, "");
  return word.length >= 3 && danishWords().has(word);
}

/** A word read from text turned on its side: its box stands upright, several letters tall. */
function isRotated(w: OcrWord): boolean {
  return w.text.trim().length >= 3 && w.box.h > 2.5 * w.box.w && w.confidence >= LOW_CONFIDENCE;
}

/** A speck: far smaller than the page's text. */
function isSpeck(w: OcrWord, typicalHeight: number): boolean {
  return w.box.h < 0.35 * typicalHeight && w.box.w < typicalHeight;
}

function isNoise(w: OcrWord, typicalHeight: number): boolean {
  const text = w.text.trim();
  if (!text) return true;
  // Letters need room: a box far narrower than its letters could be is a sliver of a picture. A
  // letter is rarely narrower than a tenth of the box's height (which runs from ascender to
  // descender): "vikarudgifterne" in a condensed 9-pt face at 150 dpi came to 0.18 per letter.
  if (w.box.w < MIN_LETTER_WIDTH * w.box.h * Math.max(0.5, [...text].length - 1)) return true;
  const letters = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  // The engine's confidence in a long word says little: "Igangsætter" came out right at 0.04. A
  // word the Danish lexicon knows, or a long run of letters, is text whatever the confidence.
  // A short known word the engine hardly believes is as often a scrap that happens to spell one
  // ("MONE" at 0.13 beside a sidebar): a lexicon of 900,000 forms holds most short strings.
  const known = isKnownWord(text) && (letters >= SURE_WORD_LETTERS || w.confidence >= NOISE_CONFIDENCE);
  if (known || (letters >= 4 && letters >= text.length / 2 && w.confidence >= 0.15)) {
    return /^(.)\1{3,}$/u.test(text);
  }
  if (w.confidence < NOISE_CONFIDENCE) return true;
  // A run of one glyph (NNNNNNNNNNN, ——————, |||||) is a picture or a rule read as letters.
  if (/^(.)\1{3,}$/u.test(text)) return true;
  if (isSpeck(w, typicalHeight)) return true;
  if (letters === 0) return w.confidence < 0.7;
  return w.confidence < LOW_CONFIDENCE && text.length <= 3;
}

/**
 * A column of short scraps stacked at the left or right edge of the page is rotated text read
 * letter by letter: at least three words of up to three characters, each alone on its line,
 * sharing one narrow band of x in the outer part of the page and spread over a tenth of its
 * height or more. (A short word that starts a line of text is not alone on its line.)
 */
function edgeColumn(words: readonly OcrWord[], dropped: readonly boolean[], pageWidth: number, pageHeight: number): number[] {
  const margin = 0.15 * pageWidth;
  const perLine = new Map<number, number>();
  for (const [i, w] of words.entries()) if (!dropped[i]) perLine.set(w.line, (perLine.get(w.line) ?? 0) + 1);
  const out: number[] = [];
  for (const side of ["left", "right"] as const) {
    const candidates = words
      .map((w, i) => ({ w, i }))
      .filter(({ w, i }) => !dropped[i] && w.text.trim().length <= 3 && perLine.get(w.line) === 1)
      .filter(({ w }) => (side === "left" ? w.box.x + w.box.w <= margin : w.box.x >= pageWidth - margin));
    if (candidates.length < 3) continue;
    // The band: candidates whose centres lie near the median centre.
    const centre = median(candidates.map(({ w }) => w.box.x + w.box.w / 2));
    const band = candidates.filter(({ w }) => Math.abs(w.box.x + w.box.w / 2 - centre) <= 0.03 * pageWidth);
    const ys = band.map(({ w }) => w.box.y);
    if (band.length >= 3 && maxOf(ys) - minOf(ys) >= 0.1 * pageHeight) pushAll(out, band.map(({ i }) => i));
  }
  return out;
}

/**
 * A vertical rule between two columns, read line by line as "|" or "l"-less slivers: marks with no
 * letter or digit, far thinner than the text is tall, at least RULE_MARKS of them stacked at one x.
 * Kept, they would stand in the gutter and join the two columns for the layout.
 */
function ruleMarks(words: readonly OcrWord[], typicalHeight: number): number[] {
  const slivers = words
    .map((w, i) => ({ w, i, x: w.box.x + w.box.w / 2 }))
    .filter(({ w }) => !/[\p{L}\p{N}]/u.test(w.text) && w.box.w <= RULE_WIDTH * typicalHeight && isRulePiece(w))
    .sort((a, b) => a.x - b.x);
  const out: number[] = [];
  let start = 0;
  for (let end = 1; end <= slivers.length; end++) {
    if (end < slivers.length && slivers[end]!.x - slivers[end - 1]!.x <= RULE_WIDTH * typicalHeight) continue;
    const stack = slivers.slice(start, end);
    if (stack.length >= RULE_MARKS) pushAll(out, stack.map(({ i }) => i));
    start = end;
  }
  return out;
}

/**
 * A vertical rule read as a letter that is a bar ("9090 i | Alarmer" where a table's rule stands
 * after the 9090). These are words too ("i", "I alt"), so only one whose own box holds a rule
 * found in the image, over its height, is the rule: a cell's text keeps its padding clear of the
 * cell's rules.
 */
const BAR_LETTER = /^[iIl1|]$/u;

function onColumnRule(w: OcrWord, rules: readonly ColumnRule[]): boolean {
  if (!BAR_LETTER.test(w.text.trim())) return false;
  const middle = w.box.y + w.box.h / 2;
  return rules.some((r) => r.x >= w.box.x && r.x <= w.box.x + w.box.w && r.y1 <= middle && r.y2 >= middle);
}

/** A rule's marks are at most this share of the text height wide, and lie within it of each other in x. */
const RULE_WIDTH = 0.25;
/**
 * A piece of a rule is read as a bar, or has a bar's shape (twice as tall as wide or more). A
 * list's bullets, stacked at one x as well, are dots as wide as tall, and stay.
 */
function isRulePiece(w: OcrWord): boolean {
  return /^[|[\]!]$/u.test(w.text.trim()) || w.box.h >= 2 * w.box.w;
}
/** Fewest marks stacked at one x that make a rule (a "|" or two may be real separators). */
const RULE_MARKS = 3;

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
 * Lines for the layout, as the engine found them: its line finding already knows which words
 * belong together, also where two columns share a baseline. A word that does not overlap its
 * line's vertical band (engines sometimes join a logo's two rows) becomes a line of its own. A
 * line's words share one baseline and one size: the height of its tallest letters above the
 * baseline, which is the same for every line of one font whether or not the line has descenders.
 */
export function wordsToLines(words: readonly OcrWord[]): Line[] {
  const lineStarts = new Map<number, number>();
  for (const w of words) lineStarts.set(w.line, Math.min(lineStarts.get(w.line) ?? Infinity, w.box.x));
  return linePieces(words).map((piece) => toLine(piece, minOf(piece.map((w) => w.box.x)) <= lineStarts.get(piece[0]!.line)!));
}

/**
 * `opensLine`: the piece starts its line as the engine read it. Only there can its first mark be
 * a bullet: a mark the engine read after other words of its line ("server      = vpn2…" in
 * aligned code) stands after a gutter, not before an item.
 */
function toLine(line: readonly OcrWord[], opensLine: boolean): Line {
  const sorted = [...line].sort((a, b) => a.box.x - b.box.x);
  const baseline = median(sorted.map((w) => w.baseline ?? w.box.y + w.box.h));
  const size = maxOf(sorted.map((w) => Math.max(baseline - w.box.y, 0.5 * w.box.h)));
  const runs: TextRun[] = sorted.map((w) => ({ text: w.text, x: w.box.x, baseline, width: w.box.w, size, bold: false }));
  const first = runs[0]!;
  if (runs.length > 1 && isArrow(sorted[0]!, sorted[1]!, size)) first.text = "→";
  else if (opensLine && runs.length > 1 && isBulletGlyph(sorted[0]!, sorted[1]!, size)) first.text = bulletFor(first.text.trim());
  return makeLine(runs, { separateWords: true });
}

/**
 * An arrow leading a line comes out of the engine as a dash, but a dash is a thin stroke: a
 * "dash" whose box is nearly half as tall as it is wide is an arrow head and shaft.
 */
function isArrow(first: OcrWord, next: OcrWord, size: number): boolean {
  if (!/^[-–—>]$/.test(first.text.trim())) return false;
  const gap = next.box.x - (first.box.x + first.box.w);
  return first.box.h >= 0.4 * first.box.w && first.box.h >= 0.3 * size && gap >= 0.2 * size;
}

/**
 * The glyph a bullet mark stands for. The engine reads a round dot as "•", "*", "·", "°", "o",
 * "e", or (the Danish model) '"' or "%", and a square as "s", "ms", "=", "■" or "n"; dashes it reads right.
 */
function bulletFor(read: string): string {
  if (/^[-–—]$/.test(read)) return read;
  return /^[•*·°oeO0"%]$/u.test(read) ? "•" : "▪";
}

/**
 * A small square or dot drawn before a line's text is a bullet, whatever letters the engine made
 * of it ("s", "ms", "=", "»"): a short first word, much lower than the line's tallest word, about
 * as wide as it is high, set apart from the text by more than a word space.
 */
function isBulletGlyph(first: OcrWord, next: OcrWord, size: number): boolean {
  const text = first.text.trim();
  if (text.length > 2 || /^[\p{N}]/u.test(text)) return false;
  const gap = next.box.x - (first.box.x + first.box.w);
  return first.box.h <= 0.7 * size && first.box.w <= 1.6 * first.box.h && gap >= 0.35 * size;
}

/**
 * The engine's lines, cut where they should not hold together: words stacked above each other
 * (no vertical overlap with the rest of the line) and pieces far apart on one baseline (two
 * columns, or a footer and a logo) become lines of their own. Table rows cut this way are put
 * together again by the table finder, which groups pieces by baseline.
 */
export function linePieces<W extends OcrWord>(words: readonly W[]): W[][] {
  const byLine = new Map<number, W[]>();
  for (const w of words) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
  return [...byLine.values()].flatMap(apart).flatMap(stacked);
}

/** Groups a line's words by vertical overlap: each word joins the band it overlaps most. */
function stacked<W extends OcrWord>(line: W[]): W[][] {
  const bands: { top: number; bottom: number; words: W[] }[] = [];
  for (const w of [...line].sort((a, b) => b.box.h - a.box.h)) {
    const top = w.box.y;
    const bottom = w.box.y + w.box.h;
    const band = bands.find((b) => Math.min(b.bottom, bottom) - Math.max(b.top, top) >= 0.4 * Math.min(w.box.h, b.bottom - b.top));
    if (band) {
      band.words.push(w);
      band.top = Math.min(band.top, top);
      band.bottom = Math.max(band.bottom, bottom);
    } else bands.push({ top, bottom, words: [w] });
  }
  return bands.map((b) => b.words);
}

/** A gap this many times the words' height is a gutter, not a word space. */
const GUTTER = 2.5;

/** Cuts a line where the gap between two words is wider than any word space (a column gutter). */
function apart<W extends OcrWord>(line: W[]): W[][] {
  const sorted = [...line].sort((a, b) => a.box.x - b.box.x);
  // The median height: one tall box (a word the engine stretched over two rows) must not widen the gutter test.
  const size = median(sorted.map((w) => w.box.h));
  const out: W[][] = [];
  for (const w of sorted) {
    const current = out[out.length - 1];
    const last = current?.[current.length - 1];
    if (current && last && w.box.x - (last.box.x + last.box.w) <= GUTTER * size) current.push(w);
    else out.push([w]);
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
