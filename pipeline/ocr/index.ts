// Stage 2: OCR. Per page, decide whether the text layer is trusted or the page is read from its
// image; read the chosen pages page by page through the shared engine; keep the words with their
// boxes and confidences, and the discarded text layer as evidence.
import { availableParallelism } from "node:os";
import PQueue from "p-queue";
import type { Block, DocumentRecord, Page, StageRun, Warning } from "../../src/model/document.ts";
import { blocksToText } from "../ingest/types.ts";
import { headingScale, laidToBlock } from "../ingest/blocks.ts";
import { detectLanguage } from "../ingest/language.ts";
import { joinLines, layoutLines, splitBullet, type LaidBlock } from "../ingest/layout.ts";
import { limitsOf, type StageContext } from "../types.ts";
import { judgeTextLayers, type LayerVerdict } from "./decide.ts";
import { openPageImages } from "./images.ts";
import { readPage, type ReadPage } from "./page.ts";
import { findDecoration, wordsToLines } from "./words.ts";

export const OCR_VERSION = "1.17.0";
const ENGINE = "tesseract.js 7 (LSTM)";
const LANGUAGES = ["dan", "eng"];
const RENDER_DPI = 300;

interface OcrPage {
  read: ReadPage;
  laid: LaidBlock[];
  /** The words set aside as noise, as read, in the engine's order. */
  dropped: string[];
  rotatedText: string[];
  reason: string;
  origin: "embedded-image" | "rendered" | "image-file";
  dpi: number | null;
}

export async function ocr(doc: DocumentRecord, ctx: StageContext): Promise<DocumentRecord> {
  const kind = doc.source.mediaType === "application/pdf" ? "pdf" : doc.source.mediaType.startsWith("image/") ? "image" : null;
  if (!kind) return withStage(doc, "done", "no page needs OCR: the source is a native format");

  const verdicts: LayerVerdict[] =
    kind === "pdf"
      ? judgeTextLayers(doc.pages, doc.language)
      : doc.pages.map(() => ({ ocr: true, reason: "an image file", score: { words: 0, lexiconShare: null, danishLetters: 0, garbageShare: 0 } }));
  const mode = ctx.options.ocr;
  const chosen = doc.pages.filter((_, i) => mode === "force" || (mode === "auto" && verdicts[i]!.ocr));
  let pages = doc.pages.map((p, i) => (p.textLayer ? { ...p, textLayer: { ...p.textLayer, score: verdicts[i]!.score } } : p));
  const warnings: Warning[] = [...doc.warnings];

  if (mode === "off") {
    for (const [i, p] of doc.pages.entries()) {
      if (verdicts[i]!.ocr) warnings.push({ page: p.number, code: "ocr-skipped", message: `needs OCR (${verdicts[i]!.reason}) but OCR is off` });
    }
    return withStage({ ...doc, pages, warnings }, "done", "OCR turned off (--ocr off)");
  }
  if (!chosen.length) return withStage({ ...doc, pages }, "done", "every page's text layer was trusted; none needed OCR");

  const engine = await ctx.services.ocrEngine();
  let source: Awaited<ReturnType<typeof openPageImages>>;
  try {
    source = await openPageImages(ctx.source.absPath, kind, { dpi: RENDER_DPI, maxPixels: limitsOf(ctx.options).maxPixels, password: ctx.options.password ?? undefined });
  } catch (err) {
    // The pages keep what ingest found (their text layer, or nothing); the failure is on record.
    for (const p of chosen) warnings.push({ page: p.number, code: "ocr-failed", message: `page images cannot be read: ${(err as Error).message}` });
    return withStage({ ...doc, pages, warnings }, "done", "OCR was needed but the page images could not be read");
  }
  const read = new Map<number, OcrPage>();
  let finished = 0;
  try {
    // Pages go to the engine's workers as they free up; only pages in flight hold their pixels.
    const queue = new PQueue({ concurrency: Math.max(1, availableParallelism()) });
    for (const page of chosen) {
      const verdict = verdicts[page.number - 1]!;
      void queue.add(async () => {
        try {
          const image = await source.page(page.number);
          const result = await readPage(image, engine);
          const decoration = findDecoration(result.levelWords, result.width, result.height, result.columnRules);
          const keep = (_: unknown, i: number) => !decoration.dropped[i];
          read.set(page.number, {
            read: { ...result, words: result.words.filter(keep) },
            laid: layoutLines(wordsToLines(result.levelWords.filter(keep)), { hiddenBullets: false, separators: result.separators, columnRules: result.columnRules }),
            dropped: result.levelWords.filter((w, i) => decoration.dropped[i] && !decoration.rotated[i]).map((w) => w.text),
            rotatedText: decoration.rotatedText,
            reason: mode === "force" ? "OCR forced (--ocr force)" : verdict.reason,
            origin: image.origin,
            dpi: image.dpi,
          });
        } catch (err) {
          warnings.push({ page: page.number, code: "ocr-failed", message: `OCR failed: ${(err as Error).message}` });
        }
        ctx.services.onPage?.(ctx.source.relPath, ++finished, chosen.length);
      });
    }
    await queue.onIdle();
  } finally {
    await source.close();
  }

  // Headings are ranked over all OCR'd pages at once, so one size means one depth across the document.
  const depth = headingScale([...read.values()].flatMap((p) => p.laid), { minRatio: 1.4, boldHeadings: false });
  pages = pages.map((p) => {
    const o = read.get(p.number);
    return o ? ocrPage(p, o, depth) : p;
  });
  warnings.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
  // A scan says nothing about itself until it is read: its language and title come from the text.
  const body = pages.map((p) => p.text).join("\n");
  const heading = pages.flatMap((p) => p.blocks).find((b) => b.type === "heading");
  return withStage(
    {
      ...doc,
      title: doc.title ?? (heading?.type === "heading" ? heading.text.replace(/\s+/g, " ") : null),
      language: doc.language ?? detectLanguage(body),
      pages,
      warnings,
    },
    "done",
    `${read.size} of ${doc.pages.length} page(s) read by OCR`,
  );
}

