// Benchmark: OCR throughput (pages/min) and peak memory of the real `arkiv run` on scanned PDFs,
// next to native tesseract (Debian's tesseract-ocr-dan) and OCRmyPDF on the same pages.
//
//   npm run bench:ocr                      # corpus scans + a 200-page scan (+ a 50-page one, arkiv only)
//   npm run bench:ocr -- --pages 40        # quicker: a 40-page scan (+ a 10-page one)
//   npm run bench:ocr -- --skip-native     # arkiv only
//   npm run bench:ocr -- --keep            # keep the temporary folder (outputs, page images, texts)
//   npm run -s bench:ocr -- --json         # machine-readable results (-s keeps npm's banner off stdout)
//
// arkiv is run as a user runs it: `node bin/arkiv.js run FILE --out DIR -q`, a child process on the
// compiled dist/ (`npm run bench:ocr` builds first). Every command is timed from spawn to exit, and
// its process tree is sampled in /proc for memory. Plain script, not a vitest test; see
// tests/bench/README.md for what each column means.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { deckBodyTruth } from "../helpers/cer.ts";
import type { CerScore } from "../helpers/cer.ts";
import { PROJECT, shared, words } from "../helpers/shared.ts";

/** The corpus scans, with the truth folder their body text is scored against. */
const CORPUS = [
  { file: shared("corpus/slides-2021-2022-scan.pdf"), truth: "slides-2021-2022" },
  { file: shared("corpus/ny-socialaftale-2023-2024-scan.pdf"), truth: "ny-socialaftale-2023-2024" },
];
/** make-big-scan cycles this deck's 7 pages; its truth applies page by page (OUT.pages.tsv). */
const BIG_SOURCE = { file: shared("corpus/slides-2021-2022-scan.pdf"), truth: "slides-2021-2022" };
const MAKE_BIG_SCAN = shared("corpus-tools/make-big-scan");
const CER_SCRIPT = shared("corpus-tools/lib/cer.mjs");
const ARKIV_BIN = join(PROJECT, "bin/arkiv.js");
const GNU_TIME = "/usr/bin/time";

/** The targets in issue 3. */
const TARGET_RSS_MB = 1024;
const TARGET_RATIO = 1.0;
/** How often the process tree's memory is read. */
const SAMPLE_MS = 100;
/** Processes OCRmyPDF and native tesseract may run at once (the issue's `--jobs 2`). */
const NATIVE_JOBS = 2;
/** Rendering resolution for native tesseract when a page is not one embedded image. */
const RENDER_DPI = 300;

// ---- arguments --------------------------------------------------------------------------------

