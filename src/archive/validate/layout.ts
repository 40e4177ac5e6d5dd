// Storage layout extensions that map an object id to its path under the storage root, so the
// validator can tell whether each object sits where its id says it should (E083).
import { canCompute, digestBytes, hexLength } from "./digest.ts";
import { isJsonObject } from "./json.ts";

export const HASHED_N_TUPLE = "0004-hashed-n-tuple-storage-layout";
export const FLAT_DIRECT = "0002-flat-direct-storage-layout";

/** Parameters of extension 0004-hashed-n-tuple-storage-layout. */
export interface HashedNTupleConfig {
  digestAlgorithm: string;
  tupleSize: number;
  numberOfTuples: number;
  shortObjectRoot: boolean;
}

export const HASHED_N_TUPLE_DEFAULTS: HashedNTupleConfig = {
  digestAlgorithm: "sha256",
  tupleSize: 3,
  numberOfTuples: 3,
  shortObjectRoot: false,
};

export type ConfigReading = { config: HashedNTupleConfig; problems: [] } | { config: null; problems: string[] };

/** Reads a 0004 config.json (already parsed; undefined when absent, meaning all defaults). */
export function readHashedNTupleConfig(raw: unknown): ConfigReading {
  if (raw === undefined) return { config: { ...HASHED_N_TUPLE_DEFAULTS }, problems: [] };
  if (!isJsonObject(raw)) return { config: null, problems: ["config.json must contain a JSON object"] };
  const problems: string[] = [];
  if (Object.hasOwn(raw, "extensionName") && raw.extensionName !== HASHED_N_TUPLE) {
    problems.push(`extensionName must be "${HASHED_N_TUPLE}", not ${JSON.stringify(raw.extensionName)}`);
  }
  const config = { ...HASHED_N_TUPLE_DEFAULTS };
  if (Object.hasOwn(raw, "digestAlgorithm")) {
    if (typeof raw.digestAlgorithm !== "string" || hexLength(raw.digestAlgorithm) === null) {
      problems.push(`digestAlgorithm ${JSON.stringify(raw.digestAlgorithm)} is not an OCFL digest algorithm`);
    } else if (!canCompute(raw.digestAlgorithm)) {
      problems.push(`digestAlgorithm ${raw.digestAlgorithm} is not supported by this validator`);
    } else {
      config.digestAlgorithm = raw.digestAlgorithm;
    }
  }
  for (const key of ["tupleSize", "numberOfTuples"] as const) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 32) {
      problems.push(`${key} must be an integer from 0 to 32, not ${JSON.stringify(value)}`);
    } else {
      config[key] = value;
    }
  }
  if (Object.hasOwn(raw, "shortObjectRoot")) {
    if (typeof raw.shortObjectRoot !== "boolean") problems.push("shortObjectRoot must be true or false");
    else config.shortObjectRoot = raw.shortObjectRoot;
  }
  if ((config.tupleSize === 0) !== (config.numberOfTuples === 0)) {
    problems.push("tupleSize and numberOfTuples must both be 0 when either is");
  }
  const length = hexLength(config.digestAlgorithm) ?? 0;
  const used = config.tupleSize * config.numberOfTuples;
  if (used > length) {
    problems.push(`tupleSize × numberOfTuples (${used}) exceeds the ${length} characters of a ${config.digestAlgorithm} digest`);
  } else if (used === length && config.shortObjectRoot) {
    problems.push("shortObjectRoot must be false when the tuples use the whole digest");
  }
  return problems.length === 0 ? { config, problems: [] } : { config: null, problems };
}

/** The object root path, relative to the storage root and "/"-separated, that extension 0004 gives an id. */
export function hashedNTuplePath(id: string, config: HashedNTupleConfig = HASHED_N_TUPLE_DEFAULTS): string {
  const digest = digestBytes(config.digestAlgorithm, id);
  const parts: string[] = [];
  for (let i = 0; i < config.numberOfTuples; i++) {
    parts.push(digest.slice(i * config.tupleSize, (i + 1) * config.tupleSize));
  }
  parts.push(config.shortObjectRoot ? digest.slice(config.tupleSize * config.numberOfTuples) : digest);
  return parts.join("/");
}

/** Extension 0002 stores each object in a directory named exactly by its id. */
export function flatDirectPath(id: string): string {
  return id;
}
