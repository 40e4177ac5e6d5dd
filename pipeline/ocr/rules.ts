// Horizontal ruling lines and the edges of shaded bands, found in the page's pixels: what separates
// a table's rows where the words alone cannot (a cell of two lines beside cells of one, a row whose
// first cell is empty). A rule is a thin line darker than the paper above and below it; a band edge
// is where a long stretch of the page turns from lighter to darker (a header row in a dark band, a
// shaded row). Both are followed along the page's skew, so a rule scanned a degree askew is found
// as one line, not as a staircase of short pieces.
import type { Gray } from "./types.ts";

/** A horizontal separator in the image's pixels: from (x1, y1) to (x2, y2), along the skew. */
export interface PixelRule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  kind: "rule" | "edge";
}

/**
 * Least difference in gray levels (0–255) that makes a separator. The lightest rules of the
 * corpus template (#b8c8d0 on white, then faded and JPEG-compressed by the scan tools) stand
 * 25–35 levels below the paper; JPEG noise on plain paper stays within about 8.
 */
const MIN_CONTRAST = 7;
/**
 * A rule's two sides are the same paper (or the same shading): a text line's edge has ink on one
 * side. Gray levels.
 */
const MAX_SIDE_DIFFERENCE = 10;
/**
 * A rule along a light shading (a header row's band, which a scan leaves 15–25 levels below the
 * paper) has sides that differ by more than that, but it is darker than even its darker side by
 * more than the sides differ (by 35 where they differ by 21, and 29 where 17, on the OCR dev set's
 * 150 dpi scan of a table whose header row is shaded). A text line's edge is the other way about:
 * the letters on one side differ from the paper on the other by more than the line stands out.
 */
const SIDE_SHARE = 1;
/** Band edges are strong: a dark header band on white paper differs by well over 100 levels. */
const MIN_EDGE_CONTRAST = 40;
/** Pixels averaged along the line before comparing (either side), to see faint rules through JPEG noise. */
const SMOOTH_PX = 3;
/** A separator runs at least this many x-heights: longer than any word, shorter than a narrow table. */
const MIN_LENGTH_XHEIGHTS = 14;
/** Breaks in a separator (scan noise, a speck of paper) bridged, px. Word spaces are wider. */
const MAX_GAP_PX = 2;
/** Pieces of one faint rule, broken where the scan faded it (a third of a table's width on the test decks), are joined across gaps this wide (x-heights). */
const JOIN_GAP_XHEIGHTS = 30;
/** Share of a separator's length where the pixels say so. */
const MIN_FILL = 0.8;
/** Rules are thin: they are compared with the paper this far above and below, in x-heights (at least 2 px). */
const PROBE_XHEIGHTS = 0.35;

/**
 * Separators on an upright page image. `skewDeg` is the text's skew (clockwise degrees that would
 * straighten the page); `xHeight` the body text's, in px.
 */
export function findRules(gray: Gray, skewDeg: number, xHeight: number): PixelRule[] {
  return scanRules(gray, skewDeg, xHeight, MIN_LENGTH_XHEIGHTS);
}

/**
 * A vertical rule runs at least this many x-heights: two rows of a table's text. Shorter strokes
 * are letters (an l, a |) or a bar of a chart.
 */
const MIN_COLUMN_XHEIGHTS = 6;

/**
 * Vertical rules (a grid's lines between columns) on an upright page image, as lines from (x1, y1)
 * at the top to (x2, y2) at the bottom: the rule finder run over the image turned on its side, where
 * they lie across. Only rules, not edges: the side of a shaded cell separates nothing a reader sees.
 */
export function findColumnRules(gray: Gray, skewDeg: number, xHeight: number): PixelRule[] {
  const { width, height, data } = gray;
  const transposed = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) transposed[x * height + y] = data[y * width + x]!;
  // Lines across the page fall by -tan(skew) to the right; lines down it run perpendicular, so
  // on the turned image they fall by +tan: the skew turned the other way.
  return scanRules({ width: height, height: width, data: transposed }, -skewDeg, xHeight, MIN_COLUMN_XHEIGHTS)
    .filter((r) => r.kind === "rule")
    .map((r) => ({ x1: r.y1, y1: r.x1, x2: r.y2, y2: r.x2, kind: r.kind }));
}

