// Pieces of lines the engine read with little confidence, read again on their own. The engine
// finds a page's lines before it reads them, and where two columns stand side by side with their
// baselines a little apart (a letter's address block beside its label/value lines) it can build
// one line across both and cut the other column's line into pieces that it then reads as junk:
// "Bøgevænget 17, st. th." came out as "B t 17. st. th" on one line and "BROVDERS 21, Bh V" at
// confidence 0–0.3 on the next, though the same words cut out alone read perfectly. So a weak
// piece, with the pieces of other lines that share its place, is cut out of the image and read as
// a block of its own; its words replace the old ones only when the engine is clearly surer of them.
import { boxOf, centreInside, cropOf, letters, median, sharesHeight, sureness, unionOf } from "./regions.ts";
import { linePieces } from "./words.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";
import { maxOf } from "../../src/lib/arrays.ts";

/** A piece whose letters the engine is on average less sure of than this is re-read. */
const WEAK_SURENESS = 0.5;
/** Words read below this confidence are junk the engine made of something (a rule, a speck). */
const JUNK_CONFIDENCE = 0.3;
/** A piece with this many junk words among its words is re-read too, however sure the rest. */
const JUNK_WORDS = 2;
/** Fewest letters or digits a weak piece needs to be worth a reading (a speck is no line). */
const MIN_LETTERS = 3;
/** The re-read words replace the old ones only if the engine is at least this sure of them... */
const SURE_REREAD = 0.75;
/** ...and surer than of the old words by this much (a coin toss between two readings changes nothing). */
const BETTER_BY = 0.2;
/** Tallest region re-read, in typical word heights: taller is a picture or a table, not a torn line. */
const MAX_REGION_LINES = 3;
/** Margin around a region, in typical word heights, across and along the line. */
const PAD_ACROSS = 0.35;
const PAD_ALONG = 1;
/** Most regions re-read on one page: a page of weak scraps is a picture, and each reading costs time. */
const MAX_REGIONS = 12;

interface Region {
  box: OcrWord["box"];
  /** Indices into the result's words. */
  words: number[];
}

export async function rereadWeakPieces(image: PageImage, result: OcrResult, read: (crop: PageImage) => Promise<OcrResult>): Promise<OcrResult> {
  if (image.channels !== 1 || !result.words.length) return result;
  const indexed = result.words.map((w, i) => ({ ...w, index: i }));
  const typical = median(result.words.filter((w) => w.confidence >= WEAK_SURENESS && /\p{L}/u.test(w.text)).map((w) => w.box.h));
  if (!typical) return result;
  const pieces = linePieces(indexed);
  const regions = weakRegions(pieces, typical).slice(0, MAX_REGIONS);
  if (!regions.length) return result;
  const replaced = new Set<number>();
  const added: OcrWord[] = [];
  let line = maxOf(result.words.map((w) => w.line)) + 1;
  for (const region of regions) {
    if (region.words.some((i) => replaced.has(i))) continue;
    const old = region.words.map((i) => result.words[i]!);
    const crop = cropOf(image, region.box, PAD_ALONG * typical, PAD_ACROSS * typical);
    const found = await read(crop.image);
    const inside = found.words
      .map((w) => ({ ...w, box: { ...w.box, x: w.box.x + crop.x, y: w.box.y + crop.y }, baseline: w.baseline === null ? null : w.baseline + crop.y }))
      .filter((w) => centreInside(w.box, region.box));
    const now = sureness(inside);
    if (letters(inside) < MIN_LETTERS || now < SURE_REREAD) continue;
    if (now < sureness(old) + BETTER_BY && !cleaner(old, inside)) continue;
    for (const i of region.words) replaced.add(i);
    const block = old[0]!.block;
    const lineOf = new Map<number, number>();
    for (const w of inside) {
      if (!lineOf.has(w.line)) lineOf.set(w.line, line++);
      added.push({ ...w, line: lineOf.get(w.line)!, block });
    }
  }
  if (!replaced.size) return result;
  const words = [...result.words.filter((_, i) => !replaced.has(i)), ...added];
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { ...result, words, confidence };
}

/** Sure enough of a word that a re-reading must read it too. */
const SURE_WORD = 0.9;

/**
 * The re-reading drops junk the first one made and loses none of the words it was sure of: a row
 * read through the rule under it ("KKR Nordjylland røj € :") read again as the row alone.
 */
function cleaner(old: readonly OcrWord[], now: readonly OcrWord[]): boolean {
  const junk = (ws: readonly OcrWord[]) => ws.filter((w) => w.confidence < JUNK_CONFIDENCE).length;
  if (junk(now) >= junk(old)) return false;
  const read = new Set(now.map((w) => w.text));
  return old.every((w) => w.confidence < SURE_WORD || letters([w]) < 2 || read.has(w.text));
}

/**
 * Each weak piece with the pieces of other lines that stand where it stands (overlapping it along
 * the line, sharing most of its height): the line the engine tore apart, whole again.
 */
function weakRegions(pieces: readonly (OcrWord & { index: number })[][], typical: number): Region[] {
  const boxes = pieces.map(boxOf);
  const regions: Region[] = [];
  const weak = pieces
    .map((p, i) => ({ i, letters: letters(p), sure: sureness(p) }))
    .filter((p) => p.letters >= MIN_LETTERS && (p.sure < WEAK_SURENESS || pieces[p.i]!.filter((w) => w.confidence < JUNK_CONFIDENCE).length >= JUNK_WORDS))
    .sort((a, b) => b.letters - a.letters || a.i - b.i);
  for (const { i } of weak) {
    const members = new Set([i]);
    let box = boxes[i]!;
    for (let grown = true; grown; ) {
      grown = false;
      for (const [j, b] of boxes.entries()) {
        if (members.has(j) || !alongside(box, b, typical) || !sharesHeight(box, b)) continue;
        members.add(j);
        box = unionOf([box, b]);
        grown = true;
      }
    }
    if (box.h > MAX_REGION_LINES * typical) continue;
    regions.push({ box, words: [...members].flatMap((j) => pieces[j]!.map((w) => w.index)) });
  }
  return regions;
}

function alongside(a: OcrWord["box"], b: OcrWord["box"], typical: number): boolean {
  return a.x - typical < b.x + b.w && b.x < a.x + a.w + typical;
}