interface Options {
  pages: number;
  repeat: number;
  /** Extra environment for the arkiv runs only (--arkiv-env K=V), e.g. to try an allocator setting. */
  arkivEnv: Record<string, string>;
  skipNative: boolean;
  json: boolean;
  keep: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      pages: { type: "string", short: "p" },
      repeat: { type: "string", short: "r" },
      "arkiv-env": { type: "string", multiple: true },
      "skip-native": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: npm run bench:ocr -- [--pages N] [--repeat N] [--skip-native] [--arkiv-env K=V ...] [--keep] [--json]");
    process.exit(0);
  }
  const pages = values.pages === undefined ? 200 : Number(values.pages);
  if (!Number.isInteger(pages) || pages < 2) fail(`--pages must be an integer of at least 2, got ${values.pages}`);
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat must be a positive integer, got ${values.repeat}`);
  const arkivEnv: Record<string, string> = {};
  for (const kv of values["arkiv-env"] ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
    if (!m) fail(`--arkiv-env wants NAME=value, got ${kv}`);
    arkivEnv[m[1]!] = m[2]!;
  }
  for (const { file } of CORPUS) if (!existsSync(file)) fail(`corpus file missing: ${file}`);
  return { pages, repeat, arkivEnv, skipNative: values["skip-native"] ?? false, json: values.json ?? false, keep: values.keep ?? false };
}

function fail(message: string, code = 2): never {
  console.error(`bench:ocr: ${message}`);
  process.exit(code);
}

/** Progress goes to stderr, so `--json` output stays clean. */
function note(message: string): void {
  console.error(message);
}

// ---- tools ------------------------------------------------------------------------------------

interface Tools {
  gnuTime: boolean;
  tesseract: string | null;
  ocrmypdf: string | null;
  poppler: string | null;
  img2pdf: boolean;
}

function firstLine(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).split("\n")[0]!.trim();
}

function findTools(): Tools {
  const tesseract = firstLine("tesseract", ["--version"]);
  const langs = tesseract ? spawnSync("tesseract", ["--list-langs"], { encoding: "utf8" }).stdout : "";
  const ocrmypdf = firstLine("ocrmypdf", ["--version"]);
  const poppler = firstLine("pdfinfo", ["-v"]);
  return {
    gnuTime: existsSync(GNU_TIME) && firstLine(GNU_TIME, ["--version"])?.includes("GNU") === true,
    // Only the Danish model makes the comparison fair.
    tesseract: tesseract && /^dan$/m.test(langs) ? tesseract : null,
    ocrmypdf: ocrmypdf ? `ocrmypdf ${ocrmypdf}` : null,
    poppler: poppler ? poppler.replace(/^pdfinfo version/, "poppler") : null,
    img2pdf: firstLine("img2pdf", ["--version"]) !== null,
  };
}

// ---- dist/ freshness ---------------------------------------------------------------------------

/** Sources newer than their compiled file: bin/arkiv.js would run old code. */
function staleDist(): string[] {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const rel = relative(PROJECT, path);
        const out = join(PROJECT, "dist", rel.replace(/\.ts$/, ".js"));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs) stale.push(rel);
      }
    }
  };
  walk(join(PROJECT, "src"));
  walk(join(PROJECT, "pipeline"));
  return stale;
}

// ---- measuring a command ----------------------------------------------------------------------

interface Measured {
  command: string;
  exitCode: number | null;
  wallS: number;
  /**
   * Largest resident set of any one process of the tree: the kernel's high-water mark (GNU time's
   * %M, which covers every waited-for descendant, and VmHWM in /proc), in MB.
   */
  peakProcessMB: number;
  /** Largest sum of VmRSS over all processes of the tree at one sample (shared pages count in each). */
  peakTreeMB: number;
  /** user + system CPU seconds of the whole tree (GNU time); null without it. */
  cpuS: number | null;
  /** CPU the rest of the machine used meanwhile, in cores (busy time from /proc/stat minus the tree's). */
  otherCores: number | null;
  /** Processes seen in the tree. */
  processes: number;
  /** Tree RSS (MB) by second: [seconds since start, MB]. */
  rssTimeline: [number, number][];
  stderr: string;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Busy and total jiffies of all CPUs (/proc/stat's first line). */
function cpuTicks(): { busy: number; total: number } | null {
  const line = readText("/proc/stat")?.split("\n")[0];
  if (!line?.startsWith("cpu ")) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  return { busy, total: busy + idle! + iowait! };
}

/** The pid and all its descendants (children are listed per thread: Python's threads spawn tesseract). */
function processTree(root: number): number[] {
  const seen: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    seen.push(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = readText(`/proc/${pid}/task/${tid}/children`);
      for (const c of children?.trim().split(/\s+/) ?? []) if (c) queue.push(Number(c));
    }
  }
  return seen;
}

/** VmRSS and VmHWM in kB; null once the process is gone. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/**
 * Runs a command to completion (wrapped in GNU time when there is one) and samples its process
 * tree's memory every SAMPLE_MS. The wrapper's own process is left out of the memory figures.
 */
async function measure(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeFile: string }): Promise<Measured> {
  const wrapped = tools.gnuTime ? [GNU_TIME, "-f", "%e %M %U %S", "-o", options.timeFile, ...argv] : argv;
  const ticks0 = cpuTicks();
  const t0 = performance.now();
  const child = spawn(wrapped[0]!, wrapped.slice(1), {
    cwd: options.cwd ?? PROJECT,
    env: options.env ?? process.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => {
    // The tail is what explains a failure; tesseract alone prints a line per page.
    stderr = (stderr + s).slice(-20_000);
  });
  const hwm = new Map<number, number>();
  let peakTree = 0;
  const timeline: [number, number][] = [];
  const sample = (): void => {
    if (child.pid === undefined) return;
    let sum = 0;
    for (const pid of processTree(child.pid)) {
      if (tools.gnuTime && pid === child.pid) continue;
      const m = memoryOf(pid);
      if (!m) continue;
      sum += m.rss;
      hwm.set(pid, Math.max(hwm.get(pid) ?? 0, m.hwm, m.rss));
    }
    peakTree = Math.max(peakTree, sum);
    const second = Math.floor((performance.now() - t0) / 1000);
    const last = timeline.at(-1);
    if (last && last[0] === second) last[1] = Math.max(last[1], sum / 1024);
    else timeline.push([second, sum / 1024]);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const exitCode = await new Promise<number | null>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolveExit(code));
  }).finally(() => clearInterval(timer));
  const wallS = (performance.now() - t0) / 1000;
  const ticks1 = cpuTicks();

  let peakProcessKB = Math.max(0, ...hwm.values());
  let cpuS: number | null = null;
  let code = exitCode;
  if (tools.gnuTime) {
    // "Command exited with non-zero status N" may come first; the figures are on the last line.
    const lines = (readText(options.timeFile) ?? "").trim().split("\n");
    const exited = /non-zero status (\d+)/.exec(lines.join("\n"));
    if (exited) code = Number(exited[1]);
    const [, maxKB, user, sys] = (lines.at(-1) ?? "").split(" ").map(Number);
    if (Number.isFinite(maxKB)) peakProcessKB = Math.max(peakProcessKB, maxKB!);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = user! + sys!;
  }
  let otherCores: number | null = null;
  if (ticks0 && ticks1 && cpuS !== null && ticks1.total > ticks0.total) {
    const machineCores = ((ticks1.busy - ticks0.busy) / (ticks1.total - ticks0.total)) * availableParallelism();
    otherCores = Math.max(0, machineCores - cpuS / wallS);
  }
  return {
    command: argv.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(" "),
    exitCode: code,
    wallS,
    peakProcessMB: peakProcessKB / 1024,
    peakTreeMB: peakTree / 1024,
    cpuS,
    otherCores,
    processes: hwm.size,
    rssTimeline: timeline.map(([s, mb]) => [s, Math.round(mb)]),
    stderr,
  };
}

// ---- inputs -----------------------------------------------------------------------------------

interface Input {
  /** Short name for the tables. */
  name: string;
  path: string;
  pages: number;
  /** Body truth per page (every truth block but the last: the furniture). */
  truthPages: string[];
  /** Corpus files get the full CER; big scans only word recall (Levenshtein over 200 pages is too slow). */
  corpus: boolean;
}

function pdfPages(path: string): number {
  const r = spawnSync("pdfinfo", [path], { encoding: "utf8" });
  const n = Number(/^Pages:\s+(\d+)/m.exec(r.stdout ?? "")?.[1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`pdfinfo could not count the pages of ${path}: ${r.stderr}`);
  return n;
}

function makeBigScan(pages: number, dir: string): Input {
  const out = join(dir, `big-${pages}.pdf`);
  const r = spawnSync(MAKE_BIG_SCAN, [BIG_SOURCE.file, String(pages), out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`make-big-scan failed: ${(r.stderr || r.stdout).trim()}`);
  const truth = deckBodyTruth(BIG_SOURCE.truth);
  const map = readFileSync(out.replace(/\.pdf$/, ".pages.tsv"), "utf8").trim().split("\n").slice(1);
  const truthPages = map.map((row) => truth[Number(row.split("\t")[1]) - 1]!);
  return { name: basename(out), path: out, pages, truthPages, corpus: false };
}

// ---- accuracy ---------------------------------------------------------------------------------

interface Accuracy {
  /** Order-free CER of the body text (cer.mjs), corpus files only. */
  cerOrderFree: number | null;
  /** OCR characters left over after matching the truth lines (counted as insertions in the CER). */
  leftoverChars: number | null;
  /** Share of the body truth's words (multiset, cer.mjs's whitespace words) found; per page for big scans. */
  wordRecall: number;
  /** æ/ø/å words intact / æ/ø/å words in the truth. */
  danishIntact: number | null;
  /** Pages that came out with no text. */
  emptyPages: number;
}

let scratchCount = 0;

function cerScore(truth: string, ocr: string, dir: string): CerScore & { leftover_ocr_chars: number } {
  const n = scratchCount++;
  const t = join(dir, `cer-${n}-truth.txt`);
  const o = join(dir, `cer-${n}-ocr.txt`);
  writeFileSync(t, truth);
  writeFileSync(o, ocr);
  const r = spawnSync(process.execPath, [CER_SCRIPT, t, o, "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cer.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as CerScore & { leftover_ocr_chars: number };
}

/** Word recall counted page by page (so a word on page 3 is not found on page 9), summed. */
function pageRecall(truthPages: string[], pages: string[]): number {
  let want = 0;
  let found = 0;
  truthPages.forEach((truth, i) => {
    const have = new Map<string, number>();
    for (const w of words(pages[i] ?? "")) have.set(w, (have.get(w) ?? 0) + 1);
    for (const w of words(truth)) {
      want++;
      const n = have.get(w) ?? 0;
      if (n > 0) {
        found++;
        have.set(w, n - 1);
      }
    }
  });
  return want ? found / want : 1;
}

function accuracy(input: Input, pages: string[], dir: string): Accuracy {
  const emptyPages = input.truthPages.filter((_, i) => !pages[i]?.trim()).length;
  if (!input.corpus) {
    return { cerOrderFree: null, leftoverChars: null, wordRecall: pageRecall(input.truthPages, pages), danishIntact: null, emptyPages };
  }
  const s = cerScore(input.truthPages.join("\n\n"), pages.join("\n\n"), dir);
  return {
    cerOrderFree: s.cer_order_free,
    leftoverChars: s.leftover_ocr_chars,
    wordRecall: s.word_recall,
    danishIntact: s.dk_words ? s.dk_words_intact / s.dk_words : null,
    emptyPages,
  };
}

// ---- the three tools --------------------------------------------------------------------------

type Tool = "arkiv" | "tesseract" | "ocrmypdf";

interface Run {
  tool: Tool;
  file: string;
  pages: number;
  measured: Measured;
  pagesPerMin: number;
  accuracy: Accuracy | null;
  /** Tool-specific extras (arkiv: pages by method, warnings; tesseract: image extraction). */
  extra: Record<string, unknown>;
  /** Wall times of all runs of this measurement; `measured` is the median one (peaks: the max of all). */
  wallAllS?: number[];
}

function perMin(pages: number, seconds: number): number {
  return seconds > 0 ? (pages * 60) / seconds : 0;
}

interface ArkivRecord {
  source: { pages: number };
  pages: { number: number; method: string; text: string; ocr?: { rotation: number } | null }[];
  warnings: { page?: number; code: string }[];
}

async function runArkiv(input: Input, dir: string, env: Record<string, string>): Promise<Run> {
  const scratch = join(dir, `arkiv-${input.name.replace(/\.pdf$/, "")}-${scratchCount++}`);
  // The output folder and the archive side by side (arkiv refuses one inside the other).
  const out = join(scratch, "output");
  // A long scan on a loaded machine may pass the default 600 s per-document limit.
  const timeout = String(Math.max(600, input.pages * 15));
  const m = await measure([process.execPath, ARKIV_BIN, "run", input.path, "--out", out, "--archive", join(scratch, "archive"), "-q", "--timeout", timeout], {
    timeFile: `${scratch}.time`,
    env: { ...process.env, ...env },
  });
  if (m.exitCode !== 0) throw new Error(`arkiv run ${input.name} exited ${m.exitCode}: ${m.stderr.trim().slice(-2000)}`);
  const report = JSON.parse(readFileSync(join(out, "run-report.json"), "utf8")) as {
    durationMs: number;
    files: { id: string | null }[];
  };
  const record = JSON.parse(readFileSync(join(out, "documents", `${report.files[0]!.id}.json`), "utf8")) as ArkivRecord;
  const texts = record.pages.map((p) => p.text);
  const methods: Record<string, number> = {};
  for (const p of record.pages) methods[p.method] = (methods[p.method] ?? 0) + 1;
  return {
    tool: "arkiv",
    file: input.name,
    pages: record.source.pages,
    measured: m,
    pagesPerMin: perMin(record.source.pages, m.wallS),
    accuracy: accuracy(input, texts, dir),
    extra: {
      methods,
      rotations: record.pages.map((p) => p.ocr?.rotation ?? null),
      warnings: record.warnings.map((w) => `${w.page ?? "-"}:${w.code}`),
      /** The batch's own duration (run-report.json): no node start-up, the rest included. */
      reportDurationS: report.durationMs / 1000,
    },
  };
}

/** Page images as a user would feed tesseract: the embedded scan image when a page is one image. */
function extractImages(input: Input, dir: string): { images: string[]; how: string; seconds: number } {
  const t0 = performance.now();
  const list = spawnSync("pdfimages", ["-list", input.path], { encoding: "utf8" }).stdout ?? "";
  const perPage = new Map<number, number>();
  for (const row of list.split("\n").slice(2)) {
    const cols = row.trim().split(/\s+/);
    if (cols[2] === "image") perPage.set(Number(cols[0]), (perPage.get(Number(cols[0])) ?? 0) + 1);
  }
  const oneEach = perPage.size === input.pages && [...perPage.values()].every((n) => n === 1);
  const args = oneEach
    ? ["pdfimages", "-j", input.path, join(dir, "p")]
    : ["pdftoppm", "-r", String(RENDER_DPI), "-gray", "-png", input.path, join(dir, "p")];
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  const images = readdirSync(dir)
    .filter((f) => /^p-\d+\.(jpg|png|pgm|ppm|pbm|tif)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  if (images.length !== input.pages) throw new Error(`${args[0]} gave ${images.length} images for ${input.pages} pages`);
  const how = oneEach ? "pdfimages -j (native resolution)" : `pdftoppm -r ${RENDER_DPI} -gray -png`;
  return { images, how, seconds: (performance.now() - t0) / 1000 };
}

async function runTesseract(input: Input, dir: string): Promise<Run> {
  const work = join(dir, `tesseract-${input.name.replace(/\.pdf$/, "")}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const extracted = extractImages(input, work);
  const listFile = join(work, "images.txt");
  writeFileSync(listFile, extracted.images.join("\n") + "\n");
  // Each page in its own tesseract process, NATIVE_JOBS at a time, one thread each; each one under
  // GNU time for its exact peak RSS. Output to IMG.txt (the same work as `tesseract IMG - -l dan`).
  const perPage = tools.gnuTime ? [GNU_TIME, "-f", "%M", "-o", "{}.rss"] : [];
  const m = await measure(["xargs", "-a", listFile, "-P", String(NATIVE_JOBS), "-I{}", ...perPage, "tesseract", "{}", "{}", "-l", "dan"], {
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    timeFile: join(work, "all.time"),
  });
  if (m.exitCode !== 0) throw new Error(`tesseract on ${input.name} exited ${m.exitCode}: ${m.stderr.trim().slice(-2000)}`);
  const texts = extracted.images.map((img) => readText(`${img}.txt`) ?? "");
  const pageRssMB = tools.gnuTime
    ? extracted.images.map((img) => Number((readText(`${img}.rss`) ?? "").trim().split("\n").at(-1)) / 1024).filter(Number.isFinite)
    : [];
  if (pageRssMB.length) m.peakProcessMB = Math.max(m.peakProcessMB, ...pageRssMB);
  return {
    tool: "tesseract",
    file: input.name,
    pages: input.pages,
    measured: m,
    pagesPerMin: perMin(input.pages, m.wallS),
    accuracy: accuracy(input, texts, dir),
    extra: {
      imageExtraction: extracted.how,
      imageExtractionS: extracted.seconds,
      /** pages/min with the image extraction added to the wall time. */
      pagesPerMinWithExtraction: perMin(input.pages, m.wallS + extracted.seconds),
      medianPageRssMB: pageRssMB.length ? pageRssMB.sort((a, b) => a - b)[pageRssMB.length >> 1] : null,
    },
  };
}

