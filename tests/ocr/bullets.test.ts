// Bullets judged by their ink (pipeline/ocr/bullets.ts): on a page image drawn here, the marks at
// the start of lines that the engine passed over are found when they stand in a column, and a
// speck, a stroke or an "=" is not taken for one.
import { describe, expect, it } from "vitest";
import { withBulletShapes, withMissedBullets } from "../../pipeline/ocr/bullets.ts";
import type { OcrResult, OcrWord, PageImage } from "../../pipeline/ocr/types.ts";

const WIDTH = 1400;
const HEIGHT = 1000;
/** Body words 30 px tall, as at 300 dpi. */
const WORD_H = 30;

function page(): { image: PageImage; paint: (x: number, y: number, w: number, h: number, gray?: number) => void; disc: (cx: number, cy: number, r: number) => void } {
  const data = Buffer.alloc(WIDTH * HEIGHT, 250);
  const paint = (x: number, y: number, w: number, h: number, gray = 20) => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) data[r * WIDTH + c] = gray;
  };
  const disc = (cx: number, cy: number, r: number) => {
    for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * WIDTH + x] = 20;
  };
  const image: PageImage = { page: 1, width: WIDTH, height: HEIGHT, channels: 1, data, dpi: 300, origin: "image-file", pageWidth: null, pageHeight: null };
  return { image, paint, disc };
}

/** A line of words from x on, each drawn as ink, numbered n. */
function line(n: number, x: number, y: number, texts: string[], paint: (x: number, y: number, w: number, h: number) => void): OcrWord[] {
  const words: OcrWord[] = [];
  for (const text of texts) {
    const w = 18 * text.length;
    words.push({ text, box: { x, y, w, h: WORD_H }, confidence: 0.93, line: n, block: 0, baseline: y + 24 });
    // Letters, not a solid bar: strokes with paper between them.
    for (let c = 0; c < w; c += 9) paint(x + c, y + 4, 4, WORD_H - 8);
    x += w + 14;
  }
  return words;
}

const result = (words: OcrWord[]): OcrResult => ({ words, confidence: 0.9, text: "" });
const texts = (r: OcrResult) => [...new Map(r.words.map((w) => [w.line, ""])).keys()].map((n) => r.words.filter((w) => w.line === n).sort((a, b) => a.box.x - b.box.x).map((w) => w.text).join(" "));