function ocrPage(page: Page, o: OcrPage, depth: (b: LaidBlock) => number | null): Page {
  const blocks: Block[] = o.laid.map((laid) =>
    laidToBlock(laid, depth(laid), (lines, bullet) => {
      // A scan's lines are kept as the page shows them (a slide's short lines are the author's):
      // the text is a transcription, and Markdown shows the same lines.
      const text = joinLines(lines, lines.map(() => true));
      return bullet ? { ...splitBullet(text), links: [] } : { text, links: [] };
    }),
  );
  const text = blocksToText(blocks);
  // rawText is everything the engine read: the body (first, so the repair stage's offsets into it
  // hold), then the sideways text set aside as furniture and the noise set aside as dropped.
  const rawText = [text, ...o.rotatedText, o.dropped.join(" ")].filter(Boolean).join("\n\n");
  const where = o.origin === "embedded-image" ? `the page's embedded ${o.dpi ? `${Math.round(o.dpi)} dpi ` : ""}image` : o.origin === "rendered" ? `the page rendered at ${RENDER_DPI} dpi` : "the image";
  return {
    ...page,
    method: "ocr",
    methodReason: `${o.reason}; read by OCR from ${where}`,
    text,
    rawText,
    confidence: Math.round(o.read.result.confidence * 1000) / 1000,
    width: o.read.width,
    height: o.read.height,
    blocks,
    furniture: [...page.furniture, ...o.rotatedText],
    dropped: [...page.dropped, ...o.dropped],
    textLayer: page.textLayer ? { ...page.textLayer, used: false } : null,
    ocr: {
      engine: ENGINE,
      languages: o.read.languages,
      imageOrigin: o.origin,
      dpi: o.dpi === null ? null : Math.round(o.dpi * 10) / 10,
      rotation: o.read.orientation.degrees,
      orientationConfidence: Math.round(o.read.orientation.confidence * 1000) / 1000,
      skewDeg: Math.round(o.read.skewDeg * 100) / 100,
      droppedWords: o.dropped.length,
    },
    words: o.read.words.map((w) => ({ text: w.text, box: w.box, confidence: Math.round(w.confidence * 1000) / 1000 })),
  };
}

function withStage(doc: DocumentRecord, status: StageRun["status"], note: string): DocumentRecord {
  const run: StageRun = {
    name: "ocr",
    version: OCR_VERSION,
    status,
    settings: { engine: ENGINE, languages: `${LANGUAGES[0]} (${LANGUAGES.join("+")} for pages in English)`, renderDpi: RENDER_DPI },
    note,
  };
  return { ...doc, provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] } };
}
