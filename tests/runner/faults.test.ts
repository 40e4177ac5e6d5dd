// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/model/job.ts";
import { arkiv } from "../helpers/cli.ts";
import { shared } from "../helpers/shared.ts";

const made: string[] = [];
/** A scratch folder with sources/, and where the run's output and archive go. */
function scratch(prefix: string): { dir: string; sources: string; out: string; archive: string } {
  const dir = mkdtempSync(join(tmpdir(), `arkiv-${prefix}-`));
  made.push(dir);
  const sources = join(dir, "sources");
  mkdirSync(sources);
  return { dir, sources, out: join(dir, "output"), archive: join(dir, "archive") };
}
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const report = (out: string): RunReport => JSON.parse(readFileSync(join(out, "run-report.json"), "utf8")) as RunReport;
/** `arkiv run` on the scratch folder; OCR is off (these are about the batch, not about reading scans). */
const run = (s: { sources: string; out: string }, ...args: string[]) => arkiv("run", s.sources, "--out", s.out, "--ocr", "off", "-q", ...args);
const verify = (archive: string) => arkiv("verify", "--archive", archive);

describe("1. a revert is committed", () => {
  it("stores a version whose content equals an earlier one (options back to the defaults, a source back to earlier bytes)", () => {
    const s = scratch("revert");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    expect(run(s).status).toBe(0);
    expect(run(s, "--no-repair").status).toBe(0);
    const third = run(s);
    expect(third.stderr).toBe("");
    expect(third.status).toBe(0);
    expect(report(s.out).files[0]!.archive).toMatchObject({ version: "v3", head: "v3" });
    // The website shows the defaults' record again: the same bytes as v1's.
    const log = JSON.parse(arkiv("log", "rammeaftale-html", "--archive", s.archive, "--json").stdout) as { versions: { changed: string[] }[] };
    expect(log.versions.map((v) => v.changed)).toEqual([
      ["document.json", "document.md", "provenance.json", "source/rammeaftale.html"],
      expect.arrayContaining(["provenance.json"]),
      expect.arrayContaining(["provenance.json"]),
    ]);

    // The source goes back to earlier bytes: v4 changes it, v5 stores nothing new.
    const original = readFileSync(join(s.sources, "rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("\n<!-- rettet -->\n")]));
    expect(run(s).status).toBe(0);
    writeFileSync(join(s.sources, "rammeaftale.html"), original);
    expect(run(s).status).toBe(0);
    expect(report(s.out).files[0]!.archive).toMatchObject({ version: "v5", head: "v5" });
    expect(verify(s.archive).status).toBe(0);
    expect(arkiv("run", s.sources, "--out", s.out, "--ocr", "off", "--check").status).toBe(0);
  });
});
