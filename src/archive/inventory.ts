// The OCFL inventory as arkiv writes and reads it (sha512, content in "content", one version
// block per version). Other tools' inventories are read by the validator, not here.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export const INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory";
export const DIGEST_ALGORITHM = "sha512";

export interface VersionBlock {
  created: string;
  message: string;
  user: { name: string; address: string };
  /** digest → logical paths */
  state: Record<string, string[]>;
}

export interface Inventory {
  id: string;
  type: typeof INVENTORY_TYPE;
  digestAlgorithm: typeof DIGEST_ALGORITHM;
  head: string;
  /** digest → content paths, relative to the object root */
  manifest: Record<string, string[]>;
  versions: Record<string, VersionBlock>;
}

export function versionName(n: number): string {
  return `v${n}`;
}

export function versionNumber(name: string): number {
  return Number(name.slice(1));
}

/** Serialised with sorted keys at every level: the same inventory is always the same bytes. */
export function serializeInventory(inventory: Inventory): string {
  return `${JSON.stringify(sortKeys(inventory), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sidecar(inventoryBytes: string | Buffer): string {
  return `${digestOf(inventoryBytes)} inventory.json\n`;
}

export function digestOf(bytes: string | Buffer): string {
  return createHash(DIGEST_ALGORITHM).update(bytes).digest("hex");
}

/** A file's digest (sha512 unless told), streamed: archived originals can be large. */
export function digestFile(path: string, algorithm: string = DIGEST_ALGORITHM): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** The head version's logical paths with their digests. */
export function headState(inventory: Inventory): Map<string, string> {
  const state = new Map<string, string>();
  for (const [digest, paths] of Object.entries(inventory.versions[inventory.head]!.state)) for (const p of paths) state.set(p, digest);
  return state;
}

/** Where the content with this digest is stored (its first content path). */
export function contentPathOf(inventory: Inventory, digest: string): string | null {
  return inventory.manifest[digest]?.[0] ?? null;
}
