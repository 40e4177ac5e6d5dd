// One word at a time: which true word most likely produced what OCR read. A noisy-channel choice:
// the candidates come from the OCR channel model (channel/) and edit distance 1, only words the
// lexicon knows survive, and each is scored by log P(ocr | candidate) + log P(candidate). The
// word read is itself a candidate, and it is replaced only when another clearly wins.
import { channelCandidates, editLogProb, foldCase, type LoadedChannel } from "./channel/model.ts";
import type { Bigrams } from "./bigrams.ts";
import { hiddenWordIndex, type HiddenWord } from "./hidden.ts";
import type { Lexicon } from "./lexicon.ts";

export type RepairMode = "restore" | "conservative";

export interface CorrectorOptions {
  mode: RepairMode;
  channel: LoadedChannel;
  lexicon: Lexicon;
  /** Word-pair counts for context; without them every choice is made on the word alone. */
  bigrams?: Bigrams;
  /** Lower-cased words the document itself vouches for (see learnedWords), with a Zipf value. */
  learned?: ReadonlyMap<string, number>;
}

/** A word's alternatives, scored without context; the choice among them may take context into account. */
interface Choice {
  /** Score of the word as read. */
  keep: number;
  /** Odds an alternative must win by. */
  margin: number;
  options: { word: string; score: number; reason: string }[];
}

export interface Correction {
  replacement: string;
  /** How much better the replacement scored than the word as read, in nats (natural log odds). */
  score: number;
  reason: string;
}

/**
 * Zipf values (log10 per billion words) for words the frequency list lacks: a dictionary form is
 * taken as rarer than any listed word, a compound of known parts rarer still; a word read that
 * no lexicon knows gets the lowest.
 */
const ZIPF = { dictionary: 1.3, compound: 0.8 };
/**
 * Zipf value of a word read that no lexicon knows: in stripped text such a word is most likely
 * damaged, in normal OCR text most likely a name or a term the lexicon lacks.
 */
const UNKNOWN_ZIPF: Record<RepairMode, number> = { restore: -2, conservative: 0 };
/**
 * Odds (nats) a replacement must win by. Restoring text OCR'd with the wrong language, where most
 * damaged words are certain to be damaged, a small margin; in normal Danish text only clear wins.
 */
const MARGIN: Record<RepairMode, number> = { restore: 1, conservative: 6 };
const CHANNEL = { maxEdits: 3, maxCandidates: 20 };
/** Weight of the context model's log-ratio against the word's own score. */
const CONTEXT_WEIGHT = 1;
/** Options further than this (nats) below the best are not weighed in context. */
const CONTEXT_WINDOW = 6;
const MAX_OPTIONS = 5;
/** Extra odds (nats) a replacement of a capitalised unknown word needs. */
const NAME_MARGIN = 2;
/** All-caps words shorter than this are taken as acronyms. */
const ACRONYM_MAX = 6;
/** Capitalised words this long may be compounds (see decide). */
const LONG_WORD = 9;
/** "l" read for "I": no Danish word starts with l and a consonant ("lgangsætter", "lndsats"). */
const L_FOR_I = /^l[bcdfghklmnpqrstvwxz]/u;
const L_FOR_I_REASON = "l→I (no Danish word starts with l and a consonant)";
/** A digit or stand-in between letters: "Udvik1ingsstrategi", "sk0le", "l¢n". */
const STAND_IN_INSIDE = /\p{L}[01|@¢$]+\p{L}/u;
/** A capital I before lower case or an OCR stand-in, in a word of three or more characters. */
const I_FOR_L = /^I[\p{Ll}@¢][\p{L}@¢]/u;
/** log P(an l reads as a capital I): the glyphs are alike in most fonts, but I is the likelier letter. */
const I_READ_FOR_L = Math.log(0.2);
/** Letters edit-distance candidates may put in. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå";

export interface Corrector {
  readonly mode: RepairMode;
  /** Whether the lower-cased word is a common word (not a name): "Udsendelse" is, "Danmark" is not. */
  isCommonWord(lower: string): boolean;
  /** The correction for one word (letters, maybe with OCR's stand-ins such as @ | 1 0), or null to keep it. */
  /**
   * `where`: whether the word continues a sentence, and its neighbours (the previous word as
   * repaired, the next as read; null at a sentence boundary) for the context model.
   */
  correct(word: string, where?: { midSentence: boolean; prev?: string | null; next?: string | null }): Correction | null;
}

