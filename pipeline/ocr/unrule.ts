// Ruling lines taken out of a prepared page before it is read. The engine's own segmentation takes a
// row of text that sits between two rules, a few pixels from each, for part of a picture and drops
// it: on a table with rules under its rows, scanned a degree askew, whole rows went missing while
// the same page without its rules read in full. The rules are those rules.ts finds (thin, long,
// paper on both sides); each is followed along its length and its ink painted the paper's shade
// wherever it is thin, so a letter that touches or crosses it keeps its stroke.
import { otsu } from "./histogram.ts";
import type { Gray } from "./types.ts";
import { findColumnRules, findRules, type PixelRule } from "./rules.ts";

/**
 * A rule's ink is at most this share of an x-height thick: a 1.5-pt rule at 300 dpi is 6 px, about
 * a third of the prepared x-height of 20 px. Where more ink runs across the line, a letter
 * crosses it there, and that column is left alone.
 */
const MAX_RULE_XHEIGHTS = 0.45;
/** Where the paper is read beside a rule: this far beyond its ink, past the soft edge, px. */
const PAPER_PX = 3;
/** How far from the located line a rule's ink may lie at one step (blur), px. */
const SEARCH_PX = 2;

/**
 * `gray` (straight, prepared) with its horizontal rules painted white, or `gray` itself when it has
 * none, or when it also has vertical rules: a grid. `xHeight` is the body x-height in `gray`'s pixels.
 * A grid stays: its cells are boxes the engine reads one by one, and on the development set a
 * budget table read worse with its grid taken out (3.9 % → 7.5 % CER on its page) while a table
 * ruled only between its rows lost two rows of five with its rules in and none without.
 */
export function withoutRules(gray: Gray, xHeight: number): Gray {
  // A rule a row of text runs close to is reported as an edge (its two sides differ): both are
  // followed, and the edge of a shaded band is left as it is by the thinness test.
  const rules = findRules(gray, 0, xHeight);
  if (!rules.length) return gray;
  // Faded rules are gray: lighter than the letters that set the ink threshold, well darker than
  // the paper. Half way from the ink threshold to white takes them whole.
  const ink = Math.round((otsu(gray) + 255) / 2);
  // A grid: vertical rules found as such, or rules whose ends meet a frame's sides (vertical rules
  // with text close beside them are not always found on their own).
  const framed = rules.filter((r) => endsInFrame(gray, r, ink, xHeight)).length;
  if (framed >= GRID_SHARE * rules.length || findColumnRules(gray, 0, xHeight).length) return gray;
  const maxThick = Math.max(2, Math.round(MAX_RULE_XHEIGHTS * xHeight));
  const data = Buffer.from(gray.data);
  for (const rule of rules) erase(data, gray.width, gray.height, rule, ink, maxThick, xHeight);
  return { width: gray.width, height: gray.height, data };
}

/** Share of the rules whose ends meet vertical ink that makes a page's rules a grid. */
const GRID_SHARE = 0.5;
/** How far along a vertical side from a rule's end its ink is looked for, in x-heights; and how much of it must be ink. */
const SIDE_XHEIGHTS = 1;
const SIDE_FILL = 0.8;
/** How close to a rule's end a frame's side stands, px. */
const END_PX = 4;

/** Whether both ends of a rule meet a vertical line of ink above or below it: a box's or a grid's side. */
function endsInFrame(gray: Gray, rule: PixelRule, ink: number, xHeight: number): boolean {
  const side = Math.max(4, Math.round(SIDE_XHEIGHTS * xHeight));
  const sideAt = (x: number, y: number) => {
    for (let dx = -END_PX; dx <= END_PX; dx++) {
      const cx = Math.round(x) + dx;
      if (cx < 0 || cx >= gray.width) continue;
      for (const dir of [-1, 1]) {
        let dark = 0;
        for (let k = 3; k < 3 + side; k++) {
          const cy = Math.round(y) + dir * k;
          if (cy >= 0 && cy < gray.height && gray.data[cy * gray.width + cx]! <= ink) dark++;
        }
        if (dark >= SIDE_FILL * side) return true;
      }
    }
    return false;
  };
  return sideAt(rule.x1, rule.y1) && sideAt(rule.x2, rule.y2);
}