describe("withMissedBullets", () => {
  it("adds the squares and dots standing in a column before a list's lines", () => {
    const { image, paint, disc } = page();
    const words = [
      ...line(0, 100, 100, ["Nogle", "felter", "er", "interne;", "disse", "er"], paint),
      ...line(1, 160, 150, ["created"], paint),
      ...line(2, 160, 200, ["lastChanged"], paint),
      ...line(3, 160, 250, ["deleted"], paint),
      ...line(4, 160, 400, ["Person"], paint),
      ...line(5, 160, 450, ["OrgUnit"], paint),
    ];
    // Squares 12 px (0.4 word heights) 1.5 word heights before the text, level with its lower case.
    for (const y of [150, 200, 250]) paint(110, y + 12, 12, 12);
    for (const y of [400, 450]) disc(116, y + 18, 7);
    const out = withMissedBullets(result(words), image);
    expect(texts(out)).toEqual(["Nogle felter er interne; disse er", "▪ created", "▪ lastChanged", "▪ deleted", "• Person", "• OrgUnit"]);
    const bullet = out.words.find((w) => w.text === "▪")!;
    expect(bullet.box).toEqual({ x: 110, y: 162, w: 12, h: 12 });
    expect(bullet.line).toBe(1);
  });

  it("takes a lone blot for a bullet when the engine read one in the same column", () => {
    const { image, paint } = page();
    const words = [...line(0, 160, 150, ["Person"], paint), ...line(1, 160, 200, ["OrgUnit"], paint), ...line(2, 100, 300, ["To", "domæne-objekter"], paint)];
    words.unshift({ text: "▪", box: { x: 110, y: 162, w: 12, h: 12 }, confidence: 0.6, line: 0, block: 0, baseline: 174 });
    paint(110, 162, 12, 12);
    paint(110, 212, 12, 12);
    expect(texts(withMissedBullets(result(words), image))).toEqual(["▪ Person", "▪ OrgUnit", "To domæne-objekter"]);
  });

  it("leaves a single speck, a stroke, an '=' and a mark too far or too near alone", () => {
    const { image, paint } = page();
    const words = [
      ...line(0, 160, 100, ["Alene"], paint), // one dot-like blot, with no other in its column
      ...line(1, 560, 200, ["Streg"], paint),
      ...line(2, 560, 250, ["Streg"], paint),
      ...line(3, 960, 300, ["Lig"], paint),
      ...line(4, 960, 350, ["Lig"], paint),
      ...line(5, 360, 500, ["Langt"], paint),
      ...line(6, 360, 550, ["Langt"], paint),
      ...line(7, 760, 650, ["Stort"], paint),
      ...line(8, 760, 700, ["Stort"], paint),
    ];
    paint(110, 112, 12, 12);
    // A column rule's pieces: taller than wide.
    for (const y of [200, 250]) paint(516, y + 2, 4, 26);
    // "=": two bars with paper between them.
    for (const y of [300, 350]) {
      paint(910, y + 12, 14, 4);
      paint(910, y + 20, 14, 4);
    }
    // Four word heights before the text: no bullet of this line's.
    for (const y of [500, 550]) paint(240, y + 12, 12, 12);
    // A box as tall as the line: a checkbox or a letter, not a bullet.
    for (const y of [650, 700]) paint(700, y + 2, 28, 28);
    expect(withMissedBullets(result(words), image).words.map((w) => w.text)).not.toContain("▪");
    expect(withMissedBullets(result(words), image).words.map((w) => w.text)).not.toContain("•");
  });

  it("adds the dash the engine passed over in a list of dashes, as the dash it read", () => {
    const { image, paint } = page();
    const words = [
      ...line(0, 100, 100, ["Følgende", "fokusområder", "drøftes:"], paint),
      ...line(1, 160, 150, ["Psykisk", "sårbare", "unge"], paint),
      ...line(2, 160, 200, ["Fælles", "dataunderstøttelse"], paint),
      ...line(3, 160, 250, ["Forebyggelse"], paint),
    ];
    // Em dashes 20 px long and 3 thick (0.67 by 0.1 word heights), level with the lower case.
    for (const y of [150, 200, 250]) paint(120, y + 16, 20, 3);
    for (const [n, y] of [[2, 200], [3, 250]] as const) words.splice(words.findIndex((w) => w.line === n), 0, { text: "—", box: { x: 120, y: y + 16, w: 20, h: 3 }, confidence: 0.9, line: n, block: 0, baseline: y + 24 });
    expect(texts(withMissedBullets(result(words), image))).toEqual(["Følgende fokusområder drøftes:", "— Psykisk sårbare unge", "— Fælles dataunderstøttelse", "— Forebyggelse"]);
  });

  it("adds dashes in a column the engine read none of as en dashes, and leaves a lone hyphen-short stroke", () => {
    const { image, paint } = page();
    const words = [...line(0, 160, 150, ["Første"], paint), ...line(1, 160, 200, ["Anden"], paint), ...line(2, 560, 300, ["Kort"], paint), ...line(3, 560, 350, ["Kort"], paint)];
    for (const y of [150, 200]) paint(120, y + 16, 16, 3);
    // 5 px: a hyphen's length (0.17 word heights), no list dash.
    for (const y of [300, 350]) paint(530, y + 16, 5, 2);
    expect(texts(withMissedBullets(result(words), image))).toEqual(["– Første", "– Anden", "Kort", "Kort"]);
  });

  it("does not look past a word the engine read before the line's first", () => {
    const { image, paint } = page();
    // Two columns: the right one's lines start where the left one's words end.
    const words = [...line(0, 100, 150, ["venstre", "spalte"], paint), ...line(1, 380, 150, ["højre"], paint), ...line(2, 100, 200, ["venstre", "spalte"], paint), ...line(3, 380, 200, ["højre"], paint)];
    expect(withMissedBullets(result(words), image)).toEqual(result(words));
  });
});

describe("withBulletShapes", () => {
  it("tells a mark read for a bullet by its ink, also from a fractional box or one running off the page", () => {
    const { image, paint } = page();
    const words = [...line(0, 160, 150, ["Person"], paint), ...line(1, 160, 200, ["OrgUnit"], paint), ...line(2, 100, 300, ["To", "domæne-objekter"], paint)];
    paint(110, 162, 12, 12);
    paint(0, 210, 12, 12);
    // A sideways strip turned back, or a crop read at its own scale, gives boxes off the pixel grid.
    words.push({ text: "*", box: { x: 110.2, y: 162.3, w: 11.6, h: 11.5 }, confidence: 0.4, line: 0, block: 0, baseline: 174 });
    words.push({ text: '"', box: { x: -0.4, y: 210.2, w: 12.3, h: 11.7 }, confidence: 0.4, line: 1, block: 0, baseline: 224 });
    expect(texts(withBulletShapes(result(words), image))).toEqual(["▪ Person", "▪ OrgUnit", "To domæne-objekter"]);
  });

  it("takes a mark read off a flat stroke, in a column of dashes the engine read, for the column's dash", () => {
    const { image, paint } = page();
    const words = [...line(0, 160, 150, ["Psykisk", "sårbare"], paint), ...line(1, 160, 200, ["Fælles", "data"], paint), ...line(2, 160, 250, ["port", "=", "443"], paint)];
    for (const y of [150, 200]) paint(130, y + 16, 20, 3);
    words.unshift({ text: ">", box: { x: 129, y: 160, w: 22, h: 14 }, confidence: 0.3, line: 0, block: 0, baseline: 174 });
    words.splice(3, 0, { text: "—", box: { x: 130, y: 216, w: 20, h: 3 }, confidence: 0.9, line: 1, block: 0, baseline: 224 });
    // An "=" inside a line stays what it was read as.
    expect(texts(withBulletShapes(result(words), image))).toEqual(["— Psykisk sårbare", "— Fælles data", "port = 443"]);
  });
});

