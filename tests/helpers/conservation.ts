// The structure stage never loses words: what a page's reader produced (rawText, with the repair
// stage's changes applied) must come back as the words of text + furniture + dropped. Words are
// runs of letters and digits; a word hyphenated at a line's end may come back joined.
import type { DocumentRecord, Page } from "../../src/model/document.ts";

export interface Conservation {
  /** Words of the reading that are in none of text, furniture and dropped. */
  lost: string[];
  /** Words in text, furniture or dropped that the reading did not have. */
  added: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return (text.normalize("NFC").match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** rawText with the page's repairs applied (their offsets point into rawText). */
export function repairedRawText(doc: DocumentRecord, page: Page): string {
  const repairs = doc.repairs.filter((r) => r.page === page.number).sort((a, b) => b.offset - a.offset);
  let text = page.rawText;
  for (const r of repairs) {
    if (text.slice(r.offset, r.offset + r.original.length) !== r.original) continue;
    text = text.slice(0, r.offset) + r.replacement + text.slice(r.offset + r.original.length);
  }
  return text;
}

export function conservation(doc: DocumentRecord, page: Page): Conservation {
  const read = count(words(repairedRawText(doc, page)));
  const kept = count(words([page.text, ...page.furniture, ...page.dropped].join("\n")));
  const lost = leftOver(read, kept);
  const added = leftOver(kept, read);
  // A word hyphenated at a line's end comes back joined: two lost parts make one added whole.
  for (const whole of [...added]) {
    const split = lost.findIndex((a, i) => whole.startsWith(a) && lost.some((b, k) => k !== i && a + b === whole));
    if (split < 0) continue;
    const head = lost[split]!;
    const tail = lost.findIndex((b, k) => k !== split && head + b === whole);
    for (const i of [split, tail].sort((x, y) => y - x)) lost.splice(i, 1);
    added.splice(added.indexOf(whole), 1);
  }
  return { lost, added };
}

function count(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

function leftOver(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [w, n] of a) for (let i = 0; i < n - (b.get(w) ?? 0); i++) out.push(w);
  return out.sort();
}
