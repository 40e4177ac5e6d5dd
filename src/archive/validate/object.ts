// One OCFL object (spec section 3): declaration, object root, inventories, version directories and content.
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkUnlistedFiles, claimsOf, scanVersionDirectory, verifyClaims } from "./content.ts";
import { checkDeclaration, OBJECT_DECLARATION } from "./declaration.ts";
import { checkExtensionsDirectory, OBJECT_EXTENSIONS } from "./extensions.ts";
import { checkInventory, type CheckedInventory } from "./inventory.ts";
import { IssueLog, type ValidateOptions, type ValidationResult } from "./issues.ts";
import { comparePriorInventory } from "./prior-inventory.ts";
import { checkSidecar } from "./sidecar.ts";
import { isVersionName } from "./version-names.ts";
import { pushAll } from "../../lib/arrays.ts";

/** Validates one OCFL object rooted at `objectRoot` (a directory with 0=ocfl_object_1.1). */
export async function validateObject(objectRoot: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const log = new IssueLog();
  await checkObject(objectRoot, options, log);
  return log.result();
}

async function readBytes(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses inventory bytes, reporting E033 (not UTF-8 JSON) and returning undefined on failure. */
function parseInventory(bytes: Uint8Array, file: string, log: IssueLog): unknown {
  try {
    return JSON.parse(utf8.decode(bytes)) as unknown;
  } catch (error) {
    log.error("E033", `${file} is not well-formed UTF-8 JSON: ${(error as Error).message}.`, file);
    return undefined;
  }
}

function sidecarName(inventory: CheckedInventory): string | null {
  return inventory.declaredAlgorithm === null ? null : `inventory.json.${inventory.declaredAlgorithm}`;
}

async function checkObject(objectRoot: string, options: ValidateOptions, log: IssueLog): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(objectRoot, { withFileTypes: true });
  } catch {
    log.error("E003", `${objectRoot} cannot be read as a directory, so it holds no object declaration.`);
    return;
  }
  const fileNames = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const declaredVersion = await checkDeclaration(objectRoot, fileNames, OBJECT_DECLARATION, log);

  const rootBytes = await readBytes(join(objectRoot, "inventory.json"));
  if (!rootBytes) {
    log.error("E063", "There is no inventory.json in the object root.", "inventory.json");
    return;
  }
  const rootRaw = parseInventory(rootBytes, "inventory.json", log);
  if (rootRaw === undefined) return;
  const inventory = checkInventory(rootRaw, { file: "inventory.json", expectedSpecVersion: declaredVersion, reportShoulds: true }, log);
  if (inventory.digestAlgorithm) await checkSidecar(objectRoot, "", inventory.digestAlgorithm, rootBytes, log);

  const directories = new Set(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  await checkObjectRootEntries(objectRoot, entries, inventory, log);
  const versions = inventory.versions.filter((version) => {
    if (directories.has(version)) return true;
    log.error("E010", `Version ${version} is in inventory.json but its directory does not exist.`, version);
    return false;
  });

  const priors = await checkVersionInventories(objectRoot, versions, inventory, rootBytes, log);

  const filesByVersion = new Map<string, string[]>();
  for (const version of versions) {
    const prior = priors.get(version);
    const sidecar = sidecarName(prior ?? inventory);
    const files = await scanVersionDirectory(objectRoot, version, inventory.contentDirectory, sidecar, log);
    if (files) filesByVersion.set(version, files);
  }
  const present = new Set([...filesByVersion.values()].flat());

  checkUnlistedFiles(inventory, inventory.versions, filesByVersion, log);
  const claims = claimsOf(inventory);
  for (const [version, prior] of priors) {
    checkUnlistedFiles(prior, inventory.versions.slice(0, inventory.versions.indexOf(version) + 1), filesByVersion, log);
    pushAll(claims, claimsOf(prior));
  }
  await verifyClaims(objectRoot, claims, present, options.fast ?? false, log);
}

/**
 * The object root may hold only the declaration, the inventory and its sidecar, the version
 * directories, `logs/` and `extensions/` (E001). A version-like directory the inventory does
 * not list means the inventory is not the latest (E046).
 */