export function createCorrector(options: CorrectorOptions): Corrector {
  const { lexicon, channel, mode } = options;
  const cache = new Map<string, Choice | null>();

  /**
   * log P(word) in nats, or null when the lexicon does not know the (lower-cased) word. Compounds
   * of known parts count only when `compounds` is set: the channel's few candidates are checked,
   * not the hundreds of edit-distance ones, which would let garbage through as compounds (and cost
   * most of the time).
   */
  const prior = (lower: string, compounds: boolean): number | null => {
    const zipf = lexicon.zipf(lower) ?? options.learned?.get(lower) ?? (lexicon.isWord(lower) ? ZIPF.dictionary : compounds && lexicon.compound(lower) ? ZIPF.compound : null);
    return zipf === null ? null : (zipf - 9) * Math.LN10;
  };

  const decide = (word: string, midSentence: boolean, lowerStart = false): Choice | null => {
    const lower = foldCase(word);
    // A short capitalised word the lexicon lacks is most likely a name: it may become a listed
    // word, but not a compound ("Fernet" is no "før" + "net"). Long ones are mostly compounds at
    // the start of a sentence ("Lægemiddelberedskabet").
    const capitalised = /^\p{Lu}/u.test(word);
    const compounds = !capitalised || word.length >= LONG_WORD;
    const ownPrior = prior(lower, compounds);
    // Normal text: a word the lexicon knows is left alone.
    if (ownPrior !== null && mode === "conservative") return null;
    if (ownPrior !== null) return hiddenWord(word, lower, ownPrior);
    const candidates = new Map<string, { channel: number; how: string; compounds: boolean }>();
    for (const c of channelCandidates(word, channel, CHANNEL)) {
      const how = c.edits.length ? c.edits.map((e) => `${e.from || "∅"}→${e.to || "∅"}`).join(", ") : "as read";
      candidates.set(casedLike(c.candidate, word, c.edits), { channel: c.logProb, how, compounds });
    }
    // The reverse: a capital I before lower case is often an l ("I¢d" for "lød"). Case folding
    // turns it into i, so the channel would never propose l: read the word with l as well.
    if (I_FOR_L.test(word)) {
      for (const c of channelCandidates(`l${word.slice(1)}`, channel, CHANNEL)) {
        if (candidates.has(c.candidate)) continue;
        const how = ["I→l", ...c.edits.map((e) => `${e.from || "∅"}→${e.to || "∅"}`)].join(", ");
        candidates.set(c.candidate, { channel: c.logProb + I_READ_FOR_L, how, compounds });
      }
    }
    if (L_FOR_I.test(word)) {
      candidates.set((lowerStart ? "i" : "I") + word.slice(1), { channel: Math.log(0.5), how: L_FOR_I_REASON, compounds });
    }
    const identity = candidates.get(word)?.channel ?? identityLog(word, channel);
    candidates.set(word, { channel: identity, how: "as read", compounds: true });
    // Edit distance 1 is blind to how OCR errs: on a capitalised word, most likely a name the
    // lexicon lacks, it would make another name of it ("Metge" → "Mette").
    // Edit distance 1 covers what the channel table never saw; where the channel already found a
    // word, it adds nothing but doubt (and most of the time spent).
    const channelFound = [...candidates.keys()].some((c) => c !== word && prior(foldCase(c), compounds) !== null);
    // Names are capitalised; a heading in capitals is not a name.
    // A capitalised word inside a sentence is a name (or a term): the sentence does not explain the capital.
    const name = capitalised && !isAllCaps(word);
    const midName = name && midSentence;
    // Short words in capitals are acronyms (CBC, FISA): no guessing at letters the channel does not explain.
    const acronym = isAllCaps(word) && word.length < ACRONYM_MAX;
    if (ownPrior === null && !name && !acronym && !channelFound) {
      // Checked in lower case first, cheaply: of the hundreds of edits only a few are words.
      const isKnown = (lower: string) => lexicon.isWord(lower) || options.learned?.has(lower) === true;
      for (const [candidate, edit] of editsOne(word, isKnown)) {
        if (candidates.has(candidate)) continue;
        const log = identity - copyLog(edit.from, channel) + editLogProb(channel, edit.to, edit.from);
        candidates.set(candidate, { channel: log, how: `${edit.from || "∅"}→${edit.to || "∅"} (edit distance 1)`, compounds: false });
      }
    }
    // A stray letter next to a channel change ("steaerk": "stæerk" less one "e"): single deletions
    // from the channel's best few, when nothing else was found.
    if (ownPrior === null && !acronym && !channelFound && ![...candidates.keys()].some((c) => c !== word && prior(foldCase(c), compounds) !== null)) {
      const top = [...candidates].filter(([c]) => c !== word).slice(0, 8);
      for (const [c, info] of top) {
        for (let i = 0; i < c.length; i++) {
          const shorter = c.slice(0, i) + c.slice(i + 1);
          if (candidates.has(shorter) || prior(foldCase(shorter), compounds) === null) continue;
          const log = info.channel - copyLog(c[i]!, channel) + editLogProb(channel, "", c[i]!);
          candidates.set(shorter, { channel: log, how: `${info.how}, ${c[i]}→∅`, compounds });
        }
      }
    }
    // Letters and OCR's stand-ins for them in one word ("Udvik1ingsstrategi", "l¢n") are no name
    // and no term: the word as read is damaged, in normal text as in stripped.
    const damaged = STAND_IN_INSIDE.test(word);
    const keep = identity + (ownPrior ?? ((damaged ? UNKNOWN_ZIPF.restore : UNKNOWN_ZIPF[mode]) - 9) * Math.LN10);
    const scored: Choice["options"] = [];
    for (const [candidate, c] of candidates) {
      if (candidate === word) continue;
      // An acronym keeps its length: "CBC" is no "BC" with a stray letter.
      if (acronym && [...candidate].length !== [...word].length) continue;
      const p = prior(foldCase(candidate), c.compounds);
      if (p === null) continue;
      const replacement = lexicon.isProper(foldCase(candidate)) ? candidate.charAt(0).toUpperCase() + candidate.slice(1) : candidate;
      scored.push({ word: replacement, score: c.channel + p, reason: `not a known word; ${c.how}` });
    }
    // A capitalised word no lexicon knows, inside a sentence, is more often a name than damage: it
    // needs a clearer win.
    // Where the spelling rules out the word as read (l before a consonant at the start), the odds
    // needed are those of stripped text: the word is certain to be damaged.
    const certain = L_FOR_I.test(word) || damaged;
    return choice(keep, (certain ? MARGIN.restore : MARGIN[mode]) + (midName ? NAME_MARGIN : 0), scored);
  };

  // Built once per process (~0.2 s) and shared by every document restored.
  const hidden = mode === "restore" ? hiddenIndex(lexicon, channel) : undefined;
  /** A known word in stripped text: is a far likelier word with æ, ø or å hiding behind it? */
  const hiddenWord = (word: string, lower: string, ownPrior: number): Choice | null => {
    const scored: Choice["options"] = [];
    for (const h of hidden?.get(lower) ?? []) {
      const p = prior(h.word, false);
      if (p === null) continue;
      const replacement = lexicon.isProper(h.word) ? matchCase(h.word, word.charAt(0).toUpperCase() + word.slice(1)) : matchCase(h.word, word);
      scored.push({ word: replacement, score: h.logProb + p, reason: "a known word, but a likelier one with æ ø å reads the same" });
    }
    return choice(ownPrior, MARGIN[mode], scored);
  };

  return {
    mode,
    isCommonWord: (lower) => lexicon.isWord(lower) && !lexicon.isProper(lower),
    correct(word, where) {
      const midSentence = where?.midSentence === true && /^\p{Lu}/u.test(word);
      // A misread "I" inside a sentence was an "i".
      const lowerStart = where?.midSentence === true && L_FOR_I.test(word);
      const key = `${word}${midSentence ? "\u0000" : ""}${lowerStart ? "\u0001" : ""}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        hit = decide(word, midSentence, lowerStart);
        cache.set(key, hit);
      }
      if (!hit) return null;
      const prev = where?.prev ?? null;
      const next = where?.next ?? null;
      const fit = (w: string) => (options.bigrams && (prev || next) ? CONTEXT_WEIGHT * options.bigrams.context(prev, w, next) : 0);
      const keep = hit.keep + fit(word);
      let best: { word: string; total: number; reason: string; context: number } | null = null;
      for (const o of hit.options) {
        const context = fit(o.word);
        const total = o.score + context;
        if (!best || total > best.total || (total === best.total && o.word < best.word)) best = { word: o.word, total, reason: o.reason, context };
      }
      if (!best || best.total - keep < hit.margin) return null;
      const swing = best.context - (keep - hit.keep);
      const reason = Math.abs(swing) >= 0.5 ? `${best.reason}; the neighbouring words ${swing > 0 ? "favour" : "disfavour"} it by ${swing.toFixed(1)}` : best.reason;
      return { replacement: best.word, score: round(best.total - keep), reason };
    },
  };
}

/** The options worth weighing in context: those within reach of the better of the best and the word read. */
function choice(keep: number, margin: number, scored: Choice["options"]): Choice | null {
  if (!scored.length) return null;
  scored.sort((a, b) => b.score - a.score || (a.word < b.word ? -1 : 1));
  const floor = Math.max(keep, scored[0]!.score) - CONTEXT_WINDOW;
  const options = scored.filter((o) => o.score >= floor).slice(0, MAX_OPTIONS);
  return options.length ? { keep, margin, options } : null;
}

function isAllCaps(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

const hiddenIndexes = new WeakMap<Lexicon, WeakMap<LoadedChannel, Map<string, HiddenWord[]>>>();

function hiddenIndex(lexicon: Lexicon, channel: LoadedChannel): Map<string, HiddenWord[]> {
  let byChannel = hiddenIndexes.get(lexicon);
  if (!byChannel) hiddenIndexes.set(lexicon, (byChannel = new WeakMap()));
  let index = byChannel.get(channel);
  if (!index) byChannel.set(channel, (index = hiddenWordIndex(lexicon.frequentWords(), channel)));
  return index;
}

/**
 * OCR reads "l" as "I": the capital is the glyph's, not the writer's. A candidate that turned a
 * word-initial "I" before lower-case letters into "L" gets a lower-case "l" ("Igber" → "løber").
 */
function casedLike(candidate: string, word: string, edits: readonly { from: string; to: string }[]): string {
  if (word.length > 1 && word[0] === "I" && /[\p{Ll}@¢]/u.test(word[1]!) && candidate[0] === "L" && edits[0]?.from.startsWith("I")) {
    return "l" + candidate.slice(1);
  }
  return candidate;
}

/** `lower` cased like `model`: ALL CAPS, Capitalised, or lower. */
function matchCase(lower: string, model: string): string {
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase()) return lower.toUpperCase();
  if (model[0] && model[0] === model[0].toUpperCase() && model[0] !== model[0].toLowerCase()) return lower.charAt(0).toUpperCase() + lower.slice(1);
  return lower;
}

function copyLog(ch: string, channel: LoadedChannel): number {
  if (!ch) return 0;
  return channel.identity.get(foldCase(ch)) ?? channel.defaultIdentityLog;
}

function identityLog(word: string, channel: LoadedChannel): number {
  let sum = 0;
  for (const ch of foldCase(word)) sum += channel.identity.get(ch) ?? channel.defaultIdentityLog;
  return sum;
}

/**
 * Single-character edits of the word (deletion, substitution, insertion) that `keep` accepts in
 * lower case, cased like the letters around them, with the OCR and truth sides of each.
 */
function* editsOne(word: string, keep: (lower: string) => boolean): Generator<[string, { from: string; to: string }]> {
  const chars = [...word];
  const lower = chars.map((c) => foldCase(c));
  const caps = chars.length > 1 && chars.every((c) => c === c.toUpperCase());
  for (let i = 0; i <= chars.length; i++) {
    const lb = lower.slice(0, i).join("");
    const la = lower.slice(i + 1).join("");
    const here = chars[i] ?? "";
    const lhere = lower[i] ?? "";
    const before = chars.slice(0, i).join("");
    const after = chars.slice(i + 1).join("");
    const upperHere = here !== "" && here === here.toUpperCase() && here !== here.toLowerCase();
    if (here && keep(lb + la)) yield [before + after, { from: here, to: "" }];
    for (const a of ALPHABET) {
      if (here && a !== lhere && keep(lb + a + la)) {
        const letter = upperHere ? a.toUpperCase() : a;
        yield [before + letter + after, { from: here, to: letter }];
      }
      if (keep(lb + a + lhere + la)) {
        const letter = caps ? a.toUpperCase() : a;
        yield [before + letter + here + after, { from: "", to: letter }];
      }
    }
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
