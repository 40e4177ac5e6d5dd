// Benchmark: how fast arkiv reads born-digital PDFs, next to poppler's pdftotext.
//
//   npm run bench                          # corpus PDFs (+ installationsvejledning.pdf if present)
//   npm run bench -- my.pdf other.pdf      # ... plus your own files
//   npm run bench -- --iterations 20       # fixed number of timed runs instead of ≥ 2 s per measurement
//   npm run -s bench -- --json             # machine-readable results (-s keeps npm's banner off stdout)
//
// This is a plain script (not a vitest test): timings inside vitest's workers would measure the
// test harness as much as the pipeline. See tests/bench/README.md for what each column means.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createServices, extract, type Services } from "../../pipeline/index.ts";
import { readPdf } from "../../pipeline/ingest/pdf.ts";
import { DEFAULT_EXTRACT_OPTIONS, type ExtractOptions } from "../../pipeline/types.ts";
import { wordRecall, words } from "../helpers/shared.ts";

/** The born-digital corpus files; always benched when present. */
const DEFAULT_FILES = [
  new URL("../../../shared/corpus/rammeaftale.pdf", import.meta.url),
  new URL("../../../shared/corpus/socialaftale-2021-2022.pdf", import.meta.url),
].map((u) => fileURLToPath(u));

/** A real Danish PDF with more pages; optional because testdata is not always checked out. */
const OPTIONAL_FILES = [new URL("../../../shared/testdata/danish-office/installationsvejledning.pdf", import.meta.url)].map(
  (u) => fileURLToPath(u),
);

/** What `arkiv extract` runs with: repair on, OCR only for pages whose text layer is missing or untrustworthy. */
const EXTRACT_OPTIONS: ExtractOptions = { ...DEFAULT_EXTRACT_OPTIONS, repair: true };

/** Each measurement runs at least this long (unless --iterations), so short files get many samples. */
const MIN_SECONDS = 2;
/** ...and at least this many timed runs, so a median means something even for slow files. */
const MIN_RUNS = 5;

interface Timing {
  /** Median wall time of one run, in milliseconds. */
  medianMs: number;
  runs: number;
}

interface FileResult {
  file: string;
  path: string;
  bytes: number;
  pages: number;
  extract: Timing;
  readPdf: Timing;
  /** null when pdftotext is not installed. */
  pdftotextLayout: Timing | null;
  pdftotextPlain: Timing | null;
  /** Share of pdftotext -layout's words (multiset) found in arkiv's page text (body); null without pdftotext. */
  recallText: number | null;
  /**
   * The same against arkiv's rawText (everything read, before running headers/footers were moved to
   * furniture): the "did both read the same text" check. A gap between the two is furniture, not loss.
   */
  recallRaw: number | null;
  /** The other direction: share of arkiv's rawText words found in pdftotext -layout (catches duplicated text). */
  reverseRecall: number | null;
  /** Word counts behind the recall figures; a recall over 0 words means nothing. */
  arkivWords: number;
  pdftotextWords: number | null;
  /** Pages arkiv did not take from the text layer (OCR'd): their time is OCR, not text-layer reading. */
  ocrPages: number;
  /** Pages that came out with no text at all (scans with OCR off or failed): they flatter pages/s. */
  emptyPages: number;
}

// ---- arguments and files ---------------------------------------------------------------------

interface Options {
  files: string[];
  iterations: number | null;
  json: boolean;
}

