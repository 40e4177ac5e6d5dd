import { readFileSync } from "node:fs";
import { projectPath } from "./paths.ts";

const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string };

/** Goes into every record's provenance; bump it when outputs change for the same input. */
export const PIPELINE_VERSION: string = pkg.version;