/**
 * OCRmyPDF in its leanest configuration that still writes a searchable PDF: no PDF/A conversion
 * (--output-type pdf), no image optimisation (--optimize 0), no linearisation (--fast-web-view
 * with a threshold no file reaches). Its defaults already skip rotation and deskew.
 */
const OCRMYPDF_ARGS = [
  ...["-q", "-l", "dan", "--jobs", String(NATIVE_JOBS)],
  ...["--output-type", "pdf", "--optimize", "0", "--fast-web-view", "100000"],
];

async function runOcrmypdf(input: Input, dir: string): Promise<Run> {
  const out = join(dir, `ocrmypdf-${scratchCount++}-${input.name}`);
  const m = await measure(["ocrmypdf", ...OCRMYPDF_ARGS, input.path, out], {
    timeFile: `${out}.time`,
    // OCRmyPDF would otherwise put its temporary files wherever TMPDIR says; keep them with ours.
    env: { ...process.env, TMPDIR: dir },
  });
  if (m.exitCode !== 0) throw new Error(`ocrmypdf on ${input.name} exited ${m.exitCode}: ${m.stderr.trim().slice(-2000)}`);
  // Its text layer, read back afterwards (not timed): pages are separated by form feeds. -raw keeps
  // tesseract's word order; plain pdftotext splits words across its invisible-text boxes ("udvikl e"),
  // and then scores within 1 % of OCRmyPDF's own --sidecar text.
  const text = spawnSync("pdftotext", ["-raw", out, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }).stdout ?? "";
  const texts = text.split("\f").slice(0, input.pages);
  return {
    tool: "ocrmypdf",
    file: input.name,
    pages: input.pages,
    measured: m,
    pagesPerMin: perMin(input.pages, m.wallS),
    accuracy: accuracy(input, texts, dir),
    extra: {},
  };
}

