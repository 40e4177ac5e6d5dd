// A version directory's inventory against the root one (spec 3.7): it must describe the object as
// it stood at that version, so its version blocks must agree with the root inventory's.
import type { CheckedInventory } from "./inventory.ts";
import type { IssueLog } from "./issues.ts";
import { canonicalJson } from "./json.ts";

/** Compares the inventory found in version directory `version` with the root inventory. */
export function comparePriorInventory(root: CheckedInventory, prior: CheckedInventory, version: string, log: IssueLog): void {
  const file = prior.file;
  if (prior.head !== null && prior.head !== version) {
    log.error("E040", `${file} has head ${prior.head} but sits in version directory ${version}.`, file);
  }
  if (prior.id !== null && root.id !== null && prior.id !== root.id) {
    log.error("E037", `${file} has id "${prior.id}" but the root inventory has id "${root.id}"; an object's id must not change between versions.`, file);
  }
  if (prior.contentDirectory !== root.contentDirectory) {
    log.error("E019", `${file} uses content directory "${prior.contentDirectory}" but the root inventory uses "${root.contentDirectory}"; it must not change between versions.`, file);
  }

  const index = root.versions.indexOf(version);
  const expected = root.versions.slice(0, index + 1);
  if (prior.versions.join(",") !== expected.join(",")) {
    log.error("E066", `${file} lists versions ${describe(prior.versions)} but as the inventory of ${version} it should list ${describe(expected)}.`, file);
  }

  for (const name of prior.versions) {
    if (!expected.includes(name)) continue;
    compareState(root, prior, name, log);
    compareMetadata(root, prior, name, log);
  }
}

function describe(versions: string[]): string {
  return versions.length === 0 ? "none" : versions.join(", ");
}

/**
 * The same logical paths must map to the same content. With one digest algorithm the digests
 * are compared; when the algorithm changed between versions the digests cannot be compared, so
 * each logical path's content paths (restricted to the versions the prior inventory knows) are.
 */
function compareState(root: CheckedInventory, prior: CheckedInventory, version: string, log: IssueLog): void {
  const rootState = root.versionStates.get(version)?.state;
  const priorState = prior.versionStates.get(version)?.state;
  if (!rootState || !priorState) return;
  const file = prior.file;

  const onlyRoot = [...rootState.keys()].filter((path) => !priorState.has(path)).sort();
  const onlyPrior = [...priorState.keys()].filter((path) => !rootState.has(path)).sort();
  if (onlyRoot.length > 0 || onlyPrior.length > 0) {
    const parts: string[] = [];
    if (onlyPrior.length > 0) parts.push(`only ${file} has ${list(onlyPrior)}`);
    if (onlyRoot.length > 0) parts.push(`only the root inventory has ${list(onlyRoot)}`);
    log.error("E066", `Version ${version} has different logical paths in ${file} and the root inventory: ${parts.join("; ")}.`, file);
  }

  const sameAlgorithm = root.digestAlgorithm !== null && root.digestAlgorithm === prior.digestAlgorithm;
  const rootPaths = sameAlgorithm ? null : contentPathsByDigest(root, prior.versions);
  const priorPaths = sameAlgorithm ? null : contentPathsByDigest(prior, prior.versions);
  for (const [logical, priorDigest] of priorState) {
    const rootDigest = rootState.get(logical);
    if (rootDigest === undefined) continue;
    if (sameAlgorithm) {
      if (rootDigest !== priorDigest) {
        log.error("E066", `Version ${version}: "${logical}" has digest ${priorDigest} in ${file} but ${rootDigest} in the root inventory.`, file);
      }
    } else if (rootPaths && priorPaths) {
      const a = rootPaths.get(rootDigest)?.join(", ") ?? "";
      const b = priorPaths.get(priorDigest)?.join(", ") ?? "";
      if (a !== b) {
        log.error("E066", `Version ${version}: "${logical}" is stored as ${b || "nothing"} according to ${file} but as ${a || "nothing"} according to the root inventory.`, file);
      }
    }
  }
}

/** Digest → sorted content paths, counting only content paths in the given versions. */
function contentPathsByDigest(inventory: CheckedInventory, versions: string[]): Map<string, string[]> {
  const allowed = new Set(versions);
  const byDigest = new Map<string, string[]>();
  for (const [path, digest] of inventory.manifest) {
    if (!allowed.has(path.split("/")[0] ?? "")) continue;
    const paths = byDigest.get(digest) ?? [];
    paths.push(path);
    byDigest.set(digest, paths);
  }
  for (const paths of byDigest.values()) paths.sort();
  return byDigest;
}

function compareMetadata(root: CheckedInventory, prior: CheckedInventory, version: string, log: IssueLog): void {
  const rootBlock = root.versionStates.get(version)?.block;
  const priorBlock = prior.versionStates.get(version)?.block;
  if (!rootBlock || !priorBlock) return;
  for (const key of ["created", "message", "user"]) {
    if (canonicalJson(rootBlock[key]) !== canonicalJson(priorBlock[key])) {
      log.warning("W011", `Version ${version}: "${key}" in ${prior.file} differs from the root inventory.`, prior.file);
    }
  }
}

function list(paths: string[]): string {
  const shown = paths.slice(0, 5).map((path) => `"${path}"`).join(", ");
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}
