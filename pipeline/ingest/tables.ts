// Tables found from geometry alone: rows of text whose pieces start at the same few x positions,
// row after row. Works on PDF text runs and OCR words alike. A table is read row by row (what a
// reader does), never column by column (what a column-first reading order would do).
import type { Line, TextRun } from "./layout.ts";
import { maxOf, minOf, pushAll } from "../../src/lib/arrays.ts";

export interface FoundTable {
  /** Cell texts, row by row; the first row is the header when the table has one. */
  rows: string[][];
  /** The first row is set off as a header (by a shaded band, or a rule under it in a table without rules between rows). */
  header: boolean;
  /** The lines the table was built from (removed from the running text). */
  lines: Line[];
  box: { x: number; y: number; w: number; h: number };
  size: number;
}

/**
 * A horizontal ruling line or the edge of a shaded band, from the page image (OCR) or the drawing
 * (a PDF's paths), in the lines' units: y down, level with the text.
 */
export interface Separator {
  x1: number;
  x2: number;
  y: number;
  kind: "rule" | "edge";
}

/** A vertical rule between columns: from y1 down to y2 at x. */
export interface ColumnRule {
  x: number;
  y1: number;
  y2: number;
}

/** A separator belongs to a table when it spans this share of the table's width. */
const SEPARATOR_SPAN = 0.6;
/**
 * A table is ruled when separators stand in at least this many of the gaps between its lines and
 * this share of them: then rows are cut at the rules and nowhere else (lines of one cell wrap
 * between them). A wrapped line per row at most halves the share; a rule under the header alone
 * does not make a ruled table.
 */
const RULED_GAPS = { min: 2, share: 0.4 };
/** A separator between two lines lies below the upper one's baseline and above the lower one's letters (type sizes). */
const RULE_CLEARANCE = 0.8;

/** Pieces of one line further apart than this (in font sizes) are separate cells. */
const CELL_GAP = 1.2;
/**
 * What OCR reads a vertical rule as: bars and brackets, and a dash where the rule stands right after
 * a cell's last word ("Anne Mølgaard —").
 */
const RULE_GLYPH = /^(?:[|¦!\[\]]{1,2}|[-–—])$/u;
/**
 * How far (type sizes) a glyph read from a rule may lie from the rule found in the image: the
 * engine's box for such a glyph is its guess at a mark it could not read, and on the dev set's
 * scans it stood up to half a type size to the left of its rule.
 */
const RULE_GLYPH_SLACK = 0.6;
/** How far (type sizes) a column rule may miss a line's top or bottom, or a piece's edge, and still stand between. */
const RULE_SLACK = 0.3;
/** A table needs at least this many columns and this many rows that fill three or more of them. */
const MIN_COLUMNS = 3;
const RULED_MIN_COLUMNS = 2;
const MIN_FULL_ROWS = 3;
/**
 * Baseline to baseline, in type sizes (cap heights), beyond which a line is no wrapped line of the
 * cell above: single-spaced text runs at about 1.6, table rows with any padding at 2.3 or more.
 */
const WRAP_PITCH = 2;

interface Segment {
  text: string;
  x: number;
  right: number;
  line: Line;
  runs: TextRun[];
}

interface Row {
  baseline: number;
  size: number;
  segments: Segment[];
  lines: Line[];
}

/** Finds tables among a page's lines, top to bottom. */
export function findTables(lines: readonly Line[], separators: readonly Separator[] = [], columnRules: readonly ColumnRule[] = []): FoundTable[] {
  const rows = withRuledBands(physicalRows(lines, columnRules), separators);
  const tables: FoundTable[] = [];
  let i = 0;
  while (i < rows.length) {
    const found = tableFrom(rows, i, separators);
    if (found) {
      tables.push(found.table);
      i = found.next;
    } else i++;
  }
  return tables;
}

/**
 * Whether the lines could hold a table at all (rows of pieces set apart, enough of them): the test
 * that spares a page of running text the search for drawn rules.
 */
export function mayHoldTable(lines: readonly Line[]): boolean {
  // Pieces set apart by a word space only are cells where a grid's rules stand between them: this
  // test, run before the rules are known, asks for one gap anywhere in a row.
  return physicalRows(lines).filter((r) => r.segments.length >= RULED_MIN_COLUMNS).length >= MIN_FULL_ROWS;
}

