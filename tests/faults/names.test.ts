// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// Names, locks, exit codes and the install.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Archive } from "../../src/archive/store.ts";
import { arkiv } from "../helpers/cli.ts";
import { report, run, scratch, verify } from "../helpers/faults.ts";
import { PROJECT, shared } from "../helpers/shared.ts";

describe("9. names, locks and exit codes", () => {
  it("gives a name one id whether it is stored composed (NFC) or decomposed (NFD)", () => {
    const s = scratch("nfd");
    const nfd = "Område-Døvblindhed.html".normalize("NFD");
    writeFileSync(join(s.sources, nfd), readFileSync(shared("corpus/rammeaftale.html")));
    expect(run(s).status).toBe(0);
    const id = report(s.out).files[0]!.id;
    expect(id).toBe("omraade-doevblindhed-html");
    renameSync(join(s.sources, nfd), join(s.sources, nfd.normalize("NFC")));
    expect(run(s).status).toBe(0);
    expect(report(s.out).files.map((f) => f.id)).toEqual([id]);
    expect(verify(s.archive).stdout).toMatch(/: 1 object\(s\), 0 error\(s\)/);
  });

  it("prints control characters in file names escaped, never raw to the terminal", () => {
    const s = scratch("escape");
    const name = "ond\u001b]0;overtaget\u0007\u001b[2J.txt";
    writeFileSync(join(s.sources, name), "");
    const r = arkiv("run", s.sources, "--out", s.out, "--ocr", "off");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("ond\\u{1b}]0;overtaget\\u{7}\\u{1b}[2J.txt");
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    // The report keeps the name as it is.
    expect(report(s.out).files[0]!.path).toBe(name);
  });

  it("keeps one writer for an archive reached through a symbolic link, and exits 3 when it cannot write", async () => {
    const s = scratch("alias");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    const writer = await Archive.open(s.archive, { write: true });
    try {
      symlinkSync(s.archive, join(s.dir, "alias"));
      const r = run(s, "--archive", join(s.dir, "alias"));
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/archive-error: the archive .* is being written by process \d+/);
    } finally {
      await writer.close();
    }
    expect(run(s, "--archive", join(s.dir, "alias")).status).toBe(0);
  });

  it("takes over a lock whose process id now belongs to another process, and respects a live one", () => {
    const s = scratch("lock");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    mkdirSync(join(s.dir, ".archive-work"));
    const lock = join(s.dir, ".archive-work", "writer.lock");
    // This test's own process is alive, but it is not the one that wrote the lock (another start time).
    writeFileSync(lock, JSON.stringify({ pid: process.pid, started: "1" }));
    expect(run(s).status).toBe(0);
    const started = readFileSync(`/proc/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19];
    writeFileSync(lock, JSON.stringify({ pid: process.pid, started }));
    const r = run(s);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`is being written by process ${process.pid}`);
    rmSync(lock);
  });

  it("exits 2 for a usage mistake and does nothing", () => {
    const s = scratch("usage");
    const r = arkiv("run", join(s.sources, "findes-ikke"), "--out", s.out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/findes-ikke: no such file or folder/);
    expect(readdirSync(s.dir)).toEqual(["sources"]);
  });
});

describe("10. the install", () => {
  it("has a package-lock.json that npm install leaves as it is (same version and dependencies as package.json)", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as Record<string, unknown>;
    const lock = JSON.parse(readFileSync(join(PROJECT, "package-lock.json"), "utf8")) as { name: string; version: string; packages: Record<string, Record<string, unknown>> };
    expect(lock.name).toBe(pkg.name);
    expect(lock.version).toBe(pkg.version);
    const root = lock.packages[""]!;
    for (const key of ["name", "version", "dependencies", "devDependencies", "engines", "bin", "license"]) expect(root[key], key).toEqual(pkg[key]);
  });
});
