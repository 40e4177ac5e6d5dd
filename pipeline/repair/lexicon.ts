// The Danish lexicon: which words exist and how common they are. Loaded once per process, on
// first use, from the files in lexicon/ (see its README for sources and licences).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { projectPath } from "../../src/paths.ts";
import { COMPOUND_BEGIN, COMPOUND_END, COMPOUND_MIDDLE, PROPER, STANDALONE } from "./lexicon/forms.ts";

const folder = (...parts: string[]) => projectPath("pipeline", "repair", "lexicon", ...parts);

let ocrWords: ReadonlySet<string> | undefined;

/** Lower-cased Danish word forms of tesseract's word list (lexicon/README.md); the OCR decision uses it. */
export function danishWords(): ReadonlySet<string> {
  ocrWords ??= new Set(readFileSync(folder("da-words.txt"), "utf8").split("\n").filter(Boolean));
  return ocrWords;
}

/**
 * Shortest part of a compound the lexicon accepts. Hunspell's own minimum for Danish is 2, which
 * lets OCR garbage through as compounds of short words ("feelles" = "fe" + "elles"); parts of 3 or
 * more letters keep real compounds ("socialområde", "tilbudsvifte") and stop most of that.
 */
const MIN_PART = 3;
/** Zipf value given to domain words the frequency list lacks. */
const DOMAIN_ZIPF = 3;
/** At most this many parts: deeper splits find garbage, not words. */
const MAX_PARTS = 3;
/** A three-part compound needs longer parts: short ones combine into almost anything ("gennem-pro-øvet"). */
const MIN_PART_OF_THREE = 4;

export interface Lexicon {
  /** Whether the lower-cased form is a word by itself: hunspell, the frequency list, the domain list. */
  isWord(lower: string): boolean;
  /** The compound's parts when the lower-cased form is a compound of known parts (and not a word itself), else null. */
  compound(lower: string): string[] | null;
  /**
   * Whether the lower-cased form reads as a compound whose first part ends at `at`
   * ("domæne|objekt", "gruppe|medlemsskaber"): the left part a word or a compound's first part,
   * the right part a word, a compound's last part or a compound of its own.
   */
  compoundAt(lower: string, at: number): boolean;
  /** Whether the dictionary writes the (lower-cased) word with a capital only: a name. */
  isProper(lower: string): boolean;
  /** Zipf frequency (log10 per billion words) of the lower-cased form; null when not in the frequency list. */
  zipf(lower: string): number | null;
  /** The words of the frequency list and the domain list, lower case. */
  frequentWords(): Iterable<string>;
  /** Counts for the README and the benchmark. */
  readonly size: { hunspell: number; frequencies: number; domain: number };
}

let loaded: Lexicon | undefined;

export function danishLexicon(): Lexicon {
  loaded ??= loadLexicon();
  return loaded;
}

