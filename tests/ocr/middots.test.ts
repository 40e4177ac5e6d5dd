// Middle dots judged by their ink (pipeline/ocr/middots.ts): on a page image drawn here, a mark
// the engine read between two words becomes "·" when its ink is one small round blot above the
// baseline, and stays what it was read as when the ink is a hyphen's bar, a full stop on the
// baseline, a bullet-sized disc, or when the mark starts its line.
import { describe, expect, it } from "vitest";
import { withMiddleDots } from "../../pipeline/ocr/middots.ts";
import type { OcrResult, OcrWord, PageImage } from "../../pipeline/ocr/types.ts";

const WIDTH = 900;
const HEIGHT = 200;
/** Words 30 px tall with their baseline 24 px down, as at 300 dpi. */
const WORD_H = 30;
const BASELINE = 24;
const Y = 80;

function page() {
  const data = Buffer.alloc(WIDTH * HEIGHT, 245);
  const paint = (x: number, y: number, w: number, h: number) => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) data[r * WIDTH + c] = 25;
  };
  const disc = (cx: number, cy: number, r: number) => {
    for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * WIDTH + x] = 25;
  };
  const image: PageImage = { page: 1, width: WIDTH, height: HEIGHT, channels: 1, data, dpi: 300, origin: "image-file", pageWidth: null, pageHeight: null };
  return { image, paint, disc };
}

/** A word drawn as letter strokes from x, its box the line's height. */
function word(text: string, x: number, paint: (x: number, y: number, w: number, h: number) => void): OcrWord {
  const w = 16 * text.length;
  for (let c = 0; c < w; c += 8) paint(x + c, Y + 6, 4, BASELINE - 6);
  return { text, box: { x, y: Y, w, h: WORD_H }, confidence: 0.9, line: 0, block: 0, baseline: Y + BASELINE };
}

/** The mark as the engine boxed it: padded to the line's height, as a lone mark often is. */
const mark = (text: string, x: number): OcrWord => ({ text, box: { x, y: Y, w: 10, h: WORD_H }, confidence: 0.8, line: 0, block: 0, baseline: Y + BASELINE });

const read = (words: OcrWord[], image: PageImage) => {
  const out: OcrResult = withMiddleDots({ words, confidence: 0.9, text: "" }, image);
  return out.words.map((w) => w.text).join(" ");
};

describe("withMiddleDots", () => {
  it("reads a small round blot at mid-height between two words as a middle dot", () => {
    const { image, paint, disc } = page();
    const words = [word("Dagsorden", 40, paint), mark("-", 200), word("marts", 220, paint)];
    disc(205, Y + BASELINE - 8, 2);
    expect(read(words, image)).toBe("Dagsorden · marts");
  });

  it("reads a two-pixel dot of a 150 dpi scan as a middle dot", () => {
    const { image, paint } = page();
    const words = [word("Dagsorden", 40, paint), mark("-", 200), word("marts", 220, paint)];
    paint(204, Y + BASELINE - 8, 2, 1);
    expect(read(words, image)).toBe("Dagsorden · marts");
  });

  it("leaves a hyphen's bar, a full stop on the baseline and a bullet-sized disc as they were read", () => {
    for (const [ink, text] of [
      [(p: ReturnType<typeof page>) => p.paint(200, Y + BASELINE - 9, 12, 3), "-"],
      [(p: ReturnType<typeof page>) => p.disc(205, Y + BASELINE - 2, 2), "."],
      [(p: ReturnType<typeof page>) => p.disc(205, Y + BASELINE - 9, 6), "*"],
    ] as const) {
      const p = page();
      const words = [word("Dagsorden", 40, p.paint), mark(text, 200), word("marts", 220, p.paint)];
      ink(p);
      expect(read(words, p.image)).toBe(`Dagsorden ${text} marts`);
    }
  });

  it("leaves a mark that starts its line, where a bullet stands, to the bullets' judge", () => {
    const { image, paint, disc } = page();
    const words = [mark("-", 20), word("Dagsorden", 40, paint)];
    disc(25, Y + BASELINE - 8, 2);
    expect(read(words, image)).toBe("- Dagsorden");
  });

  it("leaves a mark whose box holds two shapes (a dot and a speck of dirt of its size)", () => {
    const { image, paint, disc } = page();
    const words = [word("Dagsorden", 40, paint), mark("-", 200), word("marts", 220, paint)];
    disc(205, Y + BASELINE - 8, 2);
    paint(205, Y + 2, 2, 2);
    expect(read(words, image)).toBe("Dagsorden - marts");
  });
});
