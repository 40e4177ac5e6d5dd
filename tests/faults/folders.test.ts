// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// The input, output and archive folders.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../../src/model/job.ts";
import { arkiv } from "../helpers/cli.ts";
import { canMountTmpfs, listTree, report, run, runAsUser, scratch, verify } from "../helpers/faults.ts";
import { shared } from "../helpers/shared.ts";

describe("6. folders", () => {
  it("does not read its own archive and output back when they sit inside the input, and says it skipped them", () => {
    const s = scratch("inside");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    writeFileSync(join(s.sources, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));
    const inside = { sources: s.sources, out: join(s.sources, "output") };
    for (let i = 0; i < 3; i++) expect(run(inside).status).toBe(0);
    const rep = report(inside.out);
    expect(rep.totals.files).toBe(2);
    expect(rep.skipped).toEqual(
      expect.arrayContaining([
        { path: "archive", reason: "the run's own archive or output folder" },
        { path: "output", reason: "the run's own archive or output folder" },
      ]),
    );
    expect(verify(join(s.sources, "archive")).status).toBe(0);
  });

  it("refuses an output folder that is the archive, holds it or lies in it, and writes nothing", () => {
    const s = scratch("same");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    for (const [out, archive] of [
      [s.archive, s.archive],
      [s.dir, s.archive],
      [join(s.archive, "output"), s.archive],
    ] as const) {
      const r = arkiv("run", s.sources, "--out", out, "--archive", archive, "--ocr", "off", "-q");
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/must be apart/);
    }
    expect(readdirSync(s.dir)).toEqual(["sources"]);
  });

  it("refuses a folder of the user's own files as --out, and leaves them be", () => {
    const s = scratch("foreign");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    mkdirSync(join(s.out, "documents"), { recursive: true });
    writeFileSync(join(s.out, "documents", "noter.md"), "# Mine noter\n");
    writeFileSync(join(s.out, "documents", "liste.json"), "[]\n");
    const r = run(s);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds files arkiv did not make \(documents\)/);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["liste.json", "noter.md"]);
    expect(existsSync(s.archive)).toBe(false);
  });

  it("removes only the files it published from its own output folder", () => {
    const s = scratch("own");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    writeFileSync(join(s.sources, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));
    expect(run(s).status).toBe(0);
    writeFileSync(join(s.out, "documents", "noter.md"), "# Mine noter\n");
    rmSync(join(s.sources, "socialaftale.html"));
    expect(run(s).status).toBe(0);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["noter.md", "rammeaftale-html.json", "rammeaftale-html.md", "socialaftale-html.json", "socialaftale-html.md"]);
  });

  it.skipIf(!canMountTmpfs())("leaves no temporary file when the disk fills while publishing, and says so", () => {
    const s = scratch("full");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    writeFileSync(join(s.sources, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));
    mkdirSync(s.out);
    // An output folder on a 64 KiB filesystem: the first documents fit, the search index does not.
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", s.out]);
    try {
      const reportPath = join(s.dir, "report.json");
      const r = run(s, "--archive", s.archive, "--report", reportPath);
      expect(r.status).toBe(3);
      const rep = JSON.parse(readFileSync(reportPath, "utf8")) as RunReport;
      expect(rep.totals.ok).toBe(2);
      expect(rep.publish.error).toMatchObject({ code: "publish-error", message: expect.stringMatching(/ENOSPC/) });
      expect(r.stderr).toMatch(/publish-error: .*ENOSPC/);
      expect(listTree(s.out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(verify(s.archive).status).toBe(0);
    } finally {
      execFileSync("umount", [s.out]);
    }
  });

  it("reports symbolic links, FIFOs and unreadable folders inside the input, and goes on with the rest", () => {
    const s = scratch("entries");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    symlinkSync(shared("corpus/socialaftale-2023-2024.html"), join(s.sources, "link.html"));
    symlinkSync("/dev/zero", join(s.sources, "zero.html"));
    execFileSync("mkfifo", [join(s.sources, "pipe.html")]);
    mkdirSync(join(s.sources, "lukket"));
    writeFileSync(join(s.sources, "lukket", "hemmelig.html"), readFileSync(shared("corpus/rammeaftale.html")));
    chmodSync(join(s.sources, "lukket"), 0o000);
    const r = runAsUser(s);
    chmodSync(join(s.sources, "lukket"), 0o755);
    expect(r.status).toBe(1);
    const rep = report(s.out);
    expect(rep.files.map((f) => [f.path, f.outcome, f.error?.code ?? null])).toEqual([
      ["lukket", "failed", "io-error"],
      ["rammeaftale.html", "ok", null],
    ]);
    expect(rep.files[0]!.error!.message).toMatch(/cannot be read \(EACCES\)/);
    expect(rep.skipped).toEqual([
      { path: "link.html", reason: "symbolic link (not followed)" },
      { path: "pipe.html", reason: "a FIFO (named pipe): arkiv reads regular files only" },
      { path: "zero.html", reason: "symbolic link (not followed)" },
    ]);
  });
});