function loadLexicon(): Lexicon {
  const forms = new SortedForms(gunzipSync(readFileSync(folder("da-hunspell.txt.gz"))).toString("utf8"));
  // Words added at load time (the frequency and domain lists) and flags they add.
  const flags = new Map<string, number>();
  const hunspell = forms.size;
  const zipfs = new Map<string, number>();
  for (const line of readFileSync(folder("da-freq.tsv"), "utf8").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) zipfs.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  dropOcrArtefacts(zipfs, (w) => forms.get(w) !== 0);
  let domain = 0;
  const domainWords: string[] = [];
  for (const line of readFileSync(folder("domain.txt"), "utf8").split("\n")) {
    const word = line.replace(/#.*/, "").trim().toLowerCase();
    if (!word) continue;
    domain++;
    domainWords.push(word);
    // The documents' own vocabulary is common in them, whatever its rank in general Danish.
    if (!zipfs.has(word)) zipfs.set(word, DOMAIN_ZIPF);
    flags.set(word, STANDALONE);
  }

  // Every listed word is a word.
  for (const w of zipfs.keys()) flags.set(w, STANDALONE);
  const flagsOf = (w: string) => (flags.get(w) ?? 0) | forms.get(w);
  const isWord = (w: string) => (flagsOf(w) & STANDALONE) !== 0;
  const can = (w: string, bit: number) => (flagsOf(w) & bit) !== 0;
  // Splits w[from..] into parts of which the last may end a compound: depth-first, longest first part first.
  const split = (w: string, from: number, parts: number): string[] | null => {
    const rest = w.length - from;
    if (parts >= 2 && rest >= MIN_PART && can(w.slice(from), COMPOUND_END)) return [w.slice(from)];
    if (parts >= MAX_PARTS) return null;
    for (let end = w.length - MIN_PART; end >= from + MIN_PART; end--) {
      const part = w.slice(from, end);
      if (!can(part, parts === 1 ? COMPOUND_BEGIN : COMPOUND_MIDDLE)) continue;
      const tail = split(w, end, parts + 1);
      if (tail) return [part, ...tail];
    }
    return null;
  };
  return {
    isWord,
    compound: (w) => {
      if (w.length < 2 * MIN_PART || isWord(w)) return null;
      // Hyphenated: every part a word or compound of its own ("social- og", "KKR-formandskabet").
      if (w.includes("-")) {
        const parts = w.split("-");
        return parts.every((p) => p.length > 0 && (isWord(p) || split(p, 0, 1))) ? parts : null;
      }
      const parts = split(w, 0, 1);
      return parts && (parts.length < 3 || parts.every((p) => p.length >= MIN_PART_OF_THREE)) ? parts : null;
    },
    compoundAt: (w, at) => {
      const left = w.slice(0, at);
      const right = w.slice(at);
      if (left.length < MIN_PART || right.length < MIN_PART) return false;
      return (isWord(left) || can(left, COMPOUND_BEGIN)) && (isWord(right) || can(right, COMPOUND_END) || split(right, 0, 1) !== null);
    },
    isProper: (w) => can(w, PROPER),
    zipf: (w) => zipfs.get(w) ?? null,
    frequentWords: () => [...zipfs.keys(), ...domainWords],
    size: { hunspell, frequencies: zipfs.size, domain },
  };
}

/**
 * OCR's confusions of one glyph for another, as they appear in the frequency lists: subtitles
 * ripped by OCR put "skai", "biev", "lkke" among the commonest words. A listed word the
 * dictionary lacks, that becomes a far commoner dictionary word by undoing one such confusion, is
 * an OCR artefact: counted as a word, it would stop the repair of exactly these errors.
 */
const OCR_CONFUSIONS: readonly [string, string][] = [
  ["i", "l"],
  ["l", "i"],
  ["ii", "il"],
  ["ii", "li"],
  ["ii", "u"],
  ["rn", "m"],
  ["cl", "d"],
  ["c", "e"],
  ["l", "t"],
];
/** How much commoner (in zipf) the dictionary word must be. */
const ARTEFACT_MARGIN = 1.5;

function dropOcrArtefacts(zipfs: Map<string, number>, inDictionary: (w: string) => boolean): void {
  const artefacts: string[] = [];
  for (const [word, zipf] of zipfs) {
    if (inDictionary(word)) continue;
    search: for (const [from, to] of OCR_CONFUSIONS) {
      for (let at = word.indexOf(from); at !== -1; at = word.indexOf(from, at + 1)) {
        const fixed = word.slice(0, at) + to + word.slice(at + from.length);
        const fixedZipf = zipfs.get(fixed);
        if (fixedZipf !== undefined && fixedZipf - zipf >= ARTEFACT_MARGIN && inDictionary(fixed)) {
          artefacts.push(word);
          break search;
        }
      }
    }
  }
  for (const word of artefacts) zipfs.delete(word);
}

/**
 * The dictionary's forms as the file has them: one string, sorted lines, found by binary search.
 * A map of 900k strings took ~1 s to build and ~150 MB; this takes a scan for line starts and the
 * text itself (~10 MB), at ~20 comparisons a lookup.
 */
class SortedForms {
  readonly size: number;
  private readonly starts: Int32Array;
  /** End of each word (before its tab or newline). */
  private readonly ends: Int32Array;
  private readonly bits: Uint8Array;

  constructor(private readonly text: string) {
    let lines = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    this.starts = new Int32Array(lines);
    this.ends = new Int32Array(lines);
    this.bits = new Uint8Array(lines);
    let n = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== 10) continue;
      if (i > start) {
        const tab = text.indexOf("\t", start);
        const hasFlags = tab >= 0 && tab < i;
        this.starts[n] = start;
        this.ends[n] = hasFlags ? tab : i;
        this.bits[n] = hasFlags ? Number(text.slice(tab + 1, i)) : STANDALONE;
        n++;
      }
      start = i + 1;
    }
    this.size = n;
  }

  /** The form's flag bits, 0 when absent. */
  get(word: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(word, mid);
      if (c === 0) return this.bits[mid]!;
      if (c < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return 0;
  }

  /** Like `word < line` / `>` / `===` on UTF-16 code units, as the file is sorted. */
  private compare(word: string, line: number): number {
    const start = this.starts[line]!;
    const length = this.ends[line]! - start;
    const n = Math.min(word.length, length);
    for (let i = 0; i < n; i++) {
      const d = word.charCodeAt(i) - this.text.charCodeAt(start + i);
      if (d !== 0) return d;
    }
    return word.length - length;
  }
}