// ---- output -----------------------------------------------------------------------------------

function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const f0 = (n: number | null | undefined): string => (n == null ? "-" : n.toFixed(0));
const f1 = (n: number | null | undefined): string => (n == null ? "-" : n.toFixed(1));
const pct = (n: number | null | undefined): string => (n == null ? "-" : `${(n * 100).toFixed(1)}%`);

/** Max tree RSS in each quarter of the run: growth with page count shows as rising quarters. */
function quarters(m: Measured): number[] {
  const end = Math.max(1, m.wallS);
  const q = [0, 0, 0, 0];
  for (const [s, mb] of m.rssTimeline) {
    const i = Math.min(3, Math.floor((s / end) * 4));
    q[i] = Math.max(q[i]!, mb);
  }
  return q;
}

interface Summary {
  ratios: { file: string; arkiv: number; ocrmypdf: number; ratio: number }[];
  arkivPeakMB: number;
  flat: {
    smallPages: number;
    bigPages: number;
    smallMB: number;
    bigMB: number;
    marginalPagesPerMin: number | null;
    fixedS: number | null;
  } | null;
}

function summarize(runs: Run[], smallName: string | null, bigName: string | null): Summary {
  const ratios: Summary["ratios"] = [];
  for (const a of runs.filter((r) => r.tool === "arkiv")) {
    const o = runs.find((r) => r.tool === "ocrmypdf" && r.file === a.file);
    if (o) ratios.push({ file: a.file, arkiv: a.pagesPerMin, ocrmypdf: o.pagesPerMin, ratio: a.pagesPerMin / o.pagesPerMin });
  }
  const arkiv = runs.filter((r) => r.tool === "arkiv");
  const small = arkiv.find((r) => r.file === smallName);
  const big = arkiv.find((r) => r.file === bigName);
  let flat: Summary["flat"] = null;
  if (small && big) {
    // wall = fixed + pages / rate: two sizes give the per-page rate without the start-up.
    const dt = big.measured.wallS - small.measured.wallS;
    const perPageS = dt > 0 ? dt / (big.pages - small.pages) : null;
    flat = {
      smallPages: small.pages,
      bigPages: big.pages,
      smallMB: small.measured.peakProcessMB,
      bigMB: big.measured.peakProcessMB,
      marginalPagesPerMin: perPageS ? 60 / perPageS : null,
      fixedS: perPageS ? small.measured.wallS - small.pages * perPageS : null,
    };
  }
  return { ratios, arkivPeakMB: Math.max(0, ...arkiv.map((r) => r.measured.peakProcessMB)), flat };
}

