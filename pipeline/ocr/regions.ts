// Regions of a page image and the words read in them, shared by the readings that cut part of a
// page out and read it again (reread.ts, uncovered.ts) or look at its ink (page.ts, bullets.ts):
// cutting a region out, whether a word lies in it, and how sure the engine is of a set of words.
import type { OcrWord, PageImage } from "./types.ts";
import { maxOf, minOf } from "../../src/lib/arrays.ts";

type Box = OcrWord["box"];

/**
 * The whole pixels of the image that the box covers, with `along` pixels more each side and
 * `across` above and below: words the page's later readings lent (a sideways strip turned back, a
 * crop read at its own scale) can have fractional boxes, and whatever counts rows and columns needs
 * whole ones. Empty (w or h 0) when nothing of the box is on the image.
 */
export function pixelBox(image: Pick<PageImage, "width" | "height">, box: Box, along = 0, across = 0): Box {
  const x = Math.max(0, Math.floor(box.x - along));
  const y = Math.max(0, Math.floor(box.y - across));
  const right = Math.min(image.width, Math.ceil(box.x + box.w + along));
  const bottom = Math.min(image.height, Math.ceil(box.y + box.h + across));
  return { x, y, w: Math.max(0, right - x), h: Math.max(0, bottom - y) };
}

/** The box cut out of a gray image with `along` pixels more each side and `across` above and below, clipped to the image. */
export function cropOf(image: PageImage, box: Box, along: number, across: number): { image: PageImage; x: number; y: number } {
  const { x, y, w: width, h: height } = pixelBox(image, box, along, across);
  const right = x + width;
  const data = Buffer.alloc(width * height);
  for (let row = 0; row < height; row++) image.data.copy(data, row * width, (y + row) * image.width + x, (y + row) * image.width + right);
  return { image: { ...image, width, height, data }, x, y };
}

/** Whether the middle of box `a` lies in box `b`. */
export function centreInside(a: Box, b: Box): boolean {
  const cx = a.x + a.w / 2;
  const cy = a.y + a.h / 2;
  return cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h;
}

/** Whether two boxes overlap by at least half the shorter one's height: they sit on one line. */
export function sharesHeight(a: Box, b: Box): boolean {
  return Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) >= 0.5 * Math.min(a.h, b.h);
}

/** The smallest box holding all the boxes (at least one). */
export function unionOf(boxes: readonly Box[]): Box {
  const x = minOf(boxes.map((b) => b.x));
  const y = minOf(boxes.map((b) => b.y));
  return { x, y, w: maxOf(boxes.map((b) => b.x + b.w)) - x, h: maxOf(boxes.map((b) => b.y + b.h)) - y };
}

/** The box of the words (at least one). */
export function boxOf(words: readonly OcrWord[]): Box {
  return unionOf(words.map((w) => w.box));
}

/** Indices of the words, by the engine's line number, each line in the words' order. */
export function wordsByLine(words: readonly OcrWord[]): Map<number, number[]> {
  const lines = new Map<number, number[]>();
  for (const [i, w] of words.entries()) {
    const line = lines.get(w.line);
    if (line) line.push(i);
    else lines.set(w.line, [i]);
  }
  return lines;
}

/** Whether two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Letters and digits in the words. */
export function letters(words: readonly OcrWord[]): number {
  return words.reduce((n, w) => n + (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
}

/** The engine's confidence per letter: a long word counts for more than a speck read as "i". */
export function sureness(words: readonly OcrWord[]): number {
  let sum = 0;
  let count = 0;
  for (const w of words) {
    const n = w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
    sum += n * w.confidence;
    count += n;
  }
  return count ? sum / count : 0;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
