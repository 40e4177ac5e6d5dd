// Repairing a run of text: find the words in it (leaving numbers, URLs, e-mail addresses and English
// passages alone), ask the corrector about each, and splice the corrections in.
import { englishAndDanish } from "../ingest/language.ts";
import type { Corrector } from "./correct.ts";
import { pushAll } from "../../src/lib/arrays.ts";

export interface TextRepair {
  /** UTF-16 offset of the original word in the text given. */
  offset: number;
  original: string;
  replacement: string;
  reason: string;
  score: number;
}

/**
 * A word as OCR may have left it: letters, with the stand-ins OCR puts for letters it could not
 * read (ø as @ or ¢, i as | or 1, o as 0) inside. Hyphens split words: each part is judged alone.
 */
const WORD = /[\p{L}\p{M}@|¢}0-9]+/gu;
/** Spans never touched: URLs, e-mail addresses, domain names. */
const PROTECTED = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}\b|\b[\w-]+(?:\.[\w-]+)*\.(?:dk|com|org|net|eu|de|se|no)\b/giu;

/** Repairs of `text`, in order; apply them with applyRepairs. */
export function repairText(text: string, corrector: Corrector): TextRepair[] {
  if (isEnglish(text)) return [];
  const shielded: [number, number][] = [];
  for (const m of text.matchAll(PROTECTED)) shielded.push([m.index, m.index + m[0].length]);
  const words = [...text.matchAll(WORD)]
    .filter((m) => !shielded.some(([a, b]) => m.index < b && m.index + m[0].length > a))
    .map((m) => ({ word: m[0], start: m.index, final: m[0] }));
  const out: TextRepair[] = [];
  // A neighbour counts as context only within the same clause: nothing but spaces, hyphens or
  // commas between.
  const joined = (a: { start: number; word: string } | undefined, b: { start: number } | undefined) =>
    a !== undefined && b !== undefined && /^[\s,-]*$/u.test(text.slice(a.start + a.word.length, b.start));
  for (const [i, w] of words.entries()) {
    const { word, start } = w;
    const preposition = lonePreposition(text, start, word, corrector);
    if (preposition) {
      out.push({ offset: start, original: word, replacement: preposition, reason: `"${word}" alone between words is the preposition "i" as OCR reads it`, score: 5 });
      w.final = preposition;
      continue;
    }
    if (!isWordLike(word)) continue;
    const prev = joined(words[i - 1], w) ? words[i - 1]!.final : null;
    const next = joined(w, words[i + 1]) ? words[i + 1]!.word : null;
    const fix = corrector.correct(word, { midSentence: midSentence(text, start), prev, next });
    if (fix) {
      out.push({ offset: start, original: word, replacement: fix.replacement, reason: fix.reason, score: fix.score });
      w.final = fix.replacement;
    }
  }
  pushAll(out, sectionSigns(text, shielded));
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * A paragraph number cited alone: "§ 108", "(§ 66)", never glued to more digits ("§ 1.000" is no
 * citation). The lookahead is shared by every form of the sign below.
 */
const CITED = String.raw`(?=[ \t]\d{1,3}[a-z]?(?![\d.,]\d))`;
/**
 * The section sign as OCR misreads it: "$" or "&" before a paragraph number ("servicelovens $ 112",
 * "Botilbud $ 107"), which Danish text has no other use for; and "8" or "5" (the sign's loops)
 * where only a citation fits: in parentheses ("(8 107)") or after the law or "efter", "jf."
 * ("servicelovens 8 112"). A digit elsewhere may be a number ("kr. 5 108"), and stays.
 */
const SECTION_SIGN = new RegExp(
  String.raw`(?<=^|[\s(])[$&]${CITED}|(?<=\()[85]${CITED}(?=[ \t]\d{1,3}[a-z]?\))|(?<=(?:lovens|loven|efter|jf\.|jævnfør)[ \t])[85]${CITED}`,
  "giu",
);

function sectionSigns(text: string, shielded: readonly [number, number][]): TextRepair[] {
  const out: TextRepair[] = [];
  for (const m of text.matchAll(SECTION_SIGN)) {
    if (shielded.some(([a, b]) => m.index >= a && m.index < b)) continue;
    out.push({ offset: m.index, original: m[0], replacement: "§", reason: `"${m[0]}" before a paragraph number is the section sign as OCR reads it`, score: 5 });
  }
  return out;
}

export function applyRepairs(text: string, repairs: readonly TextRepair[]): string {
  let out = "";
  let at = 0;
  for (const r of repairs) {
    out += text.slice(at, r.offset) + r.replacement;
    at = r.offset + r.original.length;
  }
  return out + text.slice(at);
}

/**
 * The one-letter word "i" (in) is read as "|" or "1" standing alone. Replaced where nothing else
 * fits: "|" before a word; "1" only in stripped text (where the wrong model read "i" as "1" often),
 * mid-sentence after a lower-case word and before a word that is no unit ("bor 1 Aalborg" but
 * "over 1 mill."). In good OCR a lone "1" is likelier a number than a misread "i".
 */
function lonePreposition(text: string, start: number, word: string, corrector: Corrector): string | null {
  if (word !== "|" && !(word === "1" && corrector.mode === "restore")) return null;
  const next = /^[ \t]+(\p{L}+)/u.exec(text.slice(start + 1, start + 40))?.[1];
  if (!next || (word === "1" && UNITS.has(next.toLowerCase()))) return null;
  // A capitalised common word after "|" starts a table cell ("Dialogforum | Politiske drøftelser"):
  // "i" comes before names ("| Danmark") but not before a capitalised "Udsendelse".
  if (/^\p{Lu}/u.test(next) && corrector.isCommonWord(next.toLowerCase())) return null;
  // What precedes, across spaces and line breaks (a line break alone does not end a sentence).
  const before = /(\S)\s*$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1] ?? null;
  const sentenceStart = before === null || /[.!?:]/u.test(before);
  if (word === "|") return sentenceStart ? "I" : /[\p{L},;]/u.test(before!) ? "i" : null;
  return !sentenceStart && /\p{Ll}/u.test(before!) ? "i" : null;
}