/** The rule's own line is looked for this far from where the finder put it (an edge lies up to two probes from its line), in x-heights. */
const LOCATE_XHEIGHTS = 0.8;
/** Along the rule, its line is followed piece by piece, each this many x-heights long, within DRIFT_PX of the whole rule's line: a trace of skew left after straightening. */
const PIECE_XHEIGHTS = 8;
const DRIFT_PX = 2;
/**
 * A rule is taken out only when it is thin along nearly all its length. A rule that borders a
 * shaded band (a header row) is thick in most places and thin where noise lightens the band: taken
 * out piecemeal it would leave a dashed line the engine reads as marks.
 */
const MIN_THIN_SHARE = 0.85;

/**
 * Paints one rule white. The rule's line is where the pixels are darkest on average over its whole
 * length (the rule is dark all along, a row of text beside it only in places), followed piece by
 * piece within a pixel or two; at each step the run of ink that crosses the line is painted white,
 * with a pixel of soft edge either side, when it is thin enough to be the rule alone.
 */
function erase(data: Buffer, width: number, height: number, rule: PixelRule, ink: number, maxThick: number, xHeight: number): void {
  const [along0, along1, across0, across1] = [rule.x1, rule.x2, rule.y1, rule.y2];
  const [alongSize, acrossSize] = [width, height];
  const at = (a: number, c: number) => c * width + a;
  const start = Math.max(0, Math.round(Math.min(along0, along1)));
  const end = Math.min(alongSize - 1, Math.round(Math.max(along0, along1)));
  const span = along1 - along0 || 1;
  const reported = (a: number) => Math.round(across0 + ((across1 - across0) * (a - along0)) / span);
  const darkness = (from: number, to: number, offset: number) => {
    let sum = 0;
    let n = 0;
    for (let a = from; a <= to; a++) {
      const c = reported(a) + offset;
      if (c < 0 || c >= acrossSize) continue;
      sum += data[at(a, c)]!;
      n++;
    }
    return n ? sum / n : Infinity;
  };
  const darkestOffset = (from: number, to: number, lo: number, hi: number) => {
    let best = lo;
    for (let d = lo + 1; d <= hi; d++) if (darkness(from, to, d) < darkness(from, to, best)) best = d;
    return best;
  };
  const reach = Math.max(SEARCH_PX, Math.round(LOCATE_XHEIGHTS * xHeight));
  const offset = darkestOffset(start, end, -reach, reach);
  const runs: [number, number, number][] = [];
  let steps = 0;
  const piece = Math.max(20, Math.round(PIECE_XHEIGHTS * xHeight));
  for (let p0 = start; p0 <= end; p0 += piece) {
    const p1 = Math.min(end, p0 + piece - 1);
    const local = darkestOffset(p0, p1, offset - DRIFT_PX, offset + DRIFT_PX);
    // No rule along this piece (the finder bridged a gap, or the rule ends here).
    if (darkness(p0, p1, local) > ink) continue;
    for (let a = p0; a <= p1; a++) {
      steps++;
      const line = reported(a) + local;
      let best = -1;
      for (let c = line - SEARCH_PX; c <= line + SEARCH_PX; c++) {
        if (c < 0 || c >= acrossSize) continue;
        if (data[at(a, c)]! <= ink && (best < 0 || data[at(a, c)]! < data[at(a, best)]!)) best = c;
      }
      if (best < 0) continue;
      let lo = best;
      let hi = best;
      while (lo > 0 && data[at(a, lo - 1)]! <= ink) lo--;
      while (hi < acrossSize - 1 && data[at(a, hi + 1)]! <= ink) hi++;
      if (hi - lo + 1 <= maxThick) runs.push([a, lo, hi]);
    }
  }
  if (!steps || runs.length < MIN_THIN_SHARE * (end - start + 1)) return;
  // Painted the paper's own shade, taken just beyond the rule's soft edge: a white line on gray
  // paper is an edge of its own, and the engine stretched the rows between two of them into lines
  // twice their height.
  for (const [a, lo, hi] of runs) {
    const above = data[at(a, Math.max(0, lo - PAPER_PX))]!;
    const below = data[at(a, Math.min(acrossSize - 1, hi + PAPER_PX))]!;
    const paper = Math.max(above, below);
    for (let c = Math.max(0, lo - 1); c <= Math.min(acrossSize - 1, hi + 1); c++) data[at(a, c)] = paper;
  }
}
