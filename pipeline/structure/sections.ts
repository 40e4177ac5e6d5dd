// Sections: the units the website shows and the search engine indexes. A deck has one per slide;
// any other document is cut at its top two heading levels.
import type { Block, Page, Section } from "../../src/model/document.ts";
import { blocksToText } from "../ingest/types.ts";

export function slideSections(pages: readonly Page[]): Section[] {
  const sections: Section[] = [];
  for (const page of pages) {
    const [first, ...rest] = page.blocks;
    const titled = first?.type === "heading";
    const body = titled ? rest : page.blocks;
    const text = blocksToText(body);
    if (!titled && !text) continue;
    sections.push({
      number: sections.length + 1,
      title: titled ? first.text : null,
      depth: titled ? first.depth : null,
      pages: { from: page.number, to: page.number },
      period: null,
      text,
    });
  }
  return sections;
}

export function headingSections(pages: readonly Page[]): Section[] {
  const depths = [...new Set(pages.flatMap((p) => p.blocks).flatMap((b) => (b.type === "heading" ? [b.depth] : [])))].sort();
  const cut = depths[1] ?? depths[0] ?? 0;
  const sections: Section[] = [];
  let current: { title: string | null; depth: number | null; from: number; to: number; body: Block[] } | null = null;
  const close = () => {
    if (!current) return;
    const text = blocksToText(current.body);
    if (current.title !== null || text) {
      sections.push({ number: sections.length + 1, title: current.title, depth: current.depth, pages: { from: current.from, to: current.to }, period: null, text });
    }
  };
  for (const page of pages) {
    for (const block of page.blocks) {
      if (block.type === "heading" && block.depth <= cut) {
        close();
        current = { title: block.text.replace(/\s+/g, " "), depth: block.depth, from: page.number, to: page.number, body: [] };
      } else {
        current ??= { title: null, depth: null, from: page.number, to: page.number, body: [] };
        current.body.push(block);
        current.to = page.number;
      }
    }
  }
  close();
  return sections;
}
