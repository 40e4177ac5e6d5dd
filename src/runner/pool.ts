// Worker processes for the batch: each document is extracted in a child process that the batch can
// stop. A document that runs past its time limit, or whose process grows past the memory ceiling,
// is killed (SIGKILL) and reported (`timeout`, `too-large`); a process that dies on its own (a
// native crash, the kernel's OOM killer) is reported as `crashed`. The process is replaced and the
// batch goes on.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Job } from "../model/job.ts";
import type { ErrorCode } from "../model/errors.ts";
import type { RecordSummary, WorkerReply, WorkerRequest } from "./protocol.ts";

export interface PoolOptions {
  size: number;
  /** OCR workers (tesseract) in each process. */
  ocrWorkersEach: number;
  /** Resident memory a worker process may reach before its document is stopped. */
  maxMemoryMb: number;
  onPage?: (relPath: string, done: number, total: number) => void;
}

export type Extraction =
  | { ok: true; json: string; markdown: string; summary: RecordSummary }
  | { ok: false; code: ErrorCode; message: string };

/** Time a worker may take to begin a document it was sent (a loaded machine), on top of the document's limit. */
const START_GRACE_MS = 30_000;

/** How often a worker's memory is looked at. */
const MEMORY_POLL_MS = 250;

interface Slot {
  child: ChildProcess | null;
  busy: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[];

  constructor(private readonly options: PoolOptions) {
    this.slots = Array.from({ length: options.size }, () => ({ child: null, busy: false }));
  }

  private stopped = false;

  /** Extracts one document in a worker; never rejects. */
  async extract(job: Job): Promise<Extraction> {
    if (this.stopped) return { ok: false, code: "interrupted", message: "the run was stopped" };
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) throw new Error("WorkerPool: more jobs at once than workers");
    slot.busy = true;
    try {
      const child = slot.child ?? (slot.child = await this.spawn());
      // Stopped while the process was starting: it never gets the document.
      if (this.stopped) {
        child.kill("SIGKILL");
        slot.child = null;
        return { ok: false, code: "interrupted", message: "the run was stopped" };
      }
      const result = await this.runIn(child, job);
      if (!result.ok && "stopped" in result) {
        child.kill("SIGKILL");
        slot.child = null;
      }
      if (child.exitCode !== null || child.signalCode !== null) slot.child = null;
      return result.ok ? result : { ok: false, code: result.code, message: result.message };
    } catch (err) {
      slot.child?.kill("SIGKILL");
      slot.child = null;
      return { ok: false, code: "crashed", message: `the worker process could not run the document: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      slot.busy = false;
    }
  }

  /** Kills every worker process at once (the run was stopped): documents in work end `crashed`, and the caller reports them interrupted. */
  stop(): void {
    this.stopped = true;
    for (const slot of this.slots) {
      slot.child?.kill("SIGKILL");
      slot.child = null;
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        slot.child = null;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.send({ type: "stop" } satisfies WorkerRequest);
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(): Promise<ChildProcess> {
    const script = workerScript();
    const child = fork(script, [], {
      execArgv: script.endsWith(".ts") ? ["--import", "tsx"] : [],
      env: { ...process.env, ARKIV_OCR_WORKERS: String(this.options.ocrWorkersEach), MALLOC_MMAP_THRESHOLD_: "131072" },
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      const onMessage = (m: WorkerReply) => {
        if (m.type !== "ready") return;
        child.off("exit", onExit);
        child.off("message", onMessage);
        resolve(child);
      };
      const onExit = (code: number | null, signal: string | null) => reject(new Error(`the worker process exited while starting (${signal ?? code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  }

  private runIn(child: ChildProcess, job: Job): Promise<Extraction | { ok: false; code: ErrorCode; message: string; stopped: true }> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Extraction | { ok: false; code: ErrorCode; message: string; stopped: true }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(pageTimer);
        clearInterval(poll);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(result);
      };
      // Once a document reports pages (the OCR stage does), each next page has --page-timeout: one
      // page that never ends stops the document long before --timeout would.
      let pageTimer: NodeJS.Timeout | undefined;
      let pagesDone = 0;
      const armPageTimer = () => {
        clearTimeout(pageTimer);
        if (!job.pageTimeoutMs) return;
        pageTimer = setTimeout(
          () => finish({ ok: false, code: "timeout", message: `page ${pagesDone + 1} took longer than ${Math.round(job.pageTimeoutMs! / 1000)} s (--page-timeout); the document was stopped`, stopped: true }),
          job.pageTimeoutMs,
        );
      };
      const onMessage = (m: WorkerReply) => {
        if (m.type === "started") {
          // The limit runs from when the worker begins the document, not from when it was sent.
          clearTimeout(timer);
          timer = setTimeout(onTimeout, job.timeoutMs);
        } else if (m.type === "page") {
          pagesDone = m.done;
          armPageTimer();
          this.options.onPage?.(m.relPath, m.done, m.total);
        }
        else if (m.type === "done") finish({ ok: true, json: m.json, markdown: m.markdown, summary: m.summary });
        else if (m.type === "failed") finish({ ok: false, code: m.code, message: m.message });
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ ok: false, code: "crashed", message: `the worker process died while reading the document (${signal ? `signal ${signal}` : `exit code ${code}`})`, stopped: true });
      const onTimeout = () =>
        finish({ ok: false, code: "timeout", message: `took longer than ${Math.round(job.timeoutMs / 1000)} s (--timeout); the document was stopped`, stopped: true });
      // Until the worker says it has begun, the limit has a grace for a process too busy to answer.
      let timer = setTimeout(onTimeout, job.timeoutMs + START_GRACE_MS);
      const poll = setInterval(() => {
        const mb = residentMb(child.pid);
        if (mb !== null && mb > this.options.maxMemoryMb) {
          finish({ ok: false, code: "too-large", message: `needed more than ${this.options.maxMemoryMb} MB of memory (--max-memory); the document was stopped at ${Math.round(mb)} MB`, stopped: true });
        }
      }, MEMORY_POLL_MS);
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ type: "job", job } satisfies WorkerRequest);
    });
  }
}

/** The worker's entry: the compiled .js beside this module, or the .ts source under tsx and vitest. */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/pool\.(ts|js)$/, "worker.$1");
}

/** A process's resident memory in MB (Linux /proc); null where it cannot be read. */
function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}
