// What kind of document this is. A deck is a presentation whatever it is about; otherwise the
// title says it ("Styringsaftale 2022", "Bilag 3: Central udmelding …", "Vejledning til
// standardkontrakt …": the first kind named), then the headings; a web page that names none is a
// web page.
import type { DocumentRecord } from "../../src/model/document.ts";
import { excerpt, fold, type EvidenceDraft, type TextUnit } from "./types.ts";

/** Kinds and how titles name them (folded, see `fold`; a stem matches its inflections). */
const KINDS: readonly [string, RegExp][] = [
  ["Takstbilag", /takstbilag/],
  ["Central udmelding", /central(?:e)?\s+udmelding/],
  ["Udviklingsstrategi", /udviklingsstrategi/],
  ["Styringsaftale", /styringsaftale/],
  ["Socialaftale", /socialaftale/],
  ["Rammeaftale", /rammeaftale/],
  ["Samarbejdsaftale", /samarbejdsaftale/],
  ["Årsrapport", /(?:a|aa)rsrapport|(?:a|aa)rsberetning/],
  ["Udgiftsanalyse", /udgiftsanalyse/],
  ["Standardkontrakt", /standardkontrakt/],
  ["Vejledning", /vejledning/],
  ["Referat", /referat/],
  ["Dagsorden", /dagsorden/],
  ["Kommissorium", /kommissorium/],
  ["Høringssvar", /horingssvar/],
  ["Notat", /(?<![\p{L}])notat(?![\p{L}])/u],
  ["Rapport", /(?<![\p{L}])rapport(?:en)?(?![\p{L}])/u],
  ["Præsentation", /pr(?:e|ae)sentation|opl(?:e|ae)g(?![\p{L}])/u],
];

/** The first page's text blocks that may carry the kind line (letterhead, title, date lines). */
const KIND_LINE_BLOCKS = 6;
/** What may follow the kind on its line: nothing, or a dash or colon and a short date or place. */
const KIND_LINE = /^\s*(?:[-–—:]\s*[^\n]{0,40})?$/u;

const ATTACHMENT_LABEL = /^\s*bilag\s*\d+(?:\.\d+)*[a-z]?\s*[:.–-]\s*/iu;

export function documentType(doc: DocumentRecord, deck: boolean, units: readonly TextUnit[]): { type: string | null; evidence: EvidenceDraft | null } {
  if (deck) {
    return { type: "Præsentation", evidence: { value: "Præsentation", page: null, text: doc.layout === "slides" && doc.source.mediaType.includes("presentation") ? "PowerPoint deck" : "slide deck: one slide per page", source: "format", confidence: 0.9 } };
  }
  const titles = units.filter((u) => u.kind === "title" || (u.kind === "heading" && u.page === 1)).slice(0, 3);
  for (const unit of titles) {
    const kind = kindIn(unit.text);
    // "Procesplan for Nordjysk Socialaftale 2027-2028", "Evaluering af Rammeaftale 2015": the
    // agreement is what the document is about; its kind is the word the title opens with, or the
    // letterhead's.
    if (kind && ABOUT.test(fold(spacedOut(unit.text).slice(0, kind.index)))) continue;
    if (kind) return { type: kind.kind, evidence: { value: kind.kind, page: unit.kind === "title" ? null : unit.page, text: excerpt(spacedOut(unit.text), kind.index, kind.length), source: unit.kind === "title" ? "title" : "heading", confidence: unit.kind === "title" ? 0.85 : 0.75 } };
    if (ATTACHMENT_LABEL.test(unit.text)) return { type: "Bilag", evidence: { value: "Bilag", page: unit.kind === "title" ? null : unit.page, text: unit.text, source: "title", confidence: 0.7 } };
  }
  // No kind in the title: the one most headings open with ("Referat af …"); a kind named inside a
  // heading ("Opsamling og præsentation af data") is a common noun, not the document's kind.
  const counts = new Map<string, { n: number; unit: TextUnit; index: number; length: number }>();
  for (const unit of units) {
    if (unit.kind !== "heading") continue;
    const kind = kindIn(unit.text);
    if (!kind || kind.index > (ATTACHMENT_LABEL.exec(unit.text)?.[0].length ?? 0) + (/^\s*/.exec(unit.text)?.[0].length ?? 0)) continue;
    const entry = counts.get(kind.kind);
    if (entry) entry.n++;
    else counts.set(kind.kind, { n: 1, unit, index: kind.index, length: kind.length });
  }
  const best = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  if (best && best[1].n >= 2) {
    const { unit, index, length } = best[1];
    return { type: best[0], evidence: { value: best[0], page: unit.page, text: excerpt(unit.text, index, length), source: "heading", confidence: 0.55 } };
  }
  // A scan has no title and often no headings (its print is all one size): the first page's
  // lines then say it, a line that is a kind and nothing more ("Dagsorden", "Referat – 3. maj
  // 2019"), as the top of a municipal page does.
  for (const unit of units.filter((u) => u.kind === "paragraph" && u.page === 1).slice(0, KIND_LINE_BLOCKS)) {
    const kind = kindIn(unit.text);
    if (kind && kind.index === 0 && KIND_LINE.test(unit.text.slice(kind.index + kind.length))) {
      return { type: kind.kind, evidence: { value: kind.kind, page: 1, text: excerpt(spacedOut(unit.text), kind.index, kind.length), source: "heading", confidence: 0.5 } };
    }
  }
  if (doc.source.mediaType === "text/html") return { type: "Webside", evidence: { value: "Webside", page: null, text: "saved web page (text/html)", source: "format", confidence: 0.6 } };
  return { type: null, evidence: null };
}

/** A preposition and at most two words before a kind: the kind is the subject ("… for Nordjysk Socialaftale"). */
const ABOUT = /(?:^|\s)(?:for|til|om|af|vedr\.?|vedrorende)\s+(?:\S+\s+){0,2}$/u;

/** Letter-spaced words ("N O T A T") closed up; other text as it is. Same length where nothing is spaced. */
function spacedOut(text: string): string {
  return text.replace(/(?<![\p{L}])\p{L}(?: \p{L}){2,}(?![\p{L}])/gu, (m) => m.replace(/ /g, ""));
}

/** The first kind a title names, after an attachment label ("Bilag 5: Styringsaftale 2022"). */
function kindIn(raw: string): { kind: string; index: number; length: number } | null {
  const text = spacedOut(raw);
  const label = ATTACHMENT_LABEL.exec(text);
  const offset = label ? label[0].length : 0;
  const folded = fold(text.slice(offset));
  let best: { kind: string; index: number; length: number } | null = null;
  for (const [kind, re] of KINDS) {
    const m = new RegExp(re.source, re.flags.replace("g", "")).exec(folded);
    if (m && (best === null || m.index < best.index)) best = { kind, index: m.index + offset, length: m[0].length };
  }
  return best;
}
