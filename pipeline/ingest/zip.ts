// Reading the zip container of Office files (DOCX, PPTX) without trusting it. yauzl parses the
// central directory and checks every entry's sizes against what actually inflates; on top of it,
// limits on the number of entries, their declared and real sizes and the compression ratio stop
// zip bombs before anything is inflated, and entries with unsafe names are set aside instead of
// failing the file. Everything that goes wrong becomes a named ArkivError.
import yauzl from "yauzl";
import type { Warning } from "../../src/model/document.ts";
import { ArkivError } from "../../src/model/errors.ts";

export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Sum of the declared uncompressed sizes, bytes. */
  maxTotalBytes: number;
  /** One entry's uncompressed size, bytes (declared, and counted while inflating). */
  maxEntryBytes: number;
  /** Uncompressed ÷ compressed size of an entry of more than 1 MiB: text compresses ~10×, bombs 1000×. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

/** Entries bigger than this are held to maxRatio; small ones may compress as they like (a blank XML part). */
const RATIO_FLOOR = 1024 * 1024;

export interface ZipArchive {
  /** Names of the entries that can be read, in central-directory order (folders left out). */
  names: string[];
  /** Entries set aside, with the reason: absolute or escaping paths, invalid names. */
  skipped: { name: string; reason: string }[];
  has(name: string): boolean;
  /** The entry's bytes, inflated under the limits. */
  read(name: string): Promise<Buffer>;
  close(): void;
}

export async function openZip(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z))),
  ).catch((err: unknown) => {
    throw corrupt(err);
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ArkivError("too-large", `the zip lists ${zip.entryCount} entries; the limit is ${limits.maxEntries}`);
  }
  const entries = new Map<string, yauzl.Entry>();
  const skipped: ZipArchive["skipped"] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        try {
          const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
          const unsafe = yauzl.validateFileName(name);
          if (unsafe) skipped.push({ name, reason: unsafe });
          else if (!name.endsWith("/")) {
            checkSizes(name, entry, limits);
            total += entry.uncompressedSize;
            if (total > limits.maxTotalBytes) {
              throw new ArkivError("too-large", `the zip's entries unpack to over ${mib(limits.maxTotalBytes)}`);
            }
            entries.set(name, entry);
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err instanceof ArkivError ? err : corrupt(err);
  }

  return {
    names: [...entries.keys()],
    skipped,
    has: (name) => entries.has(name),
    read: (name) => {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new ArkivError("corrupt", `the zip has no entry "${name}"`));
      return readEntry(zip, name, entry, limits);
    },
    close: () => zip.close(),
  };
}

/** The entries set aside, as the record's warnings. */
export function skippedWarnings(skipped: ZipArchive["skipped"]): Warning[] {
  return skipped.map((s) => ({ page: null, code: "zip-entry-skipped", message: `zip entry "${s.name}" set aside: ${s.reason}` }));
}

function checkSizes(name: string, entry: yauzl.Entry, limits: ZipLimits): void {
  if (entry.isEncrypted()) throw new ArkivError("encrypted", `the zip entry "${name}" is encrypted`);
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new ArkivError("too-large", `the zip entry "${name}" unpacks to ${mib(entry.uncompressedSize)}; the limit is ${mib(limits.maxEntryBytes)}`);
  }
  if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
    const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
    throw new ArkivError("too-large", `the zip entry "${name}" is compressed ${ratio}:1 (a zip bomb?); the limit is ${limits.maxRatio}:1`);
  }
}

function readEntry(zip: yauzl.ZipFile, name: string, entry: yauzl.Entry, limits: ZipLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(corrupt(err, name));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // yauzl checks the declared size too, but only once the stream has gone past it.
        if (size > Math.min(limits.maxEntryBytes, entry.uncompressedSize)) {
          stream.destroy();
          reject(new ArkivError("corrupt", `the zip entry "${name}" inflates to more than it declares`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("error", (e: unknown) => reject(corrupt(e, name)));
      stream.on("end", () => resolve(Buffer.concat(chunks, size)));
    });
  });
}

function corrupt(err: unknown, entry?: string): ArkivError {
  if (err instanceof ArkivError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const where = entry ? ` (entry "${entry}")` : "";
  if (/encrypt/i.test(message)) return new ArkivError("encrypted", `the zip is encrypted${where}: ${message}`, { cause: err });
  return new ArkivError("corrupt", `not a readable zip${where}: ${message}`, { cause: err });
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
