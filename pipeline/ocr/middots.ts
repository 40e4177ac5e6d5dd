// Middle dots between words, judged by their ink. Letterheads and running footers set their parts
// apart with a middle dot ("Torvegade 4 · 4800 Nykøbing F", "Dagsorden · 12. marts 2019 · side 2"),
// and the engine reads that dot as a hyphen: on the OCR dev set's scans every one of 31 such dots
// came out "-" (or ":" or "+"), as plain tesseract reads them too. A hyphen costs one character,
// but it also breaks the footer into pieces, and the parts of a line that no longer match its
// truth as one block are charged again wherever the line moved to. The page image settles it: a
// hyphen's ink is a bar, wider than tall, resting at mid-height; a middle dot's is one small round
// blot at mid-height; a full stop's is a blot on the baseline.
import type { OcrResult, OcrWord, PageImage } from "./types.ts";
import { otsu } from "./histogram.ts";
import { pixelBox, sharesHeight } from "./regions.ts";
import { findShapes, type Shape } from "./shapes.ts";

type Box = OcrWord["box"];

/**
 * Most a middle dot's blot measures, as a share of the height of the words beside it: a middle
 * dot is about a stroke wide (0.10–0.16 of the word height on the dev set's scans at 150–300 dpi),
 * a bullet "•" a good third of it, and a bullet is not what this judges.
 */
const MAX_DOT_SHARE = 0.25;
/**
 * Most a round blot's long side may be over its short side, give or take a pixel: a middle dot at
 * 150 dpi is 2×1 or 2×2 px, where a hyphen beside it is 4×1 or wider.
 */
const MAX_ROUND = 1.6;
/** Least share of its box a blot fills: a filled disc covers π/4 of it, a ring or a cross less. */
const MIN_FILL = 0.5;
/** Ink shapes this small or smaller are specks of the scan, not print. */
const SPECK_PIXELS = 1;

/**
 * Marks read between two words on one line whose ink is one small round blot above the baseline
 * become "·".
 */
export function withMiddleDots(result: OcrResult, image: PageImage, ink = otsu(image)): OcrResult {
  if (image.channels !== 1) return result;
  let changed = false;
  const words = result.words.map((w) => {
    const text = w.text.trim();
    if ([...text].length !== 1 || /[\p{L}\p{N}·]/u.test(text)) return w;
    const { left, right } = neighbours(w, result.words);
    if (!left || !right) return w;
    const blot = loneBlot(image, between(left.box, right.box, w.box), ink);
    if (!blot || !isMiddleDot(blot, left.box, right.box, w.baseline)) return w;
    changed = true;
    return { ...w, text: "·" };
  });
  return changed ? { ...result, words } : result;
}

/**
 * The words just left and right of the mark on its line in the engine's reading, when both are
 * clear of it: the mark stands between two words, not at a line's start like a bullet.
 */
function neighbours(mark: OcrWord, words: readonly OcrWord[]): { left?: OcrWord; right?: OcrWord } {
  let left: OcrWord | undefined;
  let right: OcrWord | undefined;
  for (const o of words) {
    // The same line number and height: readings lent later reuse line numbers.
    if (o === mark || o.line !== mark.line || !sharesHeight(o.box, mark.box)) continue;
    if (o.box.x + o.box.w <= mark.box.x) {
      if (!left || o.box.x > left.box.x) left = o;
    } else if (o.box.x >= mark.box.x + mark.box.w) {
      if (!right || o.box.x < right.box.x) right = o;
    }
  }
  return { left, right };
}

/**
 * Where the mark's ink can be: across, the paper between the two words (the engine's box for a
 * lone mark may be padded to the line's height, or a little off); down, the line's band.
 */
function between(left: Box, right: Box, mark: Box): Box {
  const x = left.x + left.w + 1;
  const top = Math.min(left.y, right.y, mark.y);
  const bottom = Math.max(left.y + left.h, right.y + right.h);
  return { x, y: top, w: right.x - 1 - x, h: bottom - top };
}

/** The one ink shape in the box (specks aside), or null when there is none or more than one. */
function loneBlot(image: PageImage, box: Box, ink: number): Shape | null {
  const px = pixelBox(image, box);
  if (px.w < 1 || px.h < 1) return null;
  const shapes = findShapes(image, ink, px).filter((s) => s.area > SPECK_PIXELS);
  return shapes.length === 1 ? shapes[0]! : null;
}

/**
 * A small, round, filled blot clear of the baseline: at least its own height above it, where a
 * full stop sits on it. The baseline is the engine's for the line, or else the higher of the two
 * words' bottoms (a word's box reaches below it only by descenders).
 */
function isMiddleDot(blot: Shape, left: Box, right: Box, lineBaseline: number | null): boolean {
  const w = blot.x1 - blot.x0 + 1;
  const h = blot.y1 - blot.y0 + 1;
  const wordHeight = Math.max(left.h, right.h);
  if (Math.max(w, h) > MAX_DOT_SHARE * wordHeight) return false;
  if (Math.max(w, h) > MAX_ROUND * Math.min(w, h) + 1) return false;
  if (blot.area < MIN_FILL * w * h) return false;
  const baseline = lineBaseline ?? Math.min(left.y + left.h, right.y + right.h);
  const top = Math.max(left.y, right.y);
  return blot.y1 + h <= baseline && blot.y0 >= top;
}
