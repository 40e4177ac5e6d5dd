// Ruling lines and shaded areas a born-digital PDF draws, from pdf.js's operator list: what a table
// uses to separate its rows where the text alone does not tell (see tables.ts). Only the paths'
// bounding boxes are needed: a rule is a long, thin one; a filled cell or band is a wide one, whose
// top and bottom are edges. Word processors and browsers draw a row's rule cell by cell, so pieces
// that continue one another on one line are joined.
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import type { ColumnRule, Separator } from "./tables.ts";

/** Thicker than this (points) a path is an area, not a rule; the thickest table rules seen are 1.5 pt. */
const RULE_MAX_THICKNESS = 3;
/** Shorter than this (points) a path is no separator of table rows (an underline, a bullet, a glyph drawn as a path). */
const MIN_LENGTH = 36;
/** Pieces of one rule this close (points) in height and end to start are one rule. */
const JOIN_TOLERANCE = 1.5;

type Matrix = [number, number, number, number, number, number];

/** A vertical rule shorter than this (points) separates nothing: a table row is at least a line of text. */
const MIN_COLUMN_RULE = 8;

export async function drawnSeparators(page: PDFPageProxy, viewport: { transform: number[] }): Promise<{ rows: Separator[]; columns: ColumnRule[] }> {
  const ops = await page.getOperatorList();
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const pieces: Separator[] = [];
  const upright: ColumnRule[] = [];
  for (const [i, fn] of ops.fnArray.entries()) {
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === pdfjs.OPS.save) stack.push(ctm);
    else if (fn === pdfjs.OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === pdfjs.OPS.transform && args) ctm = pdfjs.Util.transform(ctm, args as Matrix) as Matrix;
    else if (fn === pdfjs.OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = args?.[0];
      if (Array.isArray(matrix) || ArrayBuffer.isView(matrix)) ctm = pdfjs.Util.transform(ctm, Array.from(matrix as ArrayLike<number>) as Matrix) as Matrix;
    } else if (fn === pdfjs.OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === pdfjs.OPS.constructPath && args) {
      const box = pathBox(args);
      if (!box) continue;
      const m = pdfjs.Util.transform(viewport.transform, ctm) as Matrix;
      const corners = [apply(m, box[0], box[1]), apply(m, box[2], box[3])];
      const [x1, x2] = [Math.min(corners[0]![0]!, corners[1]![0]!), Math.max(corners[0]![0]!, corners[1]![0]!)];
      const [y1, y2] = [Math.min(corners[0]![1]!, corners[1]![1]!), Math.max(corners[0]![1]!, corners[1]![1]!)];
      if (![x1, x2, y1, y2].every(Number.isFinite)) continue;
      if (x2 - x1 <= RULE_MAX_THICKNESS && y2 - y1 >= MIN_COLUMN_RULE) upright.push({ x: (x1 + x2) / 2, y1, y2 });
      if (x2 - x1 < MIN_LENGTH) continue;
      if (y2 - y1 <= RULE_MAX_THICKNESS) pieces.push({ x1, x2, y: (y1 + y2) / 2, kind: "rule" });
      else {
        pieces.push({ x1, x2, y: y1, kind: "edge" });
        pieces.push({ x1, x2, y: y2, kind: "edge" });
      }
    }
  }
  return { rows: join(pieces), columns: joinColumns(upright) };
}

/** Pieces of one vertical rule (a grid draws it cell by cell) as one. */
function joinColumns(pieces: readonly ColumnRule[]): ColumnRule[] {
  const out: ColumnRule[] = [];
  for (const p of [...pieces].sort((a, b) => a.x - b.x || a.y1 - b.y1)) {
    const last = out.find((o) => Math.abs(o.x - p.x) <= JOIN_TOLERANCE && p.y1 <= o.y2 + JOIN_TOLERANCE && p.y2 >= o.y1 - JOIN_TOLERANCE);
    if (last) {
      last.y1 = Math.min(last.y1, p.y1);
      last.y2 = Math.max(last.y2, p.y2);
    } else out.push({ ...p });
  }
  return out.map((c) => ({ x: round(c.x), y1: round(c.y1), y2: round(c.y2) }));
}

/** The path's bounding box in its own space: pdf.js gives it as [minX, minY, maxX, maxY] after the path data. */
function pathBox(args: unknown[]): [number, number, number, number] | null {
  const minMax = args[2];
  if (minMax && (Array.isArray(minMax) || ArrayBuffer.isView(minMax))) {
    const [a, b, c, d] = Array.from(minMax as ArrayLike<number>);
    if ([a, b, c, d].every((v) => Number.isFinite(v))) return [a!, b!, c!, d!];
  }
  return null;
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function join(pieces: readonly Separator[]): Separator[] {
  const out: Separator[] = [];
  for (const p of [...pieces].sort((a, b) => a.y - b.y || a.x1 - b.x1)) {
    const last = out.find((o) => o.kind === p.kind && Math.abs(o.y - p.y) <= JOIN_TOLERANCE && p.x1 <= o.x2 + JOIN_TOLERANCE && p.x2 >= o.x1 - JOIN_TOLERANCE);
    if (last) {
      last.x1 = Math.min(last.x1, p.x1);
      last.x2 = Math.max(last.x2, p.x2);
    } else out.push({ ...p });
  }
  return out.map((s) => ({ x1: round(s.x1), x2: round(s.x2), y: round(s.y), kind: s.kind }));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
