import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import type { IssueLog } from "./issues.ts";
// Rules shared by logical paths (state blocks) and content paths (manifest and fixity blocks).

export type PathProblem = "slash" | "element";

/**
 * "slash": begins or ends with "/" (E053 logical, E100 content);
 * "element": has a ".", ".." or empty element (E052 logical, E099 content).
 */
export function pathProblem(path: string): PathProblem | null {
  if (path.startsWith("/") || path.endsWith("/")) return "slash";
  for (const element of path.split("/")) {
    if (element === "" || element === "." || element === "..") return "element";
  }
  return null;
}

export interface PathConflicts {
  /** Paths listed more than once. */
  duplicates: string[];
  /** Paths that are also used as a directory of another path (e.g. "a" and "a/b"). */
  prefixes: string[];
}

/** Within one set, paths must be unique and none may be the directory part of another (E095, E101). */
export function findPathConflicts(paths: Iterable<string>): PathConflicts {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const directories = new Set<string>();
  for (const path of paths) {
    if (seen.has(path)) duplicates.add(path);
    seen.add(path);
    const elements = path.split("/");
    for (let i = 1; i < elements.length; i++) directories.add(elements.slice(0, i).join("/"));
  }
  return {
    duplicates: [...duplicates].sort(),
    prefixes: [...seen].filter((path) => directories.has(path)).sort(),
  };
}

/** Joins "/"-separated relative parts, skipping empty ones (so "" + "v1" is "v1"). */
export function joinRelative(...parts: string[]): string {
  return parts.filter((part) => part !== "").join("/");
}

/** A directory's entries sorted by name, or null when it cannot be read. */
export async function listDirectory(path: string): Promise<Dirent[] | null> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return null;
  }
}

/** Reports duplicated paths and paths used both as a file and as a directory, under one code. */
export function reportPathConflicts(paths: Iterable<string>, code: string, what: string, where: string, file: string, log: IssueLog): void {
  const conflicts = findPathConflicts(paths);
  for (const path of conflicts.duplicates) log.error(code, `${where}: ${what} path "${path}" appears more than once.`, file);
  for (const path of conflicts.prefixes) log.error(code, `${where}: ${what} path "${path}" is a file but is also used as a directory by another ${what} path.`, file);
}
