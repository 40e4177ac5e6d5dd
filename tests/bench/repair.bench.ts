// Repair benchmark (npm run bench:repair): dictionary load time and repair throughput in tokens/s
// on one core, on the repair development pages. A plain script, not a vitest test: timings inside
// vitest's workers would include the harness.
//   npm run bench:repair              # the figures as a table
//   npm run -s bench:repair -- --json # as JSON
import { readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { danishBigrams } from "../../pipeline/repair/bigrams.ts";
import { loadChannel } from "../../pipeline/repair/channel/model.ts";
import { createCorrector, type RepairMode } from "../../pipeline/repair/correct.ts";
import { danishLexicon } from "../../pipeline/repair/lexicon.ts";
import { repairText } from "../../pipeline/repair/text.ts";
import { shared } from "../helpers/shared.ts";

const json = process.argv.includes("--json");
const PAGES = shared("testdata/repair-dev/pages/");
const ids = readdirSync(PAGES).filter((f) => f.endsWith(".gt.txt")).map((f) => f.slice(0, -".gt.txt".length)).sort();
const load = loadavg()[0]!;

const t0 = performance.now();
const lexicon = danishLexicon();
const lexiconMs = performance.now() - t0;
const tb = performance.now();
const bigrams = danishBigrams();
const bigramMs = performance.now() - tb;
const t1 = performance.now();
const channels = { eng: loadChannel("eng"), dan: loadChannel("dan") };
const channelMs = performance.now() - t1;

interface Row {
  input: string;
  mode: RepairMode;
  pages: number;
  tokens: number;
  repairs: number;
  setupMs: number;
  seconds: number;
  tokensPerSecond: number;
}

/**
 * One corrector per page, as if every page were a document of its own: its word cache starts
 * empty each time, so the figure is a floor (a real document repeats its words more).
 */
function run(kind: "eng" | "dan" | "gt", mode: RepairMode): Row {
  const texts = ids.map((id) => readFileSync(`${PAGES}${id}.${kind}.txt`, "utf8"));
  const tokens = texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
  const channel = mode === "restore" ? channels.eng : channels.dan;
  // Setup: the restore mode's hidden-word index, built by the first corrector of the process.
  const s0 = performance.now();
  createCorrector({ mode, channel, lexicon, bigrams });
  const setupMs = performance.now() - s0;
  let best = Infinity;
  let repairs = 0;
  for (let round = 0; round < 3; round++) {
    let ms = 0;
    repairs = 0;
    for (const text of texts) {
      const corrector = createCorrector({ mode, channel, lexicon, bigrams });
      const start = performance.now();
      repairs += repairText(text, corrector).length;
      ms += performance.now() - start;
    }
    best = Math.min(best, ms);
  }
  return { input: `${kind}.txt`, mode, pages: texts.length, tokens, repairs, setupMs, seconds: best / 1000, tokensPerSecond: tokens / (best / 1000) };
}

const rows = [run("eng", "restore"), run("dan", "conservative"), run("gt", "conservative")];
const result = { date: new Date().toISOString(), node: process.version, loadAverage: load, lexicon: lexicon.size, lexiconLoadMs: lexiconMs, bigramLoadMs: bigramMs, channelLoadMs: channelMs, rows };
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`arkiv repair benchmark — ${result.date}, node ${process.version}, load average ${load.toFixed(2)}`);
  console.log(
    `dictionary load: ${lexiconMs.toFixed(0)} ms (${lexicon.size.hunspell} hunspell forms, ${lexicon.size.frequencies} frequencies, ${lexicon.size.domain} domain words); ` +
      `word pairs: ${bigramMs.toFixed(0)} ms; channel tables: ${channelMs.toFixed(0)} ms`,
  );
  console.log("input     mode          pages  tokens  repairs  setup ms  seconds  tokens/s");
  for (const r of rows) {
    console.log(
      `${r.input.padEnd(9)} ${r.mode.padEnd(12)} ${String(r.pages).padStart(6)} ${String(r.tokens).padStart(7)} ${String(r.repairs).padStart(8)} ${r.setupMs.toFixed(0).padStart(9)} ${r.seconds.toFixed(3).padStart(8)} ${Math.round(r.tokensPerSecond).toString().padStart(9)}`,
    );
  }
  console.log("setup = the first corrector's start: restore mode builds its hidden-word index, once per process; not in seconds.");
  console.log("seconds = the best of 3 rounds, one fresh corrector per page (an empty word cache each page: a floor).");
}
