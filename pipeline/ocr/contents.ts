// The page numbers of a contents page, read after its dot leaders were taken out (leaders.ts).
// With the leaders erased, the numbers stand alone in a narrow column, one a line apart; the
// engine's layout then takes the column for one line running down the page and reads its "3"s
// turned, as "W"s (sofd-signaturcentral page 2 of the OCR dev set). Cut out and read as a block,
// the same column reads "3 3 3".
import type { Leader } from "./leaders.ts";
import { otsu } from "./histogram.ts";
import { centreInside, cropOf } from "./regions.ts";
import type { OcrResult, OcrWord, PageImage } from "./types.ts";

/**
 * How far right of a leader's last dot its page number may start, in x-heights: Word sets the
 * number a tab stop after the leader, LibreOffice and Chromium right against it.
 */
const TARGET_REACH = 3;
/** A page number's digits stand this close together (x-heights of paper between them at most). */
const TARGET_GAP = 0.8;
/** Fewest page numbers in a column worth a reading of their own: one is read with its line anyway. */
const MIN_TARGETS = 2;
/** Margin around the column cut out, in x-heights, along and across. */
const TARGET_PAD = 1;

/**
 * The page numbers the leaders lead to, each column of them cut out and read as a block. Returns
 * each column's box and its words, in `image`'s pixels, for the caller to put in place of what the
 * page's reading made of that box.
 */
export async function readLeaderTargets(
  image: PageImage,
  leaders: readonly Leader[],
  xHeight: number,
  read: (crop: PageImage) => Promise<OcrResult>,
): Promise<{ box: OcrWord["box"]; words: OcrWord[] }[]> {
  if (image.channels !== 1 || leaders.length < MIN_TARGETS) return [];
  const ink = otsu(image);
  const targets = leaders.map((l) => targetBox(image, l, xHeight, ink)).filter((b): b is OcrWord["box"] => b !== null);
  const columns: OcrWord["box"][][] = [];
  for (const t of targets.sort((a, b) => a.y - b.y)) {
    const column = columns.find((c) => c.some((o) => o.x < t.x + t.w && t.x < o.x + o.w));
    if (column) column.push(t);
    else columns.push([t]);
  }
  const out: { box: OcrWord["box"]; words: OcrWord[] }[] = [];
  for (const column of columns.filter((c) => c.length >= MIN_TARGETS)) {
    const x = Math.min(...column.map((b) => b.x));
    const y = Math.min(...column.map((b) => b.y));
    const box = { x, y, w: Math.max(...column.map((b) => b.x + b.w)) - x, h: Math.max(...column.map((b) => b.y + b.h)) - y };
    const crop = cropOf(image, box, TARGET_PAD * xHeight, TARGET_PAD * xHeight);
    const found = await read(crop.image);
    const words = found.words.map((w) => ({ ...w, box: { ...w.box, x: w.box.x + crop.x, y: w.box.y + crop.y }, baseline: w.baseline === null ? null : w.baseline + crop.y }));
    out.push({ box, words: words.filter((w) => centreInside(w.box, box)) });
  }
  return out;
}

/** The ink just right of a leader's last dot on its line, from its first stroke to a gap wider than a digit's spacing; null when there is none. */
function targetBox(image: PageImage, leader: Leader, xHeight: number, ink: number): OcrWord["box"] | null {
  const { box } = leader;
  const top = Math.max(0, Math.round(box.y1 - 2.2 * xHeight));
  const bottom = Math.min(image.height - 1, Math.round(box.y1 + 0.6 * xHeight));
  const right = Math.min(image.width - 1, Math.round(box.x1 + TARGET_REACH * xHeight));
  const inkIn = (x: number) => {
    for (let y = top; y <= bottom; y++) if (image.data[y * image.width + x]! <= ink) return true;
    return false;
  };
  let start = -1;
  let end = -1;
  for (let x = box.x1 + 2; x <= right || (start !== -1 && x < image.width); x++) {
    if (inkIn(x)) {
      if (start === -1) start = x;
      end = x;
    } else if (start !== -1 && x - end > TARGET_GAP * xHeight) break;
  }
  if (start === -1) return null;
  let y0 = bottom;
  let y1 = top;
  for (let y = top; y <= bottom; y++)
    for (let x = start; x <= end; x++)
      if (image.data[y * image.width + x]! <= ink) {
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return { x: start, y: y0, w: end - start + 1, h: y1 - y0 + 1 };
}
