// Lists rebuilt from lines: a paragraph whose lines open with bullets is a list, and list items
// that a reader split at a layout line break are one item again.
import type { Block, ListBlock, ListItem, ParagraphBlock } from "../../src/model/document.ts";
import { endsClause, endsSentence, isLabelled, startsLower, STRONG_BULLET, WEAK_BULLET } from "./lines.ts";
import { union } from "./merge.ts";
import { joinRich, richLines, sliceRich, trimRich, type Rich } from "./rich.ts";
import { pushAll } from "../../src/lib/arrays.ts";

/** OCR's readings of a bullet, written as the bullet a reader sees. */
const BULLET_READINGS: Readonly<Record<string, string>> = { "=": "▪", "|": "▪", "»": "•", ">": "•", "~": "•" };

/**
 * A paragraph whose lines start with bullets becomes a paragraph (the lines before the first
 * bullet) and a list. Strong glyphs (▪ • ➢ …) count wherever they are; weak ones ("-", "=", "|")
 * only when two lines or more of the block start with the same one.
 */
export function bulletsInParagraphs(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.type !== "paragraph" || !block.text.includes("\n") && !STRONG_BULLET.test(block.text)) {
      out.push(block);
      continue;
    }
    pushAll(out, splitBullets(block));
  }
  return out;
}

function splitBullets(block: ParagraphBlock): Block[] {
  const lines = richLines(block);
  const weakCounts = new Map<string, number>();
  for (const line of lines) {
    const m = WEAK_BULLET.exec(line.text.trimStart());
    if (m) weakCounts.set(m[1]!, (weakCounts.get(m[1]!) ?? 0) + 1);
  }
  const bulletOf = (line: Rich): { marker: string; length: number } | null => {
    const t = line.text.trimStart();
    const lead = line.text.length - t.length;
    const strong = STRONG_BULLET.exec(t);
    if (strong) return { marker: strong[1]!, length: lead + strong[0].length };
    const weak = WEAK_BULLET.exec(t);
    if (weak && (weakCounts.get(weak[1]!) ?? 0) >= 2) return { marker: BULLET_READINGS[weak[1]!] ?? weak[1]!, length: lead + weak[0].length };
    return null;
  };
  if (!lines.some((l) => bulletOf(l))) return [block];

  const out: Block[] = [];
  let before: Rich[] = [];
  let items: { marker: string; lines: Rich[] }[] = [];
  const flushParagraph = () => {
    if (before.length) out.push(paragraph(joinRich(before, "\n"), block));
    before = [];
  };
  const flushList = () => {
    if (items.length) out.push(list(items, block));
    items = [];
  };
  for (const line of lines) {
    const bullet = bulletOf(line);
    if (bullet) {
      flushParagraph();
      items.push({ marker: bullet.marker, lines: [trimRich(sliceRich(line, bullet.length, line.text.length))] });
      continue;
    }
    const current = items[items.length - 1];
    // After an item that ended its sentence, a line in capitals starts new text, not more of the item.
    if (current && !(endsSentence(current.lines[current.lines.length - 1]!.text) && !startsLower(line.text))) {
      current.lines.push(trimRich(line));
    } else {
      flushList();
      before.push(line);
    }
  }
  flushParagraph();
  flushList();
  return out;
}

function paragraph(rich: Rich, from: ParagraphBlock): ParagraphBlock {
  return { type: "paragraph", text: rich.text, links: rich.links, box: from.box };
}

function list(items: { marker: string; lines: Rich[] }[], from: ParagraphBlock): ListBlock {
  return {
    type: "list",
    ordered: false,
    start: null,
    items: items.map((item) => {
      const rich = joinRich(item.lines, "\n");
      return { text: rich.text, links: rich.links, level: 0, marker: item.marker };
    }),
    box: from.box,
  };
}

/**
 * Items of a list whose bullets the reader inferred (marker null) from indents: an item that
 * starts in lower case after one that did not end its clause is the same sentence, broken by the
 * layout. A list left with one such item is a paragraph; a list that starts mid-sentence belongs to
 * the paragraph before it.
 */
export function mendInferredLists(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.type !== "list") {
      out.push(block);
      continue;
    }
    const items: ListItem[] = [];
    let mended = false;
    for (const item of block.items) {
      const last = items[items.length - 1];
      if (last && last.marker === null && item.marker === null && item.level === last.level && startsLower(item.text) && !endsClause(last.text)) {
        const rich = joinRich([last, item], "\n");
        items[items.length - 1] = { ...last, text: rich.text, links: rich.links };
        mended = true;
      } else items.push(item);
    }
    const previous = out[out.length - 1];
    const first = items[0]!;
    if (first.marker === null && startsLower(first.text) && previous?.type === "paragraph" && !endsClause(previous.text)) {
      const rich = joinRich([previous, first], "\n");
      out[out.length - 1] = { ...previous, text: rich.text, links: rich.links };
      items.shift();
    } else if (first.marker === null && previous?.type === "list" && startsLower(first.text)) {
      const lastItem = previous.items[previous.items.length - 1]!;
      if (!endsClause(lastItem.text)) {
        const rich = joinRich([lastItem, first], "\n");
        out[out.length - 1] = { ...previous, items: [...previous.items.slice(0, -1), { ...lastItem, text: rich.text, links: rich.links }] };
        items.shift();
      }
    }
    if (!items.length) continue;
    // The reader saw a list only because of the lines it has now been mended from.
    if (mended && items.length === 1 && items[0]!.marker === null && items[0]!.level === 0) {
      out.push({ type: "paragraph", text: items[0]!.text, links: items[0]!.links, box: block.box });
    } else out.push({ ...block, items });
  }
  return out;
}

/**
 * Lists that follow each other are one list: a reader splits a list where the gap between items is
 * larger than its line spacing. Each item keeps its own bullet (OCR may read one ▪ as •).
 */
export function joinAdjacentLists(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    if (block.type === "list" && last?.type === "list" && last.ordered === block.ordered) {
      out[out.length - 1] = { ...last, items: [...last.items, ...block.items], box: union(last.box, block.box) };
    } else out.push(block);
  }
  return out;
}

/**
 * A list item whose lines each open with a label ("12. februar: …" over "7. marts: …") is several
 * items whose bullets the reader did not see. Run after re-flow, which keeps those line breaks.
 */
export function splitLabelledItems(blocks: readonly Block[]): Block[] {
  return blocks.map((block) => {
    if (block.type !== "list" || !block.items.some((i) => i.text.includes("\n"))) return block;
    const items = block.items.flatMap((item) => {
      const lines = richLines(item);
      if (lines.length < 2 || !isLabelled(lines[0]!.text)) return [item];
      const parts: Rich[][] = [];
      for (const line of lines) {
        if (isLabelled(line.text) || !parts.length) parts.push([line]);
        else parts[parts.length - 1]!.push(line);
      }
      return parts.map((part) => {
        const rich = joinRich(part, "\n");
        return { ...item, text: rich.text, links: rich.links };
      });
    });
    return items.length === block.items.length ? block : { ...block, items };
  });
}
