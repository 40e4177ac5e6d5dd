// Benchmark: metadata on the metadata development set (tests/devset/metadata), as a user runs arkiv
// (`arkiv extract FILE --json`) on every version of every document: the scan, the legacy PDF with
// an English text layer, the born-digital PDF and, for decks, the PowerPoint file.
//
//   npm run bench:metadata                          # every document and version
//   npm run bench:metadata -- --split heldout       # the held-out third only (dev | heldout | all)
//   npm run bench:metadata -- --only ID --version scan
//   npm run -s bench:metadata -- --json > meta.json
//   npm run bench:metadata -- --verbose             # every missed and extra timeline row of dev documents
//                                                   # (held-out rows only with --split heldout)
//
// Figures, per version and split:
//   period, type        exact value; precision over documents given a value, recall over documents that have one
//   forums, focus       sets; a focus area matches on token F1 >= 0.8 (OCR may cost a letter)
//   attachments         label equal and title token F1 >= 0.6
//   timeline            rows matched one to one: ISO range equal, forum equal (both by the gazetteer, or
//                       both none) and action token F1 >= 0.6
//   cells               table cell accuracy: expected cells read exactly (spaces and case aside), rows
//                       aligned in order, over every expected table
//   non-plan rows       timeline rows taken from tables that are not plans (should be 0)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { DocumentRecord } from "../../src/model/document.ts";
import { FIELDS, prf, scoreRecord, sum, type Expected, type Scored } from "../helpers/metadatascore.ts";
import { PROJECT } from "../helpers/shared.ts";

const DEVSET = join(PROJECT, ".devset/metadata");
const BUILD = join(PROJECT, "tests/devset/metadata/build.mjs");
const ARKIV_BIN = join(PROJECT, "bin/arkiv.js");
/** The issue's bars. */
const TARGET = { timelineF1: 0.95, cellAccuracy: 0.95 };

const VERSIONS = ["scan", "legacy", "pdf", "pptx"] as const;
type Version = (typeof VERSIONS)[number];

/** A document of the set: its expected.json and the file of each version built (paths relative to the set). */
type ManifestDoc = {
  id: string;
  split: "dev" | "heldout";
  layout: string;
  expected: string;
} & Partial<Record<Version, string | null>>;

interface DocResult extends Scored {
  id: string;
  split: string;
  version: Version;
  error?: string;
}

function options() {
  const { values } = parseArgs({
    options: {
      split: { type: "string", default: "all" },
      only: { type: "string" },
      version: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
    },
  });
  return values;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(out).toString("utf8")) : reject(new Error(`${cmd} exited ${code}: ${Buffer.concat(err).toString("utf8").slice(0, 400)}`))));
  });
}

async function main(): Promise<void> {
  const o = options();
  const build = spawnSync(process.execPath, [BUILD], { stdio: ["ignore", o.json ? 2 : "inherit", "inherit"] });
  if (build.status !== 0) throw new Error("building the metadata development set failed (see above)");
  const manifest = JSON.parse(readFileSync(join(DEVSET, "manifest.json"), "utf8")) as { documents: ManifestDoc[] };
  const docs = manifest.documents.filter((d) => (o.split === "all" || d.split === o.split) && (!o.only || o.only.split(",").includes(d.id)));
  const versions = VERSIONS.filter((v) => !o.version || o.version.split(",").includes(v));
  const results: DocResult[] = [];
  for (const doc of docs) {
    const exp = JSON.parse(readFileSync(join(DEVSET, doc.expected), "utf8")) as Expected;
    for (const version of versions) {
      const file = doc[version];
      if (!file || !existsSync(join(DEVSET, file))) continue;
      try {
        const out = JSON.parse(await run(process.execPath, [ARKIV_BIN, "extract", join(DEVSET, file), "--json"])) as { record?: DocumentRecord } & DocumentRecord;
        results.push({ id: doc.id, split: doc.split, version, ...scoreRecord(exp, out.record ?? out) });
      } catch (err) {
        const zero = { tp: 0, fp: 0, fn: 0 };
        results.push({ id: doc.id, split: doc.split, version, counts: Object.fromEntries(FIELDS.map((f) => [f, zero])) as DocResult["counts"], cells: { right: 0, total: 0 }, nonPlanRows: 0, missed: [], extra: [], error: (err as Error).message });
      }
      if (!o.json) process.stderr.write(`  ${doc.id} ${version}\n`);
    }
  }
  const groups: { name: string; rows: DocResult[] }[] = [];
  for (const split of ["dev", "heldout", "all"]) {
    for (const version of [...versions, "all"] as const) {
      const rows = results.filter((r) => (split === "all" || r.split === split) && (version === "all" || r.version === version));
      if (rows.length) groups.push({ name: `${split}/${version}`, rows });
    }
  }
  const summary = groups.map(({ name, rows }) => {
    const cells = rows.reduce((s, r) => ({ right: s.right + r.cells.right, total: s.total + r.cells.total }), { right: 0, total: 0 });
    return {
      group: name,
      documents: rows.length,
      fields: Object.fromEntries(FIELDS.map((f) => [f, { ...sum(rows, f), ...prf(sum(rows, f)) }])),
      cellAccuracy: cells.total ? cells.right / cells.total : null,
      nonPlanRows: rows.reduce((s, r) => s + r.nonPlanRows, 0),
      errors: rows.filter((r) => r.error).length,
    };
  });
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ target: TARGET, summary, documents: results }, null, 2)}\n`);
    return;
  }
  const pct = (v: number | null) => (v === null ? "   –  " : `${(100 * v).toFixed(1).padStart(5)}%`);
  console.log(`\n${"group".padEnd(16)} docs ${FIELDS.map((f) => f.padStart(11)).join("")}   cells  non-plan`);
  for (const s of summary) {
    console.log(`${s.group.padEnd(16)} ${String(s.documents).padStart(4)} ${FIELDS.map((f) => `${pct(s.fields[f]!.f1)}    `).join("")} ${pct(s.cellAccuracy)} ${String(s.nonPlanRows).padStart(6)}${s.errors ? `  errors ${s.errors}` : ""}`);
  }
  console.log("\n(F1 per field; timeline rows: ISO range, forum and action token F1 >= 0.6, one to one)");
  console.log(`\nper document: timeline F1 (tp/fp/fn) and cells`);
  for (const r of results) {
    const t = r.counts.timeline;
    console.log(`  ${r.split.padEnd(7)} ${r.id.padEnd(32)} ${r.version.padEnd(6)} ${pct(prf(t).f1)} (${t.tp}/${t.fp}/${t.fn})  cells ${r.cells.total ? pct(r.cells.right / r.cells.total) : "   –  "}${r.error ? `  ERROR ${r.error.slice(0, 120)}` : ""}`);
    // A held-out document's rows are listed only when the held-out split is asked for by name:
    // whoever tunes on the dev set must not see them by the way.
    if (o.verbose && (r.split !== "heldout" || o.split === "heldout")) {
      for (const m of r.missed) console.log(`      missed ${JSON.stringify([m.when, m.date, m.forum, m.action])}`);
      for (const e of r.extra) console.log(`      extra  ${JSON.stringify([e.when, e.date, e.forum, e.action])}`);
    }
  }
}

await main();
