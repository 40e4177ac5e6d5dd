import { describe, expect, it } from "vitest";
import { grayHistogram, histogramRank, otsuOfHistogram } from "../../pipeline/ocr/histogram.ts";

describe("gray histograms", () => {
  // A page in miniature: 90 pixels of paper at 230, 10 of ink at 20.
  const page = Uint8Array.from([...new Array<number>(90).fill(230), ...new Array<number>(10).fill(20)]);
  const hist = grayHistogram(page);

  it("counts every pixel at its gray value", () => {
    expect(hist[230]).toBe(90);
    expect(hist[20]).toBe(10);
    expect(hist.reduce((s, n) => s + n, 0)).toBe(100);
  });

  it("gives percentiles: the ink's tone below a tenth of the pixels, the paper's above", () => {
    expect(histogramRank(hist, 0.05 * 100)).toBe(20);
    expect(histogramRank(hist, 0.1 * 100)).toBe(230);
    expect(histogramRank(hist, 0.99 * 100)).toBe(230);
  });

  it("gives the median of an odd count as its middle value", () => {
    expect(histogramRank(grayHistogram(Uint8Array.from([10, 50, 200])), (3 - 1) / 2)).toBe(50);
  });

  it("counts from a given tone up, and gives white when the pixels run out", () => {
    expect(histogramRank(hist, 5, 100)).toBe(230);
    expect(histogramRank(hist, 100)).toBe(255);
  });

  it("splits ink from paper between their tones", () => {
    const t = otsuOfHistogram(hist);
    expect(t).toBeGreaterThanOrEqual(20);
    expect(t).toBeLessThan(230);
  });
});
