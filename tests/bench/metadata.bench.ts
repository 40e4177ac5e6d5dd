// Benchmark: metadata on the metadata development set (tests/devset/metadata), as a user runs arkiv
// (`arkiv extract FILE --json`) on every version of every document: the scan, the legacy PDF with
// an English text layer, the born-digital PDF and, for decks, the PowerPoint file.
//
//   npm run bench:metadata                          # every document and version
//   npm run bench:metadata -- --split heldout       # the held-out third only (dev | heldout | all)
//   npm run bench:metadata -- --only ID --version scan
//   npm run -s bench:metadata -- --json > meta.json
//   npm run bench:metadata -- --verbose             # every missed and extra timeline row
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
import { forumsIn } from "../../pipeline/metadata/forums.ts";
import { fold } from "../../pipeline/metadata/types.ts";
import type { DocumentRecord } from "../../src/model/document.ts";
import { PROJECT } from "../helpers/shared.ts";

const DEVSET = join(PROJECT, ".devset/metadata");
const BUILD = join(PROJECT, "tests/devset/metadata/build.mjs");
const ARKIV_BIN = join(PROJECT, "bin/arkiv.js");
/** The issue's bars. */
const TARGET = { timelineF1: 0.95, cellAccuracy: 0.95 };
/** Action token F1 from which a timeline row matches (the issue's rule). */
const ACTION_F1 = 0.6;
const FOCUS_F1 = 0.8;
const ATTACHMENT_F1 = 0.6;

const VERSIONS = ["scan", "legacy", "pdf", "pptx"] as const;
type Version = (typeof VERSIONS)[number];

interface ExpectedRow {
  when: string;
  date: { from: string; to: string } | null;
  forum: string | null;
  action: string;
  yearInferred?: boolean;
  page?: number;
}
interface Expected {
  id: string;
  layout: "slides" | "pages";
  period: { from: number; to: number } | null;
  documentType: string | null;
  forums: string[];
  focusAreas: string[];
  attachments: { label: string | null; title: string }[];
  timeline: ExpectedRow[];
  tables: { page: number; timeline: boolean; rows: string[][] }[];
}
/** A document of the set: its expected.json and the file of each version built (paths relative to the set). */
type ManifestDoc = {
  id: string;
  split: "dev" | "heldout";
  layout: string;
  expected: string;
} & Partial<Record<Version, string | null>>;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const FIELDS = ["period", "type", "forums", "focus", "attachments", "timeline"] as const;
type Field = (typeof FIELDS)[number];

interface DocResult {
  id: string;
  split: string;
  version: Version;
  counts: Record<Field, Counts>;
  cells: { right: number; total: number };
  nonPlanRows: number;
  missed: ExpectedRow[];
  extra: { when: string; date: unknown; forum: string | null; action: string }[];
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

const tokens = (text: string) => fold(text).split(/[^\p{L}\d]+/u).filter(Boolean);

function tokenF1(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  if (!x.length && !y.length) return 1;
  const pool = new Map<string, number>();
  for (const t of y) pool.set(t, (pool.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of x) {
    const n = pool.get(t) ?? 0;
    if (n > 0) {
      common++;
      pool.set(t, n - 1);
    }
  }
  if (!common) return 0;
  const p = common / x.length;
  const r = common / y.length;
  return (2 * p * r) / (p + r);
}

const canonicalForum = (text: string | null) => (text ? (forumsIn(text)[0]?.forum.name ?? fold(text).trim()) : null);
const sameRange = (a: { from: string; to: string } | null, b: { from: string; to: string } | null) => a !== null && b !== null && a.from === b.from && a.to === b.to;

/** One-to-one matching: each expected item takes the best unused predicted item that matches. */
function matchSets<E, P>(expected: readonly E[], predicted: readonly P[], score: (e: E, p: P) => number): { counts: Counts; missed: E[]; extra: P[] } {
  const used = new Set<number>();
  const missed: E[] = [];
  for (const e of expected) {
    let best = -1;
    let bestScore = 0;
    for (const [i, p] of predicted.entries()) {
      if (used.has(i)) continue;
      const s = score(e, p);
      if (s > bestScore) [best, bestScore] = [i, s];
    }
    if (best >= 0) used.add(best);
    else missed.push(e);
  }
  const extra = predicted.filter((_, i) => !used.has(i));
  return { counts: { tp: expected.length - missed.length, fp: extra.length, fn: missed.length }, missed, extra };
}

function single<T>(expected: T | null, predicted: T | null, equal: (a: T, b: T) => boolean): Counts {
  if (expected === null) return { tp: 0, fp: predicted === null ? 0 : 1, fn: 0 };
  if (predicted === null) return { tp: 0, fp: 0, fn: 1 };
  return equal(expected, predicted) ? { tp: 1, fp: 0, fn: 0 } : { tp: 0, fp: 1, fn: 1 };
}

const cellText = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/** Expected cells read right, rows aligned in order (the alignment that gets most cells right). */
function cellScore(expected: readonly string[][], predicted: readonly string[][]): number {
  const same = (e: readonly string[], p: readonly string[]) => e.filter((c, i) => cellText(c) === cellText(p[i] ?? "")).length;
  const n = expected.length;
  const m = predicted.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) best[i]![j] = Math.max(best[i - 1]![j]!, best[i]![j - 1]!, best[i - 1]![j - 1]! + same(expected[i - 1]!, predicted[j - 1]!));
  }
  return best[n]![m]!;
}

