// Reading-order tolerant error rates, fair to re-flowed text: line breaks carry no weight, and
// blocks of words that occur in both texts (at least two words, or one word of six characters or
// more) may move into the truth's order before characters (or words) are compared. A missing word,
// a wrong glyph or a lost bullet costs what it should; a paragraph re-flowed, a table read cell by
// cell or a sidebar read first costs nothing. The same measure as shared/corpus-tools/lib/
// blockcer.mjs (tests/helpers/blockscore.test.ts checks they agree), extended to words.
import { levenshtein, type ErrorRates } from "./textscore.ts";

/** Totals over pages: textscore.ts's sumRates (the counts are the same shape). */
export { sumRates as sumScores } from "./textscore.ts";

/** " | " between table cells in the truth is a space; a run of four or more leader dots is one "…". */
export function normaliseForScore(text: string): string {
  return String(text ?? "")
    .normalize("NFC")
    .replace(/ \| /g, "   ")
    .replace(/ \|$/gm, "")
    .replace(/(?:[.…·][ \t]?){4,}/g, " … ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Block-move CER and WER counts of `hypothesis` against `truth`. */
export function blockScore(truth: string, hypothesis: string): ErrorRates {
  const T = tokens(truth);
  const H = tokens(hypothesis);
  const tStr = [...T.join(" ")];
  if (!H.length) return { chars: tStr.length, charErrors: tStr.length, words: T.length, wordErrors: T.length };
  const order = moveBlocks(T, H);
  const moved = order.join(" ");
  const strictChars = levenshtein([...normaliseForScore(hypothesis)], [...normaliseForScore(truth)]);
  return {
    chars: tStr.length,
    charErrors: Math.min(levenshtein([...moved], tStr), strictChars),
    words: T.length,
    wordErrors: Math.min(levenshtein(order, T), levenshtein(H, T)),
  };
}

function tokens(text: string): string[] {
  return normaliseForScore(text).split(" ").filter(Boolean);
}

/**
 * The hypothesis's tokens with its matched blocks put in the truth's order (greedy, longest common
 * block first); each unmatched stretch travels with the matched token before it.
 */
function moveBlocks(T: readonly string[], H: readonly string[]): string[] {
  const tUsed = new Uint8Array(T.length);
  const hUsed = new Uint8Array(H.length);
  const key = new Float64Array(H.length).fill(Number.NaN);
  for (;;) {
    const b = longestCommon(T, H, tUsed, hUsed);
    if (b.len === 0 || (b.len < 2 && [...T[b.i]!].length < 6)) break;
    for (let k = 0; k < b.len; k++) {
      tUsed[b.i + k] = 1;
      hUsed[b.j + k] = 1;
      key[b.j + k] = b.i + k;
    }
  }
  const firstKey = [...key].find((x) => !Number.isNaN(x));
  let last = -1;
  const order = H.map((w, j) => {
    if (!Number.isNaN(key[j]!)) {
      last = key[j]!;
      return { w, key: last, j };
    }
    return { w, key: last < 0 ? (firstKey ?? 0) - 0.5 : last + 0.5, j };
  });
  order.sort((a, b) => a.key - b.key || a.j - b.j);
  return order.map((x) => x.w);
}

/** The longest run T[i..i+len) = H[j..j+len) over tokens not yet matched. */
function longestCommon(T: readonly string[], H: readonly string[], tUsed: Uint8Array, hUsed: Uint8Array): { len: number; i: number; j: number } {
  let best = { len: 0, i: -1, j: -1 };
  let prev = new Uint32Array(H.length + 1);
  let cur = new Uint32Array(H.length + 1);
  for (let i = 1; i <= T.length; i++) {
    if (tUsed[i - 1]) {
      prev.fill(0);
      continue;
    }
    cur[0] = 0;
    for (let j = 1; j <= H.length; j++) {
      if (!hUsed[j - 1] && T[i - 1] === H[j - 1]) {
        cur[j] = prev[j - 1]! + 1;
        if (cur[j]! > best.len) best = { len: cur[j]!, i: i - cur[j]!, j: j - cur[j]! };
      } else cur[j] = 0;
    }
    [prev, cur] = [cur, prev];
  }
  return best;
}