function scanRules(gray: Gray, skewDeg: number, xHeight: number, minXHeights: number): PixelRule[] {
  const { width, height, data } = gray;
  const probe = Math.max(2, Math.round(PROBE_XHEIGHTS * xHeight));
  const minLength = Math.max(40, minXHeights * xHeight);
  // The page is straightened by turning it clockwise by skewDeg, so its lines fall to the right by -tan.
  const slope = -Math.tan((skewDeg * Math.PI) / 180);
  const drift = Math.ceil(Math.abs(slope) * width);
  const found: (PixelRule & { length: number; y0: number })[] = [];
  const smooth = smoothRows(gray);
  const at = (x: number, y: number) => smooth[y * width + x]!;
  const raw = (x: number, y: number) => data[y * width + x]!;
  for (let y0 = probe - (slope < 0 ? 0 : drift); y0 < height - probe + (slope < 0 ? drift : 0); y0++) {
    let runStart = -1;
    let lastHit = -1;
    let rules = 0;
    let edges = 0;
    const close = () => {
      const end = lastHit + 1;
      // Most of its length must be separator: a row of letters' feet has as many breaks as letters.
      if (runStart >= 0 && end - runStart >= minLength && rules + edges >= MIN_FILL * (end - runStart)) {
        const kind = rules >= edges ? "rule" : "edge";
        found.push({ x1: runStart, y1: y0 + slope * runStart, x2: end, y2: y0 + slope * end, kind, length: end - runStart, y0 });
      }
      runStart = -1;
      rules = edges = 0;
    };
    for (let x = 0; x < width; x++) {
      const y = Math.round(y0 + slope * x);
      if (y < probe || y >= height - probe) continue;
      const above = at(x, y - probe);
      const here = at(x, y);
      const below = at(x, y + probe);
      const contrast = Math.min(above - here, below - here);
      const rule = contrast >= MIN_CONTRAST && Math.abs(above - below) <= Math.max(MAX_SIDE_DIFFERENCE, SIDE_SHARE * contrast);
      const edge = !rule && Math.abs(raw(x, y - probe) - raw(x, y + probe)) >= MIN_EDGE_CONTRAST;
      if (!rule && !edge) continue;
      if (runStart >= 0 && x - lastHit > MAX_GAP_PX + 1) close();
      if (runStart < 0) runStart = x;
      lastHit = x;
      if (rule) rules++;
      else edges++;
    }
    close();
  }
  return joinPieces(suppress(found, probe), probe, JOIN_GAP_XHEIGHTS * xHeight);
}

/** Pieces that continue one another on one line (within `probe` px of it, at most `gap` px apart) as one separator. */
function joinPieces(rules: readonly PixelRule[], probe: number, gap: number): PixelRule[] {
  const out: PixelRule[] = [];
  for (const r of [...rules].sort((a, b) => a.x1 - b.x1)) {
    const slope = (r.y2 - r.y1) / Math.max(1, r.x2 - r.x1);
    const prev = out.find((o) => o.kind === r.kind && r.x1 - o.x2 <= gap && r.x1 >= o.x1 && Math.abs(o.y2 + slope * (r.x1 - o.x2) - r.y1) <= probe);
    if (prev) {
      if (r.x2 > prev.x2) {
        prev.x2 = r.x2;
        prev.y2 = r.y2;
      }
    } else out.push({ ...r });
  }
  return out.sort((a, b) => a.y1 - b.y1 || a.x1 - b.x1);
}

/** Each pixel as the mean of the SMOOTH_PX pixels either side of it on its row. */
function smoothRows({ width, height, data }: Gray): Uint8Array {
  const out = new Uint8Array(width * height);
  const span = 2 * SMOOTH_PX + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = -SMOOTH_PX; x <= SMOOTH_PX; x++) sum += data[row + Math.min(width - 1, Math.max(0, x))]!;
    for (let x = 0; x < width; x++) {
      out[row + x] = Math.round(sum / span);
      sum += data[row + Math.min(width - 1, x + SMOOTH_PX + 1)]! - data[row + Math.max(0, x - SMOOTH_PX)]!;
    }
  }
  return out;
}

/** One separator per place: of the neighbouring lines that found it (a thick rule, an edge's width), the longest. */
function suppress(found: readonly (PixelRule & { length: number; y0: number })[], probe: number): PixelRule[] {
  const sorted = [...found].sort((a, b) => b.length - a.length || a.y0 - b.y0 || a.x1 - b.x1);
  const kept: (PixelRule & { length: number; y0: number })[] = [];
  for (const f of sorted) {
    const overlaps = kept.some((k) => Math.abs(k.y0 - f.y0) <= 2 * probe && Math.min(k.x2, f.x2) - Math.max(k.x1, f.x1) > 0);
    if (!overlaps) kept.push(f);
  }
  return kept.sort((a, b) => a.y0 - b.y0 || a.x1 - b.x1).map(({ x1, y1, x2, y2, kind }) => ({ x1, y1, x2, y2, kind }));
}
