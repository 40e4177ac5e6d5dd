// Line by line, the surer of two readings of a page (pipeline/ocr/surer.ts): a line the other
// reading read over the same stretch, clearly surer of it and with as many letters, replaces the
// kept one; a line it read less surely, shorter, or as two of the kept lines run together stays.
import { describe, expect, it } from "vitest";
import { withSurerLines } from "../../pipeline/ocr/surer.ts";
import type { PlacedWords } from "../../pipeline/ocr/types.ts";
import type { OcrWord } from "../../pipeline/ocr/types.ts";

/** Words of one line, 10 units tall at y, each [x, text, width, confidence]. */
function line(n: number, y: number, ...words: [number, string, number, number][]): OcrWord[] {
  return words.map(([x, text, w, confidence]) => ({ text, box: { x, y, w, h: 10 }, confidence, line: n, block: 0, baseline: y + 8 }));
}

const placed = (...lines: OcrWord[][]): PlacedWords => ({ words: lines.flat(), levelWords: lines.flat() });
const text = (p: PlacedWords) => [...new Set(p.words.map((w) => w.line))].map((n) => p.words.filter((w) => w.line === n).map((w) => w.text).join(" "));

describe("withSurerLines", () => {
  const kept = placed(
    line(0, 100, [100, "Vejledningen", 60, 0.95], [165, "beskriver", 45, 0.94]),
    line(1, 120, [100, "ssh", 15, 0.4], [120, "epe", 20, 0.3], [145, "tb-p91.vestera.", 70, 0.35]),
    line(2, 140, [100, "sudo", 20, 0.45], [125, "-1u", 15, 0.4], [145, "tidsbest", 40, 0.5]),
    line(3, 160, [100, "curl", 20, 0.5], [125, "-fsS", 20, 0.5], [150, "https://localhost:8443", 110, 0.5]),
  );

  it("takes the other reading's line where it is clearly surer over the same stretch", () => {
    const other = placed(
      line(7, 101, [101, "Vejledningen", 60, 0.9], [166, "beskriver", 45, 0.9]),
      line(8, 121, [100, "ssh", 15, 0.9], [120, "drift@app-tb-p01.vestera.local", 95, 0.8]),
      line(9, 141, [100, "sudo", 20, 0.5], [125, "-iu", 15, 0.5], [145, "tidsbest", 40, 0.5]),
    );
    const out = withSurerLines(kept, other);
    expect(text(out)).toEqual(["Vejledningen beskriver", "ssh drift@app-tb-p01.vestera.local", "sudo -1u tidsbest", "curl -fsS https://localhost:8443"]);
    // The line keeps its place in the kept reading's order and numbering.
    expect(out.words.filter((w) => w.text === "ssh").map((w) => w.line)).toEqual([1]);
  });

  it("keeps a line the other reading read shorter, or ran together with the next", () => {
    const two = placed(
      line(2, 140, [100, "sudo", 20, 0.45], [125, "-1u", 15, 0.4], [145, "tidsbest", 115, 0.5]),
      line(3, 160, [100, "curl", 20, 0.5], [125, "-fsS", 20, 0.5], [150, "https://localhost:8443", 110, 0.5]),
    );
    const other = placed(
      // Surer, but half of the kept line 1 is gone.
      line(8, 121, [100, "ssh", 15, 0.95], [120, "drift", 25, 0.95]),
      // The kept lines 2 and 3 read as one tall line.
      [{ text: "sudo -iu tidsbest curl -fsS https://localhost:8443", box: { x: 100, y: 140, w: 160, h: 30 }, confidence: 0.9, line: 9, block: 0, baseline: 168 }],
    );
    const both = placed(kept.words.filter((w) => w.line < 2), two.words);
    expect(text(withSurerLines(both, other))).toEqual(text(both));
  });
});
