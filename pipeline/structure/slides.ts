// Slide decks: one section per slide, opened by the slide's title. Whatever reader produced the
// slide (PowerPoint XML, a scan, a PDF export, legacy OCR text), its title becomes a level-2
// heading and the headings a reader guessed from type size inside the slide become level 3, or
// paragraphs when they read as sentences.
import type { Block, DocumentRecord, HeadingBlock, Page } from "../../src/model/document.ts";
import { plainText } from "./furniture.ts";
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

/** Share of the slide's height from the bottom where a template's footer sits. */
const FOOTER_ZONE = 0.2;
/** A footer's type is clearly smaller than the slide's text. */
const FOOTER_TYPE = 0.7;

/**
 * A slide template's footer ("RAMMEAFTALE 2016", a date, a department) in small type at the bottom
 * of a scanned or exported slide: page furniture even where OCR read it on too few slides for it
 * to count as recurring.
 */
export function moveSlideFooter(page: Page): Page {
  if (page.method === "native" || !page.height) return page;
  // The slide's usual type: its OCR words' height, else its text blocks' line height.
  const wordHeights = page.words.filter((w) => /\p{L}{3,}/u.test(w.text)).map((w) => w.box.h);
  const lineHeights = wordHeights.length
    ? wordHeights
    : page.blocks.flatMap((b) => (b.box && (b.type === "paragraph" || b.type === "list") ? [b.box.h / lineCount(b)] : []));
  const typical = lineHeights.sort((a, b) => a - b)[Math.floor(lineHeights.length / 2)];
  if (!typical) return page;
  const footer = (b: Block) =>
    b.type === "paragraph" &&
    b.box !== null &&
    (b.box.y + b.box.h / 2) / page.height! > 1 - FOOTER_ZONE &&
    wordCount(b.text) <= 6 &&
    b.box.h / lineCount(b) < FOOTER_TYPE * typical;
  const moved = page.blocks.filter(footer);
  if (!moved.length) return page;
  return { ...page, blocks: page.blocks.filter((b) => !footer(b)), furniture: [...page.furniture, ...moved.map(plainText)] };
}

function lineCount(block: Block): number {
  if (block.type === "list") return block.items.reduce((n, i) => n + i.text.split("\n").length, 0);
  return block.type === "paragraph" || block.type === "heading" ? block.text.split("\n").length : 1;
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
  // A scan or export without a title in larger type: the first short line at the top. (A
  // PowerPoint file's reader has already looked for a title by placeholder and type size.)
  if (page.method !== "native" && first?.type === "paragraph" && !first.text.includes("\n") && wordCount(first.text) <= TITLE_WORDS && !endsClause(first.text) && atTop(first)) return 0;
  return -1;
}

function readsAsHeading(text: string): boolean {
  // "Nye beføjelser i år:" introduces what follows; it is a sentence, not a heading.
  return wordCount(text) <= TITLE_WORDS && !endsClause(text) && !/,$/.test(text.trim()) && !startsLower(text);
}
