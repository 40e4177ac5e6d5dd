// Connected shapes of ink: the pieces a page's print is made of, found by a threshold on the gray
// raster. Preprocessing measures the type size on them; bullets, middle dots, dark bands and the
// words the engine left uncovered are judged by them.
import { otsu } from "./histogram.ts";
import type { Gray } from "./types.ts";

/** Bounding box (inclusive, in the raster's pixels) of one connected component of ink. */
export interface Shape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Ink pixels in the shape. */
  area: number;
}

/** A part of the raster, in whole pixels inside it. */
export interface Window {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Dark-on-light connected components (8-connected), built from horizontal runs: the pixels at or
 * below `threshold` (the raster's own Otsu split unless given), within `window` (the whole raster
 * unless given; a shape is cut where the window ends).
 */
export function findShapes(gray: Gray, threshold = otsu(gray), window: Window = { x: 0, y: 0, w: gray.width, h: gray.height }): Shape[] {
  const { width, data } = gray;
  const { x: left, y: top, w, h } = window;
  const right = left + w;
  // Runs of ink per row; a run joins every run on the row above that touches it (diagonals too).
  const parent: number[] = [];
  const runs: { x0: number; x1: number; y: number }[] = [];
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = top; y < top + h; y++) {
    const rowStart = runs.length;
    const row = y * width;
    let x = left;
    while (x < right) {
      if (data[row + x]! > threshold) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < right && data[row + x]! <= threshold) x++;
      const id = runs.length;
      runs.push({ x0, x1: x - 1, y });
      parent.push(id);
      for (let p = prevStart; p < prevEnd; p++) {
        const above = runs[p]!;
        if (above.x1 >= x0 - 1 && above.x0 <= x) union(parent, id, p);
      }
    }
    prevStart = rowStart;
    prevEnd = runs.length;
  }
  return collect(runs, parent);
}

/** Whether the shape reaches the window's edge: it may be part of something larger outside it. */
export function touchesEdge(shape: Shape, window: Window): boolean {
  return shape.x0 === window.x || shape.y0 === window.y || shape.x1 === window.x + window.w - 1 || shape.y1 === window.y + window.h - 1;
}

function union(parent: number[], a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

function collect(runs: { x0: number; x1: number; y: number }[], parent: number[]): Shape[] {
  const boxes = new Map<number, Shape>();
  runs.forEach((r, i) => {
    const root = find(parent, i);
    const b = boxes.get(root);
    if (!b) boxes.set(root, { x0: r.x0, x1: r.x1, y0: r.y, y1: r.y, area: r.x1 - r.x0 + 1 });
    else {
      b.x0 = Math.min(b.x0, r.x0);
      b.x1 = Math.max(b.x1, r.x1);
      b.y1 = r.y;
      b.area += r.x1 - r.x0 + 1;
    }
  });
  return [...boxes.values()];
}
