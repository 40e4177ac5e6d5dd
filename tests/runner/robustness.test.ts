// The whole of shared/testdata/fuzz and shared/testdata/pdfjs through the batch runner, in worker
// processes: every file gets an outcome (a record or a named error), nothing crashes or hangs, the
// files pdf.js reads give their text, the files pdf.js rejects are "corrupt", the passwords pdf.js's
// manifest lists open their files, and a second run gives the same outcomes.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model/document.ts";
import type { RunReport } from "../../src/model/job.ts";
import { createProgress } from "../../src/runner/progress.ts";
import { runBatch, type RunOptions } from "../../src/runner/run.ts";
import { shared } from "../helpers/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-robust-"));
const roots = [shared("testdata/fuzz"), shared("testdata/pdfjs")];

interface ManifestRow {
  file: string;
  category: string;
  note: string;
  types: string;
  password: string;
  popplerTextChars: number;
}
const manifest: ManifestRow[] = readFileSync(shared("testdata/pdfjs/MANIFEST.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const c = line.split("\t");
    return { file: c[0]!, category: c[1]!, note: c[2]!, types: c[4]!, password: c[5]!, popplerTextChars: Number(c[11]) || 0 };
  });

function options(name: string, passwords?: Map<string, string>): RunOptions {
  return {
    outDir: join(dir, name, "output"),
    archiveRoot: join(dir, name, "archive"),
    concurrency: 2,
    // Reading, not OCR, is under test here: the OCR tests read scans (and this keeps the run short).
    extract: { repair: true, ocr: "off" },
    timeoutMs: 120_000,
    passwords,
    progress: createProgress({ quiet: true }),
  };
}

let first: RunReport;
let second: RunReport;
const record = (report: RunReport, name: string, path: string): DocumentRecord =>
  JSON.parse(readFileSync(join(dir, name, "output", "documents", `${report.files.find((f) => f.path === path)!.id}.json`), "utf8")) as DocumentRecord;

beforeAll(async () => {
  const passwordFile = new Map(manifest.filter((m) => m.password).map((m) => [`pdfjs/${m.file}`, m.password]));
  first = await runBatch(roots, options("first", passwordFile));
  second = await runBatch(roots, options("second", passwordFile));
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string, prefix: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith(".") && !e.parentPath.split("/").some((p) => p.startsWith(".")))
    .map((e) => `${prefix}/${join(e.parentPath, e.name).slice(root.length + 1)}`)
    .sort();
}

describe("every bad, odd or hostile file", () => {
  it("gets an outcome: a record or a named error, no crash, no hang, no invalid record", () => {
    const all = [...listFiles(shared("testdata/fuzz"), "fuzz"), ...listFiles(shared("testdata/pdfjs"), "pdfjs")].sort();
    expect(first.files.map((f) => f.path).sort()).toEqual(all);
    const bad = first.files.filter((f) => f.error && ["crashed", "timeout", "invalid-record", "archive-error"].includes(f.error.code));
    expect(bad.map((f) => `${f.path}: ${f.error!.code}: ${f.error!.message}`)).toEqual([]);
    for (const f of first.files.filter((f) => f.outcome === "failed")) expect(f.error!.message.length, f.path).toBeGreaterThan(5);
  });

  it("gives the same outcomes on a second run", () => {
    const outcomes = (r: RunReport) => r.files.map((f) => `${f.path} ${f.outcome} ${f.error?.code ?? ""} ${f.pages ?? ""}`);
    expect(outcomes(second)).toEqual(outcomes(first));
  });

  it("refuses the pixel bombs by name before decoding them", () => {
    const byPath = new Map(first.files.map((f) => [f.path, f]));
    expect(byPath.get("fuzz/sharp-images/65536-uint32-limit.png")?.error?.code).toBe("too-large");
    expect(byPath.get("fuzz/ocrmypdf-oddities/hugemono.pdf")?.error?.code).toBe("too-large");
    expect(byPath.get("fuzz/sharp-images/giant-image.jpg")?.error?.code).toBe("too-large");
  });
});

describe("pdf.js's own expectations (testdata/pdfjs/MANIFEST.tsv)", () => {
  it("the three files pdf.js expects to throw are corrupt", () => {
    const throwing = manifest.filter((m) => /expects InvalidPDFException/.test(m.note)).map((m) => m.file);
    expect(throwing).toHaveLength(3);
    for (const file of throwing) expect(first.files.find((f) => f.path === `pdfjs/${file}`)?.error?.code, file).toBe("corrupt");
  });

  it("the files pdf.js loads give their text where they have any", () => {
    const loads = manifest.filter((m) => /eq|load|text/.test(m.types) && !m.password && m.popplerTextChars > 5);
    expect(loads.length).toBeGreaterThan(20);
    for (const m of loads) {
      const f = first.files.find((x) => x.path === `pdfjs/${m.file}`)!;
      expect(f.outcome, m.file).toBe("ok");
      const text = record(first, "first", f.path).pages.map((p) => p.text).join("");
      expect(text.replace(/\s+/g, "").length, m.file).toBeGreaterThan(0);
    }
  });

  it("opens the encrypted files with the passwords the manifest lists, and names the ones without", () => {
    for (const m of manifest.filter((m) => m.password)) expect(first.files.find((f) => f.path === `pdfjs/${m.file}`)?.outcome, m.file).toBe("ok");
    expect(first.files.find((f) => f.path === "pdfjs/print_protection.pdf")?.error?.code).toBe("password-required");
  });
});
