// One page through OCR: turn it upright, prepare it, read it, and map every word back onto the
// page in page units (PDF points for PDF pages, pixels of the upright image for image files).
import type { OcrEngine } from "./engine.ts";
import { readDarkBands } from "./bands.ts";
import { englishAndDanish } from "../ingest/language.ts";
import { turnClockwise, uprightReading } from "./orientation.ts";
import { preprocess, toGray, type Prepared } from "./preprocess.ts";
import type { OcrResult, OcrWord, Orientation, PageImage } from "./types.ts";

export interface ReadPage {
  result: OcrResult;
  /** The result's words in page units. */
  words: OcrWord[];
  /**
   * The same words in page units as they lie on the straightened page: lines are level here, so
   * the layout finds them; `words` (the page as scanned) is what the record keeps.
   */
  levelWords: OcrWord[];
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
  let reading = await readTurned(image, engine, 0);
  let orientation: Orientation;
  const upright = uprightReading(reading.result.words);
  if (upright !== null) orientation = { degrees: 0, confidence: upright, method: "reading" };
  else {
    orientation = await engine.detectOrientation(image);
    // The scan was turned clockwise by `degrees`; turning it on to a full circle sets it upright.
    if (orientation.degrees !== 0) reading = await readTurned(image, engine, (360 - orientation.degrees) % 360);
  }
  // A page the prepared reading finds (nearly) nothing on is read once more as the engine reads it
  // by default, unprepared: whatever the preparation did wrong, the page is not concluded empty
  // while the engine itself finds text on it.
  if (letters(reading.result.words) < FEW_LETTERS) {
    const plain = await readPlain(reading.upright, engine);
    if (letters(plain.result.words) > letters(reading.result.words)) reading = plain;
  }
  const { upright: turned, prepared } = reading;
  // A page in English (a quotation, an English summary) is read again with every language: the
  // first reading, in Danish alone, gets its words but not all of them right.
  let languages = [engine.primaryLanguage];
  let first = reading.result;
  if (engine.settings.languages.length > 1 && looksEnglish(first.words)) {
    first = await engine.recognize(prepared.image, { verticalText: false, allLanguages: true });
    languages = engine.settings.languages;
  }
  // Light text on dark bands the reading missed (a footer bar) is read band by band.
  first = await readDarkBands(prepared.image, first, (band) => engine.recognize(band, { verticalText: false }));
  // Sideways text is re-read only now: on a page read the wrong way up, all of it runs sideways.
  const result = withBulletShapes(await engine.readVerticalText(prepared.image, first), prepared.image);
  // Page units per pixel of the upright image: points for a PDF page (72 per inch), else pixels.
  const unit = image.pageWidth !== null && image.dpi ? 72 / image.dpi : 1;
  const toPage = boxMapper(turned, prepared.image, prepared.scale, prepared.skewDeg, unit);
  const words = result.words.map((w) => ({
    ...w,
    box: toPage(w.box),
    baseline: w.baseline === null ? null : round(toPage({ x: w.box.x, y: w.baseline, w: 0, h: 0 }).y),
  }));
  const level = (b: OcrWord["box"]) => ({
    x: round((b.x / prepared.scale) * unit),
    y: round((b.y / prepared.scale) * unit),
    w: round((b.w / prepared.scale) * unit),
    h: round((b.h / prepared.scale) * unit),
  });
  const levelWords = result.words.map((w) => ({
    ...w,
    box: level(w.box),
    baseline: w.baseline === null ? null : round((w.baseline / prepared.scale) * unit),
  }));
  return {
    result,
    words,
    levelWords,
    orientation,
    languages,
    skewDeg: prepared.skewDeg,
    width: round(turned.width * unit),
    height: round(turned.height * unit),
  };
}

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
function isMisreadMark(w: OcrResult["words"][number], words: OcrResult["words"]): boolean {
  if ([...w.text].length > 3 || w.confidence >= 0.6) return false;
  const top = w.box.y;
  const bottom = w.box.y + w.box.h;
  // "Nothing to its left" within a few words' reach: a sidebar or a column further left is another line.
  const reach = 4 * w.box.h;
  return !words.some((o) => o !== w && o.box.x + o.box.w <= w.box.x && o.box.x + o.box.w > w.box.x - reach && o.box.y < bottom && o.box.y + o.box.h > top);
}

function withBulletShapes(result: OcrResult, image: PageImage): OcrResult {
  if (image.channels !== 1) return result;
  const heights = result.words.map((w) => w.box.h).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 0;
  let changed = false;
  const words = result.words.map((w) => {
    const t = w.text.trim();
    const { x, y, w: bw, h: bh } = w.box;
    // Letters misread from a bullet get a box a little larger than a mark's: the engine pads it.
    const most = isMark(t) ? 0.6 * typical : isMisreadMark(w, result.words) ? 0.75 * typical : 0;
    // Wider than tall is a dash, which the author typed as one.
    if (bw > most || bh > most || bw > 1.5 * bh || bh > 2 * bw || bw < 3 || bh < 3) return w;
    let ink = 0;
    for (let row = y; row < y + bh; row++) for (let col = x; col < x + bw; col++) if (image.data[row * image.width + col]! < 128) ink++;
    const fill = ink / (bw * bh);
    if (fill < 0.5) return w;
    changed = true;
    return { ...w, text: fill >= SQUARE_FILL ? "▪" : "•" };
  });
  return changed ? { ...result, words } : result;
}

/** Running English: at least five English function words, and more of them than Danish ones. */
function looksEnglish(words: readonly OcrWord[]): boolean {
  const { en, da } = englishAndDanish(words.map((w) => w.text));
  return en >= 5 && en > da;
}

/**
 * Below this many letters a reading is checked against the engine's own (a sparse cover page has
 * 40–80; a blank page or one of pictures has none, and costs one more reading).
 */
const FEW_LETTERS = 20;

function letters(words: readonly OcrWord[]): number {
  return words.reduce((n, w) => n + (w.text.match(/\p{L}/gu)?.length ?? 0), 0);
}

/** The upright page read as the engine reads an image by default: gray, unscaled, not straightened. */
async function readPlain(upright: PageImage, engine: OcrEngine): Promise<{ result: OcrResult; upright: PageImage; prepared: Prepared }> {
  const gray = await toGray(upright);
  const image: PageImage = { ...upright, ...gray, channels: 1 };
  return { result: await engine.recognize(image, { verticalText: false }), upright, prepared: { image, scale: 1, skewDeg: 0, xHeight: null } };
}

/** The page turned clockwise by `turn`, prepared and read. */
async function readTurned(image: PageImage, engine: OcrEngine, turn: number): Promise<{ result: OcrResult; upright: PageImage; prepared: Prepared }> {
  const upright = await turnClockwise(image, turn);
  const prepared = await preprocess(upright);
  return { result: await engine.recognize(prepared.image, { verticalText: false }), upright, prepared };
}

type Box = OcrWord["box"];

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
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x: round(x), y: round(y), w: round(Math.max(...xs) - x), h: round(Math.max(...ys) - y) };
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
