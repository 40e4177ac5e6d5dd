// What a line of slide or scanned text looks like: how it starts and ends decides whether the line
// break after it was the author's or only the layout's.

/** Bullet glyphs that mean a list wherever they open a line. */
export const STRONG_BULLET = /^([▪•■➢►●◆○◦□✓➤▸‣⁃])\s+/u;
/**
 * Marks that open a list only when several lines of one block start with them: OCR's reading of a
 * bullet ("=", "|", "»"), or a typed dash or star, which a single line may also start with as text.
 */
export const WEAK_BULLET = /^([-–*=|»>~])\s+/u;

/** The line ends a sentence or introduces what follows (".", "!", "?", ":", ";"). */
export function endsClause(text: string): boolean {
  return /[.!?:;…]["”’)\]]*$/u.test(text.trimEnd());
}

export function endsSentence(text: string): boolean {
  return /[.!?…]["”’)\]]*$/u.test(text.trimEnd());
}

/** The first letter is lower case (after opening quotes or brackets). */
export function startsLower(text: string): boolean {
  const m = /^[\s"“„'‘(\[]*(\p{L})/u.exec(text);
  return m !== null && m[1] !== m[1]!.toUpperCase();
}

/**
 * A label in capitals ("VISION", "FOKUSOMRÅDE 1"): a few words, every letter upper case. It heads
 * the text after it and is not run into it.
 */
export function isCapitalLabel(line: string): boolean {
  const t = line.trim();
  const letters = t.replace(/[^\p{L}]/gu, "");
  return letters.length >= 4 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && t.split(/\s+/).length <= 5;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** A line that opens with a short label and a colon: "Fokusområde 2: …", "12. februar: …". */
export function isLabelled(line: string): boolean {
  const m = /^\s*([^:]{1,40}):\s+\S/u.exec(line);
  return m !== null && wordCount(m[1]!) <= 4 && !/[.!?]/.test(m[1]!.replace(/\d+\./g, ""));
}
