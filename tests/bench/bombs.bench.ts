// Memory while refusing bombs (npm run bench:bombs): each file is run as a user runs it
// (`node bin/arkiv.js run FILE`), and the resident memory of the whole process tree (the batch
// and its worker processes) is sampled every 20 ms from /proc. Linux only.
//   npm run bench:bombs               # table
//   npm run -s bench:bombs -- --json  # JSON
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunReport } from "../../src/model/job.ts";
import { PROJECT, shared } from "../helpers/shared.ts";
import { docxBomb, docxWithEntries } from "../helpers/zipbomb.ts";

const json = process.argv.includes("--json");
const dir = mkdtempSync(join(tmpdir(), "arkiv-bombs-"));

const bombs: { name: string; path: string }[] = [
  { name: "65536×65536 PNG (sharp fixture)", path: shared("testdata/fuzz/sharp-images/65536-uint32-limit.png") },
  { name: "35000×35000 JBIG2 PDF (hugemono.pdf)", path: shared("testdata/fuzz/ocrmypdf-oddities/hugemono.pdf") },
  { name: "14000×20000 JPEG (giant-image.jpg)", path: shared("testdata/fuzz/sharp-images/giant-image.jpg") },
];
writeFileSync(join(dir, "inflates-to-1GiB.docx"), docxBomb(1024));
bombs.push({ name: "DOCX part inflating to 1 GiB (1000:1)", path: join(dir, "inflates-to-1GiB.docx") });
writeFileSync(join(dir, "50000-entries.docx"), docxWithEntries(50_000));
bombs.push({ name: "DOCX with 50 000 entries", path: join(dir, "50000-entries.docx") });

function treeRssKb(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const child of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(child));
    } catch {
      // The process ended between two reads.
    }
  };
  visit(pid);
  return total;
}

async function measure(path: string, i: number): Promise<{ peakMb: number; code: string | null; message: string | null; seconds: number }> {
  const out = join(dir, `run-${i}`);
  const started = performance.now();
  const child = spawn(process.execPath, [join(PROJECT, "bin/arkiv.js"), "run", path, "--out", join(out, "output"), "--archive", join(out, "archive"), "-q"], { stdio: "ignore" });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 20);
  await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  const report = JSON.parse(readFileSync(join(out, "output", "run-report.json"), "utf8")) as RunReport;
  const file = report.files[0]!;
  return { peakMb: Math.round(peak / 1024), code: file.error?.code ?? file.outcome, message: file.error?.message ?? null, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

try {
  const rows = [];
  for (const [i, bomb] of bombs.entries()) rows.push({ file: bomb.name, ...(await measure(bomb.path, i)) });
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    process.stdout.write("| file | outcome | peak RSS of the process tree | seconds | message |\n|---|---|---|---|---|\n");
    for (const r of rows) process.stdout.write(`| ${r.file} | ${r.code} | ${r.peakMb} MB | ${r.seconds} | ${r.message ?? ""} |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
