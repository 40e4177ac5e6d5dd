import { readFile, rename, writeFile } from "node:fs/promises";

/**
 * Writes `content` unless the file already holds it (so an unchanged archive publishes without
 * touching output/), through a temporary name so a reader never sees half a file. True if written.
 */
export async function writeIfChanged(path: string, content: string): Promise<boolean> {
  const current = await readFile(path, "utf8").catch(() => null);
  if (current === content) return false;
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
  return true;
}
