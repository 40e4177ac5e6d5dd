// Running page furniture: text that recurs at the same place on most pages of a document (a slide
// template's footer and logo, a printed page's header, page numbers) is the template, not the
// content. It is moved from the body to the page's `furniture`, never deleted.
import { blocksToText } from "../ingest/types.ts";
import type { Block, Page } from "../../src/model/document.ts";
import { minOf } from "../../src/lib/arrays.ts";

/** A text must recur on at least this share of the pages (and on 3 pages or more) to be furniture. */
const MIN_SHARE = 0.5;
const MIN_PAGES = 3;
/** Two occurrences are "the same place" when their centres are this close, as a share of the page. */
const SAME_PLACE = 0.08;

interface Occurrence {
  page: number;
  cx: number;
  cy: number;
}

export interface FurnitureResult {
  pages: Page[];
  moved: number;
}

export function moveRunningFurniture(pages: readonly Page[]): FurnitureResult {
  if (pages.length < MIN_PAGES) return { pages: [...pages], moved: 0 };
  const seen = new Map<string, Occurrence[]>();
  const canonical = new Map<string, string>();
  const byLength = new Map<number, string[]>();
  // OCR misreads a letter here and there ("INDSAT EMNI"): near-identical texts count as one.
  const keyOf = (block: Block): string | null => {
    const raw = rawKey(block);
    if (raw === null) return null;
    let key = canonical.get(raw);
    if (key === undefined) {
      // Only texts within two characters of its length can be similar: look in those buckets.
      for (let len = raw.length - 2; len <= raw.length + 2 && key === undefined; len++) {
        key = byLength.get(len)?.find((k) => similar(k, raw));
      }
      key ??= raw;
      canonical.set(raw, key);
      if (key === raw) byLength.set(raw.length, [...(byLength.get(raw.length) ?? []), raw]);
    }
    return key;
  };
  for (const page of pages) {
    for (const block of page.blocks) {
      const at = placeOf(block, page);
      if (!at) continue;
      const key = keyOf(block);
      if (key) seen.set(key, [...(seen.get(key) ?? []), { page: page.number, ...at }]);
    }
  }
  const needed = Math.max(MIN_PAGES, Math.ceil(MIN_SHARE * pages.length));
  const running = new Set<string>();
  for (const [key, occurrences] of seen) {
    if (largestCluster(occurrences) >= needed) running.add(key);
  }
  let moved = 0;
  const out = pages.map((page) => {
    const body: Block[] = [];
    const furniture = [...page.furniture];
    for (const block of page.blocks) {
      const key = placeOf(block, page) ? keyOf(block) : null;
      const isRunning = key !== null && running.has(key) && isNear(block, page, seen.get(key)!);
      if (isRunning || (key !== null && isFragmentOfRunning(key, placeOf(block, page)!, running, seen))) {
        furniture.push(plainText(block));
        moved++;
      } else body.push(block);
    }
    return body.length === page.blocks.length ? page : { ...page, blocks: body, furniture };
  });
  return { pages: out, moved };
}

/** Short text blocks only: a recurring paragraph of prose is content, however often it recurs. */
function rawKey(block: Block): string | null {
  if (block.type !== "paragraph" && block.type !== "heading") return null;
  const text = block.text.trim();
  if (!text || text.length > 80) return null;
  // Page numbers differ from page to page but sit in one place: digits count as one kind of thing.
  return text.toLowerCase().replace(/\d+/g, "#").replace(/[^\p{L}#]+/gu, " ").trim();
}

/**
 * A piece of a running text misread on one page ("EMNY" for "INDSAT EMNE", "RDJYLLA" for
 * "NORDJYLLAND" half hidden by a picture): at least four letters, close to a substring of a running
 * text, and where that text sits on the other pages.
 */
function isFragmentOfRunning(
  key: string,
  at: { cx: number; cy: number },
  running: ReadonlySet<string>,
  seen: ReadonlyMap<string, Occurrence[]>,
): boolean {
  if (key.replace(/[^\p{L}]/gu, "").length < 4) return false;
  for (const r of running) {
    if (r.length <= key.length) continue;
    if (!seen.get(r)!.some((o) => close(o, at))) continue;
    if (substringDistance(key, r) <= Math.floor(key.length / 4)) return true;
  }
  return false;
}

/** Edit distance from `needle` to the closest substring of `hay` (Sellers' algorithm). */
function substringDistance(needle: string, hay: string): number {
  let prev = new Array<number>(hay.length + 1).fill(0);
  for (let i = 1; i <= needle.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hay.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (needle[i - 1] === hay[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return minOf(prev);
}

/** One misread letter in five at most, and only for texts long enough to tell apart. */
function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const longest = Math.max(a.length, b.length);
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 2) return false;
  const bound = Math.floor(longest / 5);
  return levenshtein(a, b, bound) <= bound;
}

/** Edit distance, or bound + 1 as soon as every path is over the bound. */
function levenshtein(a: string, b: string, bound = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > bound) return bound + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function placeOf(block: Block, page: Page): { cx: number; cy: number } | null {
  // Text without geometry (a legacy OCR text file): recurrence alone decides, all in one "place".
  if (!page.width || !page.height) return page.method === "native" && !block.box ? { cx: 0.5, cy: 0.5 } : null;
  if (!block.box) return null;
  return { cx: (block.box.x + block.box.w / 2) / page.width, cy: (block.box.y + block.box.h / 2) / page.height };
}

/** The most pages whose occurrences sit together around one place. */
function largestCluster(occurrences: readonly Occurrence[]): number {
  let best = 0;
  for (const a of occurrences) {
    const pagesNear = new Set(occurrences.filter((b) => close(a, b)).map((b) => b.page));
    best = Math.max(best, pagesNear.size);
  }
  return best;
}

function isNear(block: Block, page: Page, occurrences: readonly Occurrence[]): boolean {
  const at = placeOf(block, page)!;
  const others = occurrences.filter((o) => o.page !== page.number && close(o, at));
  return new Set(others.map((o) => o.page)).size + 1 >= MIN_PAGES;
}

function close(a: { cx: number; cy: number }, b: { cx: number; cy: number }): boolean {
  return Math.abs(a.cx - b.cx) <= SAME_PLACE && Math.abs(a.cy - b.cy) <= SAME_PLACE;
}

/** A block's text as the page text shows it, whatever its kind (a moved list or table keeps its words). */
export function plainText(block: Block): string {
  return blocksToText([block]);
}

/**
 * `page` with the furniture the stage moved in the order it stood on the page (`original`, as the
 * reader laid it out). Each pass appends what it moves (page numbers first, then running headers
 * and footers, then a slide's footer), so a page number read after its footer line came out
 * before the running header; a reader of the furniture, and a search snippet, expect the header,
 * the footer and the number where they stood. What the page held as furniture before the stage
 * (sideways text) stays first; what cannot be found in the page's text keeps its place after.
 */
export function inPageOrder(original: Page, page: Page): Page {
  const before = original.furniture.length;
  if (page.furniture.length - before < 2) return page;
  const at = (text: string) => {
    const i = original.text.indexOf(text);
    return i === -1 ? Infinity : i;
  };
  const moved = page.furniture.slice(before).map((text, i) => ({ text, i, at: at(text) }));
  moved.sort((a, b) => a.at - b.at || a.i - b.i);
  if (moved.every((m, i) => m.i === i)) return page;
  return { ...page, furniture: [...page.furniture.slice(0, before), ...moved.map((m) => m.text)] };
}
