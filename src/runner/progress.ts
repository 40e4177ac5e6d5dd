// Progress for people: a redrawn bar on a terminal, plain periodic lines in logs and CI.
import type { JobResult } from "../model/job.ts";
import { printable } from "../lib/printable.ts";

export interface Progress {
  start(total: number): void;
  /** A page of a document still in work was read (OCR): long scans show life before they finish. */
  page(path: string, done: number, total: number): void;
  done(result: JobResult): void;
  finish(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when the stream is not a terminal. */
  intervalSeconds?: number;
  quiet?: boolean;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { start() {}, page() {}, done() {}, finish() {} };
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, options.intervalSeconds ?? 5);
}

class Counts {
  total = 0;
  finished = 0;
  failed = 0;
  pages = 0;
  readonly started = Date.now();
  add(result: JobResult): void {
    this.finished++;
    if (result.outcome === "failed") this.failed++;
    this.pages += result.pages ?? 0;
  }
  summary(): string {
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.finished / secs : 0;
    const eta = rate > 0 ? Math.round((this.total - this.finished) / rate) : 0;
    return `${this.finished}/${this.total} files, ${this.failed} failed, ${this.pages} pages, ${secs.toFixed(0)} s elapsed${
      this.finished < this.total && this.finished > 0 ? `, ~${eta} s left` : ""
    }`;
  }
}

class BarProgress implements Progress {
  private counts = new Counts();
  private last = "";
  constructor(private stream: NodeJS.WriteStream) {}
  start(total: number): void {
    this.counts.total = total;
    this.draw();
  }
  done(result: JobResult): void {
    this.counts.add(result);
    if (result.outcome === "failed") {
      this.clear();
      this.stream.write(`failed ${result.path}: ${result.error?.code}: ${result.error?.message}\n`);
    }
    this.last = printable(result.path);
    this.draw();
  }
  page(path: string, done: number, total: number): void {
    this.last = `${printable(path)} (page ${done}/${total})`;
    this.draw();
  }
  finish(): void {
    this.clear();
  }
  private draw(): void {
    const width = 24;
    const { total, finished } = this.counts;
    const filled = total ? Math.round((finished / total) * width) : width;
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const line = `${bar} ${this.counts.summary()} ${this.last}`;
    const columns = this.stream.columns || 100;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  }
  private clear(): void {
    this.stream.write("\r\x1b[2K");
  }
}

class LineProgress implements Progress {
  private counts = new Counts();
  private lastLine = 0;
  constructor(
    private stream: NodeJS.WriteStream,
    private intervalSeconds: number,
  ) {}
  start(total: number): void {
    this.counts.total = total;
    this.stream.write(`arkiv: ${total} files to process\n`);
    this.lastLine = Date.now();
  }
  page(path: string, done: number, total: number): void {
    if (Date.now() - this.lastLine >= this.intervalSeconds * 1000) {
      this.lastLine = Date.now();
      this.stream.write(`arkiv: ${this.counts.summary()}; reading ${printable(path)}: page ${done}/${total}\n`);
    }
  }
  done(result: JobResult): void {
    this.counts.add(result);
    if (result.outcome === "failed") {
      this.stream.write(`arkiv: failed ${printable(result.path)}: ${result.error?.code}: ${printable(result.error?.message ?? "")}\n`);
    }
    if (Date.now() - this.lastLine >= this.intervalSeconds * 1000) {
      this.lastLine = Date.now();
      this.stream.write(`arkiv: ${this.counts.summary()}\n`);
    }
  }
  finish(): void {}
}
