// The OCR engine end to end on real scans: orientation, preprocessing, recognition, and that it
// never leaves the machine for its data.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import Tesseract from "tesseract.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine, dataFolder, spawnWorker, type OcrEngine } from "../../pipeline/ocr/engine.ts";
import { turnClockwise } from "../../pipeline/ocr/orientation.ts";
import { estimateSkew, estimateXHeight, preprocess } from "../../pipeline/ocr/preprocess.ts";
import { findShapes } from "../../pipeline/ocr/shapes.ts";
import type { OcrWord, PageImage } from "../../pipeline/ocr/types.ts";
import { shared, wordRecall, words as wordsOf } from "../helpers/shared.ts";

const GT = shared("testdata/ocr-gt/");
const SLIDES = shared("corpus/slides-2021-2022-png/");
const TRUTH = shared("corpus/truth/slides-2021-2022/");
const CER = shared("corpus-tools/lib/cer.mjs");

/** The file's pixels as stored: EXIF orientation is deliberately not applied. */
async function loadImage(path: string): Promise<PageImage> {
  const meta = await sharp(path).metadata();
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return {
    page: 1,
    width: info.width,
    height: info.height,
    channels: info.channels as PageImage["channels"],
    data,
    // As images.ts does: libvips reports 72 dpi for files without a density, only a unit makes it real.
    dpi: meta.density && meta.resolutionUnit ? meta.density : null,
    origin: "image-file",
    pageWidth: null,
    pageHeight: null,
  };
}

/** Words back to text: one line per engine line, a blank line between blocks. */
function textOf(words: readonly OcrWord[]): string {
  const lines = new Map<number, OcrWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  let text = "";
  let block = -1;
  for (const line of lines.values()) {
    if (text && line[0]!.block !== block) text += "\n";
    block = line[0]!.block;
    text += `${line.map((w) => w.text).join(" ")}\n`;
  }
  return text;
}

/** The page as the OCR stage reads it: turned upright, prepared, recognised. */
async function readUpright(engine: OcrEngine, image: PageImage, verticalText = false) {
  const orientation = await engine.detectOrientation(image);
  const upright = await turnClockwise(image, (360 - orientation.degrees) % 360);
  const prepared = await preprocess(upright);
  const result = await engine.recognize(prepared.image, { verticalText });
  return { orientation, prepared, result, text: textOf(result.words) };
}

function danishIntact(truth: string, output: string): number {
  const have = new Set(wordsOf(output));
  const dk = wordsOf(truth).filter((w) => /[æøå]/.test(w));
  return dk.filter((w) => have.has(w)).length / dk.length;
}

let engine: OcrEngine;
const scratch = mkdtempSync(join(tmpdir(), "arkiv-ocr-test-"));

beforeAll(async () => {
  engine = await createOcrEngine({ workers: 2 });
});

afterAll(async () => {
  await engine?.terminate();
  rmSync(scratch, { recursive: true, force: true });
});

describe("traineddata comes from the npm packages, never the network", () => {
  it("resolves every language to its package folder", () => {
    for (const [lang, variant] of [["dan", "4.0.0_best_int"], ["eng", "4.0.0_best_int"], ["osd", "4.0.0"]] as const) {
      const folder = dataFolder(lang, variant);
      expect(folder).toMatch(new RegExp(`node_modules[/\\\\]@tesseract\\.js-data[/\\\\]${lang}[/\\\\]${variant.replace(/\./g, "\\.")}$`));
      expect(existsSync(join(folder, `${lang}.traineddata.gz`))).toBe(true);
    }
    expect(() => dataFolder("xx")).toThrow(/npm install @tesseract.js-data\/xx/);
  });

  it("fails a worker that tries to fetch (every engine worker is spawned this way)", async () => {
    const attempt = spawnWorker("eng", Tesseract.OEM.LSTM_ONLY, {
      langPath: "https://cdn.jsdelivr.net/npm/@tesseract.js-data/eng/4.0.0_best_int",
    });
    await expect(attempt).rejects.toThrow(/network fetch blocked/);
  });

  it("writes no traineddata cache into the working folder", () => {
    for (const lang of ["dan", "eng", "osd"]) expect(existsSync(`${lang}.traineddata`)).toBe(false);
  });
});

