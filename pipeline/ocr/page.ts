// One page through OCR: turn it upright, prepare it, read it, and map every word back onto the
// page in page units (PDF points for PDF pages, pixels of the upright image for image files).
import type { OcrEngine } from "./engine.ts";
import { readDarkBands } from "./bands.ts";
import { centreInside, overlaps, sureness, wordsByLine } from "./regions.ts";
import { readLeaderTargets } from "./contents.ts";
import { rereadWeakPieces } from "./reread.ts";
import { readUncoveredInk } from "./uncovered.ts";
import { englishAndDanish } from "../ingest/language.ts";
import { turnClockwise, uprightReading } from "./orientation.ts";
import { withBulletShapes, withMissedBullets } from "./bullets.ts";
import { otsu } from "./histogram.ts";
import { withMiddleDots } from "./middots.ts";
import { withSurerLines } from "./surer.ts";
import { analyse, measure, preprocess, type PageAnalysis, type Prepared } from "./preprocess.ts";
import { findColumnRules, findRules } from "./rules.ts";
import { mayHoldTable, type ColumnRule, type Separator } from "../ingest/tables.ts";
import { withoutRules } from "./unrule.ts";
import type { Leader } from "./leaders.ts";
import { asLeader, wordsToLines } from "./words.ts";
import type { OcrResult, OcrWord, Orientation, PageImage, PlacedWords } from "./types.ts";
import { maxOf, minOf, pushAll } from "../../src/lib/arrays.ts";

/** One uniform block of text: a region cut out round a torn line may hold a line and a half. */
const PSM_BLOCK = "6";
/** The engine's page segmentation for a single line of text. */
const PSM_LINE = "7";

export interface ReadPage {
  result: OcrResult;
  /** The result's words in page units. */
  words: OcrWord[];
  /**
   * The same words in page units as they lie on the straightened page: lines are level here, so
   * the layout finds them; `words` (the page as scanned) is what the record keeps.
   */
  levelWords: OcrWord[];
  /** Ruling lines and shaded bands' edges in the page image, in the units of `levelWords`. */
  separators: Separator[];
  /** Vertical rules between columns in the page image, in the units of `levelWords`. */
  columnRules: ColumnRule[];
  orientation: Orientation;
  /** The traineddata the words were read with. */
  languages: string[];
  skewDeg: number;
  /** Upright page size in page units. */
  width: number;
  height: number;
}

