// The OCR engine: a pool of tesseract.js workers, created once and reused for a whole batch.
// Everything it needs comes from node_modules (worker script, wasm core, traineddata from the
// @tesseract.js-data packages): no worker may touch the network, and each worker's `fetch` is
// replaced by one that fails, so a misconfiguration shows up as an error instead of a download.
import { mkdtemp, rm, symlink, copyFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Worker as NodeWorker } from "node:worker_threads";
import Tesseract from "tesseract.js";
import { detectOrientation, readVerticalStrips, type OrientationReader } from "./orientation.ts";
import type { OcrResult, OcrWord, Orientation, PageImage } from "./types.ts";

export interface OcrEngineOptions {
  /** Recognition workers (each one wasm instance, ~100–250 MB while reading a page). Default: the core count. */
  workers?: number;
  /**
   * Traineddata, most important first; each needs its @tesseract.js-data/<lang> package. Default
   * dan, eng. Pages are read with the first alone; `allLanguages` reads with all of them (one
   * worker, started when first needed): a second model costs every word a second look.
   */
  languages?: string[];
  /**
   * Re-read text that runs up or down the page (a slide's rotated sidebar), which tesseract
   * otherwise returns as a column of one-letter scraps. Such words come back with tall, narrow
   * boxes and their own block. Off by default: consumers must expect those boxes.
   */
  verticalText?: boolean;
  /** Further tesseract parameters for the recognition workers (tesseract's names and string values). */
  parameters?: Record<string, string>;
}

export interface OcrEngine {
  /** Reads one page image as given (see preprocess.ts to prepare it). Boxes are in its pixels. */
  recognize(image: PageImage, options?: { verticalText?: boolean; allLanguages?: boolean; psm?: string }): Promise<OcrResult>;
  /**
   * `result` (a reading of `image` without verticalText) with its text running up or down the
   * page re-read, when the engine was created with verticalText; else `result` as it is.
   */
  readVerticalText(image: PageImage, result: OcrResult): Promise<OcrResult>;
  /** Which clockwise rotation the page shows (see orientation.ts). */
  detectOrientation(image: PageImage): Promise<Orientation>;
  terminate(): Promise<void>;
  /** What the engine runs with, for the stage's provenance. */
  readonly settings: { languages: string[]; workers: number; psm: string; verticalText: boolean };
  /** The language the pages are read with first. */
  readonly primaryLanguage: string;
}

const require = createRequire(import.meta.url);
/** LSTM-only models: smaller and faster, and what tesseract.js itself uses by default. */
const LSTM_DATA = "4.0.0_best_int";
/** OSD exists only for the legacy engine. */
const LEGACY_DATA = "4.0.0";
/** Fully automatic layout, no OSD: finds columns and text blocks on slides and pages. */
const PSM_AUTO = "3";

/**
 * Tesseract's progress chatter ("Estimating resolution as 307", "Too few characters") goes to
 * the wasm module's /dev/null, not the user's terminal.
 */
const QUIET = { debug_file: "/dev/null" };

