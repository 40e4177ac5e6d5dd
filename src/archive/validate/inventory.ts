// One inventory.json on its own (spec 3.5): its keys, types and internal consistency.
// Nothing here touches storage; object.ts relates inventories to each other and to the files.
import {
  isContentAlgorithm,
  isDigestFormat,
  isKnownAlgorithm,
  normalizeDigest,
  type ContentAlgorithm,
} from "./digest.ts";
import type { IssueLog } from "./issues.ts";
import { isJsonObject, type JsonObject } from "./json.ts";
import { pathProblem, reportPathConflicts } from "./paths.ts";
import { checkVersionBlock, isUri, type VersionState } from "./version-block.ts";
import { checkVersionNames, isVersionName } from "./version-names.ts";

export interface FixityEntry {
  algorithm: string;
  /** Lower-cased. */
  digest: string;
  path: string;
}

/** What later checks need from an inventory; fields are null or empty where the inventory was unusable. */
export interface CheckedInventory {
  /** Where it was read from, relative to the object root. */
  file: string;
  id: string | null;
  /** "1.0" or "1.1", from `type`. */
  specVersion: string | null;
  /** Set only when it is sha256 or sha512. */
  digestAlgorithm: ContentAlgorithm | null;
  /** The `digestAlgorithm` string as written, which names the sidecar even when it is not allowed. */
  declaredAlgorithm: string | null;
  head: string | null;
  /** The effective content directory ("content" unless a valid `contentDirectory` says otherwise). */
  contentDirectory: string;
  /** Well-formed version names in version order. */
  versions: string[];
  versionStates: Map<string, VersionState>;
  /** Content path → lower-cased digest, for well-formed content paths inside a version's content directory. */
  manifest: Map<string, string>;
  fixity: FixityEntry[];
}

export interface InventoryCheckOptions {
  /** The inventory's path relative to the object root, e.g. "inventory.json" or "v2/inventory.json". */
  file: string;
  /** The spec version `type` must name: the object declaration's, for the root inventory (E038). */
  expectedSpecVersion?: string | null;
  /** False for version-directory inventories: the root inventory already reports the SHOULDs. */
  reportShoulds: boolean;
}

const INVENTORY_KEYS = new Set(["id", "type", "digestAlgorithm", "head", "contentDirectory", "manifest", "versions", "fixity"]);
const INVENTORY_TYPE = /^https:\/\/ocfl\.io\/(1\.[01])\/spec\/#inventory$/;

export function emptyInventory(file: string): CheckedInventory {
  return {
    file,
    id: null,
    specVersion: null,
    digestAlgorithm: null,
    declaredAlgorithm: null,
    head: null,
    contentDirectory: "content",
    versions: [],
    versionStates: new Map(),
    manifest: new Map(),
    fixity: [],
  };
}

/** Checks parsed inventory JSON, reporting into `log`, and returns what could be understood of it. */
export function checkInventory(raw: unknown, options: InventoryCheckOptions, log: IssueLog): CheckedInventory {
  const file = options.file;
  const inventory = emptyInventory(file);
  if (!isJsonObject(raw)) {
    log.error("E033", `${file} must contain a JSON object.`, file);
    return inventory;
  }
  for (const key of Object.keys(raw)) {
    if (!INVENTORY_KEYS.has(key)) log.error("E102", `${file} has the key "${key}", which OCFL inventories do not define.`, file);
  }
  checkIdentity(raw, inventory, options, log);
  checkContentDirectory(raw, inventory, log);

  let versionsBlock: JsonObject | null = null;
  if (!Object.hasOwn(raw, "versions")) {
    log.error("E041", `${file} has no "versions" block.`, file);
  } else if (!isJsonObject(raw.versions)) {
    log.error("E045", `${file}: "versions" must be a JSON object.`, file);
  } else {
    versionsBlock = raw.versions;
    const names = Object.keys(versionsBlock);
    if (names.length === 0) log.error("E008", `${file} lists no versions; an object needs at least one.`, file);
    inventory.versions = checkVersionNames(names, file, log, options.reportShoulds);
  }
  checkHead(raw, inventory, log);

  const manifestKeys = checkManifest(raw, inventory, log);
  const manifestDigests = new Set([...manifestKeys].map(normalizeDigest));
  const used = new Set<string>();
  if (versionsBlock) {
    for (const name of Object.keys(versionsBlock)) {
      const state = checkVersionBlock(
        name,
        versionsBlock[name],
        { file, manifestKeys, manifestDigests, reportShoulds: options.reportShoulds },
        log,
      );
      if (!state) continue;
      for (const digest of state.digests) used.add(digest);
      if (isVersionName(name)) inventory.versionStates.set(name, state);
    }
    for (const digest of manifestDigests) {
      if (!used.has(digest)) log.error("E107", `${file}: manifest digest ${digest} is not used by the state of any version.`, file);
    }
  }
  checkFixity(raw, inventory, log);
  return inventory;
}

