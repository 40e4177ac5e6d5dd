// Writing files so that a reader, a crash or a power cut never sees half of one. A file is written
// under a temporary name and renamed over its own; with `sync` its bytes are on the disk (fsync)
// before the rename, and the rename itself (the folder's entry) after it. A failed write (a full
// disk) leaves no temporary file behind.
import { open, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface WriteOptions {
  /** fsync the file before it is renamed and its folder after: it survives a power cut. */
  sync?: boolean;
}

/** Writes `content` to `path` through a temporary name; the file is there whole or not at all. */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    if (options.sync) await writeFileSynced(tmp, content);
    else await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (options.sync) await syncFolder(dirname(path));
}

/** The same, always synced: for the files a later run builds on (markers, the commit plan). */
export function writeFileDurably(path: string, content: string | Uint8Array): Promise<void> {
  return writeFileAtomic(path, content, { sync: true });
}

/** Writes a new file and fsyncs it (no rename: for files in a folder that is itself renamed into place). */
export async function writeFileSynced(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a folder: the names created, renamed or removed in it are on the disk. */
export async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
