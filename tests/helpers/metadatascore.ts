// Scoring extracted metadata against a document's expected.json (tests/devset/metadata): per field
// true and false positives, timeline rows matched one to one (ISO range equal, forum equal by the
// gazetteer, action token F1 >= 0.6), table cells read right. Shared by bench:metadata and the tests.
import { forumsIn } from "../../pipeline/metadata/forums.ts";
import { fold } from "../../pipeline/metadata/types.ts";
import type { DocumentRecord } from "../../src/model/document.ts";

/** Action token F1 from which a timeline row matches (the rule). */
export const ACTION_F1 = 0.6;
const FOCUS_F1 = 0.8;
const ATTACHMENT_F1 = 0.6;

export interface ExpectedRow {
  when: string;
  date: { from: string; to: string } | null;
  forum: string | null;
  action: string;
  yearInferred?: boolean;
  page?: number;
}
export interface Expected {
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

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export const FIELDS = ["period", "type", "forums", "focus", "attachments", "timeline"] as const;
export type Field = (typeof FIELDS)[number];

export interface Scored {
  counts: Record<Field, Counts>;
  cells: { right: number; total: number };
  nonPlanRows: number;
  missed: ExpectedRow[];
  extra: { when: string; date: unknown; forum: string | null; action: string }[];
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

export function scoreRecord(exp: Expected, record: DocumentRecord): Scored {
  const md = record.metadata;
  const timeline = matchSets(exp.timeline, md.timeline, (e, p) => {
    if (!sameRange(e.date, p.date) || canonicalForum(e.forum) !== canonicalForum(p.forum)) return 0;
    const f1 = tokenF1(p.action, e.action);
    return f1 >= ACTION_F1 ? f1 : 0;
  });
  const nonPlanPages = new Set(exp.tables.filter((t) => !t.timeline).map((t) => t.page));
  const planPages = new Set(exp.tables.filter((t) => t.timeline).map((t) => t.page));
  return {
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

export function prf(c: Counts): { p: number; r: number; f1: number } {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

export function sum(results: readonly { counts: Record<Field, Counts> }[], field: Field): Counts {
  return results.reduce((s, r) => ({ tp: s.tp + r.counts[field].tp, fp: s.fp + r.counts[field].fp, fn: s.fn + r.counts[field].fn }), { tp: 0, fp: 0, fn: 0 });
}