describe("orientation", () => {
  // The rotated-L scan reads bottom to top: it was turned 90° anticlockwise, i.e. 270° clockwise.
  it.each([
    ["phototest.tif", 0],
    ["phototest-rotated-R.png", 90],
    ["phototest-rotated-180.png", 180],
    ["phototest-rotated-L.png", 270],
  ] as const)("%s is found turned %i° and reads with at least 97 percent word recall", async (file, degrees) => {
    const { orientation, text } = await readUpright(engine, await loadImage(`${GT}tesseract-test/${file}`));
    expect(orientation.degrees).toBe(degrees);
    expect(orientation.method).toBe("osd");
    const truth = readFileSync(`${GT}tesseract-test/${file.replace(/\.(tif|png)$/, ".gt.txt")}`, "utf8");
    expect(wordRecall(truth, text)).toBeGreaterThanOrEqual(0.97);
  });

  // EXIF says how to show these JPEGs; the stored pixels are turned. simple-90 needs a 90°
  // clockwise turn to show, so its pixels are turned 270° clockwise; simple-270 the reverse.
  it.each([
    ["simple-90.jpg", 270],
    ["simple-180.jpg", 180],
    ["simple-270.jpg", 90],
  ] as const)("%s (one word: too little for OSD) is found turned %i° by reading", async (file, degrees) => {
    const { orientation, text } = await readUpright(engine, await loadImage(`${GT}tesseractjs/${file}`));
    expect(orientation).toMatchObject({ degrees, method: "confidence" });
    expect(orientation.confidence).toBeGreaterThan(0.5);
    expect(text.trim()).toBe("Tesseract.js");
  });
});

