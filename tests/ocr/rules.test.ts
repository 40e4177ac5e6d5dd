// Ruling lines found in the pixels (pipeline/ocr/rules.ts), on page images drawn here as a scan
// leaves them: a table whose header row is a light shaded band with a rule under it, and lines of
// text with nothing between them.
import { describe, expect, it } from "vitest";
import { findRules } from "../../pipeline/ocr/rules.ts";
import type { Gray } from "../../pipeline/ocr/types.ts";

const WIDTH = 1000;
const HEIGHT = 300;
const PAPER = 242;
/** The body text's x-height in px, as at 300 dpi. */
const X_HEIGHT = 14;

function page(): { gray: Gray; fill: (x: number, y: number, w: number, h: number, tone: number) => void } {
  const data = Buffer.alloc(WIDTH * HEIGHT, PAPER);
  const fill = (x: number, y: number, w: number, h: number, tone: number) => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) data[r * WIDTH + c] = tone;
  };
  return { gray: { width: WIDTH, height: HEIGHT, data }, fill };
}

/** Letters of a line of text: stems two x-heights tall with gaps between, a word space every five. */
function text(fill: (x: number, y: number, w: number, h: number, tone: number) => void, y: number): void {
  for (let x = 100, n = 0; x < 900; x += 12, n++) if (n % 6 !== 5) fill(x, y, 5, 2 * X_HEIGHT, 40);
}

const ys = (gray: Gray) => findRules(gray, 0, X_HEIGHT).map((r) => Math.round((r.y1 + r.y2) / 2));

describe("findRules", () => {
  it("finds the rule under a light shaded header row, whose two sides differ", () => {
    const { gray, fill } = page();
    // A header band 20 levels darker than the paper, ruled above and below in mid-gray.
    fill(100, 100, 800, 40, PAPER - 20);
    fill(100, 99, 800, 3, 188);
    fill(100, 139, 800, 3, 188);
    // A rule between two white rows further down.
    fill(100, 200, 800, 2, 188);
    const found = ys(gray);
    expect(found.some((y) => Math.abs(y - 140) <= 2)).toBe(true);
    expect(found.some((y) => Math.abs(y - 100) <= 2)).toBe(true);
    expect(found.some((y) => Math.abs(y - 200) <= 2)).toBe(true);
  });

  it("finds no rule along lines of text", () => {
    const { gray, fill } = page();
    text(fill, 60);
    text(fill, 130);
    text(fill, 200);
    expect(ys(gray)).toEqual([]);
  });
});
