import type { Block, DocumentRecord, Page, StageRun } from "../../src/model/document.ts";
import { blocksToText } from "../ingest/types.ts";
import type { StageContext } from "../types.ts";
import { cleanPage } from "./cleanup.ts";
import { inPageOrder, moveRunningFurniture } from "./furniture.ts";
import { bulletsInParagraphs, joinAdjacentLists, mendInferredLists, splitLabelledItems } from "./lists.ts";
import { joinContinuations, joinTextBoxLines } from "./merge.ts";
import { oneLine, reflow } from "./reflow.ts";
import { trimRich } from "./rich.ts";
import { headingSections, slideSections } from "./sections.ts";
import { isDeck, moveSlideFooter, titleSlide } from "./slides.ts";

export const STRUCTURE_VERSION = "1.2.0";

/**
 * Stage 4: the page structure, from what the readers produced to what a reader of the archive
 * expects. Template text (prompts, running headers and footers, page numbers) moves to `furniture`;
 * OCR junk is dropped and counted; bullets become lists and lines broken only by the layout are
 * joined (for text laid out on slides, scans and PDF pages, not for HTML or Word, whose line
 * breaks are the author's); a deck gets one section per slide, opened by its title.
 */
export async function structure(doc: DocumentRecord, _ctx: StageContext): Promise<DocumentRecord> {
  let junk = 0;
  const cleaned = doc.pages.map((page) => {
    const result = cleanPage(page);
    junk += result.junk;
    return result.page;
  });
  const { pages: withoutFurniture, moved } = moveRunningFurniture(cleaned);
  const deck = isDeck(doc);
  const laidOut = hasLayoutBreaks(doc);
  const pages = withoutFurniture.map((cleanedPage, i) => {
    const page = inPageOrder(doc.pages[i]!, deck ? moveSlideFooter(cleanedPage) : cleanedPage);
    let blocks = page.blocks;
    if (laidOut) blocks = joinAdjacentLists(mendInferredLists(bulletsInParagraphs(joinTextBoxLines(blocks))));
    let protect = new Set<Block>();
    if (deck) {
      const slide = titleSlide({ ...page, blocks });
      blocks = slide.blocks;
      if (slide.title) protect = new Set([slide.title]);
    }
    if (laidOut) blocks = splitLabelledItems(joinContinuations(blocks, page, protect).map(reflowBlock));
    else blocks = blocks.map((b) => (b.type === "heading" ? { ...b, ...oneLine(b) } : b));
    // Only the body text changes; rawText keeps what the reader produced, furniture included.
    return page !== doc.pages[page.number - 1] || !sameBlocks(blocks, page.blocks) ? { ...page, blocks, text: blocksToText(blocks) } : page;
  });
  const sections = deck ? slideSections(pages) : headingSections(pages);
  const run: StageRun = {
    name: "structure",
    version: STRUCTURE_VERSION,
    status: "done",
    settings: { deck, reflow: laidOut },
    note: `${sections.length} section(s)${deck ? ", one per slide" : ""}; ${moved} running furniture block(s) moved out of the body; ${junk} OCR junk block(s) dropped`,
  };
  return {
    ...doc,
    layout: deck ? "slides" : doc.layout,
    pages,
    sections,
    provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] },
  };
}

/** Text whose line breaks a layout made: OCR, PDF text, slides, legacy OCR text files. */
function hasLayoutBreaks(doc: DocumentRecord): boolean {
  if (doc.layout === "slides") return true;
  return doc.pages.some((p: Page) => p.method !== "native") || doc.source.mediaType === "text/plain";
}

function reflowBlock(block: Block): Block {
  switch (block.type) {
    case "heading":
      return { ...block, ...trimRich(oneLine(block)) };
    case "paragraph":
      return { ...block, ...trimRich(reflow(block)) };
    case "list":
      return { ...block, items: block.items.map((item) => ({ ...item, ...trimRich(reflow(item)) })) };
    default:
      return block;
  }
}

function sameBlocks(a: readonly Block[], b: readonly Block[]): boolean {
  return a.length === b.length && a.every((block, i) => JSON.stringify(block) === JSON.stringify(b[i]));
}
