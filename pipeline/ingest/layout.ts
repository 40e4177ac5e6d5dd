// Page geometry → reading order. Text runs (from a PDF text layer, later from OCR words) become
// lines, lines are ordered by a recursive XY-cut (columns before rows only when a real gutter
// exists), and each column's lines become blocks split at the evident breaks: a paragraph gap, a
// change of font, an indent, a line that stops short of the column's right edge, a bullet glyph.
import { findTables, type ColumnRule, type FoundTable, type Separator } from "./tables.ts";
import { maxOf, minOf, pushAll } from "../../src/lib/arrays.ts";

/** One positioned piece of text, in page units with the origin at the top-left. */
export interface TextRun {
  text: string;
  x: number;
  /** Baseline y (top-left origin). */
  baseline: number;
  width: number;
  /** Font size (glyph height) in page units. */
  size: number;
  bold: boolean;
}

export interface Line {
  text: string;
  x: number;
  right: number;
  top: number;
  bottom: number;
  baseline: number;
  size: number;
  bold: boolean;
  /** Links resolved later carry offsets into `text`; runs keep their span. */
  runs: { run: TextRun; start: number; end: number }[];
  /** Set on the one stand-in line that carries a whole table through the reading order. */
  table?: FoundTable;
}

export interface LaidBlock {
  kind: "paragraph" | "list" | "table";
  /** Tables only: cell texts row by row. */
  rows?: string[][];
  /** Tables only: the first row is set off as a header (a shaded band, a rule under it); undefined when the page does not show. */
  header?: boolean;
  /** For a paragraph, its lines; for a list, one entry per item (each item's lines). */
  items: Line[][];
  /** List item levels (0-based), parallel to `items`; all 0 for paragraphs. */
  levels: number[];
  ordered: boolean;
  size: number;
  bold: boolean;
  box: { x: number; y: number; w: number; h: number };
  /** Paragraphs only: breaks[i] is true when line i ends a visual line on purpose. */
  breaks?: boolean[];
  /** Lists only: the items start with bullet glyphs that are part of the text. */
  glyphs?: boolean;
}

// "9. marts" is a Danish date, not a list number: a numbered item must start with a capital letter.
const BULLET = /^(?:[•▪■●◦○◆◇➢➤►▶✓✔\-–—*·»]\s+|\d{1,2}[.)]\s+(?=\p{Lu})|[a-z]\)\s+)/u;
const ORDERED = /^(?:\d{1,2}[.)]|[a-z]\))\s+/u;

/** Groups runs into lines, orders them, and splits them into blocks. */
export function layoutRuns(runs: readonly TextRun[]): LaidBlock[] {
  return layoutLines(linesOfRuns(runs));
}

/** Runs grouped into lines, before they are laid out. */
export function linesOfRuns(runs: readonly TextRun[]): Line[] {
  return buildLines(runs.filter((r) => r.text.trim() !== "" && r.size > 0));
}

/**
 * Lines (already built, e.g. by an OCR engine) → blocks in reading order. Tables are found first
 * and travel through the reading order as one unit each, so they are read row by row.
 */
export function layoutLines(lines: readonly Line[], options: LayoutOptions = {}): LaidBlock[] {
  if (!lines.length) return [];
  const tables = findTables(lines, options.separators ?? [], options.columnRules ?? []);
  const inTable = new Set(tables.flatMap((t) => t.lines));
  const units = [...lines.filter((l) => !inTable.has(l)), ...tables.map(tableStandIn)];
  const hiddenBullets = options.hiddenBullets ?? true;
  return xyCut(units, columnOf(units)).flatMap((region) => blocksOfRegion(region, hiddenBullets));
}

export interface LayoutOptions {
  /**
   * Whether list bullets may be missing from the lines: a text layer has no glyph for bullets drawn
   * as graphics (Chromium, Word), so indented short lines are taken for a list. Default true. An
   * OCR reading sees the bullets as ink and reads them (or the page's bullet finder does), so for
   * it indented lines without one are just indented lines (code, an address, a quotation).
   */
  hiddenBullets?: boolean;
  /** Ruling lines and band edges the page image shows, in the lines' units (see tables.ts). */
  separators?: readonly Separator[];
  /** Vertical rules between a table's columns, in the lines' units: text on either side is two cells however close. */
  columnRules?: readonly ColumnRule[];
}

function tableStandIn(table: FoundTable): Line {
  const { x, y, w, h } = table.box;
  return { text: "", x, right: x + w, top: y, bottom: y + h, baseline: y + h, size: table.size, bold: false, runs: [], table };
}

