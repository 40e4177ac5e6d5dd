// Dot leaders (pipeline/ocr/leaders.ts) among the ink shapes of a contents page drawn here: found
// whole on a page scanned askew and past specks, and never made of letters, specks or a dashed rule.
import { describe, expect, it } from "vitest";
import { eraseLeaders, findLeaders, withoutLeaderDots, type InkBox } from "../../pipeline/ocr/leaders.ts";

/** A row of `n` square dots of `size` px, `gap` px of paper apart, from x; `drift` px down per dot (skew). */
function dots(n: number, x: number, y: number, size = 5, gap = 8, drift = 0): InkBox[] {
  return Array.from({ length: n }, (_, i) => {
    const x0 = x + i * (size + gap);
    const y0 = Math.round(y + i * drift);
    return { x0, y0, x1: x0 + size - 1, y1: y0 + size - 1, area: Math.round(0.8 * size * size) };
  });
}

/** A word's letters: shapes of letter size that nearly touch. */
function letters(n: number, x: number, y: number, w = 14, h = 20): InkBox[] {
  return Array.from({ length: n }, (_, i) => ({ x0: x + i * (w + 2), y0: y, x1: x + i * (w + 2) + w - 1, y1: y + h - 1, area: Math.round(0.45 * w * h) }));
}

describe("findLeaders", () => {
  it("finds a contents line's leader between its entry and its page number, and only its dots", () => {
    const entry = letters(10, 100, 100);
    const leader = dots(30, 280, 115);
    const number = letters(1, 280 + 30 * 13 + 10, 100);
    const found = findLeaders([...entry, ...leader, ...number]);
    expect(found).toHaveLength(1);
    expect(found[0]!.dots).toEqual(leader);
    expect(found[0]!.box).toEqual({ x0: 280, y0: 115, x1: 280 + 29 * 13 + 4, y1: 119 });
    expect(withoutLeaderDots([...entry, ...leader, ...number], found)).toEqual([...entry, ...number]);
  });

  it("follows a leader down a page scanned a degree askew, and past a speck between two dots", () => {
    const leader = dots(40, 200, 300, 5, 8, 0.25); // 10 px lower at its end than at its start
    const speck = { x0: 200 + 5 * 13 + 6, y0: 301, x1: 200 + 5 * 13 + 6, y1: 301, area: 1 };
    const found = findLeaders([...leader, speck]);
    expect(found).toHaveLength(1);
    expect(found[0]!.dots).toHaveLength(40);
  });

  it("takes no letters, ellipsis, scattered specks or dashed rule for a leader", () => {
    // Small letters of a line of text (dot-sized at a low resolution), a word's worth touching.
    const small = letters(30, 100, 100, 6, 6).map((b, i) => ({ ...b, x0: 100 + i * 7, x1: 100 + i * 7 + 5 }));
    // An ellipsis and a short row: too few dots.
    const ellipsis = dots(3, 100, 200);
    const short = dots(6, 100, 300);
    // Specks scattered unevenly on one line.
    const specks = [0, 9, 31, 38, 70, 74, 102, 130, 133, 170].map((x) => ({ x0: 100 + x, y0: 400, x1: 103 + x, y1: 403, area: 14 }));
    // A dashed rule: dashes wider than tall.
    const dashes = Array.from({ length: 20 }, (_, i) => ({ x0: 100 + i * 20, y0: 500, x1: 100 + i * 20 + 13, y1: 502, area: 42 }));
    // A logo's letter-spaced small capitals ("N O R D J Y L L A N D"): evenly spaced, all of a size, but strokes, not blots.
    const caps = letters(11, 100, 600, 9, 10).map((b, i) => ({ ...b, x0: 100 + i * 16, x1: 100 + i * 16 + 8, area: 47 }));
    expect(findLeaders([...small, ...ellipsis, ...short, ...specks, ...dashes, ...caps])).toEqual([]);
  });

  it("does not chain across letters to dots beyond them", () => {
    // Dot-sized letters with dot-sized gaps, but a taller letter between every two: the next ink is no dot.
    const shapes: InkBox[] = [];
    for (let i = 0; i < 20; i++) {
      const x = 100 + i * 26;
      shapes.push({ x0: x, y0: 110, x1: x + 4, y1: 114, area: 20 }, { x0: x + 13, y0: 100, x1: x + 17, y1: 114, area: 40 });
    }
    expect(findLeaders(shapes)).toEqual([]);
  });
});

describe("eraseLeaders", () => {
  it("paints each dot and a pixel round it in the paper's tone, and leaves the rest of the image", () => {
    // Faded gray paper (210) with two dark dots on row 8-9: erased, they must not become white
    // stripes, which the engine would take for the paper and the gray for ink.
    const width = 40;
    const data = Buffer.alloc(width * 14, 210);
    const dots = [
      { x0: 5, y0: 8, x1: 6, y1: 9, area: 4 },
      { x0: 10, y0: 8, x1: 11, y1: 9, area: 4 },
    ];
    for (const d of dots) for (let y = d.y0; y <= d.y1; y++) data.fill(40, y * width + d.x0, y * width + d.x1 + 1);
    const before = Buffer.from(data);
    const out = eraseLeaders(data, width, [{ box: { x0: 5, y0: 8, x1: 11, y1: 9 }, dots }]);
    expect(data.equals(before)).toBe(true);
    expect(out.every((v) => v === 210)).toBe(true);
  });

  it("takes the tone from the paper above the leader, not from the print around it", () => {
    const width = 40;
    const data = Buffer.alloc(width * 14, 190);
    data.fill(20, 11 * width, 14 * width); // a dark rule just under the leader
    data.fill(60, 8 * width + 5, 8 * width + 7);
    const out = eraseLeaders(data, width, [{ box: { x0: 5, y0: 8, x1: 6, y1: 8 }, dots: [{ x0: 5, y0: 8, x1: 6, y1: 8, area: 2 }] }]);
    for (let x = 4; x <= 7; x++) expect(out[8 * width + x]).toBe(190);
    expect(out[12 * width + 5]).toBe(20);
  });

  it("paints white where no paper above the leader is in the image", () => {
    const width = 20;
    const data = Buffer.alloc(width * 4, 120);
    const out = eraseLeaders(data, width, [{ box: { x0: 2, y0: 0, x1: 3, y1: 1 }, dots: [{ x0: 2, y0: 0, x1: 3, y1: 1, area: 4 }] }]);
    expect(out[0 * width + 2]).toBe(255);
    expect(out[3 * width + 2]).toBe(120);
  });
});
