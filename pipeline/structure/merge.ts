// Blocks a reader cut apart that are one paragraph: lines of one PowerPoint text box, and a
// sentence a scan's layout analysis split into two blocks ("… i regi af KKR" / "og de politiske
// udvalg.").
import type { Block, Box, Page, ParagraphBlock } from "../../src/model/document.ts";
import { endsClause, startsLower } from "./lines.ts";
import { joinRich } from "./rich.ts";

/**
 * Consecutive paragraphs of one text box (the same frame): the author's Enter between them is
 * as often a line break as a paragraph break, so they become lines of one block and the re-flow
 * decides, line by line.
 */
export function joinTextBoxLines(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    if (block.type === "paragraph" && last?.type === "paragraph" && block.box && last.box && sameBox(block.box, last.box)) {
      out[out.length - 1] = paragraphOf([last, block], last.box);
    } else out.push(block);
  }
  return out;
}

/**
 * A paragraph (or a heading the reader guessed from type size) that starts in lower case right
 * under a paragraph that did not end its clause continues it.
 */
export function joinContinuations(blocks: readonly Block[], page: Page, protect: ReadonlySet<Block>): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    const lastItem = last?.type === "list" ? last.items[last.items.length - 1]! : null;
    if (last?.type === "list" && lastItem && block.type === "paragraph" && !endsClause(lastItem.text) && continuesItem(last, block)) {
      const rich = joinRich([lastItem, block], "\n");
      out[out.length - 1] = { ...last, items: [...last.items.slice(0, -1), { ...lastItem, text: rich.text, links: rich.links }] };
    } else if (
      last?.type === "paragraph" &&
      (block.type === "paragraph" || (block.type === "heading" && !protect.has(block))) &&
      continues(block.text) &&
      !endsClause(last.text) &&
      adjacent(last, block, page)
    ) {
      out[out.length - 1] = paragraphOf([last, block], union(last.box, block.box));
    } else out.push(block);
  }
  return out;
}

/**
 * Text that carries on a sentence: it starts in lower case, or with a number that is not a
 * numbered heading ("2021-2022 er:", not "2. Indledning").
 */
function continues(text: string): boolean {
  const t = text.trimStart();
  if (startsLower(t)) return true;
  return /^\d/.test(t) && !/^\d+(?:\.\d+)*\.?\s+\p{Lu}/u.test(t);
}

/**
 * Text under a list that carries on its last item. Without geometry (a text file, where a blank
 * line may split an item) it must start in lower case. With it, the reader already kept an item's
 * lines together: only a line tight under the list (a gap under half a line) is the item's, and if
 * it starts with a capital ("Den Administrative / Styregruppe"), only when it is indented like the
 * item's text, not set at the bullet.
 */
function continuesItem(list: Block, block: Extract<Block, { type: "paragraph" }>): boolean {
  if (!list.box || !block.box) return continues(block.text);
  const lineHeight = block.box.h / block.text.split("\n").length;
  const gap = block.box.y - (list.box.y + list.box.h);
  if (gap <= -lineHeight || gap >= 0.5 * lineHeight) return false;
  return continues(block.text) || block.box.x >= list.box.x + 0.5 * lineHeight;
}

function paragraphOf(parts: readonly { text: string; links: ParagraphBlock["links"] }[], box: Box | null): ParagraphBlock {
  const rich = joinRich(parts, "\n");
  return { type: "paragraph", text: rich.text, links: rich.links, box };
}

function sameBox(a: Box, b: Box): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** Directly below, in the same column: the gap under the first is less than two of its lines. */
function adjacent(first: ParagraphBlock, second: Block, page: Page): boolean {
  const a = first.box;
  const b = second.box;
  if (!a || !b) return true;
  const lineHeight = a.h / first.text.split("\n").length;
  const gap = b.y - (a.y + a.h);
  const columnSlack = 0.05 * (page.width ?? Math.max(a.w, b.w));
  const sameColumn = b.x >= a.x - columnSlack && b.x <= a.x + a.w;
  return gap > -lineHeight && gap < 2 * Math.max(lineHeight, b.h) && sameColumn;
}

/** The smallest box holding both (either, when one is missing). */
export function union(a: Box | null, b: Box | null): Box | null {
  if (!a || !b) return a ?? b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