// ---- runs → lines --------------------------------------------------------------------------

function buildLines(runs: TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: TextRun[][] = [];
  for (const run of sorted) {
    const row = rows[rows.length - 1];
    // Same baseline within a fraction of the smaller font: superscripts and mixed sizes stay on the line.
    if (row && sameRow({ baseline: rowBaseline(row), size: rowSize(row) }, run)) row.push(run);
    else rows.push([run]);
  }
  return rows.flatMap(splitRow);
}

function rowBaseline(row: TextRun[]): number {
  return row.reduce((s, r) => s + r.baseline, 0) / row.length;
}
function rowSize(row: TextRun[]): number {
  return maxOf(row.map((r) => r.size));
}

/** A row of runs on one baseline may hold several columns: split where the gap is column-wide. */
function splitRow(row: TextRun[]): Line[] {
  const runs = [...row].sort((a, b) => a.x - b.x);
  const lines: Line[] = [];
  let current: TextRun[] = [];
  for (const run of runs) {
    const prev = current[current.length - 1];
    if (prev && run.x - (prev.x + prev.width) > 2.5 * Math.max(prev.size, run.size)) {
      lines.push(makeLine(current));
      current = [];
    }
    current.push(run);
  }
  if (current.length) lines.push(makeLine(current));
  return lines;
}

/**
 * `runs` joined into one line. A text layer's runs may be pieces of one word, so a space goes
 * only where the gap is wide enough; `separateWords` says every run is a word of its own (OCR
 * words: small type at 150 dpi leaves gaps narrower than that test, and "merforbrug på" would
 * come out as "merforbrugpå").
 */
export function makeLine(runs: TextRun[], { separateWords = false }: { separateWords?: boolean } = {}): Line {
  let text = "";
  const spans: Line["runs"] = [];
  let prev: TextRun | undefined;
  for (const run of runs) {
    const piece = run.text.replace(/\s+/g, " ");
    if (prev) {
      const gap = run.x - (prev.x + prev.width);
      const needsSpace = (separateWords || gap > 0.18 * Math.min(prev.size, run.size)) && !/\s$/.test(text) && !/^\s/.test(piece);
      if (needsSpace) text += " ";
    }
    const start = text.length;
    text += piece;
    spans.push({ run, start, end: text.length });
    prev = run;
  }
  const trimmed = text.trim();
  const lead = text.length - text.trimStart().length;
  for (const s of spans) {
    s.start = Math.max(0, s.start - lead);
    s.end = Math.min(trimmed.length, s.end - lead);
  }
  const size = dominant(runs.map((r) => [r.size, r.text.length] as const));
  const boldChars = runs.filter((r) => r.bold).reduce((n, r) => n + r.text.length, 0);
  const allChars = runs.reduce((n, r) => n + r.text.length, 0);
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  return {
    text: trimmed,
    x: first.x,
    right: last.x + last.width,
    top: minOf(runs.map((r) => r.baseline - r.size)),
    bottom: maxOf(runs.map((r) => r.baseline + 0.25 * r.size)),
    baseline: rowBaseline(runs),
    size,
    bold: boldChars > allChars / 2,
    runs: spans,
  };
}

/** The value that covers the most weight (e.g. the font size of most characters). */
export function dominant(pairs: readonly (readonly [number, number])[]): number {
  const weight = new Map<number, number>();
  for (const [value, w] of pairs) {
    const key = Math.round(value * 2) / 2;
    weight.set(key, (weight.get(key) ?? 0) + w);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [value, w] of [...weight].sort((a, b) => a[0] - b[0])) {
    if (w > bestWeight) [best, bestWeight] = [value, w];
  }
  return best;
}

// ---- reading order: recursive XY-cut ---------------------------------------------------------

interface Gap {
  at: number;
  width: number;
}

/** A region of lines and the column it sits in: indents and short lines are judged against the column. */
interface Region {
  lines: Line[];
  column: Column;
}
interface Column {
  left: number;
  right: number;
}

function columnOf(lines: Line[]): Column {
  return { left: minOf(lines.map((l) => l.x)), right: maxOf(lines.map((l) => l.right)) };
}

