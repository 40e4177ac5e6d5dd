// Light text on dark bands, read where the page's reading missed it: each band (inverse.ts) that
// the reading left without a word is cut out, turned dark on light (a box large enough loses its
// rim, which would frame the word), enlarged to a readable size and read with the page's own layout
// analysis (one uniform block, PSM 6, read nothing: the band's frame fills the block); its words
// join the page's in page pixels.
import sharp from "sharp";
import { findDarkBands, invertBand, type DarkBand } from "./inverse.ts";
import { otsu } from "./histogram.ts";
import { letterHeights } from "./preprocess.ts";
import { findShapes } from "./shapes.ts";
import type { Gray } from "./types.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";
import { maxOf } from "../../src/lib/arrays.ts";

/**
 * Height (px) a band's letter shapes are enlarged to. Small type on a band blurs into one shape per
 * word, so the shapes measure the line's full height (ascenders to descenders), about twice the
 * x-height: 32 px puts the x-height near the page body's 20 px target (preprocess.ts).
 */
const BAND_SHAPE_HEIGHT = 32;
/** Never enlarge a band more than this: a scan's blur only grows. */
const MAX_BAND_SCALE = 4;
/** A word the reading is this sure of, with two or more letters, means the band was read. */
const READ_CONFIDENCE = 0.5;

/**
 * Cells a box must span each way for its rim to be cut off before reading: a box's outline turns
 * into a frame around the word, and the engine read nothing inside a frame (the labels of a
 * diagram's boxes). A footer bar's text, or a header band's, fills its band more tightly and keeps
 * its rim.
 */
const RIMMED_BOX_CELLS = 6;
/** Cells cut off each side of such a box: the one the crop reaches beyond the band, and the band's own edge. */
const RIM_CELLS = 2;

/** The inverted band without its rim where it is a box large enough to lose one, and where it now starts. */
function withoutRim(crop: Gray, band: DarkBand): { crop: Gray; dx: number; dy: number } {
  const rim = RIM_CELLS * band.cell;
  if (crop.width < (RIMMED_BOX_CELLS + 2) * band.cell || crop.height < (RIMMED_BOX_CELLS + 2) * band.cell) return { crop, dx: 0, dy: 0 };
  const width = crop.width - 2 * rim;
  const height = crop.height - 2 * rim;
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) crop.data.copy(data, y * width, (y + rim) * crop.width + rim, (y + rim) * crop.width + rim + width);
  return { crop: { width, height, data }, dx: rim, dy: rim };
}

export async function readDarkBands(image: PageImage, result: OcrResult, read: (band: PageImage) => Promise<OcrResult>): Promise<OcrResult> {
  if (image.channels !== 1) return result;
  const gray = { width: image.width, height: image.height, data: image.data };
  const bands = findDarkBands(gray, otsu(gray));
  if (!bands.length) return result;
  let words = result.words;
  let line = maxOf([-1, ...words.map((w) => w.line)]) + 1;
  let block = maxOf([-1, ...words.map((w) => w.block)]) + 1;
  const texts: string[] = [];
  for (const band of bands) {
    const inside = (w: OcrWord) => {
      const cx = w.box.x + w.box.w / 2;
      const cy = w.box.y + w.box.h / 2;
      return cx >= band.x && cx <= band.x + band.w && cy >= band.y && cy <= band.y + band.h;
    };
    if (words.some((w) => inside(w) && w.confidence >= READ_CONFIDENCE && /\p{L}{2}/u.test(w.text))) continue;
    const { crop, dx, dy } = withoutRim(invertBand(gray, band), band);
    const heights = letterHeights(findShapes(crop));
    const typical = heights[Math.floor(heights.length / 2)];
    const scale = typical ? Math.min(MAX_BAND_SCALE, Math.max(1, BAND_SHAPE_HEIGHT / typical)) : 1;
    const width = Math.round(crop.width * scale);
    const height = Math.round(crop.height * scale);
    const data = scale === 1 ? crop.data : await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 1 } }).resize(width, height, { kernel: "lanczos3", fit: "fill" }).toColourspace("b-w").raw().toBuffer();
    const found = await read({ ...image, width, height, channels: 1, data, dpi: image.dpi === null ? null : image.dpi * scale });
    if (!found.words.length) continue;
    const lineOf = new Map<number, number>();
    const placed = found.words.map((w) => {
      if (!lineOf.has(w.line)) lineOf.set(w.line, line + lineOf.size);
      const at = (v: number) => Math.round((v / scale) * 10) / 10;
      return {
        ...w,
        box: { x: band.x + dx + at(w.box.x), y: band.y + dy + at(w.box.y), w: at(w.box.w), h: at(w.box.h) },
        baseline: w.baseline === null ? null : band.y + dy + at(w.baseline),
        line: lineOf.get(w.line)!,
        block,
      };
    });
    line += lineOf.size;
    block++;
    words = words.concat(placed);
    texts.push(found.text.trim());
  }
  if (!texts.length) return result;
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { words, confidence, text: `${result.text.trimEnd()}\n\n${texts.join("\n\n")}\n` };
}
