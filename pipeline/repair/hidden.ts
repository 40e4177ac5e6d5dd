// Words that a wrong-language OCR turns into other real words: "før" read as "for", "få" as "fa",
// "måle" as "male". Such a word passes every lexicon check, so the corrector looks it up here: an
// index from each rendering OCR gives a common word with æ, ø or å to that word, built from the
// channel's single-letter rules. A lookup costs one map access instead of a candidate search.
import type { LoadedChannel } from "./channel/model.ts";

export interface HiddenWord {
  /** The true word, lower case. */
  word: string;
  /** log P(rendering | word) over the letters that differ: what the channel charges for the change. */
  logProb: number;
}

/** Renderings of a letter less likely than this are not indexed. */
const MIN_P = 0.005;
/** Nor renderings of a whole word less likely than this. */
const MIN_WORD_P = 1e-4;

export function hiddenWordIndex(words: Iterable<string>, channel: LoadedChannel): Map<string, HiddenWord[]> {
  const outcomes = new Map<string, [string, number][]>();
  for (const ch of ["æ", "ø", "å"]) {
    const entry = channel.model.rules[ch];
    const identity = channel.identity.get(ch) ?? channel.defaultIdentityLog;
    if (!entry) continue;
    const seen = Object.entries(entry.to)
      .filter(([ocr, [, p]]) => ocr !== ch && p >= MIN_P)
      .map(([ocr, [, p]]): [string, number] => [ocr, Math.log(p) - identity]);
    outcomes.set(ch, seen);
  }
  const index = new Map<string, HiddenWord[]>();
  for (const word of words) {
    if (!/[æøå]/u.test(word)) continue;
    let renderings: [string, number][] = [["", 0]];
    for (const ch of word) {
      const options = outcomes.get(ch);
      if (!options) {
        renderings = renderings.map(([text, log]) => [text + ch, log]);
        continue;
      }
      const next: [string, number][] = [];
      for (const [text, log] of renderings) for (const [ocr, l] of options) if (log + l >= Math.log(MIN_WORD_P)) next.push([text + ocr, log + l]);
      renderings = next;
      if (!renderings.length) break;
    }
    for (const [text, logProb] of renderings) {
      const list = index.get(text);
      if (list) list.push({ word, logProb });
      else index.set(text, [{ word, logProb }]);
    }
  }
  return index;
}
