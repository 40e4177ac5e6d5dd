// The agreement's content in brief: its focus areas and its vision, as the documents state them
// ("Fokusområde 1: Den gode alderdom …", a "FOKUSOMRÅDE 1" label over a slide's box, a
// "Fokusområder i …" slide with one short line per area; "Overordnet vision: Øget egenmestring",
// "Visionen … er:" over a quotation, a "VISION" label), and a web page's footer facts: when it was
// last updated and who is its responsible editor.
import { danishLexicon } from "../repair/lexicon.ts";
import { findFullDates } from "./dates.ts";
import { endsClause, wordCount } from "../structure/lines.ts";
import { excerpt, fold, type EvidenceDraft, type TextUnit } from "./types.ts";

const BODY = new Set<TextUnit["kind"]>(["heading", "paragraph", "item", "cell"]);

export interface Found {
  values: string[];
  evidence: EvidenceDraft[];
}

/** A table the document holds, with its page: a column headed "Fokusområde" lists the areas. */
export interface PageTable {
  page: number;
  rows: readonly (readonly string[])[];
}

const FOCUS_LABEL = /^\s*fokusomr(?:å|a|aa)de(?:r|rne)?\s*$/iu;
const NAMES_FOCUS_AREAS = /fokusomr(?:å|a|aa)der/iu;
/** Where labelled lines were joined into one ("Fokusområde 1: … Fokusområde 2: …"), the next
 * numbered label, capitalised as a label is, starts the next area. */
const NEXT_NUMBERED_LABEL = /\s+(?=(?:Fokusomr(?:å|a|aa)de|FOKUSOMR(?:Å|A|AA)DE)\s+\d+\s*[:.–-])/u;
/** A focus area is named in a few words; longer items are what is done about it. */
const FOCUS_NAME_MAX_WORDS = 12;

export function focusAreas(units: readonly TextUnit[], tables: readonly PageTable[] = []): Found {
  const found: Found = { values: [], evidence: [] };
  const add = (value: string, unit: TextUnit, confidence: number) => {
    const v = clean(value);
    if (!v || wordCount(v) > 20 || found.values.some((x) => fold(x) === fold(v))) return;
    found.values.push(v);
    found.evidence.push({ value: v, page: unit.page, text: excerpt(unit.text, 0, Math.min(unit.text.length, 80)), source: unit.kind === "heading" ? "heading" : unit.kind === "cell" ? "table" : "text", confidence });
  };
  const body = units.filter((u) => BODY.has(u.kind));
  const label = /^\s*fokusomr(?:å|a|aa)de(?![\p{L}])\s*\d*\s*[:.–-]?\s*/iu;
  for (const [i, unit] of body.entries()) {
    // "Fokusområde 2: Flere borgere …", one a line, or "FOKUSOMRÅDE 1" over the area's name. A
    // table's header cell is no such label: its column is read below.
    const lines = unit.text.split("\n").flatMap((line) => line.split(NEXT_NUMBERED_LABEL));
    if (!label.test(lines[0]!) || (unit.kind === "cell" && FOCUS_LABEL.test(unit.text))) continue;
    if (lines.length > 1 && lines.slice(1).every((l) => !label.test(l))) {
      add(lines.slice(1).join(" "), unit, 0.8);
      continue;
    }
    for (const line of lines) {
      const m = label.exec(line);
      if (!m) continue;
      const rest = line.slice(m[0].length).trim();
      if (rest) add(rest, unit, 0.9);
      else if (lines.length === 1 && body[i + 1] && body[i + 1]!.page === unit.page) add(body[i + 1]!.text, body[i + 1]!, 0.8);
    }
  }
  // A slide or section titled "Fokusområder …" that names each area on a short line over its text.
  if (!found.values.length) {
    for (const [i, unit] of body.entries()) {
      if (!unit.section || !/^fokusomr(?:å|a|aa)der(?![\p{L}])/iu.test(unit.section) || unit.text === unit.section) continue;
      if (unit.kind !== "paragraph" && unit.kind !== "heading") continue;
      const next = body[i + 1];
      if (!unit.text.includes("\n") && wordCount(unit.text) <= 8 && !endsClause(unit.text) && next && next.page === unit.page && next.section === unit.section) {
        add(unit.text, unit, 0.7);
      }
    }
  }
  // A table with a "Fokusområde" column: one area a row.
  if (!found.values.length) {
    for (const table of tables) {
      const column = (table.rows[0] ?? []).findIndex((cell) => FOCUS_LABEL.test(cell));
      if (column === -1) continue;
      const unit = body.find((u) => u.page === table.page && u.kind === "cell") ?? body[0]!;
      for (const row of table.rows.slice(1)) if (row[column]?.trim()) add(row[column]!, { ...unit, text: row[column]! }, 0.8);
    }
  }
  // A list under a heading that names the focus areas ("Fokusområder 2010", "Forslag til
  // fokusområder 2025-2026", "4. Foreløbige fokusområder"), or after a lead-in that does ("…
  // foreslår tre fokusområder:"): each item names one, up to a colon or dash that explains it.
  if (!found.values.length) {
    // Only the first run of items: a list further down the section is something else (its attachments).
    let afterLeadIn = false;
    let list: number | undefined;
    const done = new Set<string>();
    for (const unit of body) {
      if (list !== undefined && unit.list !== list && unit.heading !== null) done.add(unit.heading);
      if (unit.kind !== "item") {
        afterLeadIn = unit.kind === "paragraph" && /:\s*$/.test(unit.text) && NAMES_FOCUS_AREAS.test(unit.text);
        list = undefined;
        continue;
      }
      const underHeading = unit.heading !== null && NAMES_FOCUS_AREAS.test(unit.heading) && !done.has(unit.heading);
      if (list === undefined && !afterLeadIn && !underHeading) continue;
      if (list !== undefined && unit.list !== list) {
        list = undefined;
        continue;
      }
      list = unit.list;
      const name = unit.text.split(/\n|:\s|\s[–—-]\s/u)[0]!;
      if (wordCount(name) <= FOCUS_NAME_MAX_WORDS && !endsClause(name)) add(name, unit, 0.7);
    }
  }
  return found;
}