function printText(runs: Run[], summary: Summary, header: string[], skipped: string[]): void {
  for (const line of header) console.log(line);
  console.log("");
  console.log(
    table(
      ["tool", "file", "pages", "wall s", "pages/min", "peak RSS MB", "tree RSS MB", "CPU cores", "other load"],
      runs.map((r) => [
        r.tool,
        r.file,
        String(r.pages),
        f1(r.measured.wallS),
        f1(r.pagesPerMin),
        f0(r.measured.peakProcessMB),
        f0(r.measured.peakTreeMB),
        r.measured.cpuS === null ? "-" : (r.measured.cpuS / r.measured.wallS).toFixed(2),
        r.measured.otherCores === null ? "-" : r.measured.otherCores.toFixed(2),
      ]),
      2,
    ),
  );
  console.log("");
  console.log("peak RSS MB = largest one process (kernel high-water mark); tree RSS MB = largest sum over the process tree at one");
  console.log(`sample (every ${SAMPLE_MS} ms). CPU cores = the tree's user+system CPU ÷ wall; other load = cores the rest of the`);
  console.log("machine kept busy meanwhile (well above 0: the figures are slower than on an idle machine).");
  const repeated = runs.find((r) => (r.wallAllS?.length ?? 1) > 1);
  if (repeated) {
    console.log(
      `Corpus scans: the median of ${repeated.wallAllS!.length} runs (peaks: the largest); big scans: one run. All wall times: --json.`,
    );
  }
  const nat = runs.filter((r) => r.tool === "tesseract");
  if (nat.length) {
    console.log(
      `tesseract = \`tesseract IMG OUT -l dan\`, one process per page, ${NATIVE_JOBS} at a time (xargs -P ${NATIVE_JOBS}), OMP_THREAD_LIMIT=1, dan only,`,
    );
    console.log(
      `  on ${String(nat[0]!.extra["imageExtraction"])}; the image extraction is NOT in wall s: ` +
        nat.map((r) => `${r.file} ${(r.extra["imageExtractionS"] as number).toFixed(2)} s`).join(", ") +
        ". No orientation detection, no deskew, no layout clean-up.",
    );
  }
  if (runs.some((r) => r.tool === "ocrmypdf")) {
    console.log(`ocrmypdf = \`ocrmypdf ${OCRMYPDF_ARGS.join(" ")} IN OUT\` (no PDF/A, no optimisation, no linearisation;`);
    console.log("  by default no page rotation and no deskew); its peak RSS is the largest single process (python or tesseract).");
  }
  console.log(
    "arkiv = `node bin/arkiv.js run FILE --out DIR -q`: process start, OCR engine start-up, orientation, preprocessing,",
  );
  console.log("  dan+eng recognition, sidebar re-reading, the rest of the pipeline and writing JSON + Markdown.");
  console.log("");

  if (summary.ratios.length) {
    console.log(
      table(
        ["file", "arkiv p/min", "ocrmypdf p/min", "arkiv ÷ ocrmypdf"],
        summary.ratios.map((r) => [
          r.file,
          f1(r.arkiv),
          f1(r.ocrmypdf),
          `${r.ratio.toFixed(2)}× ${r.ratio >= TARGET_RATIO ? "(meets ≥ 1.0)" : "(below 1.0)"}`,
        ]),
      ),
    );
    console.log("");
  }
  console.log(
    `arkiv peak RSS: ${f0(summary.arkivPeakMB)} MB, ${summary.arkivPeakMB < TARGET_RSS_MB ? "under" : "OVER"} the ${TARGET_RSS_MB} MB target.`,
  );
  const fl = summary.flat;
  if (fl) {
    const d = fl.bigMB - fl.smallMB;
    console.log(
      `flat in page count? ${fl.smallPages} pages: ${f0(fl.smallMB)} MB, ${fl.bigPages} pages: ${f0(fl.bigMB)} MB ` +
        `(${d >= 0 ? "+" : ""}${f0(d)} MB for ${fl.bigPages / fl.smallPages}× the pages).`,
    );
    // wall = fixed + pages × per-page: with a few seconds of start-up in minutes of noise the fit can come out negative.
    if (fl.marginalPagesPerMin !== null && fl.fixedS !== null && fl.fixedS > 0)
      console.log(
        `from the two sizes: ${f1(fl.marginalPagesPerMin)} pages/min once running, plus ${f1(fl.fixedS)} s fixed (node start, engine start-up).`,
      );
    else if (fl.marginalPagesPerMin !== null)
      console.log(
        `from the two sizes: ${f1(fl.marginalPagesPerMin)} pages/min once running; the fixed start-up is smaller than the run-to-run noise.`,
      );
  }
  for (const r of runs.filter((x) => x.tool === "arkiv" && x.pages >= 20)) {
    const [at] = r.measured.rssTimeline.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
    console.log(
      `arkiv ${r.file}: max RSS MB by quarter of the run: ${quarters(r.measured).map((q) => f0(q)).join(" / ")}; ` +
        `the peak came ${f0(at)} s into the ${f0(r.measured.wallS)} s run.`,
    );
  }
  console.log("");

  console.log("accuracy (sanity check): body text against the truth, every truth block but the last (the furniture)");
  console.log(
    table(
      ["file", "tool", "order-free CER", "leftover chars", "word recall", "æøå words intact", "empty pages"],
      runs
        .filter((r) => r.accuracy)
        .map((r) => [
          r.file,
          r.tool,
          pct(r.accuracy!.cerOrderFree),
          r.accuracy!.leftoverChars === null ? "-" : String(r.accuracy!.leftoverChars),
          pct(r.accuracy!.wordRecall),
          pct(r.accuracy!.danishIntact),
          String(r.accuracy!.emptyPages),
        ]),
      2,
    ),
  );
  console.log("order-free CER: cer.mjs, whole document; leftover chars (text with no truth line: furniture, sidebar and icon");
  console.log("scraps that arkiv sets aside and the others keep) count as insertions in it. Big scans: word recall page by page only.");
  for (const r of runs.filter((x) => x.tool === "arkiv")) {
    // Every page of a scan says it had no text layer; anything else is worth a look.
    const warnings = (r.extra["warnings"] as string[]).filter((w) => !w.endsWith(":no-text-layer"));
    const methods = r.extra["methods"] as Record<string, number>;
    if (warnings.length || Object.keys(methods).some((m) => m !== "ocr")) {
      console.log(`note: arkiv ${r.file}: pages by method ${JSON.stringify(methods)}; warnings: ${warnings.join(", ") || "none"}`);
    }
  }
  for (const s of skipped) console.log(`note: ${s}`);
}