/** Returns regions in reading order, each a list of lines top to bottom. */
function xyCut(lines: Line[], column: Column): Region[] {
  if (lines.length <= 1) return lines.length ? [{ lines, column }] : [];
  const size = median(lines.map((l) => l.size));
  const vertical = largestGap(lines.map((l) => [l.x, l.right] as const));
  const horizontal = largestGap(lines.map((l) => [l.top, l.bottom] as const));
  // A gutter must be clearly wider than a word space; a horizontal cut needs no threshold because
  // top-to-bottom is the default order anyway. A gutter beats a row gap when it is relatively wider,
  // which keeps two aligned text columns apart while a single column is cut into its paragraphs.
  const gutterOk = vertical && vertical.width >= 1.5 * size;
  if (gutterOk && (!horizontal || vertical.width / 1.5 >= horizontal.width)) {
    const left = lines.filter((l) => l.right <= vertical.at);
    const right = lines.filter((l) => l.right > vertical.at);
    if (termsBeside(left, right)) return termRows(left, right).flatMap((row) => xyCut(row, columnOf(row)));
    return [...xyCut(left, columnOf(left)), ...xyCut(right, columnOf(right))];
  }
  if (horizontal && horizontal.width > 0.9 * size) {
    const above = lines.filter((l) => l.bottom <= horizontal.at);
    const below = lines.filter((l) => l.bottom > horizontal.at);
    return [...xyCut(above, column), ...xyCut(below, column)];
  }
  return [{ lines: inRows(lines), column }];
}

/**
 * Baselines this close (in the smaller one's size) are one row: runs of one line, with
 * superscripts and mixed sizes; and pieces of a row the engine read as lines of their own
 * ("server" and "= vpn2…" of aligned code, a term and its description), which sit a pixel or two
 * apart, a descender's worth, and are read left to right, not by that pixel.
 */
const SAME_ROW = 0.35;

function sameRow(a: { baseline: number; size: number }, b: { baseline: number; size: number }): boolean {
  return Math.abs(a.baseline - b.baseline) <= SAME_ROW * Math.min(a.size, b.size);
}

/**
 * Lines top to bottom. The pieces of one row become one line, left to right: no gutter parted
 * them (the cut above would have), so they are read as a reader reads a row ("server = vpn2…",
 * "Dato: 12. marts"), not as lines of their own that a list or a heading could claim. A table
 * (read first, whole) stays a unit.
 */
function inRows(lines: readonly Line[]): Line[] {
  const sorted = [...lines].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const out: Line[] = [];
  let row: Line[] = [];
  const flush = () => {
    const texts = row.filter((l) => !l.table).sort((a, b) => a.x - b.x);
    if (texts.length) out.push(texts.length === 1 ? texts[0]! : joinRow(texts));
    pushAll(out, row.filter((l) => l.table));
    row = [];
  };
  for (const line of sorted) {
    const first = row[0];
    if (first && !sameRow(first, line)) flush();
    row.push(line);
  }
  flush();
  return out;
}

/** Lines of one row, left to right, as one line: each keeps its own text and runs, a space apart. */
function joinRow(lines: readonly Line[]): Line {
  let text = "";
  const runs: Line["runs"] = [];
  for (const line of lines) {
    if (text) text += " ";
    const offset = text.length;
    text += line.text;
    for (const r of line.runs) runs.push({ run: r.run, start: r.start + offset, end: r.end + offset });
  }
  const chars = (l: Line) => l.text.length;
  return {
    text,
    x: minOf(lines.map((l) => l.x)),
    right: maxOf(lines.map((l) => l.right)),
    top: minOf(lines.map((l) => l.top)),
    bottom: maxOf(lines.map((l) => l.bottom)),
    baseline: lines.reduce((s, l) => s + l.baseline * chars(l), 0) / lines.reduce((s, l) => s + chars(l), 0),
    size: dominant(lines.map((l) => [l.size, chars(l)] as const)),
    bold: lines.filter((l) => l.bold).reduce((n, l) => n + chars(l), 0) > text.length / 2,
    runs,
  };
}

/**
 * A term table without rules (a setting and what it does, a label and its value): the left
 * side's lines are terms, each on the row of the first line of what it names, and what they name
 * runs on over further rows. Read row by row, a term before its text; read as two columns, every
 * term would come before every text. Two columns of running text share their rows too, but there
 * the left side holds about as many lines as the right, line after line.
 */
function termsBeside(left: readonly Line[], right: readonly Line[]): boolean {
  if (left.length < MIN_TERMS || right.length < TERM_TEXT_LINES * left.length) return false;
  if (!left.every((l) => right.some((r) => sameRow(r, l)))) return false;
  const baselines = (ls: readonly Line[]) => ls.map((l) => l.baseline).sort((a, b) => a - b);
  const steps = (bs: number[]) => bs.slice(1).map((b, i) => b - bs[i]!);
  const pitch = median(steps(baselines(right)));
  return pitch > 0 && median(steps(baselines(left))) >= TERM_SPACING * pitch;
}