function physicalRows(lines: readonly Line[], columnRules: readonly ColumnRule[] = []): Row[] {
  const sorted = [...lines].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: Row[] = [];
  for (const line of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.baseline - line.baseline) <= 0.4 * Math.min(row.size, line.size)) {
      row.lines.push(line);
      pushAll(row.segments, segmentsOf(line, columnRules));
    } else rows.push({ baseline: line.baseline, size: line.size, segments: segmentsOf(line, columnRules), lines: [line] });
  }
  for (const row of rows) {
    row.segments.sort((a, b) => a.x - b.x);
    row.size = median(row.lines.map((l) => l.size));
  }
  return rows;
}

/**
 * Rows of a ruled table whose cells the reading put on several baselines, made one row each: a
 * header with a two-line cell ("Pladser / 2023") beside one-line cells centred between its lines,
 * or a body row whose first cell wraps beside a cell of two lines. Lines a wrapped line's pitch
 * apart with no rule between them, in a band that rules (or band edges) close above and below,
 * are one row; pieces standing over each other are one cell, read top to bottom. Rows a table's
 * row pitch apart stay rows: an unruled table between a header rule and a closing rule keeps them.
 */
function withRuledBands(rows: readonly Row[], separators: readonly Separator[]): Row[] {
  if (!separators.length) return [...rows];
  const out: Row[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && sameBand(rows[j]!, rows[j + 1]!, separators)) j++;
    const band = rows.slice(i, j + 1);
    const closed = band.length > 1 && !twoRows(band) && ruledAround(band, rows[i - 1], rows[j + 1], separators);
    if (closed) out.push(mergedRow(band));
    else pushAll(out, band);
    i = j + 1;
  }
  return out;
}

/** The next line a wrapped line's pitch below, with no rule across the two between them. */
function sameBand(above: Row, below: Row, separators: readonly Separator[]): boolean {
  const size = Math.max(above.size, below.size);
  if (below.baseline - above.baseline >= WRAP_PITCH * size) return false;
  return !covered(separators, above.baseline, below.baseline - RULE_CLEARANCE * below.size, spanOf([above, below]));
}

/**
 * Two rows of their own inside one band: lines a row's pitch apart that both fill two columns or
 * more alike, as two rows of a table do whose rule between them the scan lost ("RC_CONTEXT_PATH |
 * Sættes …", two lines, then "RC_DB_PASSWORD | Kodeordet …"). The lines of one row's cells stand
 * a wrapped line's pitch apart or fill other columns.
 */
function twoRows(band: readonly Row[]): boolean {
  for (const [k, upper] of band.entries()) {
    for (const lower of band.slice(k + 1)) {
      if (lower.baseline - upper.baseline < WRAP_PITCH * Math.max(upper.size, lower.size)) continue;
      const shared = upper.segments.filter((s) => lower.segments.some((o) => Math.min(o.right, s.right) > Math.max(o.x, s.x))).length;
      if (shared >= 2) return true;
    }
  }
  return false;
}

/** Rules or band edges across the band above its first line and below its last. */
function ruledAround(band: readonly Row[], before: Row | undefined, after: Row | undefined, separators: readonly Separator[]): boolean {
  const span = spanOf(band);
  const first = band[0]!;
  const last = band[band.length - 1]!;
  const reach = BAND_RULE_REACH * maxOf(band.map((r) => r.size));
  const aboveFrom = Math.max(before?.baseline ?? -Infinity, first.baseline - reach);
  const belowTo = Math.min(after ? after.baseline - RULE_CLEARANCE * after.size : Infinity, last.baseline + reach);
  return covered(separators, aboveFrom, first.baseline - RULE_CLEARANCE * first.size, span) && covered(separators, last.baseline, belowTo, span);
}
/** How far (type sizes) from a band's first and last baselines its closing rules may lie: a cell's padding. */
const BAND_RULE_REACH = 3;

