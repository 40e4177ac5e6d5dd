// Estimating the OCR channel P(ocr string | truth string) from OCR text and its true text, in the
// manner of Brill & Moore (2000): align words, align the characters of word pairs that differ, merge
// adjacent edit operations into one substitution of up to three characters a side, count each rule
// with and without one character of context, and divide by how often its truth side occurs.
import { createHash } from "node:crypto";
import { foldCase, type ChannelEntry, type ChannelModel } from "./model.ts";
import { pushAll } from "../../../src/lib/arrays.ts";

export interface TextPair {
  ocr: string;
  truth: string;
}

export interface EstimateOptions {
  /** Longest string on either side of a rule. */
  maxRuleLength?: number;
  /** Drop context-free rules seen fewer times (after smoothing, so the others keep their share). */
  minCount?: number;
  /** Drop rules with context seen fewer times: a context seen once says little beyond its core rule. */
  minContextCount?: number;
  /** Word pairs more different than this (char edits / longer length) are not the same word. */
  maxDissimilarity?: number;
}

const DEFAULTS: Required<EstimateOptions> = { maxRuleLength: 3, minCount: 1, minContextCount: 2, maxDissimilarity: 0.5 };

/** Whitespace tokens, NFC: OCR reflows lines, so lines and spaces carry no information here. */
export function tokenize(text: string): string[] {
  return text.normalize("NFC").split(/\s+/u).filter(Boolean);
}

/** One step of an alignment: an index into each sequence, or -1 where that side has nothing. */
interface Step {
  a: number;
  b: number;
}

/**
 * Weighted Levenshtein alignment with a backtrace. Ties prefer a substitution, then a deletion, so
 * the same input always gives the same alignment.
 */
function alignSequences<T>(a: readonly T[], b: readonly T[], subCost: (x: T, y: T) => number): Step[] {
  const w = b.length + 1;
  const cost = new Float64Array((a.length + 1) * w);
  for (let i = 0; i <= a.length; i++) cost[i * w] = i;
  for (let j = 0; j <= b.length; j++) cost[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const diag = cost[(i - 1) * w + j - 1]! + subCost(a[i - 1]!, b[j - 1]!);
      const del = cost[(i - 1) * w + j]! + 1;
      const ins = cost[i * w + j - 1]! + 1;
      cost[i * w + j] = Math.min(diag, del, ins);
    }
  }
  const steps: Step[] = [];
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    const here = cost[i * w + j]!;
    if (i > 0 && j > 0 && here === cost[(i - 1) * w + j - 1]! + subCost(a[i - 1]!, b[j - 1]!)) {
      steps.push({ a: --i, b: --j });
    } else if (i > 0 && here === cost[(i - 1) * w + j]! + 1) {
      steps.push({ a: --i, b: -1 });
    } else {
      steps.push({ a: -1, b: --j });
    }
  }
  return steps.reverse();
}

/** Plain character edit distance. */
export function editDistance(x: string, y: string): number {
  return alignSequences([...x], [...y], (p, q) => (p === q ? 0 : 1)).filter(
    (s) => s.a < 0 || s.b < 0 || x[s.a] !== y[s.b],
  ).length;
}

function dissimilarity(x: string, y: string): number {
  return editDistance(foldCase(x), foldCase(y)) / Math.max(x.length, y.length, 1);
}

/**
 * Pair OCR tokens with truth tokens. A unit-cost alignment first fixes the identical tokens as
 * anchors; each gap between anchors is then re-aligned with a cost that follows character
 * similarity, so that a dropped or split token does not shift its neighbours onto the wrong words.
 * A pair is kept when it is similar, or when it is alone in its gap ("i" → "1").
 */
export function alignTokens(ocr: readonly string[], truth: readonly string[], maxDissimilarity = DEFAULTS.maxDissimilarity): TextPair[] {
  const pairs: TextPair[] = [];
  const coarse = alignSequences(ocr, truth, (x, y) => (x === y ? 0 : 1));
  let gapOcr: string[] = [];
  let gapTruth: string[] = [];
  const flush = (): void => {
    if (gapOcr.length || gapTruth.length) pushAll(pairs, alignGap(gapOcr, gapTruth, maxDissimilarity));
    gapOcr = [];
    gapTruth = [];
  };
  for (const step of coarse) {
    const o = step.a >= 0 ? ocr[step.a]! : undefined;
    const t = step.b >= 0 ? truth[step.b]! : undefined;
    if (o !== undefined && o === t) {
      flush();
      pairs.push({ ocr: o, truth: o });
    } else {
      if (o !== undefined) gapOcr.push(o);
      if (t !== undefined) gapTruth.push(t);
    }
  }
  flush();
  return pairs;
}

function alignGap(ocr: string[], truth: string[], maxDissimilarity: number): TextPair[] {
  if (ocr.length === 1 && truth.length === 1) return [{ ocr: ocr[0]!, truth: truth[0]! }];
  const steps = alignSequences(ocr, truth, (x, y) => 2 * dissimilarity(x, y));
  const pairs: TextPair[] = [];
  steps.forEach((s, k) => {
    if (s.a < 0 || s.b < 0) return;
    const o = ocr[s.a]!;
    const t = truth[s.b]!;
    const d = dissimilarity(o, t);
    if (d > maxDissimilarity || isJoinOrSplit(o, t, d, steps[k - 1], steps[k + 1], ocr, truth)) return;
    pairs.push({ ocr: o, truth: t });
  });
  return pairs;
}

