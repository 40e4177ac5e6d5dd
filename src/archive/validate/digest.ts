// Digest algorithms OCFL names, their hex forms, and streaming file digests.
import { createHash, getHashes } from "node:crypto";
import { createReadStream } from "node:fs";

interface AlgorithmInfo {
  /** Length of the hex encoding; 0 for `size`, which is a decimal byte count. */
  hexLength: number;
  /** Node's name for the hash, or null when Node cannot compute it (such fixity values are ignored, per E028). */
  nodeName: string | null;
}

const available = new Set(getHashes());

function info(hexLength: number, nodeName: string): AlgorithmInfo {
  return { hexLength, nodeName: available.has(nodeName) ? nodeName : null };
}

/**
 * The spec's controlled vocabulary (md5 … blake2b-512) plus the extra names of the
 * 0001/0009 digest-algorithms extensions, which the spec allows in fixity blocks (E056).
 * Node has no variable-length BLAKE2b, so blake2b-160/256/384 are recognised but not checked.
 */
const ALGORITHMS = new Map<string, AlgorithmInfo>([
  ["md5", info(32, "md5")],
  ["sha1", info(40, "sha1")],
  ["sha256", info(64, "sha256")],
  ["sha512", info(128, "sha512")],
  ["blake2b-512", info(128, "blake2b512")],
  ["blake2b-160", { hexLength: 40, nodeName: null }],
  ["blake2b-256", { hexLength: 64, nodeName: null }],
  ["blake2b-384", { hexLength: 96, nodeName: null }],
  ["sha512/256", info(64, "sha512-256")],
  ["size", { hexLength: 0, nodeName: "size" }],
]);

/** The algorithms an inventory may use for content addressing (E025). */
export type ContentAlgorithm = "sha256" | "sha512";

export function isContentAlgorithm(name: unknown): name is ContentAlgorithm {
  return name === "sha256" || name === "sha512";
}

/** True if OCFL (or a registered extension) defines this algorithm name. */
export function isKnownAlgorithm(name: string): boolean {
  return ALGORITHMS.has(name);
}

/** True if this validator can recompute digests of this algorithm. */
export function canCompute(name: string): boolean {
  return (ALGORITHMS.get(name)?.nodeName ?? null) !== null;
}

/** Hex length of a hashing algorithm's digests, or null for unknown names and `size`. */
export function hexLength(name: string): number | null {
  const length = ALGORITHMS.get(name)?.hexLength ?? 0;
  return length > 0 ? length : null;
}

/** True if `value` is a hex digest of the right length for `algorithm` (either case). */
export function isDigestFormat(algorithm: string, value: string): boolean {
  const known = ALGORITHMS.get(algorithm);
  if (!known) return false;
  if (algorithm === "size") return /^(0|[1-9][0-9]*)$/.test(value);
  return value.length === known.hexLength && /^[0-9a-fA-F]+$/.test(value);
}

/** Hex digests are case-insensitive; lower case is the form compared. */
export function normalizeDigest(value: string): string {
  return value.toLowerCase();
}

interface Digester {
  update(chunk: Uint8Array | string): void;
  digest(): string;
}

/** `size` (extension 0009) is a byte count rather than a hash, so it gets its own digester. */
function sizeDigester(): Digester {
  let size = 0;
  return {
    update(chunk) {
      size += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
    },
    digest: () => String(size),
  };
}

function newDigester(algorithm: string): Digester {
  const nodeName = ALGORITHMS.get(algorithm)?.nodeName;
  if (!nodeName) throw new Error(`digest algorithm ${algorithm} is not supported here`);
  if (nodeName === "size") return sizeDigester();
  const hash = createHash(nodeName);
  return {
    update(chunk) {
      hash.update(chunk);
    },
    digest: () => hash.digest("hex"),
  };
}

export function digestBytes(algorithm: string, bytes: Uint8Array | string): string {
  const digester = newDigester(algorithm);
  digester.update(bytes);
  return digester.digest();
}

/**
 * Digests one file with several algorithms in a single streamed read, so a large file is read
 * once and never held in memory. Returns lower-case hex per algorithm.
 */
export async function digestFile(path: string, algorithms: Iterable<string>): Promise<Map<string, string>> {
  const digesters = new Map<string, Digester>();
  for (const algorithm of algorithms) if (!digesters.has(algorithm)) digesters.set(algorithm, newDigester(algorithm));
  for await (const chunk of createReadStream(path)) {
    for (const digester of digesters.values()) digester.update(chunk as Buffer);
  }
  const digests = new Map<string, string>();
  for (const [algorithm, digester] of digesters) digests.set(algorithm, digester.digest());
  return digests;
}
