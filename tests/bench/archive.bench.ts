// Archive benchmark (npm run bench:archive): `arkiv run` on the samples into an empty archive, the
// same run again (nothing changed: no version may be added), and a run after one source changed
// (only that one may be processed), each as a user runs it: `node bin/arkiv.js run`, a child
// process on the compiled dist/. Then `arkiv verify` and `verify --fast` on the result.
//   npm run bench:archive               # the figures as a table
//   npm run -s bench:archive -- --json  # as JSON
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { RunReport } from "../../src/model/job.ts";
import { PROJECT } from "../helpers/shared.ts";

const json = process.argv.includes("--json");
const dir = mkdtempSync(join(tmpdir(), "arkiv-bench-archive-"));
const sources = join(dir, "samples");
cpSync(join(PROJECT, "samples"), sources, { recursive: true });
const out = join(dir, "output");
const archive = join(dir, "archive");

interface Row {
  step: string;
  seconds: number;
  processed: number;
  unchanged: number;
  newVersions: number;
  share: string;
}

function arkiv(...args: string[]): { seconds: number; stdout: string; status: number | null } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(PROJECT, "bin/arkiv.js"), ...args], { encoding: "utf8" });
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout, status: r.status };
}

function run(step: string, first?: number): Row {
  const r = arkiv("run", sources, "--out", out, "--archive", archive, "-q");
  if (r.status !== 0) throw new Error(`${step}: arkiv run exited ${r.status}: ${r.stdout}`);
  const report = JSON.parse(readFileSync(join(out, "run-report.json"), "utf8")) as RunReport;
  return {
    step,
    seconds: round(r.seconds),
    processed: report.totals.ok,
    unchanged: report.totals.unchanged,
    newVersions: report.totals.newVersions,
    share: first ? `${((100 * r.seconds) / first).toFixed(1)}%` : "100%",
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
const load = loadavg()[0]!;
try {
  const rows: Row[] = [];
  rows.push(run("first run (empty archive)"));
  const first = rows[0]!.seconds;
  rows.push(run("second run (nothing changed)", first));
  appendFileSync(join(sources, "socialaftale-2023-2024.html"), "\n<!-- bench: one source revised -->\n");
  rows.push(run("third run (one source changed)", first));
  const verify = arkiv("verify", "--archive", archive);
  const fast = arkiv("verify", "--archive", archive, "--fast");
  const summary = { rows, verifySeconds: round(verify.seconds), verifyFastSeconds: round(fast.seconds), verifyValid: verify.status === 0, loadAverage: round(load) };
  if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write("| run | seconds | processed | unchanged | new versions | time vs first |\n|---|---|---|---|---|---|\n");
    for (const r of rows) process.stdout.write(`| ${r.step} | ${r.seconds} | ${r.processed} | ${r.unchanged} | ${r.newVersions} | ${r.share} |\n`);
    process.stdout.write(`\narkiv verify: ${summary.verifySeconds} s (${verify.status === 0 ? "valid" : "NOT valid"}); --fast: ${summary.verifyFastSeconds} s; load average ${summary.loadAverage}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
