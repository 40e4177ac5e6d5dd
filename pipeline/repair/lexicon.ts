import { readFileSync } from "node:fs";
import { projectPath } from "../../src/paths.ts";

let words: ReadonlySet<string> | undefined;

/** Lower-cased Danish word forms (see lexicon/README.md); loaded once, on first use. */
export function danishWords(): ReadonlySet<string> {
  words ??= new Set(
    readFileSync(projectPath("pipeline", "repair", "lexicon", "da-words.txt"), "utf8").split("\n").filter(Boolean),
  );
  return words;
}
