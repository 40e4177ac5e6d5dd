// `extensions/` directories of objects (spec 3.9) and storage roots (spec 4.4).
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { IssueLog } from "./issues.ts";

/** Names adopted in the OCFL community extensions registry (https://ocfl.github.io/extensions/). */
export const REGISTERED_EXTENSIONS = new Set([
  "0001-digest-algorithms",
  "0002-flat-direct-storage-layout",
  "0003-hash-and-id-n-tuple-storage-layout",
  "0004-hashed-n-tuple-storage-layout",
  "0005-mutable-head",
  "0006-flat-omit-prefix-storage-layout",
  "0007-n-tuple-omit-prefix-storage-layout",
  "0008-schema-registry",
  "0009-digest-algorithms",
  "0010-differential-n-tuple-omit-prefix-storage-layout",
  "0011-direct-clean-path-layout",
]);

/** The registered extensions that define a storage hierarchy (the `extension` of ocfl_layout.json, E071). */
export const LAYOUT_EXTENSIONS = new Set([
  "0002-flat-direct-storage-layout",
  "0003-hash-and-id-n-tuple-storage-layout",
  "0004-hashed-n-tuple-storage-layout",
  "0006-flat-omit-prefix-storage-layout",
  "0007-n-tuple-omit-prefix-storage-layout",
  "0010-differential-n-tuple-omit-prefix-storage-layout",
  "0011-direct-clean-path-layout",
]);

export interface ExtensionsCodes {
  /** Anything in extensions/ that is not a directory: E067 (object) or E112 (storage root). */
  notDirectory: string;
  /** A sub-directory with an unregistered name: W013 (object) or W016 (storage root). */
  unregistered: string;
}

export const OBJECT_EXTENSIONS: ExtensionsCodes = { notDirectory: "E067", unregistered: "W013" };
export const ROOT_EXTENSIONS: ExtensionsCodes = { notDirectory: "E112", unregistered: "W016" };

/** Checks `<root>/extensions` and returns the extension directory names found in it. */
export async function checkExtensionsDirectory(root: string, codes: ExtensionsCodes, log: IssueLog): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, "extensions"), { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `extensions/${entry.name}`;
    if (!entry.isDirectory()) {
      log.error(codes.notDirectory, `${path} is not allowed: the extensions directory may only hold extension sub-directories.`, path);
      continue;
    }
    names.push(entry.name);
    if (!REGISTERED_EXTENSIONS.has(entry.name)) {
      log.warning(codes.unregistered, `${path} is not named after a registered OCFL extension.`, path);
    }
  }
  return names;
}
