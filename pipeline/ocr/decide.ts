// Should a PDF page's own text layer be trusted, or the page OCR'd? The layer is judged the way a
// reader would judge it: does it read as Danish words, does Danish text have its æ ø å, is it
// made of real characters, and was it drawn invisibly by an earlier OCR run.
import type { Page, TextLayer } from "../../src/model/document.ts";
import { danishWords } from "../repair/lexicon.ts";

export interface LayerVerdict {
  ocr: boolean;
  reason: string;
  score: NonNullable<TextLayer["score"]>;
}

/** Below this many words a page's layer is too short to judge by its words; only the hard signals count. */
const MIN_WORDS_TO_JUDGE = 12;
/** Danish running text of this length without a single æ/ø/å has lost them to a wrong-language OCR. */
const MIN_WORDS_WITHOUT_AEOEAA = 30;

/**
 * Judges every page's layer. An invisible OCR layer is one earlier OCR run over the whole document,
 * so it is also judged as a whole: when the run as a whole lost its æ ø å, its short pages (a title
 * slide, a closing slide) are re-read too, even though they are too short to show it alone.
 */
export function judgeTextLayers(pages: readonly Page[], language: string | null): LayerVerdict[] {
  const verdicts = pages.map((p) => judgeTextLayer(p, language));
  const invisible = pages.filter((p) => p.textLayer?.state === "invisible");
  if (invisible.length < 2) return verdicts;
  const pooled = judgeLayer("invisible", invisible.map((p) => p.textLayer!.text).join("\n"), language);
  if (!pooled.ocr) return verdicts;
  return verdicts.map((v, i) =>
    pages[i]!.textLayer?.state === "invisible" && !v.ocr
      ? { ...v, ocr: true, reason: `${pooled.reason} (judged over the ${invisible.length} pages of the same OCR layer)` }
      : v,
  );
}

export function judgeTextLayer(page: Page, language: string | null): LayerVerdict {
  return judgeLayer(page.textLayer?.state ?? "none", page.textLayer?.text ?? "", language);
}

function judgeLayer(state: TextLayer["state"], text: string, language: string | null): LayerVerdict {
  const score = scoreText(text, language === null || language === "da");
  const verdict = (ocr: boolean, reason: string): LayerVerdict => ({ ocr, reason, score });
  if (state === "none") return verdict(true, "the page has no text layer");
  if (score.garbageShare > 0.1) {
    return verdict(true, `the text layer is ${(score.garbageShare * 100).toFixed(0)}% unreadable characters`);
  }
  if (state === "visible") {
    // A visible layer drawn in real fonts is what the author wrote, technical English terms and all.
    // Only a layer that does not read as words at all (a font without a usable character map) is
    // worth replacing by OCR.
    if (score.lexiconShare !== null && score.words >= MIN_WORDS_TO_JUDGE && score.lexiconShare < 0.4) {
      return verdict(true, `only ${pct(score.lexiconShare)} of the text layer's words are words: its font encoding is broken`);
    }
    return verdict(false, "the page has a text layer that reads as real text");
  }
  // An earlier OCR run's invisible layer is kept only when it reads as clean Danish; re-reading is
  // cheap next to an archive of damaged text.
  if (score.lexiconShare !== null && score.words >= MIN_WORDS_WITHOUT_AEOEAA && score.danishLetters === 0) {
    return verdict(true, `the OCR text layer has ${score.words} words of Danish but no æ, ø or å: it was read with the wrong language`);
  }
  if (score.lexiconShare !== null && score.words >= MIN_WORDS_TO_JUDGE && score.lexiconShare >= 0.9) {
    return verdict(false, "an earlier OCR run's invisible text layer, judged good Danish and kept");
  }
  return verdict(
    true,
    score.lexiconShare === null || score.words < MIN_WORDS_TO_JUDGE
      ? "the page's text layer is an earlier OCR run's invisible text, too short to judge"
      : `only ${pct(score.lexiconShare)} of the OCR text layer's words are Danish words`,
  );
}

function pct(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

const LETTERS = /\p{L}+/gu;
const DANISH_LETTERS = /[æøåÆØÅ]/g;
// Letters, digits, spaces and the punctuation of ordinary prose; everything else counts as garbage
// (private-use glyphs, U+FFFD, control characters, stray symbols from broken font encodings).
const READABLE = /[\p{L}\p{N}\s.,;:!?'"“”„«»‘’()[\]\-–—/%&§+=*•▪■●◦➢…@#€$]/u;

export function scoreText(text: string, danish: boolean): LayerVerdict["score"] {
  const tokens = (text.match(LETTERS) ?? []).map((t) => t.toLowerCase());
  const words = tokens.filter((t) => t.length >= 2);
  const lexicon = danish ? danishWords() : null;
  const known = lexicon ? words.filter((w) => lexicon.has(w)).length : 0;
  const chars = [...text.replace(/\s+/g, "")];
  const garbage = chars.filter((c) => !READABLE.test(c)).length;
  return {
    words: words.length,
    lexiconShare: lexicon && words.length ? round(known / words.length) : null,
    danishLetters: (text.match(DANISH_LETTERS) ?? []).length,
    garbageShare: chars.length ? round(garbage / chars.length) : 0,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
