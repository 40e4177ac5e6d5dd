// Re-flowing: a slide or a scan breaks a sentence wherever its box ends. Those breaks are layout,
// not text, and are joined; the breaks an author meant (after a "Label:", under a label in
// capitals, before a bullet) stay.
import { danishLexicon } from "../repair/lexicon.ts";
import { isCapitalLabel, isLabelled, startsLower, STRONG_BULLET } from "./lines.ts";
import { editRich, type Edit, type Rich } from "./rich.ts";

/** Words after which a hyphen at a line's end is a suspended compound ("social- og specialundervisning"). */
const AFTER_SUSPENDED_HYPHEN = new Set(["og", "eller", "samt", "og/eller", "til", "men", "som"]);

/** Joins the lines of a paragraph or list item where only the layout broke them. */
export function reflow(rich: Rich): Rich {
  const text = rich.text;
  const edits: Edit[] = [];
  let widest = 0;
  for (const l of text.split("\n")) widest = Math.max(widest, l.trim().length);
  let lineStart = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) {
    const line = text.slice(lineStart, nl);
    const nextEnd = text.indexOf("\n", nl + 1);
    const next = text.slice(nl + 1, nextEnd === -1 ? text.length : nextEnd);
    lineStart = nl + 1;
    if (keepsBreak(line, next, widest)) continue;
    const trailing = line.length - line.trimEnd().length;
    const leading = next.length - next.trimStart().length;
    const start = nl - trailing;
    const end = nl + 1 + leading;
    const hyphen = /(\p{L}+)-$/u.exec(line.trimEnd());
    if (hyphen) {
      const nextWord = /^[\p{L}/]+/u.exec(next.trimStart())?.[0] ?? "";
      if (nextWord && !AFTER_SUSPENDED_HYPHEN.has(nextWord.toLowerCase()) && /^\p{Ll}/u.test(nextWord)) {
        const drop = isSoftHyphen(hyphen[1]!, nextWord) ? 1 : 0;
        edits.push({ start: start - drop, end, insert: "" });
        continue;
      }
    }
    edits.push({ start, end, insert: " " });
  }
  return editRich(rich, edits);
}

/** Headings are one line whatever the layout did. */
export function oneLine(rich: Rich): Rich {
  const edits: Edit[] = [];
  for (const m of rich.text.matchAll(/[ \t]*\n\s*/g)) edits.push({ start: m.index, end: m.index + m[0].length, insert: " " });
  return editRich(rich, edits);
}

/** A line that ends with a dot leader and a page number (the OCR stage writes a leader as "…"). */
const CONTENTS_ENTRY = /(?:…|\.{4,})\s*\d{1,4}$/u;

/** Lines within this share of the widest line's length were full: the layout broke them. */
const FULL_LINE = 0.85;

function keepsBreak(line: string, next: string, widest: number): boolean {
  if (!line.trim() || !next.trim()) return true;
  if (/:["”’)]*$/u.test(line.trimEnd())) return true;
  // A contents entry ends with its leader and page number ("1 Indledning … 3"): each is a line.
  if (CONTENTS_ENTRY.test(line.trimEnd())) return true;
  if (STRONG_BULLET.test(next.trimStart())) return true;
  if (isCapitalLabel(line) !== isCapitalLabel(next)) return true;
  // Lines that each open with a label ("Fokusområde 1: …" over "Fokusområde 2: …") are a list.
  if (isLabelled(line) && isLabelled(next)) return true;
  if (startsLower(next)) return false;
  // Before a capital, the break is the layout's only if the next line's first word would not have
  // fitted on this one ("Det forstærkede samarbejde" over "Holder hånden under …" is a heading line).
  const firstWord = next.trim().split(/\s+/)[0]!;
  return line.trim().length + 1 + firstWord.length < FULL_LINE * widest;
}

/**
 * Whether the hyphen that ends a line only splits a word, and goes when the line is joined. It does
 * when the break falls inside a word the dictionary lists: the joined form itself
 * ("arbejds-\nmarkedet"), or a word it opens ("special-\nundervisningstilbud" opens
 * "specialundervisning"), or when it is a compound whose parts do not meet at the break
 * ("domæneob-\njekt"). Where the break falls between the parts of a compound no listed word spans,
 * the hyphen may well be the author's: Word and LibreOffice do not hyphenate unless told to, and in
 * the Danish office documents of the OCR development set every hyphen at a line's end was typed
 * ("domæne-objekt", "enheds-hierarkiet", "gruppe-medlemsskaber"), so the printed hyphen stays. A
 * form the dictionary does not know at all ("KKR-\nformandskabet", "docker-\ncompose") keeps it too,
 * and so does a single letter before it ("e-\nmail"): hyphenation leaves at least two.
 */
function isSoftHyphen(left: string, right: string): boolean {
  if (left.length < 2) return false;
  const joined = (left + right).toLowerCase();
  const lexicon = danishLexicon();
  for (let end = joined.length; end > left.length; end--) if (lexicon.isWord(joined.slice(0, end))) return true;
  return lexicon.compound(joined) !== null && !lexicon.compoundAt(joined, left.length);
}