async function checkObjectRootEntries(objectRoot: string, entries: Dirent[], inventory: CheckedInventory, log: IssueLog): Promise<void> {
  const allowedFiles = new Set(["inventory.json"]);
  const sidecar = sidecarName(inventory);
  if (sidecar) allowedFiles.add(sidecar);
  const versions = new Set(inventory.versions);
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = entry.name;
    if (entry.isSymbolicLink()) {
      log.error("E090", `${name} is a symbolic link; links must not be used in OCFL objects.`, name);
    } else if (entry.isDirectory()) {
      if (versions.has(name) || name === "logs") continue;
      if (name === "extensions") {
        await checkExtensionsDirectory(objectRoot, OBJECT_EXTENSIONS, log);
      } else if (isVersionName(name)) {
        log.error("E046", `Directory ${name} looks like a version directory, but inventory.json does not list version ${name} (its head is ${inventory.head ?? "unknown"}).`, name);
      } else {
        log.error("E001", `Directory ${name} is not allowed in the object root.`, name);
      }
    } else if (!name.startsWith("0=") && !allowedFiles.has(name)) {
      log.error("E001", `File ${name} is not allowed in the object root.`, name);
    }
  }
}

/**
 * Each version directory should hold the inventory as of that version (W010). The latest must be
 * byte-identical to the root inventory (E064); earlier ones are checked on their own and against
 * the root inventory. Returns the earlier (or, if it differs, latest) inventories by version.
 */
async function checkVersionInventories(
  objectRoot: string,
  versions: string[],
  inventory: CheckedInventory,
  rootBytes: Buffer,
  log: IssueLog,
): Promise<Map<string, CheckedInventory>> {
  const priors = new Map<string, CheckedInventory>();
  const specVersions = new Map<string, string | null>();
  const latest = inventory.versions[inventory.versions.length - 1];
  for (const version of versions) {
    const file = `${version}/inventory.json`;
    const bytes = await readBytes(join(objectRoot, file));
    if (!bytes) {
      log.warning("W010", `Version ${version} has no inventory.json; every version directory should hold the inventory as of that version.`, version);
      continue;
    }
    if (version === latest) {
      if (bytes.equals(rootBytes)) {
        if (inventory.digestAlgorithm) await checkSidecar(objectRoot, version, inventory.digestAlgorithm, bytes, log);
        continue;
      }
      log.error("E064", `${file} differs from the root inventory.json; the root inventory must be identical to the latest version's.`, file);
    }
    const raw = parseInventory(bytes, file, log);
    if (raw === undefined) continue;
    const prior = checkInventory(raw, { file, reportShoulds: false }, log);
    // The root inventory's own W004 covers copies that share its algorithm; an older version may differ.
    if (prior.digestAlgorithm === "sha256" && inventory.digestAlgorithm !== "sha256") {
      log.warning("W004", `${file} uses sha256; sha512 is recommended.`, file);
    }
    if (prior.digestAlgorithm) await checkSidecar(objectRoot, version, prior.digestAlgorithm, bytes, log);
    comparePriorInventory(inventory, prior, version, log);
    priors.set(version, prior);
    specVersions.set(version, prior.specVersion);
  }
  if (latest !== undefined) specVersions.set(latest, inventory.specVersion);
  checkSpecProgression(inventory.versions, specVersions, log);
  return priors;
}

/** A version may only conform to the same or a later OCFL version than the one before it (E103). */
function checkSpecProgression(versions: string[], specVersions: Map<string, string | null>, log: IssueLog): void {
  let previous: { version: string; spec: string } | null = null;
  for (const version of versions) {
    const spec = specVersions.get(version);
    if (!spec) continue;
    if (previous && Number(spec) < Number(previous.spec)) {
      log.error("E103", `${version}/inventory.json declares OCFL ${spec}, earlier than OCFL ${previous.spec} declared by ${previous.version}; a version may not go back to an older specification.`, `${version}/inventory.json`);
    }
    previous = { version, spec };
  }
}
