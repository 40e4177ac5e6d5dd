// An OCFL storage root (spec section 4): declaration, layout, extensions, hierarchy and every object in it.
import type { Dirent } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkDeclaration, ROOT_DECLARATION } from "./declaration.ts";
import { checkExtensionsDirectory, LAYOUT_EXTENSIONS, ROOT_EXTENSIONS } from "./extensions.ts";
import { IssueLog, type ValidateOptions, type ValidationResult } from "./issues.ts";
import { isJsonObject } from "./json.ts";
import { FLAT_DIRECT, flatDirectPath, HASHED_N_TUPLE, hashedNTuplePath, readHashedNTupleConfig } from "./layout.ts";
import { validateObject } from "./object.ts";
import { listDirectory } from "./paths.ts";

export interface StorageRootResult extends ValidationResult {
  /** Per object found: its path relative to the storage root, its id (from the inventory, null if unreadable) and its own result. */
  objects: { path: string; id: string | null; result: ValidationResult }[];
}

export type StorageRootOptions = ValidateOptions & { onObject?: (path: string, result: ValidationResult) => void };

/** Maps an object id to the path the storage root's layout puts it at. */
type LayoutMapping = { name: string; pathOf: (id: string) => string };


/** Reads a JSON file: undefined if absent, an Error if present but not readable JSON. */
async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Validates an OCFL storage root: the `0=ocfl_1.1` declaration (and the spec text file if present),
 * `ocfl_layout.json` when present, the `extensions/` directory (checking object paths against
 * the 0004 hashed n-tuple or 0002 flat direct layout), the storage hierarchy, and every object.
 * `valid` is false if the root or any object has errors.
 */