function tableCells(exp: Expected, record: DocumentRecord): { right: number; total: number } {
  let right = 0;
  let total = 0;
  for (const table of exp.tables) {
    total += table.rows.reduce((s, r) => s + r.length, 0);
    const candidates = (record.pages[table.page - 1]?.blocks ?? []).filter((b) => b.type === "table");
    right += Math.max(0, ...candidates.map((b) => (b.type === "table" ? cellScore(table.rows, b.rows) : 0)));
  }
  return { right, total };
}

function score(doc: ManifestDoc, exp: Expected, version: Version, record: DocumentRecord): DocResult {
  const md = record.metadata;
  const timeline = matchSets(exp.timeline, md.timeline, (e, p) => {
    if (!sameRange(e.date, p.date) || canonicalForum(e.forum) !== canonicalForum(p.forum)) return 0;
    const f1 = tokenF1(p.action, e.action);
    return f1 >= ACTION_F1 ? f1 : 0;
  });
  const nonPlanPages = new Set(exp.tables.filter((t) => !t.timeline).map((t) => t.page));
  const planPages = new Set(exp.tables.filter((t) => t.timeline).map((t) => t.page));
  return {
    id: doc.id,
    split: doc.split,
    version,
    counts: {
      period: single(exp.period, md.period, (a, b) => a.from === b.from && a.to === b.to),
      type: single(exp.documentType, md.documentType, (a, b) => a === b),
      forums: matchSets(exp.forums, md.forums, (e, p) => (e === p ? 1 : 0)).counts,
      focus: matchSets(exp.focusAreas, md.focusAreas, (e, p) => (tokenF1(p, e) >= FOCUS_F1 ? tokenF1(p, e) : 0)).counts,
      attachments: matchSets(exp.attachments, md.attachments, (e, p) => (e.label === p.label && tokenF1(p.title, e.title) >= ATTACHMENT_F1 ? 1 : 0)).counts,
      timeline: timeline.counts,
    },
    cells: tableCells(exp, record),
    nonPlanRows: md.timeline.filter((t) => t.source === "table" && nonPlanPages.has(t.page) && !planPages.has(t.page)).length,
    missed: timeline.missed,
    extra: timeline.extra.map((t) => ({ when: t.when, date: t.date, forum: t.forum, action: t.action })),
  };
}

function prf(c: Counts): { p: number; r: number; f1: number } {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

function sum(results: readonly DocResult[], field: Field): Counts {
  return results.reduce((s, r) => ({ tp: s.tp + r.counts[field].tp, fp: s.fp + r.counts[field].fp, fn: s.fn + r.counts[field].fn }), { tp: 0, fp: 0, fn: 0 });
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
        results.push(score(doc, exp, version, out.record ?? out));
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
    if (o.verbose) {
      for (const m of r.missed) console.log(`      missed ${JSON.stringify([m.when, m.date, m.forum, m.action])}`);
      for (const e of r.extra) console.log(`      extra  ${JSON.stringify([e.when, e.date, e.forum, e.action])}`);
    }
  }
}

await main();