/**
 * Whether a pair is really half of a join or split ("det er" read as "deter", "Rostock-myten," as
 * "Rostock-" "myten,"): joined with an unpaired neighbour, it matches better. Such pairs would
 * otherwise teach the model to insert or drop whole syllables.
 */
function isJoinOrSplit(
  o: string,
  t: string,
  d: number,
  before: Step | undefined,
  after: Step | undefined,
  ocr: readonly string[],
  truth: readonly string[],
): boolean {
  const truthBefore = before && before.a < 0 ? truth[before.b]! : "";
  const truthAfter = after && after.a < 0 ? truth[after.b]! : "";
  const ocrBefore = before && before.b < 0 ? ocr[before.a]! : "";
  const ocrAfter = after && after.b < 0 ? ocr[after.a]! : "";
  const better = (x: string, y: string): boolean => dissimilarity(x, y) < d;
  return (
    (truthBefore !== "" && better(o, truthBefore + t)) ||
    (truthAfter !== "" && better(o, t + truthAfter)) ||
    (ocrBefore !== "" && better(ocrBefore + o, t)) ||
    (ocrAfter !== "" && better(o + ocrAfter, t))
  );
}

/** A character-level operation: equal single characters are a match, else an edit. */
interface CharOp {
  truth: string;
  ocr: string;
}

/** Character alignment of a word pair (both case-folded). */
export function alignChars(ocr: string, truth: string): CharOp[] {
  const o = [...ocr];
  const t = [...truth];
  return alignSequences(t, o, (x, y) => (x === y ? 0 : 1)).map((s) => ({
    truth: s.a >= 0 ? t[s.a]! : "",
    ocr: s.b >= 0 ? o[s.b]! : "",
  }));
}

/** A merged edit with the matched characters either side of it (or "" at a word edge). */
export interface Edit {
  truth: string;
  ocr: string;
  left: string;
  right: string;
}

/** Merge each run of adjacent non-matching operations into one edit ("æ"→"e" + ""→"e" = "æ"→"ee"). */
export function mergeEdits(ops: readonly CharOp[]): Edit[] {
  const edits: Edit[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.truth === ops[i]!.ocr) {
      i++;
      continue;
    }
    const start = i;
    let truth = "";
    let ocr = "";
    while (i < ops.length && ops[i]!.truth !== ops[i]!.ocr) {
      truth += ops[i]!.truth;
      ocr += ops[i]!.ocr;
      i++;
    }
    edits.push({ truth, ocr, left: start > 0 ? ops[start - 1]!.truth : "", right: i < ops.length ? ops[i]!.truth : "" });
  }
  return edits;
}

/**
 * The rules one edit yields: the edit itself, and with one character of context on the left, the
 * right, or both, while both sides stay within `max` characters. The context lets the model learn
 * that e.g. "o0" is far likelier an "o" than a lone "0" is noise.
 */
export function rulesOf(edit: Edit, max: number): { truth: string; ocr: string; context: boolean }[] {
  const out: { truth: string; ocr: string; context: boolean }[] = [];
  for (const left of edit.left ? ["", edit.left] : [""]) {
    for (const right of edit.right ? ["", edit.right] : [""]) {
      const truth = left + edit.truth + right;
      const ocr = left + edit.ocr + right;
      if (truth.length <= max && ocr.length <= max) out.push({ truth, ocr, context: left !== "" || right !== "" });
    }
  }
  return out;
}

/** Counts gathered over all aligned word pairs. */
interface Tally {
  rules: Map<string, Map<string, { count: number; context: boolean }>>;
  identity: Map<string, number>;
  truthWords: string[];
  stats: Record<string, number>;
}

function count<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function tallyPair(tally: Tally, ocrRaw: string, truthRaw: string, max: number): void {
  const ocr = foldCase(ocrRaw);
  const truth = foldCase(truthRaw);
  tally.truthWords.push(truth);
  if (ocr === truth) {
    for (const ch of truth) count(tally.identity, ch);
    return;
  }
  tally.stats.differingPairs!++;
  const ops = alignChars(ocr, truth);
  for (const op of ops) if (op.truth === op.ocr) count(tally.identity, op.truth);
  for (const edit of mergeEdits(ops)) {
    tally.stats.edits!++;
    const rules = rulesOf(edit, max);
    if (!rules.some((r) => !r.context)) tally.stats.editsTooLong!++;
    for (const rule of rules) {
      const outcomes = tally.rules.get(rule.truth) ?? new Map<string, { count: number; context: boolean }>();
      const seen = outcomes.get(rule.ocr) ?? { count: 0, context: rule.context };
      seen.count++;
      outcomes.set(rule.ocr, seen);
      tally.rules.set(rule.truth, outcomes);
    }
  }
}