/** Whether separators lying between y0 and y1 together cross most of the span (SEPARATOR_SPAN). */
function covered(separators: readonly Separator[], y0: number, y1: number, span: { x: number; right: number }): boolean {
  const pieces = separators
    .filter((s) => s.y > y0 && s.y < y1)
    .map((s) => [Math.max(s.x1, span.x), Math.min(s.x2, span.right)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let length = 0;
  let reached = -Infinity;
  for (const [a, b] of pieces) {
    if (b <= reached) continue;
    length += b - Math.max(a, reached);
    reached = b;
  }
  return length >= SEPARATOR_SPAN * (span.right - span.x);
}

function spanOf(rows: readonly Row[]): { x: number; right: number } {
  const segments = rows.flatMap((r) => r.segments);
  return { x: minOf(segments.map((s) => s.x)), right: maxOf(segments.map((s) => s.right)) };
}

/** The band's lines as one row: its pieces that stand over each other joined, top line first. */
function mergedRow(band: readonly Row[]): Row {
  const cells: Segment[][] = [];
  for (const s of band.flatMap((r) => r.segments)) {
    const cell = cells.find((c) => c.some((o) => Math.min(o.right, s.right) > Math.max(o.x, s.x)));
    if (cell) cell.push(s);
    else cells.push([s]);
  }
  const segments = cells
    .map((c): Segment => ({
      text: c.map((s) => s.text).join(" "),
      x: minOf(c.map((s) => s.x)),
      right: maxOf(c.map((s) => s.right)),
      line: c[0]!.line,
      runs: c.flatMap((s) => s.runs),
    }))
    .sort((a, b) => a.x - b.x);
  const lines = band.flatMap((r) => r.lines);
  return { baseline: band[0]!.baseline, size: median(lines.map((l) => l.size)), segments, lines };
}

/** A line cut where its words are further apart than a word space could be. */
function segmentsOf(line: Line, columnRules: readonly ColumnRule[] = []): Segment[] {
  const groups: TextRun[][] = [];
  const rules = columnRules.filter((r) => r.y1 <= line.top + RULE_SLACK * line.size && r.y2 >= line.bottom - RULE_SLACK * line.size);
  for (const { run } of line.runs) {
    // A grid's rule read as a glyph ("|") is the rule, not text of a cell.
    if (RULE_GLYPH.test(run.text.trim()) && rules.some((r) => r.x >= run.x - RULE_GLYPH_SLACK * line.size && r.x <= run.x + run.width + RULE_GLYPH_SLACK * line.size)) continue;
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const end = last ? last.x + last.width : 0;
    // A rule between them makes two cells of pieces a word space apart.
    const ruled = last !== undefined && rules.some((r) => r.x >= end - RULE_SLACK * line.size && r.x <= run.x + RULE_SLACK * line.size);
    if (group && last && !ruled && run.x - end <= CELL_GAP * line.size) group.push(run);
    else groups.push([run]);
  }
  return groups.filter((runs) => runs.length > 0).map((runs) => segment(runs, line));
}

function segment(runs: TextRun[], line: Line): Segment {
  // The line's own text between the pieces' first and last run: it spaced the runs by their gaps,
  // so a word drawn in pieces (a ligature "ff" apart from "o" and "entliggøres") stays one word.
  const first = line.runs.find((r) => r.run === runs[0]);
  const last = line.runs.find((r) => r.run === runs[runs.length - 1]);
  const text = first && last ? line.text.slice(first.start, last.end).trim() : runs.map((r) => r.text.trim()).filter(Boolean).join(" ");
  return {
    text,
    x: runs[0]!.x,
    right: runs[runs.length - 1]!.x + runs[runs.length - 1]!.width,
    line,
    runs,
  };
}

/**
 * The row with each piece cut where one of its words starts a known column: OCR joins the cells of
 * a table set close together into one line ("1. september Driftsherrerne"), but the word that
 * starts the next column lines up with it.
 */
function splitAtAnchors(row: Row, anchors: readonly Anchor[], tolerance: number): Row {
  const starts = anchors.map((a) => a.x);
  const segments: Segment[] = [];
  let changed = false;
  for (const s of row.segments) {
    let current: TextRun[] = [];
    for (const run of s.runs) {
      const gap = current.length ? run.x - (current[current.length - 1]!.x + current[current.length - 1]!.width) : 0;
      if (current.length && gap >= JOINED_CELL_GAP * s.line.size && starts.some((x) => Math.abs(run.x - x) <= tolerance / 2 && x > s.x + tolerance)) {
        segments.push(segment(current, s.line));
        current = [];
        changed = true;
      }
      current.push(run);
    }
    segments.push(current.length === s.runs.length ? s : segment(current, s.line));
  }
  return changed ? { ...row, segments } : row;
}

/**
 * Narrowest gap (in the line's letter size) at which a joined piece is cut into cells: wider than
 * a word space (about a third of it), narrower than the padding between two cells set close. A line
 * of running text below a table whose word happens to start at a column's x stays whole.
 */
const JOINED_CELL_GAP = 0.6;

/** A column's extent: where its cells start and where the widest of them ends. */
interface Anchor {
  x: number;
  right: number;
}

/**
 * How far a piece is from lining up with a column: by its start, or by its end for figures set
 * flush right under their heading ("-900", "-1.400" and "0" start at three different x), which
 * then lie within the column. Infinity when it lines up neither way.
 */
function distance(a: Anchor, s: Segment, tolerance: number): number {
  const byStart = Math.abs(a.x - s.x);
  const byEnd = s.x >= a.x - tolerance ? Math.abs(a.right - s.right) : Infinity;
  const d = Math.min(byStart, byEnd);
  if (d <= tolerance) return d;
  return Infinity;
}

/**
 * The column a piece belongs to, or -1. A cell stays inside its column: a piece that runs on
 * into the next column's start is running text below the table (a note, the next heading),
 * however well its start lines up.
 */
function columnFor(anchors: readonly Anchor[], s: Segment, tolerance: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (const [i, a] of anchors.entries()) {
    const d = distance(a, s, tolerance);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  // A piece that lines up neither way but lies between a column's start and the next column's is
  // that column's: text centred, or a scan that lost a cell's first characters ("september 2024"
  // for "5.-6. september 2024").
  if (best < 0) best = anchors.findIndex((a, i) => s.x > a.x && s.right < (anchors[i + 1]?.x ?? a.right + tolerance) - tolerance);
  const next = anchors[best + 1];
  if (best >= 0 && next && s.right > next.x + tolerance) return -1;
  return best;
}

/**
 * A row whose type is this much larger or smaller than the table's is no row of it (a heading
 * below the table). OCR measures one font anywhere from 0.65 to 1.4 times its median size on the
 * scanned decks of the tests (a wrapped line of one word, a capital-heavy cell), so the bounds are
 * wide; a heading is twice the size of table text or more.
 */
const ROW_SIZE_RATIO = { min: 0.5, max: 1.6 };
/** A scrap this short beside a table, outside its columns, is a mark (a sidebar's letters read as "<", "o"), not a cell. */
const SCRAP_MAX_CHARS = 2;

/** Tries to grow a table from row `start`: rows whose pieces start at shared column anchors. */
function tableFrom(rows: readonly Row[], start: number, separators: readonly Separator[]): { table: FoundTable; next: number } | null {
  const first = withoutScraps(rows[start]!, null, 0);
  // Two columns make a table only where rules show it (see below): otherwise they are a label and
  // its value, or the two text columns of a slide.
  if (first.segments.length < RULED_MIN_COLUMNS) return null;
  const columns = Math.min(first.segments.length, MIN_COLUMNS);
  let anchors: Anchor[] = first.segments.map((s) => ({ x: s.x, right: s.right }));
  const tolerance = 1.5 * first.size;
  const taken: Row[] = [first];
  let full = 1;
  for (let j = start + 1; j < rows.length; j++) {
    const row = splitAtAnchors(withoutScraps(rows[j]!, anchors, tolerance), anchors, tolerance);
    if (!row.segments.length) break;
    const prev = taken[taken.length - 1]!;
    // Rows of a table are spaced alike: a gap well beyond the usual row pitch (or, before there is
    // one, more than about three blank lines) ends the table.
    // A row of wrapped cells (a band of lines made one row) is measured from its last line.
    const pitches = taken.slice(1).map((r, k) => r.baseline - lastBaseline(taken[k]!));
    const usual = pitches.length ? pitches.sort((a, b) => a - b)[Math.floor(pitches.length / 2)]! : 0;
    const size = median(taken.map((r) => r.size));
    const limit = Math.max(4.5 * Math.max(row.size, size), 1.6 * usual);
    if (row.baseline - lastBaseline(prev) > limit) break;
    if (row.size > ROW_SIZE_RATIO.max * size || row.size < ROW_SIZE_RATIO.min * size) break;
    const fits = row.segments.every((s) => columnFor(anchors, s, tolerance) >= 0);
    if (!fits) break;
    taken.push(row);
    if (row.segments.length >= columns) full++;
    // Anchors settle on the leftmost start and the rightmost end seen for each column, in every
    // row that fits: a header cell the scan cut short ("bud" for "Tilbud") must not hold the
    // column's start a hair right of the cells below it.
    anchors = anchors.map((a) => {
      const own = row.segments.filter((s) => distance(a, s, tolerance) <= tolerance);
      return { x: minOf([a.x, ...own.map((s) => s.x)]), right: maxOf([a.right, ...own.map((s) => s.right)]) };
    });
  }
  withoutTrailingLabel(taken);
  withoutTextBelowFrame(taken, anchors, separators);
  if (full < MIN_FULL_ROWS) return null;
  const { table, ruled } = build(taken, anchors, tolerance, separators);
  // Two columns make a table where rules show one: between its rows, or under its header row.
  if (columns < MIN_COLUMNS && !ruled && !table.header) return null;
  // Counted again on the built rows: boxes of wrapped text side by side (four columns of
  // "Egenmestring og / meningsfulde / fællesskaber") are one row of four cells, not a table.
  if (table.rows.filter((r) => r.filter(Boolean).length >= 2).length < MIN_FULL_ROWS) return null;
  return { table, next: start + taken.length };
}

function lastBaseline(row: Row): number {
  return maxOf([row.baseline, ...row.lines.map((l) => l.baseline)]);
}

/**
 * A last row of a single piece in the first column, further below the row above than the table's
 * rows lie apart, is the heading or label that follows the table ("Indstilling"), not a row of it.
 */
function withoutTrailingLabel(taken: Row[]): void {
  if (taken.length < MIN_FULL_ROWS + 1) return;
  const last = taken[taken.length - 1]!;
  if (last.segments.length !== 1) return;
  const pitches = taken.slice(1, -1).map((r, k) => r.baseline - lastBaseline(taken[k]!));
  const widest = maxOf(pitches);
  if (last.baseline - lastBaseline(taken[taken.length - 2]!) > TRAILING_GAP * widest) taken.pop();
}
/**
 * Lines of one piece each that follow a rule across the whole table, below its last row of several
 * cells, lie outside the table's frame: the decision or the next agenda item under a gridded
 * table, not rows of it. The last row's wrapped lines (one piece each too) lie above that rule.
 */
function withoutTextBelowFrame(taken: Row[], anchors: readonly Anchor[], separators: readonly Separator[]): void {
  let last = taken.length - 1;
  while (last > 0 && taken[last]!.segments.length === 1) last--;
  if (last === taken.length - 1 || last < MIN_FULL_ROWS - 1) return;
  const left = anchors[0]!.x;
  const right = anchors[anchors.length - 1]!.right;
  const spanning = separators.filter((s) => Math.min(s.x2, right) - Math.max(s.x1, left) >= SEPARATOR_SPAN * (right - left));
  for (let k = last + 1; k < taken.length; k++) {
    const above = taken[k - 1]!;
    const row = taken[k]!;
    if (spanning.some((s) => s.y > lastBaseline(above) && s.y < row.baseline - RULE_CLEARANCE * row.size)) {
      taken.length = k;
      return;
    }
  }
}

/** How much further below the table's widest row pitch a lone last piece must lie to be no row of it. */
const TRAILING_GAP = 1.2;

/**
 * The row without scraps lying outside the table's columns (left of the first, right of the last);
 * they stay in the running text. Before the columns are known, scraps left of the row's first
 * real piece go.
 */
function withoutScraps(row: Row, anchors: readonly Anchor[] | null, tolerance: number): Row {
  const scrap = (s: Segment) => s.text.replace(/\s/g, "").length <= SCRAP_MAX_CHARS;
  const left = anchors ? anchors[0]!.x - tolerance : (row.segments.find((s) => !scrap(s))?.x ?? -Infinity);
  const right = anchors ? anchors[anchors.length - 1]!.right + tolerance : Infinity;
  const out = (s: Segment) => scrap(s) && (s.right < left || s.x > right);
  if (!row.segments.some(out)) return row;
  const segments = row.segments.filter((s) => !out(s));
  const lines = row.lines.filter((l) => segments.some((s) => s.line === l));
  return { ...row, segments, lines, size: median(lines.map((l) => l.size)) };
}

/**
 * Pitches (baseline to baseline) between a table's lines come in two kinds where some cells wrap:
 * a wrapped line's and a new row's. Where they part by this ratio or more, the larger kind are rows.
 */
const PITCH_JUMP = 1.3;
/**
 * Where all pitches are alike, they are rows when the lines' boxes stand this far apart (in box
 * heights): a wrapped line's box touches the one above (a text layer's boxes overlap, OCR's leave
 * 0.3–0.4), a padded row's stands 0.55 (a browser's table) to 1.5 (OCR) apart.
 */
const ROW_GAP = 0.5;

/** Whether the step from one line of a table to the next is a new row's, by the table's own pitches. */
function rowPitch(rows: readonly Row[]): (above: Row, below: Row) => boolean {
  const pitches = rows.slice(1).map((r, k) => r.baseline - rows[k]!.baseline).sort((a, b) => a - b);
  let threshold = Infinity;
  for (let i = 1; i < pitches.length; i++) {
    if (pitches[i - 1]! > 0 && pitches[i]! / pitches[i - 1]! >= PITCH_JUMP) {
      threshold = Math.sqrt(pitches[i]! * pitches[i - 1]!);
      break;
    }
  }
  const boxHeight = (r: Row) => median(r.lines.map((l) => l.bottom - l.top));
  return (above, below) => {
    const pitch = below.baseline - above.baseline;
    if (threshold !== Infinity) return pitch >= threshold;
    const height = Math.max(boxHeight(above), boxHeight(below));
    return height > 0 && (minOf(below.lines.map((l) => l.top)) - maxOf(above.lines.map((l) => l.bottom))) / height >= ROW_GAP;
  };
}

function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Physical rows → table rows. A row that has text in the first column starts a new table row;
 * one that does not continues the cells of the row above (cells that wrap onto a second line), and
 * so does one whose first cell carries on a sentence: it starts in lower case after a first cell
 * that did not end a sentence.
 */
function build(rows: readonly Row[], anchors: readonly Anchor[], tolerance: number, separators: readonly Separator[]): { table: FoundTable; ruled: boolean } {
  const columnOf = (s: Segment) => Math.max(0, columnFor(anchors, s, tolerance));
  const left = anchors[0]!.x;
  const right = anchors[anchors.length - 1]!.right;
  const spanning = separators.filter((s) => Math.min(s.x2, right) - Math.max(s.x1, left) >= SEPARATOR_SPAN * (right - left));
  const gaps = rows.slice(1).map((row, k) => spanning.find((s) => s.y > rows[k]!.baseline && s.y < row.baseline - RULE_CLEARANCE * row.size));
  const ruledGaps = gaps.filter(Boolean).length;
  const isRowPitch = rowPitch(rows);
  const ruled = ruledGaps >= RULED_GAPS.min && ruledGaps >= RULED_GAPS.share * gaps.length;
  const out: string[][] = [];
  for (const [k, row] of rows.entries()) {
    const cells = anchors.map(() => "");
    for (const s of row.segments) {
      const c = columnOf(s);
      cells[c] = cells[c] ? `${cells[c]} ${s.text}` : s.text;
    }
    const current = out[out.length - 1];
    let starts: boolean;
    // A cell's next line follows at the text's own line pitch; a row further down is a row of its
    // own even with its first cell empty (a total row, a number the scan lost, a forum left blank).
    const above = rows[k - 1];
    const nextRow = above !== undefined && (row.baseline - above.baseline > WRAP_PITCH * Math.max(row.size, above.size) || isRowPitch(above, row));
    if (ruled) {
      // Rows are cut at the rules, and where a rule the scan lost would be: a new first cell
      // further down than a wrapped line.
      starts = !current || gaps[k - 1] !== undefined || (Boolean(cells[0]) && nextRow);
    } else {
      const wraps = current !== undefined && /^\p{Ll}/u.test(cells[0]!) && !/[.:;!?]$/.test(current[0]!);
      starts = !current || Boolean((cells[0] || nextRow || gaps[k - 1]) && !wraps);
    }
    if (starts) out.push(cells);
    else cells.forEach((text, c) => (current![c] = [current![c], text].filter(Boolean).join(" ")));
  }
  // A header sits in a band, or over a rule that no other row has.
  const header = gaps[0] !== undefined && (gaps[0].kind === "edge" || !ruled) && out.length > 1;
  const lines = rows.flatMap((r) => r.lines);
  const x = minOf(lines.map((l) => l.x));
  const y = minOf(lines.map((l) => l.top));
  const table = {
    rows: out,
    header,
    lines,
    box: { x, y, w: maxOf(lines.map((l) => l.right)) - x, h: maxOf(lines.map((l) => l.bottom)) - y },
    size: rows[0]!.size,
  };
  return { table, ruled };
}