// ---- main -------------------------------------------------------------------------------------

const tools = findTools();

async function main(): Promise<void> {
  const options = parseOptions();
  const loadBefore = loadavg();
  const started = new Date();
  const skipped: string[] = [];
  if (!existsSync(join(PROJECT, "dist/src/cli/main.js"))) fail("dist/ is missing: run `npm run build` (npm run bench:ocr does)");
  const stale = staleDist();
  if (stale.length) {
    note(`warning: dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", ..." : ""}):`);
    note("         bin/arkiv.js runs the old code. `npm run bench:ocr` builds first.");
  }
  if (!tools.poppler) fail("needs poppler-utils (pdfinfo, pdfimages, pdftotext): apt-get install -y poppler-utils");
  let native = !options.skipNative;
  if (native && !tools.tesseract) {
    skipped.push("tesseract with the dan model not found (apt-get install -y tesseract-ocr tesseract-ocr-dan): no native tesseract runs");
  }
  if (native && !tools.ocrmypdf) skipped.push("ocrmypdf not found (apt-get install -y ocrmypdf): no OCRmyPDF runs");
  if (!tools.gnuTime) {
    skipped.push(`GNU time not found at ${GNU_TIME} (apt-get install -y time): peaks from /proc samples only, no CPU figures`);
  }

  const dir = mkdtempSync(join(tmpdir(), "arkiv-bench-ocr-"));
  const runs: Run[] = [];
  let smallName: string | null = null;
  let bigName: string | null = null;
  try {
    const inputs: Input[] = CORPUS.map((c) => ({
      name: basename(c.file),
      path: c.file,
      pages: pdfPages(c.file),
      truthPages: deckBodyTruth(c.truth),
      corpus: true,
    }));
    let small: Input | null = null;
    if (tools.img2pdf) {
      note(`making the ${options.pages}-page scan in ${dir} ...`);
      const big = makeBigScan(options.pages, dir);
      inputs.push(big);
      bigName = big.name;
      const smallPages = Math.max(1, Math.round(options.pages / 4));
      if (smallPages < options.pages) {
        small = makeBigScan(smallPages, dir);
        smallName = small.name;
      }
    } else {
      skipped.push("img2pdf not found (apt-get install -y img2pdf): no big scan, corpus scans only");
    }

    // Short files are timed `repeat` times (median): their few seconds move with every spike of
    // other work on the machine. Big scans run once; their minutes average the load out.
    const step = async (what: string, times: number, run: () => Promise<Run>): Promise<void> => {
      const all: Run[] = [];
      for (let i = 0; i < times; i++) {
        note(`${what}${times > 1 ? ` [${i + 1}/${times}]` : ""} (load ${loadavg()[0]!.toFixed(2)}) ...`);
        const r = await run();
        const { wallS, peakProcessMB } = r.measured;
        note(`  ${r.pages} pages in ${wallS.toFixed(1)} s = ${r.pagesPerMin.toFixed(1)} pages/min, peak RSS ${peakProcessMB.toFixed(0)} MB`);
        all.push(r);
      }
      const sorted = [...all].sort((a, b) => a.measured.wallS - b.measured.wallS);
      const mid = sorted[(sorted.length - 1) >> 1]!;
      runs.push({
        ...mid,
        measured: {
          ...mid.measured,
          peakProcessMB: Math.max(...all.map((r) => r.measured.peakProcessMB)),
          peakTreeMB: Math.max(...all.map((r) => r.measured.peakTreeMB)),
        },
        wallAllS: all.map((r) => r.measured.wallS),
      });
    };
    for (const input of inputs) {
      const times = input.corpus ? options.repeat : 1;
      await step(`arkiv ${input.name}`, times, () => runArkiv(input, dir, options.arkivEnv));
      if (native && tools.tesseract) await step(`tesseract ${input.name}`, times, () => runTesseract(input, dir));
      if (native && tools.ocrmypdf) await step(`ocrmypdf ${input.name}`, times, () => runOcrmypdf(input, dir));
    }
    // The same pages at a quarter of the size, arkiv only: is its peak RSS flat in page count?
    if (small) await step(`arkiv ${small.name}`, 1, () => runArkiv(small, dir, options.arkivEnv));
  } catch (err) {
    console.error(`bench:ocr: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  } finally {
    if (options.keep) note(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  const summary = summarize(runs, smallName, bigName);
  const loadAfter = loadavg();
  const cpuModel = cpus()[0]?.model.trim() ?? "unknown CPU";
  const header = [
    `arkiv OCR benchmark — ${started.toISOString()}`,
    `node ${process.version}, ${availableParallelism()} cores (${cpuModel}); ` +
      `${tools.tesseract ?? "no tesseract"}; ${tools.ocrmypdf ?? "no ocrmypdf"}; ${tools.poppler}`,
    `load average at start: ${loadBefore.map((l) => l.toFixed(2)).join(" ")} (1/5/15 min), at the end: ${loadAfter.map((l) => l.toFixed(2)).join(" ")}.`,
    "Other sessions may share this machine: a load above 0 at the start, or 'other load' in the table, means every figure is slower than idle.",
  ];
  if (Object.keys(options.arkivEnv).length) {
    header.push(`arkiv runs with extra environment: ${Object.entries(options.arkivEnv).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  }
  if (options.json) {
    const out = {
      date: started.toISOString(),
      node: process.version,
      cores: availableParallelism(),
      cpu: cpuModel,
      tools,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      pagesOption: options.pages,
      repeat: options.repeat,
      arkivEnv: options.arkivEnv,
      ocrmypdfArgs: OCRMYPDF_ARGS,
      nativeJobs: NATIVE_JOBS,
      staleDist: stale,
      skipped,
      runs: runs.map((r) => ({ ...r, measured: { ...r.measured, stderr: undefined } })),
      summary,
      targets: { rssMB: TARGET_RSS_MB, ratio: TARGET_RATIO },
    };
    const rounded = (_key: string, v: unknown): unknown =>
      typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v;
    console.log(JSON.stringify(out, rounded, 2));
  } else {
    printText(runs, summary, header, skipped);
  }
}

await main();
