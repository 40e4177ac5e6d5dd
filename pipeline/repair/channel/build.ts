// Estimate the OCR channels from the repair development set and write channel-eng.json and
// channel-dan.json beside this file, then print the held-out oracle figures for the README.
//   node --import tsx pipeline/repair/channel/build.ts [pages-folder]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectPath } from "../../../src/paths.ts";
import { alignTokens, estimateChannel, isEstimationPage, tokenize, type TextPair } from "./estimate.ts";
import { channelCandidates, foldCase, prepareChannel, type CandidateOptions, type ChannelModel, type LoadedChannel } from "./model.ts";

export const DEFAULT_PAGES = projectPath("..", "shared", "testdata", "repair-dev", "pages");

export type ChannelName = "eng" | "dan";

const OCR_DESCRIPTION: Record<ChannelName, string> = {
  eng: "tesseract 5.3.0, English model, on Danish text: the damage of legacy wrong-language OCR",
  dan: "tesseract 5.3.0, Danish model: the residual errors of good Danish OCR",
};

/** Page ids in the folder that have a truth file, sorted. */
export function pageIds(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".gt.txt"))
    .map((f) => f.slice(0, -".gt.txt".length))
    .sort();
}

export function readPage(dir: string, id: string, channel: ChannelName): TextPair {
  return { ocr: readFileSync(join(dir, `${id}.${channel}.txt`), "utf8"), truth: readFileSync(join(dir, `${id}.gt.txt`), "utf8") };
}

/** The split of the folder's pages: estimation (about 80%) and held out (the rest), see isEstimationPage. */
export function splitPages(dir: string): { estimation: string[]; heldOut: string[] } {
  const ids = pageIds(dir);
  return { estimation: ids.filter(isEstimationPage), heldOut: ids.filter((id) => !isEstimationPage(id)) };
}

/**
 * JSON with sorted keys and numbers rounded to 6 significant digits, so a rebuild diffs cleanly in
 * git; a rule's [count, probability] stays on one line.
 */
export function stableJson(value: unknown): string {
  const text = JSON.stringify(sortKeys(value), null, 1);
  return text.replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, "[$1, $2]") + "\n";
}

