// Helpers of the fault tests (tests/faults/): scratch folders, the real command, and what a test
// reads from /proc about the processes it starts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { digestOf, serializeInventory, sidecar, type Inventory } from "../../src/archive/inventory.ts";
import type { RunReport } from "../../src/model/job.ts";
import { arkiv } from "./cli.ts";
import { PROJECT } from "./shared.ts";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A scratch folder with sources/, and where the run's output and archive go (removed after the test file). */
export function scratch(prefix: string): { dir: string; sources: string; out: string; archive: string } {
  const dir = mkdtempSync(join(tmpdir(), `arkiv-${prefix}-`));
  made.push(dir);
  const sources = join(dir, "sources");
  mkdirSync(sources);
  return { dir, sources, out: join(dir, "output"), archive: join(dir, "archive") };
}

export const report = (out: string): RunReport => JSON.parse(readFileSync(join(out, "run-report.json"), "utf8")) as RunReport;
/** `arkiv run` on the scratch folder; OCR is off (these are about the batch, not about reading scans). */
export const run = (s: { sources: string; out: string }, ...args: string[]) => arkiv("run", s.sources, "--out", s.out, "--ocr", "off", "-q", ...args);
export const verify = (archive: string) => arkiv("verify", "--archive", archive);

/** Replaces a head file's content and recomputes every digest that names it, as a careful attacker would. */
export function rewriteConsistently(object: string, logicalPath: string, bytes: Buffer): void {
  const inventory = JSON.parse(readFileSync(join(object, "inventory.json"), "utf8")) as Inventory;
  const state = inventory.versions[inventory.head]!.state;
  const oldDigest = Object.keys(state).find((d) => state[d]!.includes(logicalPath))!;
  const contentPath = inventory.manifest[oldDigest]![0]!;
  writeFileSync(join(object, contentPath), bytes);
  const digest = digestOf(bytes);
  inventory.manifest[digest] = inventory.manifest[oldDigest]!;
  delete inventory.manifest[oldDigest];
  state[digest] = state[oldDigest]!;
  delete state[oldDigest];
  const text = serializeInventory(inventory);
  for (const dir of [object, join(object, inventory.head)]) {
    writeFileSync(join(dir, "inventory.json"), text);
    writeFileSync(join(dir, "inventory.json.sha512"), sidecar(text));
  }
}

export function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), "arkiv-mount-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

/**
 * `arkiv run` as an ordinary user: root reads every folder whatever its mode, so a test of an
 * unreadable folder runs the command as `nobody` when the tests run as root.
 */
export function runAsUser(s: { dir: string; sources: string; out: string }) {
  if (process.getuid?.() !== 0) return run(s);
  chmodSync(s.dir, 0o777);
  chmodSync(s.sources, 0o755);
  const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, `${PROJECT}bin/arkiv.js`, "run", s.sources, "--out", s.out, "--ocr", "off", "-q"], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `arkiv` and follows the peak resident memory (VmHWM) of its process and every process it
 * starts, read from /proc while it runs. The malloc setting is given so the command does not start
 * itself again (it would only add a small launcher process).
 */
export function measured(args: string[]): Promise<{ status: number | null; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${PROJECT}bin/arkiv.js`, ...args], { cwd: PROJECT, stdio: "ignore", env: { ...process.env, MALLOC_MMAP_THRESHOLD_: "131072" } });
    const peak = new Map<number, number>();
    const poll = setInterval(() => {
      for (const pid of processTree(child.pid!)) {
        const kb = /VmHWM:\s+(\d+)/.exec(readProc(`/proc/${pid}/status`))?.[1];
        if (kb) peak.set(pid, Math.max(peak.get(pid) ?? 0, Number(kb) / 1024));
      }
    }, 25);
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("exit", (status) => {
      clearInterval(poll);
      clearTimeout(timer);
      const peakMb = [...peak.values()].reduce((a, b) => a + b, 0);
      resolve({ status, peakMb });
    });
  });
}

export function processTree(pid: number): number[] {
  const children = readProc(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

export function readProc(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** A one-page PDF with a line of text under a link annotation to `uri`, written out object by object. */
export function pdfWithLink(text: string, uri: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Type /Annot /Subtype /Link /Rect [70 690 300 720] /Border [0 0 0] /A << /S /URI /URI (${uri}) >> >>`,
  ];
  const stream = `BT /F1 16 Tf 72 700 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a process runs (a zombie waiting to be reaped does not). */
export function isRunning(pid: number): boolean {
  const state = /State:\s+(\w)/.exec(readProc(`/proc/${pid}/status`))?.[1];
  return state !== undefined && state !== "Z" && state !== "X";
}