/** Fewest terms that make a term table: one line beside a text is a heading or a label. */
const MIN_TERMS = 2;
/** Lines of text per term, at least, on average: where a term names more than a line of text. */
const TERM_TEXT_LINES = 2;
/** Terms stand this many of the text's line pitches apart, at least (median): never line after line. */
const TERM_SPACING = 1.8;

/** The lines in rows, each from a term to the line before the next; text above the first term is a row of its own. */
function termRows(left: readonly Line[], right: readonly Line[]): Line[][] {
  const terms = [...left].sort((a, b) => a.baseline - b.baseline);
  const starts = terms.map((t) => t.baseline - SAME_ROW * t.size);
  const rows: Line[][] = [[], ...terms.map((t) => [t])];
  for (const line of right) {
    let i = 0;
    while (i < starts.length && line.baseline >= starts[i]!) i++;
    rows[i]!.push(line);
  }
  return rows.filter((r) => r.length);
}

/** The widest empty stretch in the projection of intervals, if any. */
function largestGap(intervals: readonly (readonly [number, number])[]): Gap | null {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let best: Gap | null = null;
  let reach = sorted[0]?.[1] ?? 0;
  for (const [start, end] of sorted.slice(1)) {
    if (start > reach) {
      const width = start - reach;
      if (!best || width > best.width) best = { at: reach + width / 2, width };
    }
    reach = Math.max(reach, end);
  }
  return best;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

// ---- a column's lines → blocks --------------------------------------------------------------

function blocksOfRegion({ lines, column }: Region, hiddenBullets: boolean): LaidBlock[] {
  if (!lines.length) return [];
  const pitch = typicalPitch(lines);
  const groups: Line[][] = [];
  for (const [i, line] of lines.entries()) {
    const prev = lines[i - 1];
    const group = groups[groups.length - 1];
    if (!prev || !group || line.table || prev.table || startsNewGroup(prev, line, pitch)) groups.push([line]);
    else group.push(line);
  }
  return groups.map((g) => toBlock(g, column, hiddenBullets));
}

/** The usual baseline distance between lines of one paragraph in this column. */
function typicalPitch(lines: Line[]): number {
  const deltas: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const d = lines[i]!.baseline - lines[i - 1]!.baseline;
    if (d > 0 && d < 2.2 * lines[i]!.size) deltas.push(d);
  }
  return deltas.length ? minOf(deltas) * 1.0 : 0;
}

/** How far a bulleted item's next line may start from where the item's text starts, in font sizes. */
const HANGING_INDENT_SLACK = 0.5;

function startsNewGroup(prev: Line, line: Line, pitch: number): boolean {
  const delta = line.baseline - prev.baseline;
  const size = Math.max(prev.size, line.size);
  const limit = pitch > 0 ? Math.max(pitch * 1.3, pitch + 0.3 * size) : 1.8 * size;
  // The next line of a bulleted item starts under the item's text, not under its bullet. That
  // says more than its size: OCR measures a short line ("februar.") a size or two smaller than
  // the line above it.
  const text = prev.runs[1]?.run.x;
  if (BULLET.test(prev.text) && text !== undefined && delta <= limit && Math.abs(line.x - text) <= HANGING_INDENT_SLACK * size) return false;
  if (Math.abs(prev.size - line.size) > 0.12 * size) return true;
  if (prev.bold !== line.bold) return true;
  if (delta > limit) return true;
  // An indent change starts a new group, except a hanging indent inside a bulleted item.
  const indentChange = Math.abs(line.x - prev.x) > 1.2 * size;
  return indentChange && !(BULLET.test(prev.text) && line.x > prev.x);
}

