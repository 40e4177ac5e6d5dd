// The OCR channel model at run time: load an estimated table (see estimate.ts, build.ts) and generate
// the truth-side strings that could have produced an OCR word, with P(ocr | truth).
import { readFileSync } from "node:fs";
import { projectPath } from "../../../src/paths.ts";

/** One truth-side string's outcomes: how often it was seen, and what OCR made of it. */
export interface ChannelEntry {
  /** Occurrences of the truth string in the aligned estimation text. */
  n: number;
  /** Witten-Bell mass reserved for outcomes never seen: T / (n + T). */
  unseen: number;
  /** OCR string → [count, P(ocr | truth)]. For a single character the identity is included. */
  to: Record<string, [number, number]>;
}

/** What a channel JSON file holds (build.ts adds the header fields around the estimate). */
export interface ChannelModel {
  format: "arkiv-ocr-channel/1";
  /** Lower-cased truth string (length 0–3) → its outcomes. "" is an insertion by OCR. */
  rules: Record<string, ChannelEntry>;
  /** P(c | c) for a character never seen in the estimation text. */
  defaultIdentity: number;
  /** Witten-Bell mass left for unseen outcomes over all single characters (for characters not in `rules`). */
  unseenMass: number;
  /** Distinct characters seen: an unseen edit gets its truth string's unseen mass spread over these. */
  alphabet: number;
  stats: Record<string, number>;
  [header: string]: unknown;
}

export interface ChannelEdit {
  /** What the OCR word shows (original case). */
  from: string;
  /** What the candidate has instead. */
  to: string;
}

export interface ChannelCandidate {
  candidate: string;
  /** log P(ocr word | candidate) under the channel, summed over the copied and edited segments. */
  logProb: number;
  /**
   * logProb + log P(candidate) under a character-unigram prior: an approximate log P(candidate | ocr)
   * up to a constant, which is what candidates are chosen and ordered by. Without it every "a" could
   * become "å" almost for free (å comes out as "a" 87% of the time), and such variants would crowd
   * out the real correction. The stage should combine `logProb`, not `score`, with its word prior.
   */
  score: number;
  edits: ChannelEdit[];
}

export interface CandidateOptions {
  /** Rule applications per word (a rule may cover up to three characters). */
  maxEdits: number;
  maxCandidates: number;
  /** States kept per position; bounds the work on long words. Default max(maxCandidates, 20): wider beams found no more truths on the held-out pages. */
  beamWidth?: number;
  /** Whether the unchanged OCR word is returned as a candidate (the stage needs its score). Default true. */
  includeIdentity?: boolean;
}

/** An inverse rule, indexed by its OCR side: seeing `ocr`, the truth may have been `truth`. */
interface InverseRule {
  truth: string;
  logProb: number;
  /** log P(truth) under the character prior, precomputed for the beam's score. */
  prior: number;
}

/** A model prepared for generation. */
export interface LoadedChannel {
  model: ChannelModel;
  /** OCR string (lower-cased, length 0–3) → rules, best first. */
  byOcr: Map<string, InverseRule[]>;
  identity: Map<string, number>;
  defaultIdentityLog: number;
  /** log P(c) of a (lower-cased) truth character, from its count in the estimation text. */
  charPrior: Map<string, number>;
  defaultCharPrior: number;
  /**
   * log P of OCR inserting one given character where the table has no rule for it: the Witten-Bell
   * mass the empty truth string keeps for unseen outcomes, spread over the alphabet.
   */
  unseenDropLog: number;
}

/**
 * Lower-case one character at a time, keeping a character as it is when lowering would change the
 * length ("İ"), so positions in the folded word are positions in the original.
 */
export function foldCase(s: string): string {
  let out = "";
  for (const ch of s) {
    const low = ch.toLowerCase();
    out += low.length === ch.length ? low : ch;
  }
  return out;
}

/** Build the lookup structures from a parsed model: inverse rules by OCR side, identities apart. */
export function prepareChannel(model: ChannelModel): LoadedChannel {
  const { charPrior, defaultCharPrior } = characterPrior(model);
  const priorOf = (text: string): number => {
    let sum = 0;
    for (const ch of text) sum += charPrior.get(ch) ?? defaultCharPrior;
    return sum;
  };
  const byOcr = new Map<string, InverseRule[]>();
  const identity = new Map<string, number>();
  for (const truth of Object.keys(model.rules)) {
    const entry = model.rules[truth]!;
    for (const ocr of Object.keys(entry.to)) {
      const p = entry.to[ocr]![1];
      if (p <= 0) continue;
      if (ocr === truth) {
        identity.set(truth, Math.log(p));
        continue;
      }
      const list = byOcr.get(ocr) ?? [];
      list.push({ truth, logProb: Math.log(p), prior: priorOf(truth) });
      byOcr.set(ocr, list);
    }
  }
  // Best first, then by string, so that generation is deterministic.
  for (const list of byOcr.values()) {
    list.sort((a, b) => b.logProb + b.prior - a.logProb - a.prior || (a.truth < b.truth ? -1 : a.truth > b.truth ? 1 : 0));
  }
  const unseenDrop = (model.rules[""]?.unseen ?? model.unseenMass) / Math.max(model.alphabet, 1);
  return {
    model,
    byOcr,
    identity,
    defaultIdentityLog: Math.log(model.defaultIdentity),
    charPrior,
    defaultCharPrior,
    unseenDropLog: Math.log(unseenDrop > 0 ? unseenDrop : 1e-9),
  };
}