export async function readPage(image: PageImage, engine: OcrEngine): Promise<ReadPage> {
  // Nearly every scan is upright, so the page is read as it is first, and asked which way up it
  // is only when that reading does not look like upright text: a page costs one reading, not an
  // orientation check and a reading.
  let plain = await readPlain(await turnClockwise(image, 0), engine);
  let orientation: Orientation;
  const upright = uprightReading(plain.result.words);
  if (upright !== null) orientation = { degrees: 0, confidence: upright, method: "reading" };
  else {
    orientation = await engine.detectOrientation(image);
    // The scan was turned clockwise by `degrees`; turning it on to a full circle sets it upright.
    if (orientation.degrees !== 0) plain = await readPlain(await turnClockwise(image, (360 - orientation.degrees) % 360), engine);
  }
  // Every page is read twice: as the engine reads an image by default (gray, at its own
  // resolution) and prepared (enlarged when its print is small, contrast stretched, straightened).
  // On the real-document development set the plain reading beat every preparation tried overall,
  // but each preparation rescued pages the plain reading lost (a slide scanned a degree askew, a
  // faint footer in small print, a page read as empty), and no property of the page foretold
  // which. So the reading the engine is surer of is kept; where the other one is clearly surer of a
  // line both read, its reading of that line is taken, and lines only the other one found are
  // added: a page is never concluded empty while either reading finds text on it.
  let reading: Reading = plain;
  let other = await readPrepared(plain.upright, plain.analysis, engine);
  // A third reading without the ruling lines, only where the plain reading saw rows of cells: the
  // search for rules costs about a fifth of a reading, and running text has no rows to lose.
  const unruled = mayHoldTable(wordsToLines(plain.result.words)) ? await readUnruled(other, plain.analysis, engine) : null;
  if (sureness(other.result.words) > sureness(reading.result.words)) [reading, other] = [other, reading];
  const { upright: turned, prepared } = reading;
  // A page in English (a quotation, an English summary) is read again with every language: the
  // first reading, in Danish alone, gets its words but not all of them right.
  let languages = [engine.primaryLanguage];
  let first = reading.result;
  if (engine.settings.languages.length > 1 && looksEnglish(first.words)) {
    first = await engine.recognize(prepared.image, { verticalText: false, allLanguages: true });
    languages = engine.settings.languages;
  }
  // Pieces of lines the engine read as junk where two columns stand side by side are read again
  // on their own (reread.ts).
  first = await rereadWeakPieces(prepared.image, first, (crop) => engine.recognize(crop, { verticalText: false, allLanguages: languages.length > 1, psm: PSM_BLOCK }));
  // Light text on dark bands the reading missed (a footer bar) is read band by band.
  first = await readDarkBands(prepared.image, first, (band) => engine.recognize(band, { verticalText: false }));
  // Sideways text is re-read only now: on a page read the wrong way up, all of it runs sideways.
  // Bullets by their ink: marks the engine read for them, then those it passed over (bullets.ts);
  // middle dots between words, which the engine reads as hyphens (middots.ts).
  const ink = otsu(prepared.image);
  const bulleted = withMissedBullets(withBulletShapes(await engine.readVerticalText(prepared.image, first), prepared.image, ink), prepared.image, ink);
  const result = withMiddleDots(bulleted, prepared.image, ink);
  // Page units per pixel of the upright image: points for a PDF page (72 per inch), else pixels.
  const unit = image.pageWidth !== null && image.dpi ? 72 / image.dpi : 1;
  let placed = place(reading, result.words, unit);
  // Line by line, the other reading where the engine is clearly surer of it (surer.ts), then the
  // lines only the other reading found.
  const second = place(other, other.result.words, unit);
  placed = withMissedLines(withSurerLines(placed, second), second, result.words);
  if (unruled) placed = withMissedLines(placed, place(unruled, unruled.result.words, unit), placed.words);
  // Print that no reading covered (faint lines the engine's layout passed over, a figure alone in
  // a table cell) is read block by block, last, so that it only fills what every reading left.
  const toPage = boxMapper(turned, prepared.image, prepared.scale, prepared.skewDeg, unit);
  const lent = await readUncoveredInk(
    prepared.image,
    result.words,
    (box) => {
      const b = toPage(box);
      return placed.words.some((w) => overlaps(w.box, b));
    },
    (crop, kind) => engine.recognize(crop, { verticalText: false, allLanguages: languages.length > 1, psm: kind === "line" ? PSM_LINE : PSM_BLOCK }),
  );
  if (lent.length) placed = withLines(placed, place(reading, lent, unit));
  // Dot leaders were erased before any reading (leaders.ts): each comes back as "…" on its entry's
  // line, and the page numbers they lead to are read again as a column (contents.ts).
  const { leaders, xHeight } = plain.analysis;
  if (leaders.length) {
    const columns = xHeight === null ? [] : await readLeaderTargets(plain.prepared.image, leaders, xHeight, (crop) => engine.recognize(crop, { verticalText: false, psm: PSM_BLOCK }));
    for (const column of columns) {
      if (!column.words.length || sureness(column.words) < SURE_TARGETS) continue;
      const box = boxMapper(plain.upright, plain.prepared.image, plain.prepared.scale, plain.prepared.skewDeg, unit)(column.box);
      placed = withReplaced(placed, box, place(plain, column.words, unit));
    }
    placed = onRows(placed, place(plain, leaders.map(leaderWord), unit));
  }
  return {
    result,
    words: placed.words.map(asLeader),
    levelWords: placed.levelWords.map(asLeader),
    ...separatorsOf(plain, reading, unit, placed.levelWords),
    orientation,
    languages,
    skewDeg: prepared.skewDeg || reading.levelSkewDeg,
    width: round(turned.width * unit),
    height: round(turned.height * unit),
  };
}


/** A reading's words (in its image's pixels) onto the page, as scanned and levelled. */
function place(reading: Reading, read: readonly OcrWord[], unit: number): PlacedWords {
  const { upright, prepared } = reading;
  const toPage = boxMapper(upright, prepared.image, prepared.scale, prepared.skewDeg, unit);
  const words = read.map((w) => ({
    ...w,
    box: toPage(w.box),
    baseline: w.baseline === null ? null : round(toPage({ x: w.box.x, y: w.baseline, w: 0, h: 0 }).y),
  }));
  // Levelled boxes: the prepared image is straight already; a plain one is levelled by turning
  // each word about the image's centre (its box keeps its size: a degree or two changes it by
  // well under a pixel's worth of a word's height).
  const turn = levelTurn(prepared.image, reading.levelSkewDeg);
  const toPageUnits = levelFrame(reading, unit);
  const toLevel = (x: number, y: number) => toPageUnits(...turn(x, y)).map(round) as [number, number];
  const levelWords = read.map((w) => {
    const [cx, cy] = toLevel(w.box.x + w.box.w / 2, w.box.y + w.box.h / 2);
    const width = round((w.box.w / prepared.scale) * unit);
    const height = round((w.box.h / prepared.scale) * unit);
    return {
      ...w,
      box: { x: round(cx - width / 2), y: round(cy - height / 2), w: width, h: height },
      baseline: w.baseline === null ? null : toLevel(w.box.x + w.box.w / 2, w.baseline)[1],
    };
  });
  return { words, levelWords };
}

