import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** Goes into every record's provenance; bump it when outputs change for the same input. */
export const PIPELINE_VERSION: string = pkg.version;