function checkIdentity(raw: JsonObject, inventory: CheckedInventory, options: InventoryCheckOptions, log: IssueLog): void {
  const file = options.file;
  if (!Object.hasOwn(raw, "id")) {
    log.error("E036", `${file} has no "id".`, file);
  } else if (typeof raw.id !== "string" || raw.id === "") {
    log.error("E037", `${file}: "id" must be a non-empty string.`, file);
  } else {
    inventory.id = raw.id;
    if (options.reportShoulds && !isUri(raw.id)) log.warning("W005", `${file}: id "${raw.id}" is not a URI.`, file);
  }

  if (!Object.hasOwn(raw, "type")) {
    log.error("E036", `${file} has no "type".`, file);
  } else {
    const match = typeof raw.type === "string" ? INVENTORY_TYPE.exec(raw.type) : null;
    if (!match?.[1]) {
      log.error("E038", `${file}: type ${JSON.stringify(raw.type)} is not an OCFL inventory type (https://ocfl.io/1.1/spec/#inventory).`, file);
    } else {
      inventory.specVersion = match[1];
      const expected = options.expectedSpecVersion;
      if (expected && expected !== match[1]) {
        log.error("E038", `${file}: type names OCFL ${match[1]} but the object declares OCFL ${expected}; it must be https://ocfl.io/${expected}/spec/#inventory.`, file);
      }
    }
  }

  if (!Object.hasOwn(raw, "digestAlgorithm")) {
    log.error("E036", `${file} has no "digestAlgorithm".`, file);
  } else if (typeof raw.digestAlgorithm !== "string") {
    log.error("E025", `${file}: "digestAlgorithm" must be the string "sha512" or "sha256".`, file);
  } else {
    inventory.declaredAlgorithm = raw.digestAlgorithm;
    if (!isContentAlgorithm(raw.digestAlgorithm)) {
      log.error("E025", `${file}: digestAlgorithm "${raw.digestAlgorithm}" is not allowed; content addressing must use sha512 or sha256.`, file);
    } else {
      inventory.digestAlgorithm = raw.digestAlgorithm;
      if (raw.digestAlgorithm === "sha256" && options.reportShoulds) log.warning("W004", `${file} uses sha256; sha512 is recommended.`, file);
    }
  }
}

function checkContentDirectory(raw: JsonObject, inventory: CheckedInventory, log: IssueLog): void {
  if (!Object.hasOwn(raw, "contentDirectory")) return;
  const file = inventory.file;
  const value = raw.contentDirectory;
  if (typeof value !== "string" || value === "" || value.includes("/")) {
    log.error("E017", `${file}: contentDirectory ${JSON.stringify(value)} must be a single directory name without "/".`, file);
  } else if (value === "." || value === "..") {
    log.error("E018", `${file}: contentDirectory must not be "." or "..".`, file);
  } else {
    inventory.contentDirectory = value;
  }
}

function checkHead(raw: JsonObject, inventory: CheckedInventory, log: IssueLog): void {
  const file = inventory.file;
  if (!Object.hasOwn(raw, "head")) {
    log.error("E036", `${file} has no "head".`, file);
    return;
  }
  const head = raw.head;
  if (typeof head !== "string" || !isVersionName(head)) {
    log.error("E040", `${file}: head ${JSON.stringify(head)} is not a version directory name.`, file);
    return;
  }
  inventory.head = head;
  const last = inventory.versions[inventory.versions.length - 1];
  if (last !== undefined && head !== last) {
    log.error("E040", `${file}: head is ${head} but the most recent version is ${last}.`, file);
  }
}

/**
 * A content path must be a safe relative path (E099, E100) inside the content directory of one of
 * this inventory's versions (E042). Returns the path when it can be used for file checks.
 */
