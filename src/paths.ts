import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project folder, found from this module whether it runs from src/ or from the compiled dist/:
 * data files (lexicons) stay in the source tree and are read from there.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "arkiv") {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("arkiv: cannot find the project's package.json");
    dir = parent;
  }
}

export const PROJECT_ROOT: string = findProjectRoot();

/** A path inside the project folder. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