/** Whether the word at `start` continues a sentence: what precedes it (across spaces and line breaks) is a word, a comma or the like. */
function midSentence(text: string, start: number): boolean {
  const before = /(\S)\s*$/u.exec(text.slice(Math.max(0, start - 20), start))?.[1];
  return before !== undefined && /[\p{L}\p{N},;]/u.test(before);
}

/** Words that follow a number ("1 mill.", "1 kr."): a "1" before them is a number. */
const UNITS = new Set(["mill", "mio", "mia", "kr", "pct", "procent", "km", "m", "cm", "mm", "kg", "g", "l", "t", "time", "times", "gang", "år", "års", "dag", "døgn", "uge", "måned", "stk", "side", "pr"]);

/**
 * Worth asking about: at least two letters, more letters than digits (a code such as "K10" or a
 * year is not a word), and not glued to a digit run ("2021-2022", "§108").
 */
function isWordLike(word: string): boolean {
  // OCR's stand-ins for ø count as letters in words of three or more characters ("s@n" is "søn");
  // a two-character scrap such as "j@" is more often an icon than a word.
  const letters = (word.match(/\p{L}/gu)?.length ?? 0) + (word.length >= 3 ? (word.match(/[@¢]/gu)?.length ?? 0) : 0);
  const digits = word.match(/[0-9]/g)?.length ?? 0;
  return letters >= 2 && digits <= 1 && digits < letters;
}

/** A passage in English (a quotation, a title): more English function words than Danish ones, and at least three. */
function isEnglish(text: string): boolean {
  const { en, da } = englishAndDanish(text.match(/\p{L}+/gu) ?? []);
  return en >= 3 && en > da;
}