export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const languages = options.languages?.length ? options.languages : ["dan", "eng"];
  const primary = languages.slice(0, 1);
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const verticalText = options.verticalText ?? false;
  const spawnWith = (langs: readonly string[]) => () =>
    withLanguages(langs, (langPath) =>
      spawnWorker(langs.join("+"), Tesseract.OEM.LSTM_ONLY, { langPath }, {
        tessedit_pageseg_mode: PSM_AUTO as Tesseract.PSM,
        // Keeps the gaps between columns in the diagnostic text; words and boxes are unaffected.
        preserve_interword_spaces: "1",
        ...QUIET,
        ...options.parameters,
      }),
    );
  const spawnReader = spawnWith(primary);
  const spawned = await Promise.allSettled(Array.from({ length: workers }, spawnReader));
  const failure = spawned.find((r) => r.status === "rejected");
  if (failure) {
    await Promise.all(spawned.map((r) => (r.status === "fulfilled" ? r.value.terminate() : undefined)));
    throw failure.reason;
  }
  const readers = new Pool(
    spawned.map((r) => (r as PromiseFulfilledResult<Tesseract.Worker>).value),
    spawnReader,
  );
  let terminated = false;
  // OSD needs the legacy core: one lazily created worker is enough, a detection takes ~0.1–0.5 s.
  let osd: Promise<Pool<Tesseract.Worker>> | undefined;
  const spawnOsd = () =>
    spawnWorker("osd", Tesseract.OEM.TESSERACT_ONLY, { langPath: dataFolder("osd", LEGACY_DATA), legacyCore: true, legacyLang: true }, QUIET);
  const osdPool = () => {
    if (terminated) return Promise.reject(new Error("the OCR engine was terminated"));
    return (osd ??= spawnOsd().then((w) => new Pool([w], spawnOsd)));
  };

  // All languages at once, for the pages that need them: one lazily started worker.
  let multilingual: Promise<Pool<Tesseract.Worker>> | undefined;
  const spawnAll = spawnWith(languages);
  const allPool = () => {
    if (terminated) return Promise.reject(new Error("the OCR engine was terminated"));
    return (multilingual ??= spawnAll().then((w) => new Pool([w], spawnAll)));
  };

  const read: OrientationReader = {
    osd: async (png) => (await osdPool()).run(async (w) => (await guarded(w, w.detect(png))).data),
    recognize: (image, psm) => readers.run((w) => recognizeWith(w, image, psm)),
  };

  return {
    settings: { languages, workers, psm: PSM_AUTO, verticalText },
    primaryLanguage: primary[0]!,
    recognize: async (image, opts) =>
      (opts?.allLanguages && languages.length > 1 ? await allPool() : readers).run(async (w) => {
        const result = await recognizeWith(w, image, opts?.psm);
        if (!(opts?.verticalText ?? verticalText)) return result;
        return readVerticalStrips(image, result, (strip) => recognizeWith(w, strip, "6"));
      }),
    readVerticalText: (image, result) =>
      verticalText ? readers.run((w) => readVerticalStrips(image, result, (strip) => recognizeWith(w, strip, "6"))) : Promise.resolve(result),
    detectOrientation: (image) => detectOrientation(image, read),
    async terminate() {
      terminated = true;
      const pending = [osd, multilingual];
      osd = undefined;
      multilingual = undefined;
      await Promise.all([readers.terminate(), ...pending.map((p) => p?.then((pool) => pool.terminate(), () => undefined))]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading one image.

async function recognizeWith(worker: Tesseract.Worker, image: PageImage, psm?: string): Promise<OcrResult> {
  const params: Record<string, string> = {};
  // Tesseract otherwise guesses the resolution from the text size.
  if (image.dpi !== null && image.dpi >= 50) params.user_defined_dpi = String(Math.min(2400, Math.round(image.dpi)));
  if (psm) params.tessedit_pageseg_mode = psm;
  const { data } = await guarded(worker, worker.recognize(toPnm(image), params, { text: true, blocks: true })).catch((e: unknown) =>
    Promise.reject(e instanceof Error ? e : new Error(`tesseract: ${String(e)}`)),
  );
  const words = collectWords(data.blocks ?? []);
  const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
  return { words, confidence, text: data.text ?? "" };
}

/**
 * PGM/PPM: the raw pixels behind a 15-byte header. Leptonica reads it with no decoding work, where
 * a PNG would cost an encode here and a decode in the worker.
 */
function toPnm(image: PageImage): Buffer {
  const { width, height, channels, data } = image;
  const pixels = channels === 4 ? dropAlpha(data) : data;
  const header = Buffer.from(`${channels === 1 ? "P5" : "P6"}\n${width} ${height}\n255\n`, "latin1");
  return Buffer.concat([header, pixels.subarray(0, width * height * (channels === 1 ? 1 : 3))]);
}

/** RGBA → RGB over white paper. */
function dropAlpha(rgba: Buffer): Buffer {
  const rgb = Buffer.allocUnsafe((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const a = rgba[i + 3]! / 255;
    for (let c = 0; c < 3; c++) rgb[o + c] = Math.round(rgba[i + c]! * a + 255 * (1 - a));
  }
  return rgb;
}

/**
 * Words in tesseract's reading order; `block` is the running paragraph index. Lines are
 * tesseract's: where two columns' lines align, one line may span both (the layout stage cuts
 * columns by geometry anyway).
 */
function collectWords(blocks: readonly Tesseract.Block[]): OcrWord[] {
  const words: OcrWord[] = [];
  let line = 0;
  let block = 0;
  for (const b of blocks) {
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        for (const w of l.words) {
          if (w.text.trim()) words.push(toWord(w, l, line, block));
        }
        line++;
      }
      block++;
    }
  }
  return words;
}

function toWord(w: Tesseract.Word, l: Tesseract.Line, line: number, block: number): OcrWord {
  const { x0, y0, x1, y1 } = w.bbox;
  return {
    text: w.text.trim(),
    box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
    confidence: Math.min(1, Math.max(0, w.confidence / 100)),
    line,
    block,
    baseline: baselineAt(l, (x0 + x1) / 2),
  };
}

/** The line's baseline at x; null when tesseract gave none or one that misses the line. */
function baselineAt(l: Tesseract.Line, x: number): number | null {
  const b = l.baseline;
  if (!b || (b.x0 === 0 && b.x1 === 0 && b.y0 === 0 && b.y1 === 0)) return null;
  const y = b.x1 === b.x0 ? b.y0 : b.y0 + ((b.y1 - b.y0) * (x - b.x0)) / (b.x1 - b.x0);
  const h = l.bbox.y1 - l.bbox.y0;
  if (y < l.bbox.y0 - h || y > l.bbox.y1 + h) return null;
  return Math.round(y * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Workers: local data only.

/** The folder of a language's traineddata inside its npm package. */
export function dataFolder(lang: string, variant: string = LSTM_DATA): string {
  if (!/^[a-z_]+$/i.test(lang)) throw new Error(`not a tesseract language code: ${JSON.stringify(lang)}`);
  let pkg: string;
  try {
    pkg = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  } catch {
    throw new Error(`no traineddata for "${lang}": install it with npm install @tesseract.js-data/${lang}`);
  }
  return join(dirname(pkg), variant);
}

/**
 * tesseract.js reads every language from one langPath, but each language is its own package: so
 * a worker is spawned from a private temporary folder of links to the packages' files, removed as
 * soon as the worker has the data in its own memory. Nothing is ever written next to the user's
 * files, no cache is kept, and a process that dies leaves nothing behind.
 */
async function withLanguages<T>(languages: readonly string[], use: (langPath: string) => Promise<T>): Promise<T> {
  const folders = languages.map((lang) => dataFolder(lang));
  const dir = await mkdtemp(join(tmpdir(), "arkiv-tessdata-"));
  try {
    await Promise.all(
      languages.map(async (lang, i) => {
        const from = join(folders[i]!, `${lang}.traineddata.gz`);
        const to = join(dir, `${lang}.traineddata.gz`);
        // Symlinks need a privilege on Windows; a copy is the fallback.
        await symlink(from, to).catch(() => copyFile(from, to));
      }),
    );
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The worker thread's entry: tesseract.js's own Node worker script, after `fetch` is replaced by
 * one that fails and ends the thread (a worker stuck on a failed download would otherwise keep
 * the process alive: tesseract.js never settles createWorker when loading a language fails).
 */
function offlineWorkerUrl(): URL {
  const script = require.resolve("tesseract.js/src/worker-script/node/index.js");
  const source = [
    `import { createRequire } from "node:module";`,
    `globalThis.fetch = (url) => {`,
    `  setTimeout(() => process.exit(1), 200);`,
    `  return Promise.reject(new Error("network fetch blocked in an OCR worker: " + url));`,
    `};`,
    `createRequire(${JSON.stringify(script)})(${JSON.stringify(script)});`,
  ].join("\n");
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/** The worker options every engine worker gets: local files, gzip'd data, no cache, no network. */
function offlineOptions(langPath: string): Partial<Tesseract.WorkerOptions> {
  return {
    langPath,
    gzip: true,
    cacheMethod: "none",
    // Node's Worker takes a data: URL; tesseract.js passes workerPath straight to it.
    workerPath: offlineWorkerUrl() as unknown as string,
  };
}

/**
 * createWorker that also rejects when loading or initialising fails (tesseract.js reports those
 * only to errorHandler, and would otherwise leave the promise pending forever).
 */
export async function spawnWorker(
  langs: string,
  oem: Tesseract.OEM,
  options: Partial<Tesseract.WorkerOptions> & { langPath: string },
  params: Partial<Tesseract.WorkerParams> = {},
): Promise<Tesseract.Worker> {
  let fail: (reason: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const created = Tesseract.createWorker(langs, oem, {
    ...offlineOptions(options.langPath),
    ...options,
    errorHandler: (e: unknown) => fail(new Error(`tesseract worker: ${String(e)}`)),
  });
  const worker = await Promise.race([created, failed]);
  watchThread(worker);
  if (Object.keys(params).length) await worker.setParameters(params);
  return worker;
}

/** Per worker: rejects when its thread ends or throws (tesseract.js itself does not notice). */
const deaths = new WeakMap<Tesseract.Worker, Promise<never>>();

function watchThread(worker: Tesseract.Worker): void {
  const thread = (worker as unknown as { worker?: NodeWorker }).worker;
  if (!thread) return;
  const died = new Promise<never>((_, reject) => {
    // Listening also keeps an uncaught error in the thread from crashing the whole process.
    thread.on("error", (e) => reject(new Error(`OCR worker thread failed: ${e.message}`)));
    thread.once("exit", (code) => reject(new Error(`OCR worker thread ended (exit code ${code})`)));
  });
  died.catch(() => {});
  deaths.set(worker, died);
}

/** The job, or the worker's death if that comes first: a dead thread never answers. */
function guarded<T>(worker: Tesseract.Worker, job: Promise<T>): Promise<T> {
  const died = deaths.get(worker);
  return died ? Promise.race([job, died]) : job;
}

/**
 * One job per worker at a time. A recognition worker whose job failed is replaced (a wasm abort
 * leaves it unusable); if no worker is left, waiting and later jobs fail instead of hanging.
 */
class Pool<W extends { terminate(): Promise<unknown> }> {
  #idle: W[];
  #all: Set<W>;
  #waiting: { resolve: (w: W) => void; reject: (e: Error) => void }[] = [];
  #closed: string | null = null;

  constructor(
    workers: W[],
    private readonly respawn?: () => Promise<W>,
  ) {
    this.#idle = [...workers];
    this.#all = new Set(workers);
  }

  async run<T>(job: (w: W) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error(this.#closed);
    const w = this.#idle.pop() ?? (await new Promise<W>((resolve, reject) => this.#waiting.push({ resolve, reject })));
    try {
      const result = await job(w);
      this.#release(w);
      return result;
    } catch (err) {
      if (this.respawn) void this.#replace(w);
      else this.#release(w);
      throw err;
    }
  }

  async terminate(): Promise<void> {
    this.#close("the OCR engine was terminated");
    await Promise.all([...this.#all].map((w) => w.terminate()));
    this.#all.clear();
  }

  #close(reason: string): void {
    this.#closed = reason;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(reason));
  }

  #release(w: W): void {
    if (this.#closed) return;
    const next = this.#waiting.shift();
    if (next) next.resolve(w);
    else this.#idle.push(w);
  }

  async #replace(w: W): Promise<void> {
    this.#all.delete(w);
    await w.terminate().catch(() => undefined);
    try {
      const fresh = await this.respawn!();
      if (this.#closed) return void (await fresh.terminate());
      this.#all.add(fresh);
      this.#release(fresh);
    } catch (err) {
      if (!this.#all.size && !this.#closed) this.#close(`no OCR worker left: ${(err as Error).message}`);
    }
  }
}
