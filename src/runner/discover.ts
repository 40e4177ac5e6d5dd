import { lstat, readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { SourceFile } from "../../pipeline/types.ts";
import { UsageError } from "../model/errors.ts";

/** An entry under the input that is not processed, and why: every one is in the run report. */
export interface SkippedEntry {
  path: string;
  reason: string;
  /** True when files may have been lost to it (a folder that could not be read): the run counts it as failed. */
  failed: boolean;
}

export interface Discovery {
  sources: SourceFile[];
  skipped: SkippedEntry[];
}

/**
 * Finds the source files under the given paths, sorted, so a run's order (and its report) is the
 * same every time. relPath is relative to the given folder (or, with several roots, to their
 * common parent) and always uses "/". Skipped, each with its reason: hidden files and folders,
 * symbolic links (not followed: they can loop, duplicate files or reach outside the input),
 * devices, FIFOs and sockets, folders that cannot be read, and the folders in `exclude` (the
 * run's own archive and output, when they sit inside the input). A path given by the user is
 * taken as it is (a link to a file is read); what it is, is checked when it is processed.
 */
export async function discover(paths: readonly string[], exclude: readonly string[] = []): Promise<Discovery> {
  const roots = paths.map((p) => resolve(p));
  const infos = await Promise.all(
    roots.map((r, i) =>
      stat(r).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(`${paths[i]}: ${err.code === "ENOENT" ? "no such file or folder" : `cannot be read (${err.code ?? err.message})`}`);
      }),
    ),
  );
  const base =
    roots.length === 1
      ? infos[0]!.isDirectory()
        ? roots[0]!
        : dirname(roots[0]!)
      : commonParent(roots.map((r, i) => (infos[i]!.isDirectory() ? r : dirname(r))));
  const rel = (absPath: string) => relative(base, absPath).split(sep).join("/") || basename(absPath);
  const excluded = new Set(exclude.map((p) => resolve(p)));
  const files = new Map<string, SourceFile>();
  const skipped = new Map<string, SkippedEntry>();
  for (const [i, root] of roots.entries()) {
    if (!infos[i]!.isDirectory()) {
      files.set(root, { absPath: root, relPath: rel(root) });
      continue;
    }
    // Iterative: a folder tree of any depth cannot overflow the stack.
    const pending = [root];
    while (pending.length) {
      const dir = pending.pop()!;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        skipped.set(dir, { path: rel(dir), reason: `the folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); its files were not processed`, failed: true });
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        const skip = (reason: string) => skipped.set(path, { path: rel(path), reason, failed: false });
        if (excluded.has(path)) skip("the run's own archive or output folder");
        else if (entry.name.startsWith(".")) skip(entry.isDirectory() ? "hidden folder" : "hidden file");
        else if (entry.isSymbolicLink()) skip("symbolic link (not followed)");
        else if (entry.isDirectory()) pending.push(path);
        else if (entry.isFile()) files.set(path, { absPath: path, relPath: rel(path) });
        else skip(`${await kindOf(path)}: arkiv reads regular files only`);
      }
    }
  }
  const byPath = <T extends { relPath?: string; path?: string }>(a: T, b: T) => {
    const x = a.relPath ?? a.path!;
    const y = b.relPath ?? b.path!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return { sources: [...files.values()].sort(byPath), skipped: [...skipped.values()].sort(byPath) };
}

/** What a non-regular file is, in words a user knows. */
export async function kindOf(path: string, follow = false): Promise<string> {
  const info = await (follow ? stat(path) : lstat(path)).catch(() => null);
  if (!info) return "an entry that cannot be read";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isDirectory()) return "a folder";
  if (info.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
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
