// Which way up is the page, and which text runs up or down it. Orientation asks tesseract's OSD
// first (cheap: a fraction of a second on a downscaled page); when OSD has too little text to go
// on or is unsure, the page is read turned all four ways and the turn that reads best wins.
import sharp from "sharp";
import type Tesseract from "tesseract.js";
import { estimateXHeight, toGray } from "./preprocess.ts";
import { findShapes } from "./shapes.ts";
import { unionOf } from "./regions.ts";
import type { Gray, OcrResult, OcrWord, Orientation, PageImage } from "./types.ts";
import { maxOf, pushAll } from "../../src/lib/arrays.ts";

/** What orientation detection needs from the engine. */
export interface OrientationReader {
  /** tesseract's OSD on an encoded image (PNM/PNG). */
  osd(image: Buffer): Promise<Tesseract.DetectData>;
  /** Recognition with a page segmentation mode of the caller's choosing. */
  recognize(image: PageImage, psm: string): Promise<OcrResult>;
}

type Degrees = Orientation["degrees"];
const TURNS: readonly Degrees[] = [0, 90, 180, 270];

/** OSD reads letter shapes best at about this x-height (px); larger only costs time. */
const OSD_XHEIGHT = 16;
const OSD_MAX_SIDE = 2000;
/**
 * Below this OSD confidence the answer is checked by reading. Correct answers on the corpus
 * slides and test pages measure 4–11; starved ones (too few letters, letters too small) stay
 * under 1, or OSD gives up.
 */
const OSD_MIN_CONFIDENCE = 3;
/** The reading check needs readable text, nothing more: small images read fast. */
const READ_XHEIGHT = 16;
const READ_MAX_SIDE = 1200;
/**
 * One uniform block: with layout analysis (PSM 3) tesseract finds text running down the page by
 * itself and reads it, so a page turned 90° would read as well as the upright one.
 */
const READ_PSM = "6";
/** How much better than upright a turned reading must score to turn the page: near ties stay. */
const UPRIGHT_PRIOR = 1.25;

export async function detectOrientation(image: PageImage, read: OrientationReader): Promise<Orientation> {
  const gray = await toGray(image);
  const xHeight = estimateXHeight(findShapes(gray));
  // Without OSD (its worker failed to start) the reading check still works, only slower.
  const osd = await read.osd(toPgm(await resized(gray, sizeFor(gray, xHeight, OSD_XHEIGHT, OSD_MAX_SIDE)))).catch(() => null);
  if (osd?.orientation_degrees != null && (osd.orientation_confidence ?? 0) >= OSD_MIN_CONFIDENCE) {
    // OSD names the clockwise turn that makes the page upright; the scan was turned the other way.
    // Its confidence is open-ended (clear pages measure 4–11): 10 and above count as certain.
    return {
      degrees: ((360 - osd.orientation_degrees) % 360) as Degrees,
      confidence: Math.min(1, (osd.orientation_confidence ?? 0) / 10),
      method: "osd",
    };
  }
  return byReading(await resized(gray, sizeFor(gray, xHeight, READ_XHEIGHT, READ_MAX_SIDE)), image, read);
}

/**
 * Reads the page turned back by each candidate (in parallel, as workers free up) and keeps the
 * turn with the most word-like text. Upright is the rule: a turn must read clearly better than
 * the page as it is.
 */
async function byReading(gray: Gray, image: PageImage, read: OrientationReader): Promise<Orientation> {
  const scores = await Promise.all(
    TURNS.map(async (degrees) => {
      const upright = await turnClockwise(grayImage(gray, image), (360 - degrees) % 360);
      return wordScore((await read.recognize(upright, READ_PSM)).words);
    }),
  );
  const asIs = scores[0]!;
  let best = 0;
  for (let i = 1; i < TURNS.length; i++) if (scores[i]! > scores[best]! && scores[i]! >= UPRIGHT_PRIOR * asIs) best = i;
  const runnerUp = maxOf(scores.filter((_, i) => i !== best));
  const top = scores[best]!;
  if (top <= 0) return { degrees: 0, confidence: 0, method: "confidence" };
  return { degrees: TURNS[best]!, confidence: round3(Math.max(0, top - runnerUp) / top), method: "confidence" };
}

/** An upright reading: enough confident word-like letters, most of them in such words, read across the page. */
const UPRIGHT_READING = { minLetters: 40, minShare: 0.5, minLevel: 0.9, minLongWords: 5 };

/**
 * Whether a reading of the page as it is shows upright text; its share of word-like letters
 * (0..1, the orientation's confidence) when it does, else null. Upside down, tesseract reads
 * scraps (under a sixth of the letters in word-like words on the corpus and test pages; upright
 * pages measure 0.8–0.97). Sideways, it can read the text well as vertical lines (PSM 3 finds
 * them), but then the words' boxes stand tall: upright, nearly all words of 4+ characters are
 * wider than tall. Pages with too little text to tell are left to OSD.
 */
