// The re-reading of torn lines (pipeline/ocr/reread.ts), with the engine's answers given: which
// part of the page is cut out, and when the new words replace the old. The real engine on a real
// page (a letter's address block beside its label/value lines) is checked in devset.test.ts.
import { describe, expect, it } from "vitest";
import { rereadWeakPieces } from "../../pipeline/ocr/reread.ts";
import type { OcrResult, OcrWord, PageImage } from "../../pipeline/ocr/types.ts";

const page: PageImage = { page: 1, width: 2400, height: 1200, channels: 1, data: Buffer.alloc(2400 * 1200, 255), dpi: 300, origin: "image-file", pageWidth: null, pageHeight: null };

function word(text: string, x: number, y: number, w: number, confidence: number, line: number): OcrWord {
  return { text, box: { x, y, w, h: 30 }, confidence, line, block: 0, baseline: y + 26 };
}

function result(words: OcrWord[]): OcrResult {
  return { words, confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length, text: words.map((w) => w.text).join(" ") };
}

// As the engine read the page of devset document "afgoerelse": the address line torn in two
// engine lines, one of them sure of a few letters, the other junk, with the right-hand column's
// label on the first.
const torn = result([
  word("Ellen", 380, 694, 95, 0.96, 0),
  word("Margrethe", 485, 694, 170, 0.96, 0),
  word("B", 381, 748, 25, 0.93, 1),
  word("t", 584, 752, 14, 0.91, 1),
  word("17.", 613, 749, 37, 0.9, 1),
  word("st.", 693, 751, 14, 0.96, 1),
  word("th", 730, 747, 38, 0.96, 1),
  word("Sagsbehandler:", 1466, 744, 218, 0.89, 1),
  word("BROVDERS", 408, 756, 174, 0, 2),
  word("21,", 656, 760, 20, 0.29, 2),
  word("Bh", 676, 758, 15, 0.09, 2),
  word("4800", 381, 802, 85, 0.93, 3),
  word("Nørrebæk", 476, 802, 160, 0.93, 3),
]);

describe("rereadWeakPieces", () => {
  it("cuts out the torn line alone, both its pieces and not the other column, and keeps the surer reading", async () => {
    const crops: PageImage[] = [];
    const read = async (crop: PageImage) => {
      crops.push(crop);
      // The crop starts a word height or so left of and above the torn pieces.
      return result([word("Bøgevænget", 40, 15, 190, 0.95, 0), word("17,", 240, 15, 40, 0.96, 0), word("st.", 290, 15, 30, 0.96, 0), word("th.", 330, 15, 40, 0.96, 0)]);
    };
    const out = await rereadWeakPieces(page, torn, read);
    expect(crops).toHaveLength(1);
    const crop = crops[0]!;
    // Left of the other column's label, and not reaching the lines above and below.
    expect(crop.width).toBeLessThan(1466 - 300);
    expect(crop.height).toBeLessThan(2 * 30 + 2 * 30);
    const texts = out.words.map((w) => w.text);
    expect(texts).toEqual(expect.arrayContaining(["Ellen", "Margrethe", "Sagsbehandler:", "4800", "Nørrebæk", "Bøgevænget", "17,", "st.", "th."]));
    for (const junk of ["B", "t", "17.", "th", "BROVDERS", "21,", "Bh"]) expect(texts).not.toContain(junk);
    // The new words stand where the torn line stood, on a line of their own.
    const b = out.words.find((w) => w.text === "Bøgevænget")!;
    expect(b.box.y).toBeGreaterThan(694 + 30);
    expect(b.box.y).toBeLessThan(802);
    expect(new Set(out.words.filter((w) => w.text === "Bøgevænget" || w.text === "th.").map((w) => w.line)).size).toBe(1);
    expect(torn.words.map((w) => w.line)).not.toContain(b.line);
  });

  it("keeps the first reading when the second is not clearly surer", async () => {
    const read = async () => result([word("Bogevaenget", 40, 15, 190, 0.55, 0)]);
    expect(await rereadWeakPieces(page, torn, read)).toBe(torn);
  });

  it("ignores what the re-read finds outside the torn line (a part of the line above cut off)", async () => {
    const read = async () => result([word("Margrethe", 100, -5, 170, 0.96, 0)]);
    expect(await rereadWeakPieces(page, torn, read)).toBe(torn);
  });

  it("reads nothing again on a page the engine is sure of", async () => {
    let calls = 0;
    const sure = result(torn.words.filter((w) => w.confidence > 0.5));
    await rereadWeakPieces(page, sure, async () => (calls++, sure));
    expect(calls).toBe(0);
  });

  // A table row read through the rule under it (devset document "moedeplan-2019"): its words sure,
  // and junk made of the rule among them.
  const ruled = result([
    word("2.", 180, 500, 20, 0.94, 0),
    word("oktober", 205, 500, 90, 0.9, 0),
    word("sø", 300, 500, 30, 0.39, 0),
    word("KKR", 360, 500, 50, 0.96, 0),
    word("Nordjylland", 415, 500, 130, 0.96, 0),
    word("røj", 550, 500, 40, 0.68, 0),
    word("€", 595, 500, 15, 0.14, 0),
    word(":", 615, 500, 10, 0.23, 0),
  ]);

  it("re-reads a row with junk among sure words, and keeps the reading that drops the junk and every sure word", async () => {
    const read = async () =>
      result([word("2.", 30, 10, 20, 0.95, 0), word("oktober", 55, 10, 90, 0.94, 0), word("KKR", 210, 10, 50, 0.96, 0), word("Nordjylland", 265, 10, 130, 0.96, 0)]);
    const out = await rereadWeakPieces(page, ruled, read);
    expect(out.words.map((w) => w.text)).toEqual(["2.", "oktober", "KKR", "Nordjylland"]);
  });

  it("keeps the row as read when the re-reading loses a word the engine was sure of", async () => {
    const read = async () => result([word("2.", 30, 10, 20, 0.95, 0), word("oktober", 55, 10, 90, 0.94, 0), word("KKR", 210, 10, 50, 0.96, 0)]);
    expect(await rereadWeakPieces(page, ruled, read)).toBe(ruled);
  });
});
