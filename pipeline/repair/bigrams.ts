// Which words go together in clean Danish prose: word and word-pair counts from LibreOffice's
// Danish help (lexicon/build-bigrams.ts, lexicon/README.md). The corrector asks how much better a
// candidate fits between its neighbours than its frequency alone predicts ("før du" against
// "for du"), so context can tip a close call.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { projectPath } from "../../src/paths.ts";

export interface Bigrams {
  /**
   * log P(word | prev) - log P(word) + log P(next | word) - log P(next), in nats, smoothed: how much
   * better the word fits between these neighbours than on its own; only pairs the prose has count
   * (see lift), so it is 0 where the counts know nothing.
   */
  context(prev: string | null, word: string, next: string | null): number;
}

/** Pseudo-count of the unigram prior in P(b | a) = (c(a b) + K P(b)) / (c(a) + K). */
const K = 5;

let loaded: Bigrams | undefined;

export function danishBigrams(): Bigrams {
  loaded ??= load();
  return loaded;
}

function load(): Bigrams {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  const text = gunzipSync(readFileSync(projectPath("pipeline", "repair", "lexicon", "da-bigrams.tsv.gz"))).toString("utf8");
  let total = 0;
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const key = line.slice(0, tab);
    const n = Number(line.slice(tab + 1));
    if (key.includes(" ")) pairs.set(key, n);
    else {
      words.set(key, n);
      total += n;
    }
  }
  const vocabulary = words.size;
  const p = (w: string) => ((words.get(w) ?? 0) + 1) / (total + vocabulary);
  // log P(b | a) - log P(b) for a pair the prose has; 0 for one it lacks. Only presence counts: the
  // table keeps pairs seen at least twice in ~600k words, so a missing pair says little, and
  // counting it against a word would favour words the prose never uses.
  const lift = (a: string, b: string): number => {
    const ab = pairs.get(`${a} ${b}`);
    if (!ab) return 0;
    const pb = p(b);
    return Math.max(0, Math.log((ab + K * pb) / (words.get(a)! + K)) - Math.log(pb));
  };
  return {
    context(prev, word, next) {
      const w = word.toLowerCase();
      return (prev ? lift(prev.toLowerCase(), w) : 0) + (next ? lift(w, next.toLowerCase()) : 0);
    },
  };
}
