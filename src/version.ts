import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's package.json, found from this module whether it runs from src/ or from dist/. */
function readPackage(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name: string; version: string };
      if (pkg.name === "arkiv") return pkg;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("arkiv: cannot find the project's package.json");
    dir = parent;
  }
}

/** Goes into every record's provenance; bump it when outputs change for the same input. */
export const PIPELINE_VERSION: string = readPackage().version;
