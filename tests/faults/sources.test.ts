// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// Special, huge and deeply nested sources.
import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { arkiv } from "../helpers/cli.ts";
import { measured, report, run, scratch } from "../helpers/faults.ts";
import { shared } from "../helpers/shared.ts";

describe("3. special and huge files given as the path", () => {
  it("refuses a link to /dev/zero and a FIFO by name, at once, holding no memory and no lock", async () => {
    const s = scratch("special");
    symlinkSync("/dev/zero", join(s.sources, "nul.pdf"));
    execFileSync("mkfifo", [join(s.sources, "roer.pdf")]);
    for (const [name, kind] of [
      ["nul.pdf", "a character device"],
      ["roer.pdf", "a FIFO (named pipe)"],
    ] as const) {
      const r = await measured(["run", join(s.sources, name), "--out", s.out, "--ocr", "off", "-q"]);
      expect(r.status).toBe(1);
      expect(report(s.out).files[0]!.error).toEqual({ code: "not-a-file", message: `${name} is ${kind}; arkiv reads regular files only` });
      expect(r.peakMb).toBeLessThan(512);
    }
    // The lock was let go: a normal run goes through.
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    expect(arkiv("run", join(s.sources, "rammeaftale.html"), "--out", s.out, "--ocr", "off", "-q").status).toBe(0);
  });

  it("names files larger than the memory ceiling too-large without reading them", async () => {
    const s = scratch("huge");
    // Sparse: gigabytes on paper, nothing on the disk.
    for (const [name, bytes] of [
      ["a.pdf", 1.9e9],
      ["b.pdf", 1.9e9],
      ["c.pdf", 2 ** 31 + 1],
    ] as const) {
      writeFileSync(join(s.sources, name), "%PDF-1.4\n");
      truncateSync(join(s.sources, name), bytes);
    }
    const r = await measured(["run", s.sources, "--out", s.out, "--ocr", "off", "-q", "--max-memory", "512"]);
    expect(r.status).toBe(1);
    expect(report(s.out).files.map((f) => [f.path, f.error?.code])).toEqual([
      ["a.pdf", "too-large"],
      ["b.pdf", "too-large"],
      ["c.pdf", "too-large"],
    ]);
    expect(r.peakMb).toBeLessThan(512);
  });
});

describe("8. deep input", () => {
  it("reads a page of thousands of unclosed nested tags, keeping every word", () => {
    const s = scratch("deep-html");
    const sections = 3000;
    writeFileSync(join(s.sources, "dyb.html"), `<html><body>${Array.from({ length: sections }, (_, i) => `<div><span>Afsnit ${i + 1} om området `).join("")}</body></html>`);
    writeFileSync(join(s.sources, "dybere.html"), `<html><body>${"<b>".repeat(100_000)}Takstbilag for det specialiserede socialområde</body></html>`);
    expect(run(s).status).toBe(0);
    const record = (id: string) => JSON.parse(readFileSync(join(s.out, "documents", `${id}.json`), "utf8")) as { pages: { text: string }[]; warnings: { code: string }[] };
    const deep = record("dyb-html");
    const text = deep.pages.map((p) => p.text).join("\n");
    expect(text.match(/Afsnit \d+ om området/g)).toHaveLength(sections);
    expect(text).toContain(`Afsnit ${sections} om området`);
    expect(deep.warnings.map((w) => w.code)).toContain("html-too-deep");
    expect(record("dybere-html").pages[0]!.text).toBe("Takstbilag for det specialiserede socialområde");
  });

  it("reads a 5 MB text file of 200,000 lines without paragraph breaks", () => {
    const s = scratch("long-text");
    const lines = Array.from({ length: 200_000 }, (_, i) => `linje ${i + 1} om det specialiserede socialområde`);
    writeFileSync(join(s.sources, "lang.txt"), lines.join("\n"));
    expect(run(s).status).toBe(0);
    const record = JSON.parse(readFileSync(join(s.out, "documents/lang-txt.json"), "utf8")) as { pages: { text: string }[] };
    const text = record.pages.map((p) => p.text).join("\n");
    expect(text).toContain("linje 1 om det specialiserede socialområde");
    expect(text).toContain("linje 200000 om det specialiserede socialområde");
    expect(text.match(/linje \d+ /g)).toHaveLength(200_000);
  });
});