/**
 * How often each rule's truth side occurs in the aligned truth words (within words: rules never span
 * a space). The empty string occurs once per character boundary, where OCR may insert something.
 */
function truthOccurrences(words: readonly string[], wanted: ReadonlySet<string>, max: number): Map<string, number> {
  const n = new Map<string, number>();
  for (const w of words) {
    const chars = [...w];
    count(n, "", chars.length + 1);
    for (let len = 1; len <= max; len++) {
      for (let i = 0; i + len <= chars.length; i++) {
        const s = chars.slice(i, i + len).join("");
        if (len === 1 || wanted.has(s)) count(n, s);
      }
    }
  }
  return n;
}

/**
 * Witten-Bell: P(ocr | truth) = c / (N + T), T the number of distinct outcomes seen for the truth
 * string (its identity included), which leaves T / (N + T) for outcomes never seen. Rules below the
 * count thresholds are dropped after this, so they neither get generated nor inflate the others.
 * A single character's identity is counted from the alignment and kept in the table; a longer
 * string's identity (what is left of N) only counts as an outcome type.
 */
function smoothEntry(
  truth: string,
  n: number,
  outcomes: Map<string, { count: number; context: boolean }>,
  identityCount: number | undefined,
  opts: Required<EstimateOptions>,
): ChannelEntry {
  const edited = [...outcomes.values()].reduce((s, o) => s + o.count, 0);
  const identity = identityCount ?? n - edited;
  const N = Math.max(n, edited + Math.max(identity, 0));
  const T = outcomes.size + (identity > 0 ? 1 : 0);
  const to: Record<string, [number, number]> = {};
  for (const [ocr, o] of outcomes) {
    if (o.count < (o.context ? opts.minContextCount : opts.minCount)) continue;
    to[ocr] = [o.count, o.count / (N + T)];
  }
  if (identityCount !== undefined && identityCount > 0) to[truth] = [identityCount, identityCount / (N + T)];
  return { n: N, unseen: T / (N + T), to };
}

/** Estimate the channel from OCR/truth text pairs (pages). Deterministic for the same input. */
export function estimateChannel(pairs: readonly TextPair[], options: EstimateOptions = {}): ChannelModel {
  const opts = { ...DEFAULTS, ...options };
  const tally: Tally = {
    rules: new Map(),
    identity: new Map(),
    truthWords: [],
    stats: { texts: pairs.length, truthChars: 0, ocrChars: 0, truthTokens: 0, alignedPairs: 0, differingPairs: 0, edits: 0, editsTooLong: 0 },
  };
  for (const pair of pairs) {
    const truthTokens = tokenize(pair.truth);
    const ocrTokens = tokenize(pair.ocr);
    tally.stats.truthChars! += truthTokens.join(" ").length;
    tally.stats.ocrChars! += ocrTokens.join(" ").length;
    tally.stats.truthTokens! += truthTokens.length;
    const aligned = alignTokens(ocrTokens, truthTokens, opts.maxDissimilarity);
    tally.stats.alignedPairs! += aligned.length;
    for (const p of aligned) tallyPair(tally, p.ocr, p.truth, opts.maxRuleLength);
  }
  return finish(tally, opts);
}

function finish(tally: Tally, opts: Required<EstimateOptions>): ChannelModel {
  const occurrences = truthOccurrences(tally.truthWords, new Set(tally.rules.keys()), opts.maxRuleLength);
  const rules: Record<string, ChannelEntry> = {};
  const truths = new Set([...tally.rules.keys(), ...tally.identity.keys()]);
  let identitySum = 0;
  let charSum = 0;
  let unseenSum = 0;
  for (const truth of [...truths].sort()) {
    const outcomes = tally.rules.get(truth) ?? new Map<string, { count: number; context: boolean }>();
    const isChar = [...truth].length === 1;
    const entry = smoothEntry(truth, occurrences.get(truth) ?? 0, outcomes, isChar ? (tally.identity.get(truth) ?? 0) : undefined, opts);
    if (isChar) {
      identitySum += tally.identity.get(truth) ?? 0;
      charSum += entry.n;
      unseenSum += entry.unseen * entry.n;
    }
    if (Object.keys(entry.to).length > 0) rules[truth] = entry;
  }
  const ruleTypes = Object.values(rules).reduce((s, e) => s + Object.keys(e.to).length, 0);
  return {
    format: "arkiv-ocr-channel/1",
    rules,
    defaultIdentity: charSum ? identitySum / charSum : 1,
    unseenMass: charSum ? unseenSum / charSum : 0,
    alphabet: [...truths].filter((t) => [...t].length === 1).length,
    stats: { ...tally.stats, ruleTypes },
  };
}

/**
 * The fixed estimation/held-out split: a page is used for estimation when the first 32 bits of
 * sha256(page id) modulo 100 are below 80; the rest (about 20%) is left out for evaluation. Hashing
 * the id keeps the split independent of file order and stable as pages are added.
 */
export function isEstimationPage(id: string): boolean {
  const h = createHash("sha256").update(id, "utf8").digest();
  return h.readUInt32BE(0) % 100 < 80;
}