describe("a Danish slide scan (150 dpi, no density in the file)", () => {
  const truthFile = `${TRUTH}page-03.txt`;
  const truth = readFileSync(truthFile, "utf8");

  function cer(text: string): { cer_order_free: number; word_recall: number; dk_words: number; dk_words_intact: number } {
    const file = join(scratch, "page-03.ocr.txt");
    writeFileSync(file, text);
    return JSON.parse(execFileSync(process.execPath, [CER, truthFile, file, "--json"], { encoding: "utf8" }));
  }

  it("reads with ≥ 90% word recall and ≥ 90% of its æ/ø/å words intact", async () => {
    const started = performance.now();
    const { orientation, prepared, result, text } = await readUpright(engine, await loadImage(`${SLIDES}page-03.png`));
    const seconds = (performance.now() - started) / 1000;
    const score = cer(text);
    console.log(
      `page-03: recall ${(score.word_recall * 100).toFixed(1)}%, æøå ${score.dk_words_intact}/${score.dk_words},`,
      `order-free CER ${(score.cer_order_free * 100).toFixed(2)}%, scale ${prepared.scale}, skew ${prepared.skewDeg}°,`,
      `orientation ${orientation.method}, ${seconds.toFixed(1)} s`,
    );
    expect(orientation.degrees).toBe(0);
    expect(wordRecall(truth, text)).toBeGreaterThanOrEqual(0.9);
    expect(danishIntact(truth, text)).toBeGreaterThanOrEqual(0.9);
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  it("reads the rotated sidebar too with verticalText, for an order-free CER ≤ 3%", async () => {
    const { result, text } = await readUpright(engine, await loadImage(`${SLIDES}page-03.png`), true);
    const score = cer(text);
    console.log(`page-03 with verticalText: order-free CER ${(score.cer_order_free * 100).toFixed(2)}%, recall ${(score.word_recall * 100).toFixed(1)}%`);
    expect(score.cer_order_free).toBeLessThanOrEqual(0.03);
    const sidebar = result.words.filter((w) => /SOCIALOMRÅDE/.test(w.text));
    expect(sidebar).toHaveLength(1);
    // Text running up the page keeps its geometry: a tall, narrow box at the left edge.
    expect(sidebar[0]!.box.h).toBeGreaterThan(4 * sidebar[0]!.box.w);
    expect(sidebar[0]!.box.x).toBeLessThan(0.1 * result.words.reduce((m, w) => Math.max(m, w.box.x + w.box.w), 0));
  });

  it("returns words with boxes on the image, confidences, lines, blocks and baselines", async () => {
    const image = await loadImage(`${SLIDES}page-03.png`);
    const prepared = await preprocess(image);
    const { words, confidence } = await engine.recognize(prepared.image);
    expect(words.length).toBeGreaterThan(100);
    expect(confidence).toBeCloseTo(words.reduce((s, w) => s + w.confidence, 0) / words.length, 6);
    for (const w of words) {
      expect(w.box.x).toBeGreaterThanOrEqual(0);
      expect(w.box.y).toBeGreaterThanOrEqual(0);
      expect(w.box.x + w.box.w).toBeLessThanOrEqual(prepared.image.width);
      expect(w.box.y + w.box.h).toBeLessThanOrEqual(prepared.image.height);
      expect(w.confidence).toBeGreaterThanOrEqual(0);
      expect(w.confidence).toBeLessThanOrEqual(1);
      expect(Number.isInteger(w.line) && Number.isInteger(w.block)).toBe(true);
    }
    const title = words.find((w) => w.text === "samarbejder")!;
    expect(title.baseline).not.toBeNull();
    // The baseline runs through the lower part of the word (letters without descenders sit on it).
    expect(title.baseline!).toBeGreaterThan(title.box.y + 0.6 * title.box.h);
    expect(title.baseline!).toBeLessThanOrEqual(title.box.y + title.box.h + 2);
  });
});

describe("preprocess", () => {
  it("scales a 150 dpi scan to a readable x-height, straightens it and estimates its dpi", async () => {
    const image = await loadImage(`${SLIDES}page-03.png`);
    const prepared = await preprocess(image);
    expect(prepared.image.channels).toBe(1);
    expect(prepared.image.data.length).toBe(prepared.image.width * prepared.image.height);
    expect(prepared.xHeight).toBeGreaterThanOrEqual(11);
    expect(prepared.xHeight).toBeLessThanOrEqual(15);
    // Enlarged to the ~20 px x-height tesseract reads well.
    expect(prepared.xHeight! * prepared.scale).toBeGreaterThanOrEqual(19);
    expect(prepared.xHeight! * prepared.scale).toBeLessThanOrEqual(21);
    expect(prepared.scale).toBeLessThan(2.3);
    // The file says nothing; the text size says ~150 dpi, scaled.
    expect(prepared.image.dpi! / prepared.scale).toBeGreaterThan(120);
    expect(prepared.image.dpi! / prepared.scale).toBeLessThan(180);
    // Same input, same pixels.
    const again = await preprocess(image);
    expect(again.image.data.equals(prepared.image.data)).toBe(true);
  });

  it.each([2, -3.2])("measures a page turned %f° and turns it back", async (turn) => {
    const base = await loadImage(`${GT}tesseract-test/phototest.tif`);
    const { data, info } = await sharp(base.data, { raw: { width: base.width, height: base.height, channels: base.channels } })
      .rotate(turn, { background: "#ffffff" })
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
    const turned: PageImage = { ...base, data, width: info.width, height: info.height, channels: 1 };
    const prepared = await preprocess(turned);
    expect(prepared.skewDeg).toBeCloseTo(-turn, 0);
    const left = findShapes(prepared.image);
    expect(Math.abs(estimateSkew(left, estimateXHeight(left)!, 5))).toBeLessThan(0.3);
  });

  it("leaves a straight page unturned", async () => {
    const prepared = await preprocess(await loadImage(`${GT}tesseract-test/phototest.tif`));
    expect(prepared.skewDeg).toBe(0);
  });
});
