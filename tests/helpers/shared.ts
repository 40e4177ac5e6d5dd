// Test helpers: paths into ../shared (read-only, beside the project) and text measures.
import { fileURLToPath } from "node:url";

export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

export function shared(path: string): string {
  return SHARED + path;
}

/** Lower-cased words (by default Unicode letters and digits), the unit word recall is counted in. */
export function words(text: string, word: RegExp = /[\p{L}\p{N}]+/gu): string[] {
  return text.toLowerCase().match(word) ?? [];
}

/** Share of the truth's words (as a multiset) found in the output; `word` says what a word is. */
export function wordRecall(truth: string, output: string, word?: RegExp): number {
  const have = new Map<string, number>();
  for (const w of words(output, word)) have.set(w, (have.get(w) ?? 0) + 1);
  const want = words(truth, word);
  let found = 0;
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      found++;
      have.set(w, n - 1);
    }
  }
  return want.length ? found / want.length : 1;
}

/** Does `needles` appear in `haystack` in this order (each after the previous one)? */
export function inOrder(haystack: string, needles: readonly string[]): boolean {
  let at = 0;
  for (const n of needles) {
    const i = haystack.indexOf(n, at);
    if (i < 0) return false;
    at = i + n.length;
  }
  return true;
}