function toBlock(lines: Line[], column: Column, hiddenBullets: boolean): LaidBlock {
  const table = lines[0]!.table;
  if (table) {
    return { kind: "table", rows: table.rows, header: table.header, items: [], levels: [], ordered: false, size: table.size, bold: false, box: table.box };
  }
  const size = dominant(lines.map((l) => [l.size, l.text.length] as const));
  const bold = lines.filter((l) => l.bold).length > lines.length / 2;
  const x = minOf(lines.map((l) => l.x));
  const top = minOf(lines.map((l) => l.top));
  const box = {
    x,
    y: top,
    w: maxOf(lines.map((l) => l.right)) - x,
    h: maxOf(lines.map((l) => l.bottom)) - top,
  };
  const bulleted = lines.some((l) => BULLET.test(l.text)) && BULLET.test(lines[0]!.text);
  const indented = x - column.left > 1.5 * size;
  if (bulleted) return { ...listBlock(splitAtBullets(lines), lines, size, bold, box), glyphs: true };
  // Indented lines that each end short of the right edge are items of a list whose bullets were
  // drawn as graphics (Chromium, Word): the text layer has no glyph for them.
  if (indented && hiddenBullets) {
    const items = splitAtParallelStarts(splitAtShortLines(lines, column.right));
    if (items.length > 1) return { kind: "list", items, levels: items.map(() => 0), ordered: false, size, bold, box };
  }
  return { kind: "paragraph", items: [lines], levels: [0], ordered: false, size, bold, box, breaks: shortLineBreaks(lines, column.right) };
}

function listBlock(items: Line[][], lines: Line[], size: number, bold: boolean, box: LaidBlock["box"]): LaidBlock {
  const xs = [...new Set(items.map((it) => Math.round(it[0]!.x)))].sort((a, b) => a - b);
  const levelOf = (x: number) => {
    let level = 0;
    for (const [i, v] of xs.entries()) if (x >= v - 0.5 * size) level = i;
    return Math.min(level, 5);
  };
  return {
    kind: "list",
    items,
    levels: items.map((it) => levelOf(Math.round(it[0]!.x))),
    ordered: lines.length > 0 && ORDERED.test(lines[0]!.text),
    size,
    bold,
    box,
  };
}

function splitAtBullets(lines: Line[]): Line[][] {
  const items: Line[][] = [];
  for (const line of lines) {
    const last = items[items.length - 1];
    if (BULLET.test(line.text) || !last) items.push([line]);
    else last.push(line);
  }
  return items;
}

function splitAtShortLines(lines: Line[], colRight: number): Line[][] {
  const breaks = shortLineBreaks(lines, colRight);
  const items: Line[][] = [[]];
  for (const [i, line] of lines.entries()) {
    items[items.length - 1]!.push(line);
    if (breaks[i]) items.push([]);
  }
  return items.filter((it) => it.length);
}

/**
 * For each line: did it stop although the next line's first word would have fitted (a deliberate
 * break)? The word's width is estimated from the next line's own average glyph width, with a
 * margin, because a wrongly kept break splits a sentence while a missed one only joins two lines.
 */
function shortLineBreaks(lines: Line[], colRight: number): boolean[] {
  return lines.map((line, i) => {
    const next = lines[i + 1];
    if (!next) return false;
    const perChar = next.text.length ? (next.right - next.x) / next.text.length : 0.5 * next.size;
    const nextWord = (next.text.split(" ")[0] ?? "").length * perChar * 1.3;
    return line.right + nextWord + line.size < colRight;
  });
}

/**
 * Items whose last line happened to fill the column are not split by width. When the other items
 * share their first word (parallel lists: "at sikre …", "at skabe …"), a line that starts with that
 * word after a sentence end starts a new item too.
 */
function splitAtParallelStarts(items: Line[][]): Line[][] {
  if (items.length < 2) return items;
  const firstWord = (l: Line) => (l.text.split(" ")[0] ?? "").toLowerCase();
  const starts = new Map<string, number>();
  for (const it of items) starts.set(firstWord(it[0]!), (starts.get(firstWord(it[0]!)) ?? 0) + 1);
  const out: Line[][] = [];
  for (const item of items) {
    let current: Line[] = [];
    for (const [i, line] of item.entries()) {
      const prev = item[i - 1];
      if (prev && /[.!?;:]$/.test(prev.text) && (starts.get(firstWord(line)) ?? 0) >= 2) {
        out.push(current);
        current = [];
      }
      current.push(line);
    }
    out.push(current);
  }
  return out;
}

/**
 * Joins the lines of one paragraph or item into running text: layout breaks become spaces, and
 * deliberate breaks (`breaks[i]` after line i) stay as "\n".
 */
export function joinLines(lines: readonly Line[], breaks: readonly boolean[] = []): string {
  let text = "";
  for (const [i, line] of lines.entries()) {
    if (i === 0) text = line.text;
    else text += (breaks[i - 1] ? "\n" : " ") + line.text;
  }
  return text;
}

/** Splits the bullet glyph (or number) a list item starts with from its text. */
export function splitBullet(text: string): { marker: string | null; text: string } {
  const match = BULLET.exec(text);
  return match ? { marker: match[0].trim(), text: text.slice(match[0].length) } : { marker: null, text };
}