function parseOptions(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      iterations: { type: "string", short: "n" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: npm run bench -- [--iterations N] [--json] [file.pdf ...]");
    process.exit(0);
  }
  let iterations: number | null = null;
  if (values.iterations !== undefined) {
    iterations = Number(values.iterations);
    if (!Number.isInteger(iterations) || iterations < 1) fail(`--iterations must be a positive integer, got ${values.iterations}`);
  }
  // npm runs scripts from the project root; INIT_CWD is where the user typed the command,
  // so `npm run bench -- ./mine.pdf` means the file they see, not one under the project.
  const base = process.env["INIT_CWD"] ?? process.cwd();
  const extra = positionals.map((p) => resolve(base, p));
  for (const p of extra) {
    if (!p.toLowerCase().endsWith(".pdf")) fail(`not a .pdf file: ${p}`);
    if (!existsSync(p)) fail(`no such file: ${p}`);
  }
  const defaults = [...DEFAULT_FILES, ...OPTIONAL_FILES].filter((p) => {
    if (existsSync(p)) return true;
    if (DEFAULT_FILES.includes(p)) console.error(`note: corpus file missing, skipped: ${p}`);
    return false;
  });
  const files = [...new Set([...defaults, ...extra])];
  if (!files.length) fail("no PDF files to bench");
  return { files, iterations, json: values.json ?? false };
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---- timing ----------------------------------------------------------------------------------

/**
 * One warm-up run (JIT, pdf.js worker code and font data loaded, file in the page cache), then
 * timed runs until MIN_SECONDS and MIN_RUNS are both reached, or exactly `iterations` runs.
 * The median, not the mean, so one GC pause or scheduler hiccup does not move the figure.
 */
async function measure(run: () => unknown, iterations: number | null): Promise<Timing> {
  await run();
  const times: number[] = [];
  const started = performance.now();
  const done = (): boolean =>
    iterations !== null
      ? times.length >= iterations
      : times.length >= MIN_RUNS && performance.now() - started >= MIN_SECONDS * 1000;
  while (!done()) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), runs: times.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pagesPerSecond(pages: number, ms: number): number {
  return ms > 0 ? (pages * 1000) / ms : 0;
}

// ---- pdftotext -------------------------------------------------------------------------------

function pdftotextVersion(): string | null {
  const r = spawnSync("pdftotext", ["-v"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  // poppler prints its version on stderr.
  return (r.stderr || r.stdout).split("\n")[0]?.trim() || "pdftotext";
}

/** Runs pdftotext as a fresh process, as a user would: process start-up is part of the time. */
function pdftotext(path: string, layout: boolean): string {
  const args = layout ? ["-layout", path, "-"] : [path, "-"];
  const r = spawnSync("pdftotext", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`pdftotext ${args.join(" ")} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

// ---- one file --------------------------------------------------------------------------------

async function benchFile(path: string, iterations: number | null, hasPdftotext: boolean, services: Services): Promise<FileResult> {
  const bytes = new Uint8Array(readFileSync(path));
  const source = { absPath: path, relPath: basename(path) };
  const run = () => extract(source, EXTRACT_OPTIONS, services);

  // One untimed pass for the page count and the text the recall check compares.
  const { record } = await run();
  const pages = record.source.pages;
  const arkivText = record.pages.map((p) => p.text).join("\n\n");
  const arkivRaw = record.pages.map((p) => p.rawText).join("\n\n");

  // (a) everything `arkiv extract` does for one file: read + hash, pdf.js, stages, schema, JSON + Markdown.
  // The services (OCR engine) are shared across runs, as in a batch, so engine start-up is not timed.
  const extractTiming = await measure(run, iterations);
  // (b) the PDF reader alone, from bytes already in memory.
  const readPdfTiming = await measure(() => readPdf(bytes), iterations);

  let layout: Timing | null = null;
  let plain: Timing | null = null;
  let recallText: number | null = null;
  let recallRaw: number | null = null;
  let reverseRecall: number | null = null;
  let pdftotextWords: number | null = null;
  if (hasPdftotext) {
    layout = await measure(() => pdftotext(path, true), iterations);
    plain = await measure(() => pdftotext(path, false), iterations);
    // -layout, not plain: plain pdftotext glues some words across line ends ("ikke" + "KOMBIT").
    const layoutText = pdftotext(path, true);
    recallText = wordRecall(layoutText, arkivText);
    recallRaw = wordRecall(layoutText, arkivRaw);
    reverseRecall = wordRecall(arkivRaw, layoutText);
    pdftotextWords = words(layoutText).length;
  }

  return {
    file: basename(path),
    path,
    bytes: bytes.byteLength,
    pages,
    extract: extractTiming,
    readPdf: readPdfTiming,
    pdftotextLayout: layout,
    pdftotextPlain: plain,
    recallText,
    recallRaw,
    reverseRecall,
    arkivWords: words(arkivRaw).length,
    pdftotextWords,
    ocrPages: record.pages.filter((p) => p.method !== "text-layer").length,
    emptyPages: record.pages.filter((p) => !p.rawText.trim()).length,
  };
}

/** Process start-up alone (pdftotext -v does no PDF work), to show how much of pdftotext's time it is. */
async function spawnBaseline(iterations: number | null): Promise<Timing> {
  return measure(() => spawnSync("pdftotext", ["-v"]), iterations);
}

// ---- output ----------------------------------------------------------------------------------

interface Totals {
  pages: number;
  extract: number;
  readPdf: number;
  pdftotextLayout: number | null;
  pdftotextPlain: number | null;
}

/** Pages/s for the set: all pages over the sum of the per-file medians (a big file weighs more). */
function totals(results: FileResult[]): Totals {
  const pages = results.reduce((n, r) => n + r.pages, 0);
  const rate = (pick: (r: FileResult) => Timing | null): number | null => {
    let ms = 0;
    for (const r of results) {
      const t = pick(r);
      if (!t) return null;
      ms += t.medianMs;
    }
    return pagesPerSecond(pages, ms);
  };
  return {
    pages,
    extract: rate((r) => r.extract)!,
    readPdf: rate((r) => r.readPdf)!,
    pdftotextLayout: rate((r) => r.pdftotextLayout),
    pdftotextPlain: rate((r) => r.pdftotextPlain),
  };
}

function fmtRate(n: number | null): string {
  if (n === null) return "-";
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function fmtRatio(a: number, b: number | null): string {
  return b ? `${(a / b).toFixed(2)}×` : "-";
}

function fmtPct(n: number | null): string {
  return n === null ? "-" : `${(n * 100).toFixed(1)}%`;
}

function rate(r: FileResult, pick: (r: FileResult) => Timing | null): number | null {
  const t = pick(r);
  return t ? pagesPerSecond(r.pages, t.medianMs) : null;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // First column (file name) left-aligned, figures right-aligned.
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function printText(
  results: FileResult[],
  sum: Totals,
  pdftotextInfo: string | null,
  baseline: Timing | null,
  iterations: number | null,
  loadBefore: number,
): void {
  const cpuModel = cpus()[0]?.model.trim() ?? "unknown CPU";
  console.log(`arkiv born-digital PDF benchmark — ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${availableParallelism()} cores (${cpuModel}), ${pdftotextInfo ?? "pdftotext not installed"}`);
  console.log(`1-min load average at start: ${loadBefore.toFixed(2)} (well above 0 means other work shared the CPU)`);
  console.log(
    iterations !== null
      ? `each figure: median of ${iterations} timed runs after 1 warm-up`
      : `each figure: median of timed runs (≥ ${MIN_RUNS} runs and ≥ ${MIN_SECONDS} s) after 1 warm-up`,
  );
  console.log("");

  const header = ["file", "pages", "extract p/s", "readPdf p/s", "pdftotext -layout p/s", "pdftotext p/s", "extract/pdftotext"];
  const rows = results.map((r) => {
    const ex = rate(r, (x) => x.extract)!;
    return [
      r.file,
      String(r.pages),
      fmtRate(ex),
      fmtRate(rate(r, (x) => x.readPdf)),
      fmtRate(rate(r, (x) => x.pdftotextLayout)),
      fmtRate(rate(r, (x) => x.pdftotextPlain)),
      fmtRatio(ex, rate(r, (x) => x.pdftotextLayout)),
    ];
  });
  rows.push([
    "TOTAL",
    String(sum.pages),
    fmtRate(sum.extract),
    fmtRate(sum.readPdf),
    fmtRate(sum.pdftotextLayout),
    fmtRate(sum.pdftotextPlain),
    fmtRatio(sum.extract, sum.pdftotextLayout),
  ]);
  console.log(table(header, rows));
  console.log("");

  if (pdftotextInfo) {
    console.log("extract/pdftotext = arkiv extract pages/s ÷ pdftotext -layout pages/s (1.00× = as fast; < 1 = slower).");
    console.log(
      `pdftotext times include starting a new process per file (spawnSync); process start alone ` +
        `(pdftotext -v) takes ${baseline!.medianMs.toFixed(1)} ms.`,
    );
    console.log("");
    console.log("word recall of pdftotext -layout's words in arkiv's output (sanity check: both read the same text)");
    console.log(
      table(
        ["file", "pdftotext words", "in page text", "in rawText", "arkiv rawText words in pdftotext"],
        results.map((r) => {
          // A share of zero words is trivially 100%: show that there was nothing to compare instead.
          const of = (base: number | null, n: number | null): string => (base ? fmtPct(n) : "-");
          return [
            r.file,
            String(r.pdftotextWords),
            of(r.pdftotextWords, r.recallText),
            of(r.pdftotextWords, r.recallRaw),
            of(r.arkivWords, r.reverseRecall),
          ];
        }),
      ),
    );
  } else {
    console.log("note: pdftotext not found (apt-get install poppler-utils); arkiv figures only.");
  }
  for (const r of results.filter((x) => x.ocrPages > 0 || x.emptyPages > 0)) {
    console.log(
      `note: ${r.file}: of ${r.pages} pages, ${r.ocrPages} were OCR'd and ${r.emptyPages} came out empty; ` +
        `its pages/s is not a text-layer reading speed.`,
    );
  }
  console.log("");
  console.log(`peak RSS of this node process: ${peakRssMB().toFixed(0)} MB (pdftotext children not included)`);
}

function peakRssMB(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  const pdftotextInfo = pdftotextVersion();
  // Other work on the machine slows every column; the load average says whether the figures are clean.
  const loadBefore = loadavg()[0]!;
  const results: FileResult[] = [];
  const services = createServices();
  try {
    for (const file of options.files) {
      if (!options.json) console.error(`benching ${basename(file)} ...`);
      try {
        results.push(await benchFile(file, options.iterations, pdftotextInfo !== null, services));
      } catch (err) {
        // A file arkiv cannot read is a finding, not a benchmark figure: stop and say which file.
        console.error(`bench: ${basename(file)}: ${err instanceof Error ? err.message : String(err)}`);
        process.exitCode = 1;
        return;
      }
    }
  } finally {
    // The OCR engine's workers would keep the process alive.
    await services.close();
  }
  const baseline = pdftotextInfo ? await spawnBaseline(options.iterations) : null;
  const sum = totals(results);

  if (options.json) {
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cores: availableParallelism(),
      loadAverageBefore: loadBefore,
      pdftotext: pdftotextInfo,
      iterations: options.iterations,
      minSeconds: options.iterations === null ? MIN_SECONDS : null,
      spawnBaselineMs: baseline?.medianMs ?? null,
      files: results.map((r) => ({
        ...r,
        pagesPerSecond: {
          extract: rate(r, (x) => x.extract),
          readPdf: rate(r, (x) => x.readPdf),
          pdftotextLayout: rate(r, (x) => x.pdftotextLayout),
          pdftotextPlain: rate(r, (x) => x.pdftotextPlain),
        },
      })),
      totals: sum,
      peakRssMB: Math.round(peakRssMB()),
    };
    // Three decimals are more than the run-to-run noise; the rest is clutter.
    const rounded = (_key: string, v: unknown): unknown =>
      typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v;
    console.log(JSON.stringify(out, rounded, 2));
  } else {
    printText(results, sum, pdftotextInfo, baseline, options.iterations, loadBefore);
  }
}

await main();
