import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, extract, type Services } from "../../pipeline/index.ts";
import type { DocumentRecord } from "../../src/model/document.ts";
import { cer, deckBodyTruth } from "../helpers/cer.ts";
import { shared, wordRecall } from "../helpers/shared.ts";

let services: Services;
const records = new Map<string, DocumentRecord>();

async function record(path: string): Promise<DocumentRecord> {
  if (!records.has(path)) {
    const { record } = await extract({ absPath: shared(path), relPath: path.split("/").pop()! }, { repair: true, ocr: "auto" }, services);
    records.set(path, record);
  }
  return records.get(path)!;
}

beforeAll(() => {
  services = createServices();
});
afterAll(async () => {
  await services.close();
});

const bodyText = (doc: DocumentRecord) => doc.pages.map((p) => p.text).join("\n\n");

describe("OCR of scanned decks", () => {
  const decks = [
    ["corpus/slides-2021-2022-scan.pdf", "slides-2021-2022"],
    ["corpus/slides-2021-2022-legacy.pdf", "slides-2021-2022"],
    ["corpus/ny-socialaftale-2023-2024-scan.pdf", "ny-socialaftale-2023-2024"],
  ] as const;

  for (const [path, truthFolder] of decks) {
    it(`${path}: body text CER ≤ 3% and ≥ 95% of æ/ø/å words intact`, async () => {
      const doc = await record(path);
      expect(doc.pages.every((p) => p.method === "ocr")).toBe(true);
      const score = cer(deckBodyTruth(truthFolder).join("\n\n"), bodyText(doc));
      expect(score.cer_order_free).toBeLessThanOrEqual(0.03);
      expect(score.dk_words_intact / score.dk_words).toBeGreaterThanOrEqual(0.95);
    });
  }

  it("keeps decoration out of the body: the sidebar, the footer and the logo", async () => {
    for (const [path] of decks) {
      const doc = await record(path);
      const body = bodyText(doc);
      expect(body).not.toMatch(/SPECIALISEREDE SOCIALOMR/);
      expect(body).not.toMatch(/INDSAT EMNE/);
      expect(body).not.toMatch(/^NORDJYLLAND$/m);
      const furniture = doc.pages.flatMap((p) => p.furniture).join("\n");
      expect(furniture).toMatch(/KKR/);
    }
  });

  it("re-reads every page of the legacy deck and keeps its damaged layer as evidence only", async () => {
    const doc = await record("corpus/slides-2021-2022-legacy.pdf");
    for (const page of doc.pages) {
      expect(page.method).toBe("ocr");
      expect(page.textLayer).toMatchObject({ state: "invisible", used: false });
      expect(page.methodReason).toMatch(/wrong language|too short|Danish/);
    }
    expect(doc.pages.map((p) => p.textLayer!.text).join(" ")).toMatch(/omradet/);
    expect(bodyText(doc)).toMatch(/området/);
  });

  it("turns the sideways and upside-down pages the right way", async () => {
    const doc = await record("corpus/ny-socialaftale-2023-2024-scan.pdf");
    const rotations = doc.pages.map((p) => p.ocr?.rotation);
    const truth = JSON.parse(readFileSync(shared("corpus/truth/ny-socialaftale-2023-2024/pages.json"), "utf8")) as {
      pages: { page: number; rotated_deg: number }[];
    };
    expect(rotations).toEqual(truth.pages.map((p) => p.rotated_deg));
  });

  it("keeps OCR words with boxes on the page and confidences", async () => {
    const doc = await record("corpus/slides-2021-2022-scan.pdf");
    for (const page of doc.pages) {
      expect(page.words.length).toBeGreaterThan(0);
      expect(page.confidence).toBeGreaterThan(0.5);
      for (const w of page.words) {
        expect(w.box.x).toBeGreaterThanOrEqual(-1);
        expect(w.box.x + w.box.w).toBeLessThanOrEqual(page.width! + 1);
        expect(w.box.y + w.box.h).toBeLessThanOrEqual(page.height! + 1);
        // tesseract's own 0–100 scale, normalised; it gives 0 to a few words it read right
        // ("drøftelser..." on slide 7), so only the range is checked here.
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(1);
      }
    }
    expect(doc.pages.reduce((n, p) => n + p.words.length, 0)).toBeGreaterThan(300);
    // The deck is A4 landscape: boxes are in PDF points.
    expect(doc.pages[0]!.width).toBeCloseTo(842, -1);
  });

  it("reads the PNG and TIFF versions to the same text as the PDF", async () => {
    const pdf = await record("corpus/slides-2021-2022-scan.pdf");
    const tiff = await record("corpus/slides-2021-2022-png/slides-2021-2022.tif");
    expect(tiff.pages).toHaveLength(7);
    for (const [i, page] of tiff.pages.entries()) {
      expect(wordRecall(pdf.pages[i]!.text, page.text)).toBeGreaterThanOrEqual(0.98);
    }
    const png = await record("corpus/slides-2021-2022-png/page-06.png");
    expect(wordRecall(pdf.pages[5]!.text, png.pages[0]!.text)).toBeGreaterThanOrEqual(0.98);
  });

  it("knows a scan's language and title once it is read", async () => {
    const doc = await record("corpus/slides-2021-2022-scan.pdf");
    expect(doc.language).toBe("da");
    expect(doc.title).toBe("Stærkt samarbejde for borgerens skyld");
  });

  it("reads tesseract's phototest, also turned sideways and upside down, with ≥ 97% word recall", async () => {
    for (const name of ["phototest.tif", "phototest-rotated-L.png", "phototest-rotated-R.png", "phototest-rotated-180.png"]) {
      const doc = await record(`testdata/ocr-gt/tesseract-test/${name}`);
      const truth = readFileSync(shared(`testdata/ocr-gt/tesseract-test/${name.replace(/\.(tif|png)$/, ".gt.txt")}`), "utf8");
      expect(wordRecall(truth, bodyText(doc)), name).toBeGreaterThanOrEqual(0.97);
      // Read in Danish first, then again with English as well: the page is English.
      expect(doc.pages[0]!.ocr?.languages, name).toEqual(["dan", "eng"]);
    }
  });

  it("reads Danish pages with the Danish model alone, and tells dots from squares among the bullets", async () => {
    const doc = await record("corpus/ny-socialaftale-2023-2024-scan.pdf");
    for (const p of doc.pages) expect(p.ocr?.languages).toEqual(["dan"]);
    const truth = readFileSync(shared("corpus/truth/ny-socialaftale-2023-2024/page-01.txt"), "utf8");
    const bullets = (text: string) => text.split("\n").map((l) => l.trim()[0]).filter((c) => c === "•" || c === "▪");
    expect(bullets(doc.pages[0]!.text)).toEqual(bullets(truth));
  });

  it("gives byte-identical JSON and Markdown when the same scan is read twice", async () => {
    const source = { absPath: shared("testdata/ocr-gt/tesseract-test/phototest-rotated-R.png"), relPath: "phototest-rotated-R.png" };
    const first = await extract(source, { repair: true, ocr: "auto" }, services);
    const second = await extract(source, { repair: true, ocr: "auto" }, services);
    expect(second.json).toBe(first.json);
    expect(second.markdown).toBe(first.markdown);
  });

  it("leaves born-digital pages to their text layer", async () => {
    const doc = await record("corpus/rammeaftale.pdf");
    expect(doc.pages.every((p) => p.method === "text-layer" && p.textLayer?.used)).toBe(true);
    expect(doc.provenance.stages.find((s) => s.name === "ocr")?.note).toMatch(/none needed OCR/);
  });
});
