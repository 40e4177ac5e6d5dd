import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../fs/durable.ts";

/**
 * Writes `content` unless the file already holds it (so an unchanged archive publishes without
 * touching output/), through a temporary name so a reader never sees half a file. True if written.
 * Not synced: output/ is rebuilt from the archive whenever it is lost.
 */
export async function writeIfChanged(path: string, content: string): Promise<boolean> {
  const current = await readFile(path, "utf8").catch(() => null);
  if (current === content) return false;
  await writeFileAtomic(path, content);
  return true;
}