export function vision(units: readonly TextUnit[]): { value: string | null; evidence: EvidenceDraft | null } {
  const body = units.filter((u) => BODY.has(u.kind));
  for (const [i, unit] of body.entries()) {
    const inline = /\bvision(?:en)?\s*:\s*(.+)$/isu.exec(unit.text);
    if (inline && wordCount(inline[1]!) <= 40) return result(inline[1]!, unit, 0.9);
    const next = body[i + 1];
    if (!next || next.page !== unit.page) continue;
    // A "VISION" label over its text in one box.
    const over = /^\s*vision(?:en)?\s*\n([\s\S]+)$/iu.exec(unit.text);
    if (over && wordCount(over[1]!) <= 60) return result(over[1]!, unit, 0.8);
    // A "VISION" label, or a lead-in that ends with a colon: "Visionen for … er:".
    if (/^\s*vision(?:en)?\s*$/iu.test(unit.text) || (/\bvision(?:en)?\b/iu.test(unit.text) && /:\s*$/.test(unit.text) && wordCount(unit.text) <= 15)) {
      if (wordCount(next.text) <= 60) return result(next.text, next, 0.8);
    }
  }
  return { value: null, evidence: null };
}

function result(value: string, unit: TextUnit, confidence: number): { value: string; evidence: EvidenceDraft } {
  const v = clean(value);
  return { value: v, evidence: { value: v, page: unit.page, text: excerpt(unit.text, 0, Math.min(unit.text.length, 120)), source: unit.kind === "heading" ? "heading" : "text", confidence } };
}

/** Quotes, bullets and line breaks off; one line. */
function clean(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/^[\s"“„'‘]+|[\s"”'’]+$/gu, "")
    .trim();
}

/** "Opdateret 3. november 2017" (or "Senest opdateret: 03.11.2017") at the start of a line. */
export function updated(units: readonly TextUnit[]): { value: string | null; evidence: EvidenceDraft | null } {
  for (const unit of units) {
    for (const line of unit.text.split("\n")) {
      // At the start of a line or a sentence; "(opdateret 1. september 2020)" dates a plan, not the page.
      const m = /(?:^|[.!?]\s+)(?:senest\s+|sidst\s+)?opdateret\s*(?:d\.|den)?\s*:?\s*/iu.exec(line);
      if (!m) continue;
      const date = findFullDates(line.slice(m.index + m[0].length))[0];
      if (date && date.index <= 2) {
        return { value: date.iso, evidence: { value: date.iso, page: unit.page, text: line.trim(), source: "text", confidence: 0.9 } };
      }
    }
  }
  return { value: null, evidence: null };
}

/** "Ansvarlig redaktør: Randi Rønne". */
export function editor(units: readonly TextUnit[]): { value: string | null; evidence: EvidenceDraft | null } {
  for (const unit of units) {
    for (const line of unit.text.split("\n")) {
      const m = /(?:^|\s)(?:ansvarlig\s+)?redakt(?:ø|o|e)r\s*:\s*((?:\p{Lu}[\p{L}.'-]*\s*){1,4})/iu.exec(line);
      const name = m ? personName(m[1]!) : null;
      if (name) return { value: name, evidence: { value: name, page: unit.page, text: excerpt(line, m!.index, m![0].length), source: "text", confidence: 0.85 } };
    }
  }
  return { value: null, evidence: null };
}

/** Names are short words; a footer's next link is a long compound or a common word. */
const NAME_PART_MAX = 13;
const COMMON_ZIPF = 4.5;

/**
 * The capitalised words of a name, up to the first that cannot be part of one: a footer runs the
 * editor's name into its next link ("Randi Rønne Tilgængelighedserklæring Cookiepolitik").
 */
function personName(words: string): string | null {
  const lexicon = danishLexicon();
  const parts: string[] = [];
  for (const word of words.trim().split(/\s+/)) {
    const lower = word.toLowerCase();
    const common = (lexicon.zipf(lower) ?? 0) >= COMMON_ZIPF && !lexicon.isProper(lower);
    if (parts.length && (word.length > NAME_PART_MAX || common)) break;
    parts.push(word);
  }
  return parts.length ? parts.join(" ") : null;
}
