// Character and word error rates of a text against its truth, as OCR post-correction work reports
// them: Levenshtein distance over the truth's length. Whitespace is normalised first (OCR reflows
// lines), so only the characters and the word boundaries count.

/** Edit distance between two sequences (strings: by UTF-16 unit; Danish letters are one unit each). */
export function levenshtein<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let prev = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(sub, prev[j]! + 1, row[j - 1]! + 1);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

export function normaliseSpace(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

export interface ErrorRates {
  chars: number;
  charErrors: number;
  words: number;
  wordErrors: number;
}

export function errorRates(truth: string, output: string): ErrorRates {
  const t = normaliseSpace(truth);
  const o = normaliseSpace(output);
  const tw = t.split(" ").filter(Boolean);
  const ow = o.split(" ").filter(Boolean);
  return { chars: t.length, charErrors: levenshtein(o, t), words: tw.length, wordErrors: levenshtein(ow, tw) };
}

export function sumRates(all: readonly ErrorRates[]): ErrorRates & { cer: number; wer: number } {
  const s = all.reduce((a, r) => ({ chars: a.chars + r.chars, charErrors: a.charErrors + r.charErrors, words: a.words + r.words, wordErrors: a.wordErrors + r.wordErrors }), {
    chars: 0,
    charErrors: 0,
    words: 0,
    wordErrors: 0,
  });
  return { ...s, cer: s.charErrors / Math.max(1, s.chars), wer: s.wordErrors / Math.max(1, s.words) };
}

/**
 * For each token of `output` (split at whitespace), whether the word-level alignment with the
 * truth pairs it with an identical truth token: which words were right.
 */
export function correctTokens(truth: string, output: string): boolean[] {
  const t = normaliseSpace(truth).split(" ").filter(Boolean);
  const o = normaliseSpace(output).split(" ").filter(Boolean);
  const w = t.length + 1;
  const d = new Int32Array((o.length + 1) * w);
  for (let j = 0; j <= t.length; j++) d[j] = j;
  for (let i = 1; i <= o.length; i++) {
    d[i * w] = i;
    for (let j = 1; j <= t.length; j++) {
      d[i * w + j] = Math.min(d[(i - 1) * w + j - 1]! + (o[i - 1] === t[j - 1] ? 0 : 1), d[(i - 1) * w + j]! + 1, d[i * w + j - 1]! + 1);
    }
  }
  const right = new Array<boolean>(o.length).fill(false);
  let i = o.length;
  let j = t.length;
  while (i > 0 && j > 0) {
    const here = d[i * w + j]!;
    if (here === d[(i - 1) * w + j - 1]! + (o[i - 1] === t[j - 1] ? 0 : 1)) {
      right[i - 1] = o[i - 1] === t[j - 1];
      i--;
      j--;
    } else if (here === d[(i - 1) * w + j]! + 1) i--;
    else j--;
  }
  return right;
}
