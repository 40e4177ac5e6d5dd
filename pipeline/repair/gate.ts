// Which pages the repair touches, and how boldly. Danish running text without a single æ, ø or å
// is almost certainly text OCR'd with a language model that lacks them: restoring them is likely
// right, so the bolder "restore" mode applies. Danish text that has them gets only confident fixes
// of words no lexicon knows. Born-digital text is left alone: it has no OCR errors to fix.
import type { DocumentRecord, Page } from "../../src/model/document.ts";
import type { Lexicon } from "./lexicon.ts";
import type { RepairMode } from "./correct.ts";

export interface PageGate {
  mode: RepairMode | null;
  reason: string;
}

/** Danish function words, with the forms OCR leaves of those with å ("pa", "ogsa"). */
const DANISH = new Set(["og", "i", "at", "det", "en", "den", "til", "er", "som", "på", "pa", "de", "med", "for", "af", "ikke", "der", "et", "har", "om", "vi", "kan", "skal", "fra", "ved", "også", "ogsa", "eller", "samt", "hvor", "være", "vaere", "veere", "blev", "mellem", "sammen", "efter"]);
/** Enough words to judge a page by itself; shorter pages follow the document. */
const PAGE_WORDS = 40;
/** Share of function words in running Danish (well over 15 %); lists of names have few. */
const MIN_DANISH = 0.1;
/** Normal Danish has æ, ø or å in about one word in ten; stripped text in none. */
const MAX_STRIPPED = 0.005;

interface Counts {
  words: number;
  danish: number;
  withLetters: number;
}

export function judgeDocument(doc: DocumentRecord): PageGate[] {
  const counts = doc.pages.map((p) => count(p.text));
  const all = counts.reduce((a, c) => ({ words: a.words + c.words, danish: a.danish + c.danish, withLetters: a.withLetters + c.withLetters }), {
    words: 0,
    danish: 0,
    withLetters: 0,
  });
  const docStripped = isStripped(all);
  return doc.pages.map((page, i) => {
    const c = counts[i]!;
    if (!c.words) return { mode: null, reason: "no text" };
    const stripped = c.words >= PAGE_WORDS ? isStripped(c) : docStripped && c.withLetters === 0;
    const kind = sourceKind(doc, page);
    if (stripped) return { mode: "restore", reason: "Danish text without æ ø å: read with a language model that lacks them" };
    if (kind === "born-digital") return { mode: null, reason: "born-digital text: no OCR errors to fix" };
    return { mode: "conservative", reason: "OCR text with æ ø å: confident fixes only" };
  });
}

/**
 * Words the document itself vouches for, lower-cased, with a Zipf value for the corrector: a word
 * with æ, ø or å met twice (no wrong-language OCR makes those letters), or any word met three times
 * on pages that have them (a name or term of the document, not damage). Stripped pages repeat
 * their damage ("omradet" on every page), so they teach nothing.
 */
export function learnedWords(doc: DocumentRecord, lexicon: Lexicon, gates = judgeDocument(doc)): Map<string, number> {
  const seen = new Map<string, number>();
  for (const [i, page] of doc.pages.entries()) {
    if (gates[i]!.mode === "restore") continue;
    for (const w of page.text.toLowerCase().match(/\p{L}+/gu) ?? []) seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  const learned = new Map<string, number>();
  for (const [w, n] of seen) {
    if (w.length < 3 || lexicon.isWord(w)) continue;
    if (n >= 3 || (n >= 2 && /[æøå]/u.test(w))) learned.set(w, 2);
  }
  return learned;
}

function count(text: string): Counts {
  const words = text.toLowerCase().match(/\p{L}{2,}|\bi\b/gu) ?? [];
  let danish = 0;
  let withLetters = 0;
  for (const w of words) {
    if (DANISH.has(w)) danish++;
    if (/[æøå]/u.test(w)) withLetters++;
  }
  return { words: words.length, danish, withLetters };
}

function isStripped(c: Counts): boolean {
  return c.words >= 20 && c.danish / c.words >= MIN_DANISH && c.withLetters / c.words <= MAX_STRIPPED;
}

/** Where the page's text came from: OCR (ours or a legacy text file's) or a born-digital source. */
function sourceKind(doc: DocumentRecord, page: Page): "ocr" | "born-digital" {
  if (page.method === "ocr") return "ocr";
  // Plain text files in this archive are exports of old OCR.
  if (doc.source.mediaType.startsWith("text/plain")) return "ocr";
  return "born-digital";
}
