// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { digestOf, serializeInventory, sidecar, type Inventory } from "../../src/archive/inventory.ts";
import { objectId, objectPath } from "../../src/archive/layout.ts";
import { Archive } from "../../src/archive/store.ts";
import type { RunReport } from "../../src/model/job.ts";
import { arkiv } from "../helpers/cli.ts";
import { PROJECT, shared } from "../helpers/shared.ts";

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

describe("2. long names and deep paths", () => {
  it("gives a bounded, stable id to a 245-byte file name and to a deep path, and publishes them", () => {
    const s = scratch("long");
    const longName = `${"referat-fra-moede-i-styregruppen-".repeat(8)}x.html`.slice(-245);
    expect(Buffer.byteLength(longName)).toBe(245);
    writeFileSync(join(s.sources, longName), readFileSync(shared("corpus/rammeaftale.html")));
    const deep = join(s.sources, ...Array.from({ length: 30 }, (_, i) => `mappe-${i}-${"d".repeat(20)}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));

    expect(run(s).status).toBe(0);
    const files = report(s.out).files;
    expect(files.map((f) => f.outcome)).toEqual(["ok", "ok"]);
    for (const f of files) {
      expect(f.id!.length).toBeLessThanOrEqual(120);
      expect(readFileSync(join(s.out, "documents", `${f.id}.json`), "utf8")).toContain(`"id": "${f.id}"`);
    }
    // Stable: the same paths give the same ids in the next run, which finds them current.
    expect(run(s).status).toBe(0);
    expect(report(s.out).files.map((f) => [f.id, f.outcome])).toEqual(files.map((f) => [f.id, "unchanged"]));
    expect(verify(s.archive).status).toBe(0);
  });
});

describe("4. run checks the archive it builds on", () => {
  /** Two documents archived; returns the scratch folder and the object folder of rammeaftale.html. */
  function archived(prefix: string) {
    const s = scratch(prefix);
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    writeFileSync(join(s.sources, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));
    expect(run(s).status).toBe(0);
    return { s, object: join(s.archive, objectPath(objectId("rammeaftale-html"))) };
  }

  it("writes a deleted or edited content file of the head again from the source, and publishes the true Markdown", () => {
    const { s, object } = archived("damaged-head");
    const published = readFileSync(join(s.out, "documents/rammeaftale-html.md"), "utf8");
    rmSync(join(object, "v1/content/document.json"));
    writeFileSync(join(object, "v1/content/document.md"), "# Redigeret i arkivet\n");
    expect(verify(s.archive).status).toBe(1);
    const r = run(s);
    expect(r.status).toBe(0);
    const file = report(s.out).files.find((f) => f.path === "rammeaftale.html")!;
    expect(file.outcome).toBe("ok");
    expect(file.warnings.find((w) => w.code === "archive-repaired")?.message).toMatch(/v1\/content\/document\.json, v1\/content\/document\.md/);
    expect(file.archive).toMatchObject({ version: null, head: "v1" });
    expect(readFileSync(join(s.out, "documents/rammeaftale-html.md"), "utf8")).toBe(published);
    expect(verify(s.archive).status).toBe(0);
  });

  it("names a truncated inventory and a lost earlier version as archive-damaged, and publishes the other documents", () => {
    const { s, object } = archived("damaged-history");
    const inventory = readFileSync(join(object, "inventory.json"));
    writeFileSync(join(object, "inventory.json"), inventory.subarray(0, inventory.length / 2));
    const r = run(s);
    expect(r.status).toBe(1);
    const rep = report(s.out);
    expect(rep.files.find((f) => f.path === "rammeaftale.html")!.error).toMatchObject({ code: "archive-damaged", message: expect.stringMatching(/does not match its sidecar/) });
    expect(rep.files.find((f) => f.path === "socialaftale.html")!.outcome).toBe("unchanged");
    expect(rep.publish.failed).toEqual([expect.objectContaining({ code: "archive-damaged" })]);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["socialaftale-html.json", "socialaftale-html.md"]);
    expect(r.stderr).toMatch(/not published: .*archive-damaged/);

    // The inventory back; v2 changes the source, then v1's original is lost and the source
    // changes again: v1's bytes are nowhere to be had, and history is not rewritten.
    writeFileSync(join(object, "inventory.json"), inventory);
    const original = readFileSync(shared("corpus/rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("<!-- ny -->")]));
    expect(run(s).status).toBe(0);
    rmSync(join(object, "v1/content/source/rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("<!-- nyere -->")]));
    expect(run(s).status).toBe(1);
    expect(report(s.out).files.find((f) => f.path === "rammeaftale.html")!.error).toMatchObject({
      code: "archive-damaged",
      message: expect.stringMatching(/v1\/content\/source\/rammeaftale\.html is missing/),
    });
    // What is left of the object is not touched, and the damage stays visible to verify.
    expect(verify(s.archive).stdout).toMatch(/v1\/content\/source\/rammeaftale\.html/);
  });

  it("never writes outside the output folder, whatever id an archived record claims", () => {
    const { s, object } = archived("hostile-id");
    const json = readFileSync(join(object, "v1/content/document.json"), "utf8").replace('"id": "rammeaftale-html"', '"id": "../../X"');
    rewriteConsistently(object, "document.json", Buffer.from(json));
    expect(verify(s.archive).status).toBe(0);
    const r = run(s);
    expect(r.status).toBe(1);
    expect(report(s.out).publish.failed).toEqual([expect.objectContaining({ id: "rammeaftale-html", code: "publish-error" })]);
    expect(readdirSync(s.dir).filter((e) => !e.startsWith(".")).sort()).toEqual(["archive", "output", "sources"]);
    expect(existsSync(join(s.out, "..", "..", "X.json"))).toBe(false);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["socialaftale-html.json", "socialaftale-html.md"]);
  });
});

/** Replaces a head file's content and recomputes every digest that names it, as a careful attacker would. */
function rewriteConsistently(object: string, logicalPath: string, bytes: Buffer): void {
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

function canMountTmpfs(): boolean {
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

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

/**
 * `arkiv run` as an ordinary user: root reads every folder whatever its mode, so a test of an
 * unreadable folder runs the command as `nobody` when the tests run as root.
 */
function runAsUser(s: { dir: string; sources: string; out: string }) {
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

/**
 * Runs `arkiv` and follows the peak resident memory (VmHWM) of its process and every process it
 * starts, read from /proc while it runs. The malloc setting is given so the command does not start
 * itself again (it would only add a small launcher process).
 */
function measured(args: string[]): Promise<{ status: number | null; peakMb: number }> {
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

function processTree(pid: number): number[] {
  const children = readProc(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

function readProc(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

describe("5. dangerous link schemes", () => {
  const UNSAFE = /(?:java|vb)\s*script:|data:/i;

  it("keeps only http, https, mailto and relative links in the record, the Markdown and the catalogue; the text stays", () => {
    const s = scratch("links");
    writeFileSync(
      join(s.sources, "side.html"),
      `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Bilag til Socialaftale 2024</title></head><body>
<h1>Bilag til Socialaftale 2024</h1>
<p>Læs <a href="javascript:alert(document.cookie)">Takstbilag 2024 (PDF)</a> og <a href="https://www.rn.dk/takst-2024.pdf">Takstbilag 2023 (PDF)</a>.</p>
<ul>
<li><a href="JaVa&#9;ScRiPt:alert(1)">Bilag 1: Udviklingsstrategi 2024 (PDF)</a></li>
<li><a href=" vbscript:msgbox(1)">Bilag 2: Styringsaftale 2024 (PDF)</a></li>
<li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Bilag 3: Kvalitetsstandarder (PDF)</a></li>
<li><a href="bilag/bilag-4.pdf">Bilag 4: Centrale udmeldinger (PDF)</a></li>
<li><a href="mailto:socialaftale@rn.dk">Skriv til sekretariatet</a></li>
</ul></body></html>`,
    );
    expect(run(s).status).toBe(0);
    const json = readFileSync(join(s.out, "documents/side-html.json"), "utf8");
    const markdown = readFileSync(join(s.out, "documents/side-html.md"), "utf8");
    const catalogue = readFileSync(join(s.out, "catalogue.json"), "utf8");
    const search = readFileSync(join(s.out, "search/documents.ndjson"), "utf8");
    for (const text of [json, markdown, catalogue, search]) expect(text).not.toMatch(UNSAFE);
    const record = JSON.parse(json) as { links: { href: string }[]; warnings: { code: string; message: string }[]; metadata: { attachments: { title: string; href: string | null }[] } };
    expect(record.links.map((l) => l.href)).toEqual(["https://www.rn.dk/takst-2024.pdf", "bilag/bilag-4.pdf", "mailto:socialaftale@rn.dk"]);
    expect(record.warnings.filter((w) => w.code === "link-dropped").map((w) => /scheme "(\w+)" was dropped( \(\d times\))?/.exec(w.message)?.slice(1))).toEqual([
      ["javascript", undefined],
      ["javascript", undefined],
      ["vbscript", undefined],
      ["data", undefined],
    ]);
    // The words of a dropped link are still read.
    expect(markdown).toMatch(/Læs Takstbilag 2024 \(PDF\) og \[Takstbilag 2023 \(PDF\)\]\(https:\/\/www\.rn\.dk\/takst-2024\.pdf\)/);
    expect(markdown).toContain("Bilag 2: Styringsaftale 2024 (PDF)");
    expect(record.metadata.attachments.every((a) => a.href === null || !UNSAFE.test(a.href))).toBe(true);
  });

  it("drops a javascript: link annotation of a PDF", () => {
    const s = scratch("pdf-link");
    writeFileSync(join(s.sources, "link.pdf"), pdfWithLink("Se bilag til aftalen", "javascript:app.alert(1)"));
    expect(run(s).status).toBe(0);
    const record = JSON.parse(readFileSync(join(s.out, "documents/link-pdf.json"), "utf8")) as { links: unknown[]; warnings: { code: string; page: number | null }[]; pages: { text: string }[] };
    expect(record.pages[0]!.text).toContain("Se bilag til aftalen");
    expect(record.links).toEqual([]);
    expect(record.warnings.find((w) => w.code === "link-dropped")).toMatchObject({ page: 1 });
    expect(readFileSync(join(s.out, "documents/link-pdf.md"), "utf8")).not.toMatch(UNSAFE);
  });
});

/** A one-page PDF with a line of text under a link annotation to `uri`, written out object by object. */
function pdfWithLink(text: string, uri: string): Buffer {
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

describe("7. signals", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    it(`${signal} to the command's process stops its OCR workers at once and leaves a report and a valid archive`, async () => {
      const s = scratch(`signal-${signal}`);
      writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
      writeFileSync(join(s.sources, "scan.pdf"), readFileSync(shared("corpus/slides-2021-2022-scan.pdf")));
      const child = spawn(process.execPath, [`${PROJECT}bin/arkiv.js`, "run", s.sources, "--out", s.out, "--ocr", "force", "--jobs", "1", "-q"], { cwd: PROJECT, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
      // Wait until the scan is in OCR: the command, its worker process and the worker's OCR threads are busy.
      let tree: number[] = [];
      for (let i = 0; i < 600 && !existsSync(join(s.archive, "0=ocfl_1.1")); i++) await sleep(50);
      for (let i = 0; i < 600; i++) {
        tree = processTree(child.pid!);
        if (tree.length >= 3) break;
        await sleep(50);
      }
      expect(tree.length).toBeGreaterThanOrEqual(3);
      await sleep(1500);
      tree = processTree(child.pid!);
      process.kill(child.pid!, signal);
      expect(await exited).toBe(code);
      // Every process of the run is gone (a killed process may take a moment to be reaped).
      for (let i = 0; i < 40 && tree.some(isRunning); i++) await sleep(50);
      expect(tree.filter(isRunning)).toEqual([]);

      const rep = report(s.out);
      expect(rep.files.find((f) => f.path === "scan.pdf")!.error?.code).toBe("interrupted");
      expect(rep.publish.error?.code).toBe("interrupted");
      expect(verify(s.archive).status).toBe(0);
      // The lock was let go, and --retry-failed takes up what was not finished.
      expect(run(s, "--retry-failed").status).toBe(0);
      expect(report(s.out).files.map((f) => [f.path, f.outcome])).toEqual([["scan.pdf", "ok"]]);
    });
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a process runs (a zombie waiting to be reaped does not). */
function isRunning(pid: number): boolean {
  const state = /State:\s+(\w)/.exec(readProc(`/proc/${pid}/status`))?.[1];
  return state !== undefined && state !== "Z" && state !== "X";
}

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
