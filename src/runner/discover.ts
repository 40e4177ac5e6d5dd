import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { SourceFile } from "../../pipeline/types.ts";

/**
 * Finds the source files under the given paths, sorted, so a run's order (and its report) is the
 * same every time. Hidden files and folders are skipped. relPath is relative to the given folder
 * (or, with several roots, to their common parent) and always uses "/".
 */
export async function discover(paths: readonly string[]): Promise<SourceFile[]> {
  const roots = paths.map((p) => resolve(p));
  const infos = await Promise.all(roots.map((r) => stat(r)));
  const base =
    roots.length === 1
      ? infos[0]!.isDirectory()
        ? roots[0]!
        : dirname(roots[0]!)
      : commonParent(roots.map((r, i) => (infos[i]!.isDirectory() ? r : dirname(r))));
  const files = new Map<string, SourceFile>();
  for (const [i, root] of roots.entries()) {
    const found = infos[i]!.isDirectory() ? await walk(root) : [root];
    for (const absPath of found) {
      files.set(absPath, { absPath, relPath: relative(base, absPath).split(sep).join("/") });
    }
  }
  return [...files.values()].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    // Symlinked folders are not followed: they can loop, and they duplicate files.
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function commonParent(dirs: string[]): string {
  let parts = dirs[0]!.split(sep);
  for (const d of dirs.slice(1)) {
    const other = d.split(sep);
    let i = 0;
    while (i < parts.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

export function displayName(path: string): string {
  return basename(path);
}
