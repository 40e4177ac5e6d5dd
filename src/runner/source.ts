// What the batch's own process does with a source file: it looks at it (stat) and streams it
// (digests, the archive's copy). It never reads one whole: the worker process that extracts the
// document does that, under the memory ceiling and the time limit.
import { stat } from "node:fs/promises";
import { digestFile } from "../archive/inventory.ts";
import { ArkivError } from "../model/errors.ts";
import { kindOf } from "./discover.ts";

/**
 * Checks that a source can be processed before anything reads it: a regular file (a FIFO would
 * block, a device would never end; a link is followed to what it names), not larger than
 * `maxBytes`. Returns its size.
 */
export async function inspectSource(absPath: string, relPath: string, maxBytes: number): Promise<number> {
  const info = await stat(absPath).catch((err: NodeJS.ErrnoException) => {
    throw new ArkivError("io-error", `cannot read the file: ${err.code ?? err.message}`);
  });
  if (!info.isFile()) throw new ArkivError("not-a-file", `${relPath} is ${await kindOf(absPath, true)}; arkiv reads regular files only`);
  if (info.size > maxBytes) throw new ArkivError("too-large", `${relPath} is ${info.size} bytes; the limit is ${maxBytes}`);
  return info.size;
}

/** A file's sha256, streamed. */
export function sha256File(path: string): Promise<string> {
  return digestFile(path, "sha256").catch((err: NodeJS.ErrnoException) => {
    throw new ArkivError("io-error", `cannot read the file: ${err.code ?? err.message}`);
  });
}
