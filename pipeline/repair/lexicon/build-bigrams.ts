// Derive da-bigrams.tsv.gz, the repair stage's word-pair counts, from clean Danish prose: the
// Danish help of LibreOffice (Debian libreoffice-help-da, MPL-2.0, ~720k words).
//   apt-get install libreoffice-help-da   (or unpack the .deb and pass its help/da folder)
//   node --import tsx pipeline/repair/lexicon/build-bigrams.ts [/usr/share/libreoffice/help/da]
// Lines: "word<TAB>count" for every word, then "word word<TAB>count" for pairs seen at least twice.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { Element, Root, RootContent } from "hast";
import rehypeParse from "rehype-parse";
import { unified } from "unified";
import { projectPath } from "../../../src/paths.ts";

const DEFAULT_SOURCE = "/usr/share/libreoffice/help/da";
/** Elements whose text is prose; navigation, scripts and code are not. */
const PROSE = new Set(["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"]);
const SKIP = new Set(["script", "style", "header", "nav", "footer", "code", "pre"]);
const MIN_PAIR = 2;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith(".html") ? [path] : [];
    });
}

/** Prose paragraphs of a page, each as plain text. */
function paragraphs(tree: Root): string[] {
  const out: string[] = [];
  const text = (n: RootContent): string =>
    n.type === "text" ? n.value : n.type === "element" && !SKIP.has(n.tagName) ? n.children.map(text).join("") : "";
  const walk = (n: Root | Element) => {
    for (const child of n.children) {
      if (child.type !== "element" || SKIP.has(child.tagName)) continue;
      if (PROSE.has(child.tagName)) out.push(text(child));
      else walk(child);
    }
  };
  walk(tree);
  return out;
}

export function countPairs(texts: Iterable<string>): { words: Map<string, number>; pairs: Map<string, number> } {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const text of texts) {
    // Sentences, then words: a pair never spans a full stop.
    for (const sentence of text.split(/[.!?:;()\[\]"“”]+/u)) {
      const tokens = sentence.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? [];
      for (let i = 0; i < tokens.length; i++) {
        words.set(tokens[i]!, (words.get(tokens[i]!) ?? 0) + 1);
        if (i > 0) {
          const pair = `${tokens[i - 1]} ${tokens[i]}`;
          pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
        }
      }
    }
  }
  return { words, pairs };
}

async function main(): Promise<void> {
  const source = process.argv[2] ?? DEFAULT_SOURCE;
  const parser = unified().use(rehypeParse);
  const texts: string[] = [];
  for (const file of htmlFiles(source)) texts.push(...paragraphs(parser.parse(readFileSync(file, "utf8")) as Root));
  const { words, pairs } = countPairs(texts);
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const lines = [...words].sort(byCount).map(([w, n]) => `${w}\t${n}`);
  const kept = [...pairs].filter(([, n]) => n >= MIN_PAIR).sort(byCount);
  lines.push(...kept.map(([p, n]) => `${p}\t${n}`));
  writeFileSync(projectPath("pipeline", "repair", "lexicon", "da-bigrams.tsv.gz"), gzipSync(lines.join("\n") + "\n", { level: 9 }));
  const tokens = [...words.values()].reduce((a, b) => a + b, 0);
  console.log(`${texts.length} paragraphs, ${tokens} words, ${words.size} distinct, ${kept.length} pairs seen ≥ ${MIN_PAIR} times`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