export async function validateStorageRoot(root: string, options: StorageRootOptions = {}): Promise<StorageRootResult> {
  const log = new IssueLog();
  const objects: StorageRootResult["objects"] = [];
  const finish = (): StorageRootResult => {
    const result = log.result();
    return { ...result, valid: result.valid && objects.every((object) => object.result.valid), objects };
  };

  const entries = await listDirectory(root);
  if (!entries) {
    log.error("E069", `${root} cannot be read as a directory, so it holds no storage root declaration.`);
    return finish();
  }
  const fileNames = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const rootVersion = (await checkDeclaration(root, fileNames, ROOT_DECLARATION, log)) ?? "1.1";
  checkSpecText(entries, log);
  const layoutName = await checkLayoutFile(root, entries, log);
  if (entries.some((entry) => entry.name === "extensions" && entry.isDirectory())) {
    await checkExtensionsDirectory(root, ROOT_EXTENSIONS, log);
  }
  const layout = layoutName ? await loadLayout(root, layoutName, log) : null;

  const pathsById = new Map<string, string>();
  const visitObject = async (path: string, directoryEntries: Dirent[]): Promise<void> => {
    const result = await validateObject(join(root, path), options);
    const id = await readObjectId(join(root, path));
    const declaration = directoryEntries.find((entry) => entry.name.startsWith("0=ocfl_object_"))?.name ?? "";
    const objectVersion = declaration.slice("0=ocfl_object_".length);
    if (Number(objectVersion) > Number(rootVersion)) {
      log.error("E081", `Object ${path} declares OCFL ${objectVersion}, later than the storage root's OCFL ${rootVersion}.`, path);
    }
    if (id !== null) {
      const other = pathsById.get(id);
      if (other !== undefined) log.error("E037", `Objects ${other} and ${path} have the same id "${id}"; ids must be unique in a storage root.`, path);
      else pathsById.set(id, path);
      if (layout) {
        const expected = layout.pathOf(id);
        if (expected !== path) {
          log.error("E083", `Object ${path} has id "${id}", which layout ${layout.name} places at ${expected}.`, path);
        }
      }
    }
    objects.push({ path, id, result });
    options.onObject?.(path, result);
  };

  // Directories are either object roots (holding an object declaration) or intermediate
  // directories that lead to object roots and hold nothing else.
  const visit = async (path: string): Promise<void> => {
    const directoryEntries = await listDirectory(join(root, path));
    if (!directoryEntries) {
      log.error("E088", `${path} cannot be read as a directory.`, path);
      return;
    }
    if (directoryEntries.length === 0) {
      log.error("E073", `${path} is an empty directory; empty directories must not appear under a storage root.`, path);
      return;
    }
    if (directoryEntries.some((entry) => entry.isFile() && entry.name.startsWith("0=ocfl_object_"))) {
      await visitObject(path, directoryEntries);
      return;
    }
    for (const entry of directoryEntries) {
      const child = `${path}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        log.error("E090", `${child} is a symbolic link; links must not be used in a storage hierarchy.`, child);
      } else if (entry.isDirectory()) {
        await visit(child);
      } else {
        log.error("E072", `${child} is a file in an intermediate directory of the storage hierarchy; only OCFL objects may hold files there.`, child);
      }
    }
  };

  for (const entry of entries) {
    if (entry.isSymbolicLink()) {
      log.error("E090", `${entry.name} is a symbolic link; links must not be used in a storage root.`, entry.name);
    } else if (entry.isDirectory() && entry.name !== "extensions" && !SPEC_TEXT.test(entry.name)) {
      await visit(entry.name);
    }
    // Other files directly in the storage root are allowed and, if not understood, ignored (E087).
  }
  return finish();
}

const SPEC_TEXT = /^ocfl_1\.[01]\.(md|html|txt)$/;

/** The optional copy of the specification (e.g. ocfl_1.1.md) must be a file, not a directory. */
function checkSpecText(entries: Dirent[], log: IssueLog): void {
  for (const entry of entries) {
    if (SPEC_TEXT.test(entry.name) && !entry.isFile()) {
      log.error("E088", `${entry.name} should be the text of the OCFL specification, but it is not a file.`, entry.name);
    }
  }
}

/** Checks ocfl_layout.json (E070, E071) and returns the layout extension it names, if usable. */
async function checkLayoutFile(root: string, entries: Dirent[], log: IssueLog): Promise<string | null> {
  const file = "ocfl_layout.json";
  if (!entries.some((entry) => entry.name === file)) return null;
  const raw = await readJson(join(root, file));
  if (raw === undefined || raw instanceof Error) {
    log.error("E070", `${file} is not readable JSON${raw instanceof Error ? `: ${raw.message}` : ""}.`, file);
    return null;
  }
  if (!isJsonObject(raw)) {
    log.error("E070", `${file} must contain a JSON object with "extension" and "description".`, file);
    return null;
  }
  for (const key of ["extension", "description"]) {
    if (typeof raw[key] !== "string") log.error("E070", `${file} must have a string "${key}".`, file);
  }
  if (typeof raw.extension !== "string") return null;
  if (!LAYOUT_EXTENSIONS.has(raw.extension)) {
    log.error("E071", `${file} names extension "${raw.extension}", which is not a registered storage layout extension.`, file);
    return null;
  }
  return raw.extension;
}

/** The id → path mapping for the layouts this validator can compute; null for the others. */
async function loadLayout(root: string, name: string, log: IssueLog): Promise<LayoutMapping | null> {
  if (name === FLAT_DIRECT) return { name, pathOf: flatDirectPath };
  if (name !== HASHED_N_TUPLE) return null;
  const configFile = `extensions/${HASHED_N_TUPLE}/config.json`;
  const raw = await readJson(join(root, configFile));
  if (raw instanceof Error) {
    log.error("E071", `${configFile} is not readable JSON: ${raw.message}.`, configFile);
    return null;
  }
  const reading = readHashedNTupleConfig(raw);
  if (!reading.config) {
    log.error("E071", `${configFile} is not a valid configuration of ${HASHED_N_TUPLE}: ${reading.problems.join("; ")}.`, configFile);
    return null;
  }
  const config = reading.config;
  return { name, pathOf: (id) => hashedNTuplePath(id, config) };
}

async function readObjectId(objectRoot: string): Promise<string | null> {
  const raw = await readJson(join(objectRoot, "inventory.json"));
  return isJsonObject(raw) && typeof raw.id === "string" ? raw.id : null;
}