function checkContentPath(path: unknown, block: string, inventory: CheckedInventory, log: IssueLog): string | null {
  const file = inventory.file;
  if (typeof path !== "string") {
    log.error("E098", `${file}: ${block} content path ${JSON.stringify(path)} must be a string.`, file);
    return null;
  }
  const problem = pathProblem(path);
  if (problem === "slash") {
    log.error("E100", `${file}: ${block} content path "${path}" must not begin or end with "/".`, file);
    return null;
  }
  if (problem === "element") {
    log.error("E099", `${file}: ${block} content path "${path}" has an empty, "." or ".." element.`, file);
    return null;
  }
  const [version = "", directory, ...rest] = path.split("/");
  if (!inventory.versions.includes(version) || directory !== inventory.contentDirectory || rest.length === 0) {
    log.error("E042", `${file}: ${block} content path "${path}" is not inside the "${inventory.contentDirectory}" directory of a version of this inventory.`, file);
    return null;
  }
  return path;
}

/** Returns the manifest's keys exactly as written. */
function checkManifest(raw: JsonObject, inventory: CheckedInventory, log: IssueLog): Set<string> {
  const file = inventory.file;
  const keys = new Set<string>();
  if (!Object.hasOwn(raw, "manifest")) {
    log.error("E041", `${file} has no "manifest" block.`, file);
    return keys;
  }
  if (!isJsonObject(raw.manifest)) {
    log.error("E106", `${file}: "manifest" must be a JSON object.`, file);
    return keys;
  }
  const algorithm = inventory.digestAlgorithm;
  const firstSpelling = new Map<string, string>();
  const contentPaths: string[] = [];
  for (const [digest, paths] of Object.entries(raw.manifest)) {
    keys.add(digest);
    if (algorithm && !isDigestFormat(algorithm, digest)) {
      log.error("E025", `${file}: manifest key "${digest}" is not a valid ${algorithm} digest.`, file);
    }
    const normalized = normalizeDigest(digest);
    const earlier = firstSpelling.get(normalized);
    if (earlier !== undefined) {
      log.error("E096", `${file}: digest ${normalized} appears more than once in the manifest (as ${earlier} and ${digest}); digests must be unique regardless of case.`, file);
    } else {
      firstSpelling.set(normalized, digest);
    }
    if (!Array.isArray(paths)) {
      log.error("E092", `${file}: the manifest entry for ${digest} must be an array of content paths.`, file);
      continue;
    }
    for (const path of paths as unknown[]) {
      const usable = checkContentPath(path, "manifest", inventory, log);
      if (usable === null) continue;
      contentPaths.push(usable);
      inventory.manifest.set(usable, normalized);
    }
  }
  reportPathConflicts(contentPaths, "E101", "content", `${file} manifest`, file, log);
  return keys;
}

function checkFixity(raw: JsonObject, inventory: CheckedInventory, log: IssueLog): void {
  if (!Object.hasOwn(raw, "fixity")) return;
  const file = inventory.file;
  if (!isJsonObject(raw.fixity)) {
    log.error("E111", `${file}: "fixity" must be a JSON object.`, file);
    return;
  }
  for (const [algorithm, block] of Object.entries(raw.fixity)) {
    if (!isKnownAlgorithm(algorithm)) {
      log.error("E056", `${file}: fixity algorithm "${algorithm}" is neither in the OCFL digest vocabulary nor in a registered extension.`, file);
      continue;
    }
    if (!isJsonObject(block)) {
      log.error("E057", `${file}: the ${algorithm} fixity block must be a JSON object mapping digests to content paths.`, file);
      continue;
    }
    const firstSpelling = new Map<string, string>();
    for (const [digest, paths] of Object.entries(block)) {
      if (!isDigestFormat(algorithm, digest)) {
        log.error("E057", `${file}: "${digest}" in the ${algorithm} fixity block is not a valid ${algorithm} digest.`, file);
        continue;
      }
      const normalized = normalizeDigest(digest);
      const earlier = firstSpelling.get(normalized);
      if (earlier !== undefined) {
        log.error("E097", `${file}: digest ${normalized} appears more than once in the ${algorithm} fixity block (as ${earlier} and ${digest}); digests must be unique regardless of case.`, file);
      } else {
        firstSpelling.set(normalized, digest);
      }
      if (!Array.isArray(paths)) {
        log.error("E057", `${file}: the ${algorithm} fixity entry for ${digest} must be an array of content paths.`, file);
        continue;
      }
      for (const path of paths as unknown[]) {
        const usable = checkContentPath(path, `${algorithm} fixity`, inventory, log);
        if (usable === null) continue;
        if (!inventory.manifest.has(usable)) {
          log.error("E057", `${file}: the ${algorithm} fixity block lists "${usable}", which is not a content path in the manifest.`, file);
          continue;
        }
        inventory.fixity.push({ algorithm, digest: normalized, path: usable });
      }
    }
  }
}
