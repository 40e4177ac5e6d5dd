import type { DocumentRecord, Evidence } from "../../src/model/document.ts";

export interface DateRangeValue {
  from: string;
  to: string;
}

export type UnitKind = "title" | "heading" | "paragraph" | "item" | "cell" | "furniture";

/** One piece of the document's text the extractors read: a heading, a paragraph, a list item, a table cell. */
export interface TextUnit {
  page: number;
  kind: UnitKind;
  text: string;
  /** Ranges of `text` that are link texts: they name other documents, not this one. */
  linked: readonly (readonly [number, number])[];
  /** The nearest heading before the unit (on a slide, its title); null before the first. */
  heading: string | null;
  /** The heading of the section the unit is in (a slide's title, a level 1 or 2 heading). */
  section: string | null;
  /** List items: which list of the document they belong to (1, 2, …). */
  list?: number;
}

/** A numbered section heading: "2. Kapacitet", "3.1 Takster". */
const SECTION_NUMBER = /^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+\p{L}/u;

/** The document's text as units, in reading order: the record title first, then the body, then furniture. */
export function textUnits(doc: DocumentRecord): TextUnit[] {
  const units: TextUnit[] = [];
  if (doc.title) units.push({ page: 1, kind: "title", text: doc.title, linked: [], heading: null, section: null });
  let heading: string | null = null;
  let section: string | null = null;
  let lists = 0;
  for (const page of doc.pages) {
    // A slide's text is under its own title, not the last slide's.
    if (doc.layout === "slides") heading = section = null;
    for (const block of page.blocks) {
      const base = { page: page.number, heading, section };
      switch (block.type) {
        case "heading":
          // A numbered section heading names a part of the body: its kind and period are not the
          // document's, so it weighs as the text it heads does.
          if (SECTION_NUMBER.test(block.text)) {
            lists++;
            units.push({ ...base, kind: "item", text: block.text, linked: block.links.map((l) => [l.start, l.end] as const), list: lists });
            break;
          }
          units.push({ ...base, kind: "heading", text: block.text, linked: block.links.map((l) => [l.start, l.end] as const) });
          heading = block.text;
          if (block.depth <= 2) section = block.text;
          break;
        case "paragraph":
          units.push({ ...base, kind: "paragraph", text: block.text, linked: block.links.map((l) => [l.start, l.end] as const) });
          break;
        case "list":
          lists++;
          for (const item of block.items) units.push({ ...base, kind: "item", text: item.text, linked: item.links.map((l) => [l.start, l.end] as const), list: lists });
          break;
        case "table":
          for (const row of block.rows) for (const cell of row) units.push({ ...base, kind: "cell", text: cell, linked: [] });
          break;
        case "code":
          break;
      }
    }
    for (const text of page.furniture) units.push({ page: page.number, kind: "furniture", text, linked: [], heading: null, section: null });
  }
  return units;
}

/** A short excerpt around a match, for evidence. */
export function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  const end = Math.min(text.length, index + length + 40);
  return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ").trim() + (end < text.length ? "…" : "");
}

export type EvidenceDraft = Omit<Evidence, "field">;

/**
 * Folds Danish letters and case so text whose æ ø å were lost ("omradet", "byradet") matches
 * ("området", "byrådet"). One character for one, so offsets into the folded text are offsets
 * into the original.
 */
export function fold(text: string): string {
  // ASCII letters only change case; the rest (a few in a hundred) are looked up once each. The
  // same result as folding character by character, in linear time on texts of any size.
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase()).replace(/[^\x00-\x7f]/gu, foldCharacter);
}

const folded = new Map<string, string>();

function foldCharacter(ch: string): string {
  let out = folded.get(ch);
  if (out === undefined) {
    const lower = ch.toLowerCase();
    const mapped = lower === "æ" ? "e" : lower === "ø" ? "o" : lower === "å" ? "a" : lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out = mapped.length === ch.length ? mapped : ch;
    folded.set(ch, out);
  }
  return out;
}
