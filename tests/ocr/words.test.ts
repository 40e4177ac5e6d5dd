// What the OCR stage sets aside as noise (pipeline/ocr/words.ts), on words laid out as the engine
// reports them for a scanned list of dated lines.
import { describe, expect, it } from "vitest";
import type { OcrWord } from "../../pipeline/ocr/types.ts";
import { findDecoration } from "../../pipeline/ocr/words.ts";

/** A line of words at 200 dpi body size: [x, text, width, confidence]. */
function line(n: number, y: number, ...words: [number, string, number, number][]): OcrWord[] {
  return words.map(([x, text, w, confidence]) => ({ text, box: { x, y, w, h: 28 }, confidence, line: n, block: 0, baseline: y + 22 }));
}

describe("findDecoration", () => {
  it("keeps an unsure day's number before its month, and still drops an unsure scrap", () => {
    const words = [
      ...line(0, 100, [300, "•", 10, 0.67], [330, "1.", 14, 0.31], [360, "juli", 40, 0.48], [410, "2021:", 60, 0.96], [480, "Sekretariatet", 160, 0.96], [650, "sender", 80, 0.96]),
      ...line(1, 150, [300, "•", 10, 0.7], [330, "20.", 30, 0.93], [370, "august", 80, 0.95], [460, "2021:", 60, 0.96], [530, "Frist", 60, 0.96]),
      // The same unsure figure before a word that is no month stays noise.
      ...line(2, 200, [300, "•", 10, 0.7], [330, "2.", 14, 0.31], [360, "fuli", 40, 0.45]),
    ];
    const { dropped } = findDecoration(words, 2000, 2800);
    expect(words.filter((_, i) => dropped[i]).map((w) => `${w.line}:${w.text}`)).toEqual(["2:2."]);
  });
});
