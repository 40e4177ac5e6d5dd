// Laid-out blocks (layout.ts) → record blocks, shared by the PDF text layer and OCR: headings come
// from font size and weight measured over the whole document, so "the largest text" means the same
// on every page.
import type { Block, InlineLink } from "../../src/model/document.ts";
import { dominant, joinLines, type LaidBlock, type Line } from "./layout.ts";

export interface HeadingOptions {
  /** A block this much larger than the body text is a heading candidate (OCR sizes are noisier). */
  minRatio: number;
  /** Whether bold body-size short blocks count as headings (only when weight is known). */
  boldHeadings: boolean;
}

/** The font size of most of the document's characters. */
export function bodySize(blocks: readonly LaidBlock[]): number {
  return dominant(
    blocks.flatMap((b) =>
      b.kind === "table"
        ? [[b.size, (b.rows ?? []).flat().join("").length] as const]
        : b.items.flat().map((l) => [l.size, l.text.length] as const),
    ),
  );
}

/** Heading depth per font size, over all blocks of a document: the largest size is depth 1. */
export function headingScale(
  blocks: readonly LaidBlock[],
  options: HeadingOptions,
): (block: LaidBlock) => number | null {
  const body = bodySize(blocks);
  const isCandidate = (block: LaidBlock): boolean => {
    if (isNumberedHeading(block)) return true;
    if (block.kind !== "paragraph") return false;
    const lines = block.items[0]!;
    const text = joinLines(lines);
    if (lines.length > 3 || text.length > 160 || !/\p{L}/u.test(text)) return false;
    if (block.size >= body * options.minRatio) return true;
    return options.boldHeadings && block.bold && block.size >= body * 0.95 && !/[.,;]$/.test(text);
  };
  const sizes = new Set<number>();
  for (const b of blocks) if (isCandidate(b) && b.size >= body * options.minRatio) sizes.add(Math.round(b.size * 2) / 2);
  const ranked = [...sizes].sort((a, b) => b - a);
  return (block) => {
    if (!isCandidate(block)) return null;
    const rank = ranked.indexOf(Math.round(block.size * 2) / 2);
    return Math.min(6, rank >= 0 ? rank + 1 : ranked.length + 1);
  };
}

/** Longest line a numbered heading has ("2. Møder og frister i foråret"); a longer one is an item. */
const NUMBERED_HEADING_CHARS = 80;

/**
 * A numbered line standing alone ("2. Møder i efteråret", "3 Konfiguration"): the layout reads it as
 * a list of one item, but a list has items side by side, and a lone numbered line without a
 * sentence's end between paragraphs is what memos and agendas number their sections with. Its
 * size need not stand out: OCR measures a 12-pt heading over 10.5-pt text as body size.
 */
function isNumberedHeading(block: LaidBlock): boolean {
  if (block.kind !== "list" || !block.ordered || block.items.length !== 1) return false;
  const lines = block.items[0]!;
  const text = joinLines(lines);
  return lines.length === 1 && text.length <= NUMBERED_HEADING_CHARS && /\p{L}{2}/u.test(text) && !/[.,;:!?]$/.test(text.trim());
}

export interface ItemText {
  text: string;
  links: InlineLink[];
  /** The bullet glyph taken off the item's text, if it had one. */
  marker?: string | null;
}

/**
 * Builds a record block. `textOf` turns one item's lines into text (and links); it is told whether
 * the item starts with a bullet glyph to strip, and the paragraph's deliberate line breaks.
 */
export function laidToBlock(
  laid: LaidBlock,
  depth: number | null,
  textOf: (lines: Line[], bullet: boolean, breaks: boolean[]) => ItemText,
): Block {
  const box = { x: round(laid.box.x), y: round(laid.box.y), w: round(laid.box.w), h: round(laid.box.h) };
  if (laid.kind === "table") {
    const rows = laid.rows ?? [];
    // A first row set off by a band or a rule is a header; so is a first row of short labels in every column.
    const header = rows.length > 1 && (laid.header === true || rows[0]!.every((cell) => cell !== "" && cell.length <= 40 && !/\d{4}/.test(cell)));
    return { type: "table", header, rows, box };
  }
  if (laid.kind === "list" && depth !== null) {
    // A numbered heading keeps its number: "2. Møder i efteråret".
    const { text, links } = textOf(laid.items[0]!, false, []);
    return { type: "heading", depth, text, links, box };
  }
  if (laid.kind === "list") {
    const items = laid.items.map((lines, i) => {
      const { text, links, marker } = textOf(lines, laid.glyphs === true, []);
      return { text, links, level: laid.levels[i] ?? 0, marker: marker ?? null };
    });
    return { type: "list", ordered: laid.ordered, start: laid.ordered ? 1 : null, items, box };
  }
  const { text, links } = textOf(laid.items[0]!, false, laid.breaks ?? []);
  if (depth !== null) return { type: "heading", depth, text, links, box };
  return { type: "paragraph", text, links, box };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
