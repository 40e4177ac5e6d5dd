// The language of a body of text from its function words, for sources that do not declare one
// (text files, PDFs without /Lang). Function words are frequent and distinctive enough to tell
// Danish from English, German and Swedish in a paragraph; OCR damage to æ ø å does not hide them,
// because most of the Danish list is plain ASCII.
const FUNCTION_WORDS: Record<string, readonly string[]> = {
  da: ["og", "i", "at", "det", "en", "den", "til", "er", "som", "på", "de", "med", "for", "af", "ikke", "der", "var", "et", "har", "om", "vi", "kan", "skal", "fra", "ved", "efter", "også", "eller", "samt", "hvor", "være", "blev", "mellem", "sammen"],
  en: ["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "are", "by", "this", "be", "from", "or", "have", "an", "which", "not", "at", "will", "can"],
  de: ["der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "oder"],
  sv: ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "ett", "men", "var", "från", "eller", "kan", "ska", "också"],
};

const LISTS = Object.entries(FUNCTION_WORDS).map(([lang, words]) => [lang, new Set(words)] as const);

/** BCP 47 primary tag of the text's language, or null when there is too little text to tell. */
export function detectLanguage(text: string): string | null {
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (tokens.length < 20) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const [lang, words] of LISTS) {
    const score = tokens.filter((t) => words.has(t)).length / tokens.length;
    if (score > bestScore) [best, bestScore] = [lang, score];
  }
  // Running text in any of these languages has well over 15% function words; lists of names do not.
  return bestScore >= 0.12 ? best : null;
}

const DANISH_ONLY = new Set(FUNCTION_WORDS.da!.filter((w) => !FUNCTION_WORDS.en!.includes(w)));
const ENGLISH_ONLY = new Set(FUNCTION_WORDS.en!.filter((w) => !FUNCTION_WORDS.da!.includes(w)));

/**
 * English and Danish function words among `words` (any case, punctuation ignored), counting only
 * words that belong to one of the two lists ("for" and "at" are both): whether a passage or an
 * OCR'd page is English within Danish documents.
 */
export function englishAndDanish(words: Iterable<string>): { en: number; da: number } {
  let en = 0;
  let da = 0;
  for (const word of words) {
    const w = word.toLowerCase().replace(/[^\p{L}]/gu, "");
    if (ENGLISH_ONLY.has(w)) en++;
    else if (DANISH_ONLY.has(w)) da++;
  }
  return { en, da };
}