function sortKeys(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function buildChannel(dir: string, channel: ChannelName): ChannelModel {
  const { estimation, heldOut } = splitPages(dir);
  const model = estimateChannel(estimation.map((id) => readPage(dir, id, channel)));
  return {
    ...model,
    channel,
    description: `P(OCR string | true string) for strings of 0-3 characters, lower-cased; OCR: ${OCR_DESCRIPTION[channel]}`,
    source: {
      dataset: "shared/testdata/repair-dev (71 pages rendered with text2image in 6 fonts and 4 sizes, every third degraded)",
      text: "UD_Danish-DDT dev split sentences",
      licence: "CC BY-SA 4.0 (see shared/lexicon/UD_Danish-DDT_LICENSE.txt); this table is a derived work under the same licence",
      ocr: `pages/<id>.${channel}.txt aligned with pages/<id>.gt.txt`,
    },
    split: {
      rule: "a page is used for estimation when the first 32 bits (big-endian) of sha256(page id) modulo 100 are below 80",
      estimationPages: estimation,
      heldOutPages: heldOut,
    },
    smoothing: "Witten-Bell per truth string: P = c / (N + T); context rules seen once dropped after smoothing",
  };
}

/** A word as the repair stage sees it: the token without the punctuation around it. */
export function core(token: string): string {
  return token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

export interface OracleResult {
  /** Held-out word pairs where the OCR word differs from the true word other than in case alone. */
  damaged: number;
  /** Pairs that differ only in case ("Sig" for "sig"): left out, the channel works on lower case. */
  caseOnly: number;
  top1: number;
  top5: number;
  top20: number;
  /** Mean number of candidates returned per damaged word. */
  meanCandidates: number;
  /** Mean time per word in milliseconds. */
  msPerWord: number;
  /** Damaged pairs whose truth was not among the candidates (for inspection). */
  misses: TextPair[];
}

/**
 * Oracle recall: for each damaged word (OCR core ≠ true core beyond case), the rank of the true word
 * (exact case) among the channel's candidates, no lexicon. The unchanged OCR word is left out of the ranking: it is
 * known to be wrong here, and the stage always has it anyway.
 */
export function oracle(pairs: readonly TextPair[], channel: LoadedChannel, options: CandidateOptions): OracleResult {
  const damaged: TextPair[] = [];
  let caseOnly = 0;
  for (const page of pairs) {
    for (const p of alignTokens(tokenize(page.ocr), tokenize(page.truth))) {
      const ocr = core(p.ocr);
      const truth = core(p.truth);
      if (!ocr || !truth || ocr === truth) continue;
      if (foldCase(ocr) === foldCase(truth)) caseOnly++;
      else damaged.push({ ocr, truth });
    }
  }
  const hits = { top1: 0, top5: 0, top20: 0 };
  const misses: TextPair[] = [];
  let candidates = 0;
  const start = performance.now();
  for (const d of damaged) {
    const list = channelCandidates(d.ocr, channel, { ...options, includeIdentity: false });
    candidates += list.length;
    const rank = list.findIndex((c) => c.candidate === d.truth);
    if (rank === 0) hits.top1++;
    if (rank >= 0 && rank < 5) hits.top5++;
    if (rank >= 0 && rank < 20) hits.top20++;
    if (rank < 0 || rank >= 20) misses.push(d);
  }
  const ms = performance.now() - start;
  const n = Math.max(damaged.length, 1);
  return {
    damaged: damaged.length,
    caseOnly,
    top1: hits.top1 / n,
    top5: hits.top5 / n,
    top20: hits.top20 / n,
    meanCandidates: candidates / n,
    msPerWord: ms / n,
    misses,
  };
}

/** The most frequent edit rules (identity left out), for the README. */
export function topRules(model: ChannelModel, limit: number): { truth: string; ocr: string; count: number; p: number }[] {
  const rows: { truth: string; ocr: string; count: number; p: number }[] = [];
  for (const [truth, entry] of Object.entries(model.rules)) {
    for (const [ocr, [count, p]] of Object.entries(entry.to)) if (ocr !== truth) rows.push({ truth, ocr, count, p });
  }
  rows.sort((a, b) => b.count - a.count || b.p - a.p || (a.truth + a.ocr < b.truth + b.ocr ? -1 : 1));
  return rows.slice(0, limit);
}

function main(): void {
  const dir = process.argv[2] ?? DEFAULT_PAGES;
  for (const name of ["eng", "dan"] as const) {
    const model = buildChannel(dir, name);
    const out = projectPath("pipeline", "repair", "channel", `channel-${name}.json`);
    const json = stableJson(model);
    writeFileSync(out, json);
    const { heldOut } = splitPages(dir);
    // Evaluate what was written: rounding to 6 digits can reorder near-ties.
    const result = oracle(
      heldOut.map((id) => readPage(dir, id, name)),
      prepareChannel(JSON.parse(json) as ChannelModel),
      { maxEdits: 3, maxCandidates: 20 },
    );
    const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
    console.log(`${out}: ${JSON.stringify(model.stats)}`);
    console.log(
      `  held-out oracle (${result.damaged} damaged words, ${result.caseOnly} case-only left out): top-1 ${pct(result.top1)}, top-5 ${pct(result.top5)}, ` +
        `top-20 ${pct(result.top20)}, ${result.meanCandidates.toFixed(1)} candidates/word, ${result.msPerWord.toFixed(3)} ms/word`,
    );
    for (const r of topRules(model, 25)) console.log(`  ${JSON.stringify(r.truth)} -> ${JSON.stringify(r.ocr)}  ${r.count}  ${r.p.toFixed(4)}`);
    if (process.env.CHANNEL_MISSES) for (const m of result.misses) console.log(`  miss: ${m.ocr} (truth ${m.truth})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
