// What the OCR stage sets aside as noise (pipeline/ocr/words.ts), on words laid out as the engine
// reports them for a scanned list of dated lines.
import { describe, expect, it } from "vitest";
import type { OcrWord } from "../../pipeline/ocr/types.ts";
import { findDecoration, wordsToLines } from "../../pipeline/ocr/words.ts";
import { layoutLines } from "../../pipeline/ingest/layout.ts";

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

  it("sets aside a bar letter read off a table's column rule, and keeps an 'i' clear of the rule", () => {
    // A ruled table's row: the rule after "9090" stands at x 512 from y 80 to 240; the engine read
    // it as "i". The next row's cell opens with the word "i", a cell's padding clear of the rule.
    const words = [
      ...line(0, 100, [300, "9090", 60, 0.93], [508, "i", 8, 0.6], [530, "Alarmer", 90, 0.95], [630, "sendes", 80, 0.95]),
      ...line(1, 150, [300, "8443", 60, 0.93], [530, "i", 8, 0.9], [545, "dag", 40, 0.95]),
    ];
    const { dropped } = findDecoration(words, 2000, 2800, [{ x: 512, y1: 80, y2: 240 }]);
    expect(words.filter((_, i) => dropped[i]).map((w) => `${w.line}:${w.text}`)).toEqual(["0:i"]);
  });
});

describe("wordsToLines and the layout on aligned code", () => {
  // A configuration excerpt in monospace at 300 dpi, its "=" aligned: the engine reads each row as
  // one line, with a gutter-wide gap after the shorter keys, and a small "=" box where a bullet could stand.
  const row = (n: number, key: string[], value: string[], keyEnd: number): OcrWord[] => {
    const y = 1000 + 50 * n;
    const words: OcrWord[] = [];
    let x = 400;
    for (const k of key) {
      words.push({ text: k, box: { x, y, w: 20 * k.length, h: 30 }, confidence: 0.95, line: n, block: 0, baseline: y + 24 });
      x += 20 * k.length + 20;
    }
    words.push({ text: "=", box: { x: keyEnd + 20, y: y + 8, w: 16, h: 12 }, confidence: 0.92, line: n, block: 0, baseline: y + 20 });
    x = keyEnd + 60;
    for (const v of value) {
      words.push({ text: v, box: { x, y, w: 20 * v.length, h: 30 }, confidence: 0.95, line: n, block: 0, baseline: y + 24 });
      x += 20 * v.length + 20;
    }
    return words;
  };
  const words = [
    ...row(0, ["server"], ["vpn2.norrebaek.dk"], 680),
    ...row(1, ["port"], ["443"], 680),
    ...row(2, ["protokol"], ["ikev2"], 680),
    ...row(3, ["split", "tunnel"], ["ja"], 680),
  ];

  it("keeps each row's key, its '=' and its value in order on one line", () => {
    const text = layoutLines(wordsToLines(words), { hiddenBullets: false })
      .flatMap((b) => b.items.flat())
      .map((l) => l.text);
    expect(text).toEqual(["server = vpn2.norrebaek.dk", "port = 443", "protokol = ikev2", "split tunnel = ja"]);
  });

  it("does not take a '=' that follows a key on its line for a bullet", () => {
    expect(wordsToLines(words).map((l) => l.text)).not.toContainEqual(expect.stringMatching(/^[▪•]/u));
  });
});