/** Character-unigram log probabilities; a character never seen counts as seen half a time. */
function characterPrior(model: ChannelModel): { charPrior: Map<string, number>; defaultCharPrior: number } {
  const chars = Object.keys(model.rules).filter((t) => [...t].length === 1);
  const total = chars.reduce((s, c) => s + model.rules[c]!.n, 0) || 1;
  const charPrior = new Map(chars.map((c) => [c, Math.log(Math.max(model.rules[c]!.n, 0.5) / total)]));
  return { charPrior, defaultCharPrior: Math.log(0.5 / total) };
}

const cache = new Map<string, LoadedChannel>();

/** The channel estimated for English-model OCR ("eng") or the residual errors of Danish OCR ("dan"). */
export function loadChannel(name: "eng" | "dan"): LoadedChannel {
  let loaded = cache.get(name);
  if (!loaded) {
    const path = projectPath("pipeline", "repair", "channel", `channel-${name}.json`);
    loaded = prepareChannel(JSON.parse(readFileSync(path, "utf8")) as ChannelModel);
    cache.set(name, loaded);
  }
  return loaded;
}

/** A partial candidate: the truth prefix built for the first `pos` OCR characters. */
interface State {
  prefix: string;
  logProb: number;
  score: number;
  edits: number;
  /** Edits as a linked list, so that extending a state does not copy arrays. */
  last: EditLink | undefined;
  /** An insertion (rule with empty OCR side) was just applied here: do not chain another one. */
  inserted: boolean;
}

interface EditLink {
  edit: ChannelEdit;
  prev: EditLink | undefined;
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

/** All caps: at least two cased letters, none lower case. Such a word gets upper-case replacements. */
function isAllCaps(word: string): boolean {
  const cased = [...word].filter(isCased);
  return cased.length >= 2 && cased.every((ch) => ch === ch.toUpperCase());
}

/** How the OCR letters a replacement stands for are cased. */
type CaseKind = "lower" | "upper" | "capital";

/**
 * All caps in an all-caps word or where the OCR letters replaced are all upper case ("A" → "Å"),
 * capitalised where only the first is ("Ae" → "Æ"), else lower case ("@" in "Dg@" → "ø").
 */
function caseKind(ocrOriginal: string, allCaps: boolean): CaseKind {
  if (allCaps) return "upper";
  const cased = [...ocrOriginal].filter(isCased);
  if (cased.length === 0) return "lower";
  if (cased.every((ch) => ch === ch.toUpperCase())) return "upper";
  return cased[0] === cased[0]!.toUpperCase() ? "capital" : "lower";
}

function applyCase(truth: string, kind: CaseKind): string {
  if (kind === "lower") return truth;
  if (kind === "upper") return truth.toUpperCase();
  return truth.charAt(0).toUpperCase() + truth.slice(1);
}

/** States reached at one OCR position, with the best score seen there for the margin cut. */
class Bucket {
  private states: State[] = [];
  private best = -Infinity;

  /** Whether a state with this score could still be kept: checked before building its string. */
  admits(score: number, margin: number): boolean {
    return score >= this.best - margin;
  }

  offer(state: State, margin: number): void {
    if (state.score < this.best - margin) return;
    if (state.score > this.best) this.best = state.score;
    this.states.push(state);
  }