/**
 * Below this mean confidence a line only the second reading found is not added: on a page's
 * pictures and rules the engine reads scraps at 0.2–0.5.
 */
const MISSED_LINE_CONFIDENCE = 0.6;
/** Fewest letters or digits a line only the second reading found must have to be added. */
const MISSED_LINE_LETTERS = 3;

/**
 * `kept` with the lines of `second` that lie where `kept` read nothing: no word of such a line
 * touches a word `kept` read. Their line and block numbers follow `kept`'s, so they stay lines
 * of their own.
 */
function withMissedLines(kept: PlacedWords, second: PlacedWords, keptRead: readonly OcrWord[]): PlacedWords {
  const lines = wordsByLine(second.words);
  const taken = kept.words.map((w) => w.box);
  const added: number[] = [];
  for (const indices of lines.values()) {
    const ws = indices.map((i) => second.words[i]!);
    if (ws.reduce((s, w) => s + w.confidence, 0) / ws.length < MISSED_LINE_CONFIDENCE) continue;
    // A mark alone ("|" read off a column rule, a dash) is no line of text, and one in a gutter
    // would join two columns for the layout.
    if (ws.reduce((n, w) => n + (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0) < MISSED_LINE_LETTERS) continue;
    if (ws.some((w) => taken.some((b) => overlaps(b, w.box)))) continue;
    pushAll(added, indices);
  }
  if (!added.length) return kept;
  const lineBase = maxOf([-1, ...keptRead.map((w) => w.line)]) + 1;
  const blockBase = maxOf([-1, ...keptRead.map((w) => w.block)]) + 1;
  const renumber = (w: OcrWord) => ({ ...w, line: lineBase + w.line, block: blockBase + w.block });
  return {
    words: [...kept.words, ...added.map((i) => renumber(second.words[i]!))],
    levelWords: [...kept.levelWords, ...added.map((i) => renumber(second.levelWords[i]!))],
  };
}

/** How sure a leader found by its dots' regularity is: surer than most words the engine reads. */
const LEADER_CONFIDENCE = 0.9;

/** A leader (inclusive pixel bounds in the plain reading's image) as the word "…". */
function leaderWord({ box }: Leader): OcrWord {
  return { text: "…", box: { x: box.x0, y: box.y0, w: box.x1 - box.x0 + 1, h: box.y1 - box.y0 + 1 }, confidence: LEADER_CONFIDENCE, line: -1, block: -1, baseline: box.y1 };
}

/** A column of page numbers read again replaces what the page's reading made of it only when the engine is this sure of it. */
const SURE_TARGETS = 0.6;

/** `kept` with the words whose middle lies in `box` (page units, as scanned) replaced by `by`, each on the line of its row. */
function withReplaced(kept: PlacedWords, box: Box, by: PlacedWords): PlacedWords {
  const keep = kept.words.map((w) => !centreInside(w.box, box));
  return onRows({ words: kept.words.filter((_, i) => keep[i]), levelWords: kept.levelWords.filter((_, i) => keep[i]) }, by);
}

/** A word's row reaches this many of its heights down from its top: a leader's dots sit on the baseline, blurred a little below it. */
const ROW_BAND = 1.25;

/**
 * `kept` with the words `added`, each on the line of the word nearest left of it whose line band
 * holds it (a leader's dots and a page number stand on their entry's baseline), else of the word
 * nearest right of it, else on a line of its own (a dotted line to write on).
 */
function onRows(kept: PlacedWords, added: PlacedWords): PlacedWords {
  const words = [...kept.words];
  const levelWords = [...kept.levelWords];
  let line = maxOf([-1, ...kept.words.map((w) => w.line)]) + 1;
  let block = maxOf([-1, ...kept.words.map((w) => w.block)]) + 1;
  for (const [i, word] of added.levelWords.entries()) {
    const cy = word.box.y + word.box.h / 2;
    const onRow = kept.levelWords.filter((w) => cy >= w.box.y && cy <= w.box.y + w.box.h * ROW_BAND);
    const before = onRow.filter((w) => w.box.x + w.box.w <= word.box.x + w.box.h / 2).sort((a, b) => b.box.x + b.box.w - (a.box.x + a.box.w))[0];
    const after = onRow.filter((w) => w.box.x >= word.box.x + word.box.w - w.box.h / 2).sort((a, b) => a.box.x - b.box.x)[0];
    const of = before ?? after;
    const at = of ? { line: of.line, block: of.block } : { line: line++, block: block++ };
    words.push({ ...added.words[i]!, ...at });
    levelWords.push({ ...word, ...at });
  }
  return { words, levelWords };
}

/** `kept` with every word of `lent`, its lines and blocks numbered after `kept`'s. */
function withLines(kept: PlacedWords, lent: PlacedWords): PlacedWords {
  const line = maxOf([-1, ...kept.words.map((w) => w.line)]) + 1 - minOf(lent.words.map((w) => w.line));
  const block = maxOf([-1, ...kept.words.map((w) => w.block)]) + 1 - minOf(lent.words.map((w) => w.block));
  const renumber = (w: OcrWord) => ({ ...w, line: w.line + line, block: w.block + block });
  return { words: [...kept.words, ...lent.words.map(renumber)], levelWords: [...kept.levelWords, ...lent.levelWords.map(renumber)] };
}

/** Running English: at least five English function words, and more of them than Danish ones. */
function looksEnglish(words: readonly OcrWord[]): boolean {
  const { en, da } = englishAndDanish(words.map((w) => w.text));
  return en >= 5 && en > da;
}

interface Reading {
  result: OcrResult;
  upright: PageImage;
  prepared: Prepared;
  /** Clockwise degrees that level the words of an image read as it was, not straightened; else 0. */
  levelSkewDeg: number;
}

/**
 * The upright page read as the engine reads an image by default: gray, unscaled, not straightened.
 * Only its resolution is told when the file does not say (the engine's own guess from the text
 * size merges columns on slides), estimated as preprocess does. Its skew is measured all the
 * same: the words' boxes are levelled by it for the layout (levelSkewDeg), so a table's row still
 * lies on one baseline across a page scanned a degree askew.
 */
async function readPlain(upright: PageImage, engine: OcrEngine): Promise<Reading & { analysis: PageAnalysis }> {
  const analysis = await analyse(upright);
  const measured = measure(upright, analysis);
  const image: PageImage = { ...upright, ...analysis.gray, channels: 1, dpi: measured.dpi };
  return {
    result: await engine.recognize(image, { verticalText: false }),
    upright,
    prepared: { image, scale: 1, skewDeg: 0, xHeight: measured.xHeight },
    levelSkewDeg: measured.skewDeg,
    analysis,
  };
}

/** The upright page prepared (scaled, stretched, straightened) and read. */
async function readPrepared(upright: PageImage, analysis: PageAnalysis, engine: OcrEngine): Promise<Reading> {
  const prepared = await preprocess(upright, {}, analysis);
  return { result: await engine.recognize(prepared.image, { verticalText: false }), upright, prepared, levelSkewDeg: 0 };
}

/**
 * The prepared page read once more without its ruling lines (unrule.ts), or null when it has none
 * to take out. The engine drops rows of text that sit between two rules; this reading finds them.
 * It only lends lines the other readings missed: on the development set, reading whole tables
 * without their rules cost as many rows elsewhere (merged, split) as it won.
 */
async function readUnruled(prepared: Reading, analysis: PageAnalysis, engine: OcrEngine): Promise<Reading | null> {
  if (analysis.xHeight === null) return null;
  const { image, scale } = prepared.prepared;
  const unruled = withoutRules({ width: image.width, height: image.height, data: image.data }, analysis.xHeight * scale);
  if (unruled.data === image.data) return null;
  const unruledImage = { ...image, data: unruled.data };
  return { ...prepared, result: await engine.recognize(unruledImage, { verticalText: false }), prepared: { ...prepared.prepared, image: unruledImage } };
}

type Box = OcrWord["box"];

/** The page's rules and band edges (found on the plain reading's gray image) where the kept reading's levelled words lie. */
function separatorsOf(plain: Reading & { analysis: PageAnalysis }, kept: Reading, unit: number, levelWords: readonly OcrWord[]): { separators: Separator[]; columnRules: ColumnRule[] } {
  const { gray, xHeight } = plain.analysis;
  // The rules matter only to a table, and looking costs a second or so a page at 300 dpi.
  if (xHeight === null || !mayHoldTable(wordsToLines(levelWords))) return { separators: [], columnRules: [] };
  const toLevel = levelMapper(kept, unit);
  const separators = findRules(gray, plain.levelSkewDeg, xHeight).map((r) => {
    const [ax, ay] = toLevel(r.x1, r.y1);
    const [bx, by] = toLevel(r.x2, r.y2);
    return { x1: round(Math.min(ax, bx)), x2: round(Math.max(ax, bx)), y: round((ay + by) / 2), kind: r.kind };
  });
  const columnRules = findColumnRules(gray, plain.levelSkewDeg, xHeight).map((r) => {
    const [ax, ay] = toLevel(r.x1, r.y1);
    const [bx, by] = toLevel(r.x2, r.y2);
    return { x: round((ax + bx) / 2), y1: round(Math.min(ay, by)), y2: round(Math.max(ay, by)) };
  });
  return { separators, columnRules };
}

/**
 * A point of the upright image to where the reading's levelled words are: scaled and turned as the
 * prepared image was (about its centre, onto the grown canvas), levelled as a plain reading's
 * words are, then into the level frame (levelFrame).
 */
function levelMapper(reading: Reading, unit: number): (x: number, y: number) => [number, number] {
  const { upright, prepared, levelSkewDeg } = reading;
  const theta = (prepared.skewDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const ucx = (upright.width * prepared.scale) / 2;
  const ucy = (upright.height * prepared.scale) / 2;
  const pcx = prepared.image.width / 2;
  const pcy = prepared.image.height / 2;
  const turn = levelTurn(prepared.image, levelSkewDeg);
  const toPageUnits = levelFrame(reading, unit);
  return (x, y) => {
    const dx = x * prepared.scale - ucx;
    const dy = y * prepared.scale - ucy;
    return toPageUnits(...turn(cos * dx - sin * dy + pcx, sin * dx + cos * dy + pcy));
  };
}

/**
 * A levelled point of the reading's image into the level frame every reading of the page shares:
 * the page turned straight about its centre, in page units. A straightened image was turned onto a
 * canvas grown to fit, so its centre, not its corner, is where the upright page's centre is; taken
 * from the corner, the lines one reading lends another landed a few points off its rows (a
 * table's cells split from their row on a page 0.4° askew).
 */
function levelFrame(reading: Reading, unit: number): (x: number, y: number) => [number, number] {
  const { upright, prepared } = reading;
  const pcx = prepared.image.width / 2;
  const pcy = prepared.image.height / 2;
  return (x, y) => [((x - pcx) / prepared.scale + upright.width / 2) * unit, ((y - pcy) / prepared.scale + upright.height / 2) * unit];
}

/** Turns points of `image` clockwise by `deg` about its centre (sharp's rotate, without the canvas growing). */
function levelTurn(image: PageImage, deg: number): (x: number, y: number) => [number, number] {
  if (deg === 0) return (x, y) => [x, y];
  const theta = (deg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = image.width / 2;
  const cy = image.height / 2;
  return (x, y) => [cx + cos * (x - cx) - sin * (y - cy), cy + sin * (x - cx) + cos * (y - cy)];
}

/**
 * Maps a box on the prepared image back onto the page. The prepared image is the upright image
 * scaled by `scale` and turned by `skewDeg` about its centre (onto a canvas grown to fit), so the
 * way back is: undo the turn about the prepared image's centre, move to the scaled upright image's
 * centre, undo the scale, then convert pixels to page units.
 */
function boxMapper(upright: PageImage, prepared: PageImage, scale: number, skewDeg: number, unit: number): (b: Box) => Box {
  const theta = (-skewDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const pcx = prepared.width / 2;
  const pcy = prepared.height / 2;
  const ucx = (upright.width * scale) / 2;
  const ucy = (upright.height * scale) / 2;
  const point = (x: number, y: number): [number, number] => {
    const dx = x - pcx;
    const dy = y - pcy;
    return [((cos * dx - sin * dy + ucx) / scale) * unit, ((sin * dx + cos * dy + ucy) / scale) * unit];
  };
  return (b) => {
    const corners = [point(b.x, b.y), point(b.x + b.w, b.y), point(b.x, b.y + b.h), point(b.x + b.w, b.y + b.h)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const x = minOf(xs);
    const y = minOf(ys);
    return { x: round(x), y: round(y), w: round(maxOf(xs) - x), h: round(maxOf(ys) - y) };
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
