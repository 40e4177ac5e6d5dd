// Slide decks: one section per slide, opened by the slide's title. Whatever reader produced the
// slide (PowerPoint XML, a scan, a PDF export, legacy OCR text), its title becomes a level-2
// heading and the headings a reader guessed from type size inside the slide become level 3, or
// paragraphs when they read as sentences.
import type { Block, DocumentRecord, HeadingBlock, Page } from "../../src/model/document.ts";
import { endsClause, startsLower, wordCount } from "./lines.ts";
import { oneLine } from "./reflow.ts";

/** Share of pages that must be landscape for a paged document to be a deck. */
const LANDSCAPE_SHARE = 0.6;
const LANDSCAPE_RATIO = 1.15;
/** A title is at most this many words; longer text at the top of a slide is body. */
const TITLE_WORDS = 14;

/** A PowerPoint file, a legacy OCR text with slide titles, or a PDF or image whose pages are mostly landscape. */
export function isDeck(doc: DocumentRecord): boolean {
  if (doc.layout === "slides") return true;
  if (doc.layout !== "pages" || !doc.pages.length) return false;
  const landscape = doc.pages.filter((p) => p.width && p.height && p.width > LANDSCAPE_RATIO * p.height).length;
  return landscape >= LANDSCAPE_SHARE * doc.pages.length;
}

export interface TitledSlide {
  blocks: Block[];
  title: HeadingBlock | null;
}

/** The slide's title first, as a level-2 heading on one line; other headings level 3 or paragraphs. */
export function titleSlide(page: Page): TitledSlide {
  const index = titleIndex(page);
  let title: HeadingBlock | null = null;
  const rest: Block[] = [];
  for (const [i, block] of page.blocks.entries()) {
    if (i === index && (block.type === "heading" || block.type === "paragraph")) {
      const rich = oneLine(block);
      title = { type: "heading", depth: 2, text: rich.text, links: rich.links, box: block.box };
    } else if (block.type === "heading") {
      rest.push(readsAsHeading(block.text) ? { ...block, depth: 3 } : { type: "paragraph", text: block.text, links: block.links, box: block.box });
    } else rest.push(block);
  }
  return { blocks: title ? [title, ...rest] : rest, title };
}

function titleIndex(page: Page): number {
  const blocks = page.blocks;
  const atTop = (b: Block) => (b.box && page.height ? b.box.y / page.height < 0.3 : true);
  const h = blocks.findIndex((b) => b.type === "heading");
  if (h === 0) return 0;
  // A heading after a block or two is still the title when it sits highest (a logo line read first).
  const heading = blocks[h];
  if (heading && h <= 2 && atTop(heading) && blocks.slice(0, h).every((b) => !b.box || !heading.box || b.box.y >= heading.box.y - 2)) return h;
  const first = blocks[0];
  // A deck without a title placeholder or a larger type: the first short line at the top.
  if (first?.type === "paragraph" && !first.text.includes("\n") && wordCount(first.text) <= TITLE_WORDS && !endsClause(first.text) && atTop(first)) return 0;
  return -1;
}

function readsAsHeading(text: string): boolean {
  // "Nye beføjelser i år:" introduces what follows; it is a sentence, not a heading.
  return wordCount(text) <= TITLE_WORDS && !endsClause(text) && !/,$/.test(text.trim()) && !startsLower(text);
}