  /**
   * The beam: the best `width` distinct prefixes within `margin` of the best. Of states with the same
   * prefix (other segmentations of the same candidate) the best is kept: a Viterbi maximum.
   * Deduplicating here rather than on every offer keeps the string hashing to the states kept.
   */
  top(width: number, margin: number): State[] {
    const floor = this.best - margin;
    const sorted = this.states.filter((s) => s.score >= floor).sort(byScore);
    const seen = new Set<string>();
    const kept: State[] = [];
    for (const state of sorted) {
      if (seen.has(state.prefix)) continue;
      seen.add(state.prefix);
      kept.push(state);
      if (kept.length === width) break;
    }
    this.states = kept;
    return kept;
  }
}

function byScore(a: State, b: State): number {
  return b.score - a.score || a.edits - b.edits || (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0);
}

function editList(last: EditLink | undefined): ChannelEdit[] {
  const out: ChannelEdit[] = [];
  for (let link = last; link; link = link.prev) out.push(link.edit);
  return out.reverse();
}

function extend(state: State, text: string, logProb: number, prior: number, edit: ChannelEdit | undefined, inserted: boolean): State {
  return {
    prefix: state.prefix + text,
    logProb: state.logProb + logProb,
    score: state.score + logProb + prior,
    edits: state.edits + (edit ? 1 : 0),
    last: edit ? { edit, prev: state.last } : state.last,
    inserted,
  };
}

/** Candidates further than this (in nats) below the best at a position are dropped early. */
const MARGIN = 20;

/**
 * The truth-side strings that could have produced `word` under the channel, best `score` first: a
 * beam search over OCR positions that at each position either copies the character (log P(c|c)) or
 * applies an inverse rule whose OCR side starts there (log P(ocr|truth)). Rules with an empty OCR
 * side (OCR lost a character) may be applied at any position but not twice in a row. A character that
 * is not a letter may also be dropped without a rule, at the unseen-insertion mass ("o0g" → "og":
 * specks and stray marks are too varied for the table). Case follows the OCR letters.
 */
export function channelCandidates(word: string, channel: LoadedChannel, options: CandidateOptions): ChannelCandidate[] {
  const { maxEdits, maxCandidates } = options;
  const width = options.beamWidth ?? Math.max(maxCandidates, 20);
  const original = word.normalize("NFC");
  const folded = foldCase(original); // same length as original, so positions are shared
  const allCaps = isAllCaps(original);
  const n = folded.length;
  const buckets = Array.from({ length: n + 1 }, () => new Bucket());
  buckets[0]!.offer({ prefix: "", logProb: 0, score: 0, edits: 0, last: undefined, inserted: false }, MARGIN);
  const lost = channel.byOcr.get("") ?? [];
  const lostCase: CaseKind = allCaps ? "upper" : "lower";

  for (let pos = 0; pos <= n; pos++) {
    const here = buckets[pos]!;
    if (lost.length > 0) {
      for (const state of here.top(width, MARGIN)) {
        if (state.edits >= maxEdits || state.inserted) continue;
        for (const rule of lost) {
          const to = applyCase(rule.truth, lostCase);
          here.offer(extend(state, to, rule.logProb, rule.prior, { from: "", to }, true), MARGIN);
        }
      }
    }
    if (pos === n) break;
    const ch = original[pos]!;
    const fch = folded[pos]!;
    const copyLog = channel.identity.get(fch) ?? channel.defaultIdentityLog;
    const copyPrior = channel.charPrior.get(fch) ?? channel.defaultCharPrior;
    // Not a letter, nor half of a surrogate pair (dropping that would leave broken text).
    const droppable = !/[\p{L}\uD800-\uDFFF]/u.test(ch);
    for (const state of here.top(width, MARGIN)) {
      buckets[pos + 1]!.offer(extend(state, ch, copyLog, copyPrior, undefined, false), MARGIN);
      if (state.edits >= maxEdits) continue;
      if (droppable) buckets[pos + 1]!.offer(extend(state, "", channel.unseenDropLog, 0, { from: ch, to: "" }, false), MARGIN);
      for (let len = 1; len <= 3 && pos + len <= n; len++) {
        const rules = channel.byOcr.get(folded.slice(pos, pos + len));
        if (!rules) continue;
        const from = original.slice(pos, pos + len);
        const kind = caseKind(from, allCaps);
        const next = buckets[pos + len]!;
        for (const rule of rules) {
          if (!next.admits(state.score + rule.logProb + rule.prior, MARGIN)) continue;
          const to = applyCase(rule.truth, kind);
          next.offer(extend(state, to, rule.logProb, rule.prior, { from, to }, false), MARGIN);
        }
      }
    }
  }

  // One more than asked for, so that leaving out the unchanged word still leaves maxCandidates.
  return buckets[n]!
    .top(Math.max(width, maxCandidates + 1), MARGIN)
    .filter((s) => options.includeIdentity !== false || s.prefix !== original)
    .slice(0, maxCandidates)
    .map((s) => ({ candidate: s.prefix, logProb: s.logProb, score: s.score, edits: editList(s.last) }));
}

/**
 * log P(ocr | truth) of one edit, for the edit-distance candidates the stage adds itself: from the
 * table, or else the truth string's reserved (unseen) mass spread evenly over the alphabet.
 */
export function editLogProb(channel: LoadedChannel, truth: string, ocr: string): number {
  const { rules, unseenMass, alphabet } = channel.model;
  const entry = rules[foldCase(truth)];
  const p = entry?.to[foldCase(ocr)]?.[1];
  return Math.log(p ?? (entry?.unseen ?? unseenMass) / Math.max(alphabet, 1));
}
