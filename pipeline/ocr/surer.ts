// Line by line, the surer of two readings. A page is read plain and prepared (page.ts), and the
// reading the engine is surer of over the whole page is kept; but one reading can win the page and
// still lose some of its lines (a gray code box, a small footer) to the other. Where both read a
// line over the same stretch of the page, the line the engine is clearly surer of is kept. On the
// OCR dev set's 150 dpi scan of an operations guide, whose gray code boxes and table rows the
// losing reading read better line by line, 543 edits over the document became 384 (plain
// tesseract 469).
import { boxOf, letters, sharesHeight, sureness, wordsByLine } from "./regions.ts";
import type { OcrWord, PlacedWords } from "./types.ts";

type Box = OcrWord["box"];


/** Share of the longer of two lines that both must span for them to be one line read twice. */
const SAME_EXTENT = 0.8;
/**
 * How much surer (confidence per letter, 0–1) the other reading of a line must be to replace the
 * kept one: the engine's confidence is a noisy guide, a small lead says nothing. Set before
 * measuring and not tuned: the only value tried.
 */
const SURER_BY = 0.1;
/** Least share of the kept line's letters and digits the other reading must have: it may not drop words. */
const KEEPS_LETTERS = 0.9;

/** `kept` with each line that `other` read over the same stretch, clearly surer of it, read as `other` read it. */
export function withSurerLines(kept: PlacedWords, other: PlacedWords): PlacedWords {
  const keptLines = linesOf(kept.words);
  const otherLines = linesOf(other.words);
  const swaps = new Map<number, number[]>();
  for (const mine of keptLines) {
    const matches = otherLines.filter((o) => sameLine(mine.box, o.box));
    if (matches.length !== 1) continue;
    const theirs = matches[0]!;
    // The other line must not also stand for another kept line (two lines read as one).
    if (keptLines.filter((k) => sameLine(k.box, theirs.box)).length !== 1) continue;
    if (sureness(theirs.words) < sureness(mine.words) + SURER_BY || letters(theirs.words) < KEEPS_LETTERS * letters(mine.words)) continue;
    swaps.set(mine.line, theirs.indices);
  }
  if (!swaps.size) return kept;
  const out: PlacedWords = { words: [], levelWords: [] };
  const done = new Set<number>();
  for (const [i, w] of kept.words.entries()) {
    const by = swaps.get(w.line);
    if (!by) {
      out.words.push(w);
      out.levelWords.push(kept.levelWords[i]!);
      continue;
    }
    if (done.has(w.line)) continue;
    done.add(w.line);
    for (const j of by) {
      out.words.push({ ...other.words[j]!, line: w.line, block: w.block });
      out.levelWords.push({ ...other.levelWords[j]!, line: w.line, block: w.block });
    }
  }
  return out;
}

interface ReadLine {
  line: number;
  indices: number[];
  words: OcrWord[];
  box: Box;
}

function linesOf(words: readonly OcrWord[]): ReadLine[] {
  return [...wordsByLine(words)].map(([line, indices]) => {
    const ws = indices.map((i) => words[i]!);
    return { line, indices, words: ws, box: boxOf(ws) };
  });
}

function sameLine(a: Box, b: Box): boolean {
  if (!sharesHeight(a, b)) return false;
  const along = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  return along >= SAME_EXTENT * Math.max(a.w, b.w);
}