export function uprightReading(words: readonly OcrWord[]): number | null {
  const { letters, share } = wordLikeLetters(words);
  let long = 0;
  let level = 0;
  for (const w of words) {
    if (w.text.length < 4) continue;
    long++;
    if (w.box.w > w.box.h) level++;
  }
  const u = UPRIGHT_READING;
  if (letters < u.minLetters || share < u.minShare || long < u.minLongWords || level < u.minLevel * long) return null;
  return round3(share);
}

/** Letters in confidently read word-like words (lower, Capitalised or ALL CAPS, 3+ letters), and their share of all characters read. */
function wordLikeLetters(words: readonly OcrWord[]): { letters: number; share: number } {
  let chars = 0;
  let letters = 0;
  for (const w of words) {
    chars += w.text.length;
    if (w.confidence < 0.7) continue;
    for (const part of w.text.split(/[\p{P}\p{S}\p{N}]+/u)) if (/^(\p{Lu}?\p{Ll}{2,}|\p{Lu}{3,})$/u.test(part)) letters += part.length;
  }
  return { letters, share: letters / Math.max(1, chars) };
}

/**
 * Confidence-weighted letters in word-like words: letters only, at least 3 of them, cased as
 * words are (lower, Capitalised or ALL CAPS). Text read upside down or sideways comes out as
 * short scraps, digits and punctuation at low confidence, so it scores near zero. Guards against
 * what is not text: a row of icons turned sideways reads as "Be Be Be", so a word counts at most
 * twice; and ALL CAPS counts a quarter, since running text is mostly lower case while a slide's
 * sideways sidebar or logo is in capitals and must not outvote the slide's own text.
 */
export function wordScore(words: readonly OcrWord[]): number {
  const seen = new Map<string, number>();
  let score = 0;
  for (const w of words) {
    if (w.confidence < 0.5) continue;
    // "Tesseract.js", "KKR-formandskabet": each part separated by punctuation is judged alone.
    for (const part of w.text.split(/[\p{P}\p{S}]+/u)) {
      const weight = /^\p{Lu}?\p{Ll}{2,}$/u.test(part) ? 1 : /^\p{Lu}{3,}$/u.test(part) ? 0.25 : 0;
      const times = (seen.get(part.toLowerCase()) ?? 0) + 1;
      seen.set(part.toLowerCase(), times);
      if (weight && times <= 2) score += weight * w.confidence * part.length;
    }
  }
  return score;
}

/** The image turned clockwise by a multiple of 90°. */
export async function turnClockwise(image: PageImage, degrees: number): Promise<PageImage> {
  if (degrees % 360 === 0) return image;
  const turned = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }).rotate(degrees);
  return { ...image, ...(await rawOut(turned, image.channels)) };
}

/**
 * Raw pixels with as many bands as went in: sharp turns one-band input into sRGB on output
 * unless told otherwise.
 */
async function rawOut(pipeline: sharp.Sharp, channels: PageImage["channels"]): Promise<Pick<PageImage, "data" | "width" | "height" | "channels">> {
  const { data, info } = await (channels === 1 ? pipeline.toColourspace("b-w") : pipeline).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as PageImage["channels"] };
}

function sizeFor(gray: Gray, xHeight: number | null, target: number, maxSide: number): number {
  const scale = xHeight === null ? 1 : target / xHeight;
  return Math.min(scale, 2, maxSide / Math.max(gray.width, gray.height));
}

async function resized(gray: Gray, scale: number): Promise<Gray> {
  if (Math.abs(scale - 1) < 0.05) return gray;
  const pipeline = sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } }).resize(
    Math.max(1, Math.round(gray.width * scale)),
    Math.max(1, Math.round(gray.height * scale)),
    { fit: "fill" },
  );
  const { data, width, height } = await rawOut(pipeline, 1);
  return { width, height, data };
}

