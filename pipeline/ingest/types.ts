import type { Block, DocumentInfo, Layout, Link, Page, Warning } from "../../src/model/document.ts";

/** What a format reader hands back to ingest; ingest wraps it into a DocumentRecord. */
export interface IngestResult {
  pages: Page[];
  links: Link[];
  documentInfo: DocumentInfo;
  /** The title the source itself gives (HTML h1/title, PDF info), or null. */
  title: string | null;
  /** Declared or detected language (BCP 47), or null. */
  language: string | null;
  /** Character encoding for text sources, null for binary formats. */
  encoding: string | null;
  warnings: Warning[];
  /** How the source lays out its text: a deck, fixed pages, or a flow without pages (structure may refine "pages" to "slides"). */
  layout: Layout;
}

export const EMPTY_DOCUMENT_INFO: DocumentInfo = {
  title: null,
  author: null,
  subject: null,
  keywords: null,
  creator: null,
  producer: null,
  created: null,
  modified: null,
  language: null,
};

/** A page of a source read natively (HTML, text file): no geometry, no text layer, no OCR. */
export function nativePage(number: number, methodReason: string, blocks: Block[], furniture: string[] = []): Page {
  const text = blocksToText(blocks);
  return {
    number,
    method: "native",
    methodReason,
    text,
    rawText: text,
    confidence: null,
    width: null,
    height: null,
    blocks,
    furniture,
    dropped: [],
    notes: null,
    textLayer: null,
    ocr: null,
    words: [],
  };
}

/** The plain text of a page body: blocks in order, separated by a blank line. */
export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map(blockText).join("\n\n");
}

function blockText(block: Block): string {
  switch (block.type) {
    case "heading":
    case "paragraph":
    case "code":
      return block.text;
    case "list":
      return block.items.map((item) => `${"  ".repeat(item.level)}${item.marker ?? "•"} ${item.text}`).join("\n");
    case "table":
      // Tab-separated, one row a line: plain text that splits back into cells, and that reads (and
      // is searched) as the cells' words, with no separator characters mixed into them.
      return block.rows.map((row) => row.join("\t")).join("\n");
  }
}

/** Collapses runs of whitespace the way a reader sees them (HTML rendering, PDF text runs). */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}
