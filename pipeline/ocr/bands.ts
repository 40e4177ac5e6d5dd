// Light text on dark bands, read where the page's reading missed it: each band (inverse.ts) that
// the reading left without a word is cut out, turned dark on light, enlarged to a readable size and
// read with the page's own layout analysis (one uniform block, PSM 6, read nothing: the band's
// frame fills the block); its words join the page's in page pixels.
import sharp from "sharp";
import { findDarkBands, invertBand } from "./inverse.ts";
import { findShapes, letterHeights, otsu } from "./preprocess.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";

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

export async function readDarkBands(image: PageImage, result: OcrResult, read: (band: PageImage) => Promise<OcrResult>): Promise<OcrResult> {
  if (image.channels !== 1) return result;
  const gray = { width: image.width, height: image.height, data: image.data };
  const bands = findDarkBands(gray, otsu(gray));
  if (!bands.length) return result;
  let words = result.words;
  let line = Math.max(-1, ...words.map((w) => w.line)) + 1;
  let block = Math.max(-1, ...words.map((w) => w.block)) + 1;
  const texts: string[] = [];
  for (const band of bands) {
    const inside = (w: OcrWord) => {
      const cx = w.box.x + w.box.w / 2;
      const cy = w.box.y + w.box.h / 2;
      return cx >= band.x && cx <= band.x + band.w && cy >= band.y && cy <= band.y + band.h;
    };
    if (words.some((w) => inside(w) && w.confidence >= READ_CONFIDENCE && /\p{L}{2}/u.test(w.text))) continue;
    const crop = invertBand(gray, band);
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
        box: { x: band.x + at(w.box.x), y: band.y + at(w.box.y), w: at(w.box.w), h: at(w.box.h) },
        baseline: w.baseline === null ? null : band.y + at(w.baseline),
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