function toPgm(gray: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${gray.width} ${gray.height}\n255\n`, "latin1"), gray.data]);
}

function grayImage(gray: Gray, like: PageImage): PageImage {
  return { ...like, ...gray, channels: 1, dpi: null };
}

// ---------------------------------------------------------------------------------------------
// Vertical text: a sidebar printed up or down the page.

interface Strip {
  box: OcrWord["box"];
  words: OcrWord[];
}

/**
 * Tesseract mostly reads a line of text that runs up or down the page as a column of one-letter
 * "lines", sometimes as one line read the wrong way round. Each such strip (findVerticalStrips)
 * is cut out, read turned both ways, and replaced by the better reading if it is better than
 * what was there. The new words get a block and lines of their own; their boxes are tall and
 * narrow (on the image given), their baselines null.
 */
export async function readVerticalStrips(
  image: PageImage,
  result: OcrResult,
  read: (strip: PageImage) => Promise<OcrResult>,
): Promise<OcrResult> {
  const strips = findVerticalStrips(result.words);
  if (!strips.length) return result;
  let words = result.words;
  let line = maxOf(words.map((w) => w.line)) + 1;
  let block = maxOf(words.map((w) => w.block)) + 1;
  const texts: string[] = [];
  for (const strip of strips) {
    const found = await readStrip(image, strip, read);
    if (!found) continue;
    const lineOf = new Map<number, number>();
    const placed = found.words.map((w) => {
      if (!lineOf.has(w.line)) lineOf.set(w.line, line + lineOf.size);
      return { ...w, line: lineOf.get(w.line)!, block };
    });
    line += lineOf.size;
    block++;
    words = words.filter((w) => !strip.words.includes(w)).concat(placed);
    texts.push(found.text.trim());
  }
  if (!texts.length) return result;
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { words, confidence, text: `${result.text.trimEnd()}\n\n${texts.join("\n\n")}\n` };
}

/**
 * Text running up or down the page, found by geometry whatever blocks tesseract put it in:
 * a line tesseract itself read as vertical (4× taller than wide; it may have read it the wrong
 * way round), or a column of letter scraps: lines of at most 4 characters, about as wide as
 * tall, stacked with overlapping x-ranges, at least 4 of them, the column 4× taller than wide.
 */
export function findVerticalStrips(words: readonly OcrWord[]): Strip[] {
  const byLine = new Map<number, OcrWord[]>();
  for (const w of words) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
  const lines = [...byLine.values()].map((line) => ({
    words: line,
    box: unionOf(line.map((w) => w.box)),
    chars: line.reduce((n, w) => n + w.text.length, 0),
  }));
  const isSideways = (l: (typeof lines)[number]) => l.chars >= 3 && l.box.h >= 4 * l.box.w;
  const sideways = lines.filter(isSideways).map(({ box, words }) => ({ box, words }));
  const scraps = lines
    .filter((l) => !isSideways(l) && l.chars <= 4 && l.box.w <= 3 * l.box.h)
    .sort((a, b) => a.box.y - b.box.y);
  const columns: { box: OcrWord["box"]; words: OcrWord[]; lines: number }[] = [];
  for (const scrap of scraps) {
    const column = columns.find((c) => overlapX(c.box, scrap.box) >= 0.5 * Math.min(c.box.w, scrap.box.w));
    if (!column) columns.push({ box: scrap.box, words: [...scrap.words], lines: 1 });
    else {
      column.box = unionOf([column.box, scrap.box]);
      pushAll(column.words, scrap.words);
      column.lines++;
    }
  }
  const columnStrips = columns.filter((c) => c.lines >= 4 && c.box.h >= 4 * c.box.w).map(({ box, words }) => ({ box, words }));
  return [...sideways, ...columnStrips];
}

function overlapX(a: OcrWord["box"], b: OcrWord["box"]): number {
  return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
}

async function readStrip(image: PageImage, strip: Strip, read: (strip: PageImage) => Promise<OcrResult>): Promise<OcrResult | null> {
  const pad = Math.round(0.6 * strip.box.w);
  const x = Math.max(0, strip.box.x - pad);
  const y = Math.max(0, strip.box.y - pad);
  const crop = {
    left: x,
    top: y,
    width: Math.min(image.width, strip.box.x + strip.box.w + pad) - x,
    height: Math.min(image.height, strip.box.y + strip.box.h + pad) - y,
  };
  const raw = { width: image.width, height: image.height, channels: image.channels };
  // Capitals read upside down still look like capitals (S O I D N), often confidently: the turn
  // is chosen by word-likeness, not by confidence alone.
  let best: { result: OcrResult; turn: 90 | 270; score: number } | null = null;
  for (const turn of [90, 270] as const) {
    const result = await read({ ...image, ...(await rawOut(sharp(image.data, { raw }).extract(crop).rotate(turn), image.channels)) });
    const score = wordScore(result.words);
    if (score > (best?.score ?? 0)) best = { result, turn, score };
    // A clean, confident reading the first way round needs no second reading.
    if (result.confidence >= 0.85 && wordLikeLetters(result.words).share >= 0.8) break;
  }
  if (!best || best.result.confidence < 0.7) return null;
  // Better than what was there: more confident than the scraps, or more word-like than a line
  // tesseract read the wrong way round (confidently, as capitals allow).
  const before = strip.words.reduce((s, w) => s + w.confidence, 0) / strip.words.length;
  if (best.result.confidence <= before && best.score <= wordScore(strip.words)) return null;
  const { turn, result } = best;
  const words = result.words.map((w) => ({ ...w, box: unturn(w.box, turn, crop), baseline: null }));
  return { ...result, words };
}

/** A box on the crop turned clockwise by `turn`, back on the page. */
function unturn(b: OcrWord["box"], turn: 90 | 270, crop: { left: number; top: number; width: number; height: number }): OcrWord["box"] {
  const onCrop =
    turn === 90
      ? { x: b.y, y: crop.height - b.x - b.w, w: b.h, h: b.w }
      : { x: crop.width - b.y - b.h, y: b.x, w: b.h, h: b.w };
  return { ...onCrop, x: onCrop.x + crop.left, y: onCrop.y + crop.top };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
