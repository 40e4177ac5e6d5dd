// Version directories on disk (spec 3.3) and the content files the inventories describe.
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { canCompute, digestFile } from "./digest.ts";
import { listDirectory } from "./paths.ts";
import type { CheckedInventory } from "./inventory.ts";
import type { IssueLog } from "./issues.ts";


/**
 * Lists one version directory: only the inventory and its sidecar may sit beside the content
 * directory (E015); other directories are tolerated but discouraged (W002) and ignored (E022).
 * Returns the content files found, relative to the object root, or null if the directory is unreadable.
 */
export async function scanVersionDirectory(
  objectRoot: string,
  version: string,
  contentDirectory: string,
  sidecarName: string | null,
  log: IssueLog,
): Promise<string[] | null> {
  const entries = await listDirectory(join(objectRoot, version));
  if (!entries) return null;
  const files: string[] = [];
  let hasContentDirectory = false;
  for (const entry of entries) {
    const path = `${version}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      log.error("E090", `${path} is a symbolic link; links must not be used in OCFL objects.`, path);
    } else if (entry.isDirectory()) {
      if (entry.name === contentDirectory) {
        hasContentDirectory = true;
        await walkContent(objectRoot, path, files, log);
      } else {
        log.warning("W002", `${path} is a directory in version ${version} other than the content directory "${contentDirectory}"; it is ignored.`, path);
      }
    } else if (entry.name !== "inventory.json" && entry.name !== sidecarName) {
      log.error("E015", `${path} is not allowed: besides the content directory, a version directory may hold only inventory.json and its digest sidecar.`, path);
    }
  }
  if (hasContentDirectory && files.length === 0) {
    log.warning("W003", `${version}/${contentDirectory} holds no files; a version without content should have no content directory.`, `${version}/${contentDirectory}`);
  }
  return files;
}

async function walkContent(objectRoot: string, directory: string, files: string[], log: IssueLog): Promise<void> {
  const entries = await listDirectory(join(objectRoot, directory));
  if (!entries) return;
  if (entries.length === 0) {
    log.error("E024", `${directory} is an empty directory inside a content directory.`, directory);
    return;
  }
  for (const entry of entries) {
    const path = `${directory}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      log.error("E090", `${path} is a symbolic link; links must not be used in OCFL objects.`, path);
    } else if (entry.isDirectory()) {
      await walkContent(objectRoot, path, files, log);
    } else {
      files.push(path);
    }
  }
}

/** Every file in the content directories of `versions` must be in the inventory's manifest (E023). */
export function checkUnlistedFiles(
  inventory: CheckedInventory,
  versions: string[],
  filesByVersion: Map<string, string[]>,
  log: IssueLog,
): void {
  for (const version of versions) {
    for (const path of filesByVersion.get(version) ?? []) {
      if (!inventory.manifest.has(path)) {
        log.error("E023", `${path} is in the content of ${version} but is not in the manifest of ${inventory.file}.`, path);
      }
    }
  }
}

/** A digest an inventory records for a content file: from the manifest (E092) or a fixity block (E093). */
export interface ContentClaim {
  path: string;
  /** Null when the inventory's algorithm is not usable (E025 already reported): existence is still checked. */
  algorithm: string | null;
  digest: string;
  code: "E092" | "E093";
  /** Where the claim comes from, as the start of a sentence. */
  source: string;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function claimsOf(inventory: CheckedInventory): ContentClaim[] {
  const claims: ContentClaim[] = [];
  for (const [path, digest] of inventory.manifest) {
    claims.push({ path, algorithm: inventory.digestAlgorithm, digest, code: "E092", source: `The manifest of ${inventory.file}` });
  }
  for (const entry of inventory.fixity) {
    claims.push({ path: entry.path, algorithm: entry.algorithm, digest: entry.digest, code: "E093", source: `The ${entry.algorithm} fixity block of ${inventory.file}` });
  }
  return claims;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

/** How many files are hashed at once: enough to overlap I/O without flooding the disk. */
const DIGEST_CONCURRENCY = 4;

/**
 * Every claimed content path must exist; unless `fast`, each file is read once and its digest
 * checked for every algorithm any inventory claims for it. Algorithms Node cannot compute are
 * skipped, as the spec asks of unsupported fixity algorithms (E028).
 */
export async function verifyClaims(
  objectRoot: string,
  claims: ContentClaim[],
  present: Set<string>,
  fast: boolean,
  log: IssueLog,
): Promise<void> {
  const byPath = new Map<string, ContentClaim[]>();
  for (const claim of claims) {
    const list = byPath.get(claim.path) ?? [];
    list.push(claim);
    byPath.set(claim.path, list);
  }
  const existing: [string, ContentClaim[]][] = [];
  for (const [path, pathClaims] of [...byPath].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (present.has(path) || (await isFile(join(objectRoot, path)))) {
      existing.push([path, pathClaims]);
      continue;
    }
    for (const claim of pathClaims) {
      log.error(claim.code, `${claim.source} lists ${path}, but there is no such file.`, path);
    }
  }
  if (fast) return;

  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = existing[next++]; item; item = existing[next++]) {
      const [path, pathClaims] = item;
      const algorithms = new Set<string>();
      for (const claim of pathClaims) if (claim.algorithm && canCompute(claim.algorithm)) algorithms.add(claim.algorithm);
      if (algorithms.size === 0) continue;
      let digests: Map<string, string>;
      try {
        digests = await digestFile(join(objectRoot, path), algorithms);
      } catch (error) {
        log.error("E092", `${path} could not be read: ${(error as Error).message}.`, path);
        continue;
      }
      for (const claim of pathClaims) {
        if (!claim.algorithm) continue;
        const actual = digests.get(claim.algorithm);
        if (actual !== undefined && actual !== claim.digest) {
          log.error(claim.code, `${path} has ${claim.algorithm} digest ${actual}, but ${lowerFirst(claim.source)} records ${claim.digest}.`, path);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: DIGEST_CONCURRENCY }, worker));
}
