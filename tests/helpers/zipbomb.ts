// Zip files built for the tests: an Office package with one part that inflates far beyond its
// size (a compression bomb), and one with more entries than any document needs. Written by hand
// (local headers, central directory, end record; stored sizes are the real ones) so each bomb is
// exactly what the test says it is.
import { crc32, deflateRawSync } from "node:zlib";

interface Entry {
  name: string;
  data: Buffer;
}

export function zipOf(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const compressed = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = (main: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );

/** A DOCX whose document part inflates to `megabytes` MB of spaces (it compresses about 1000:1). */
export function docxBomb(megabytes: number): Buffer {
  return zipOf([
    { name: "[Content_Types].xml", data: CONTENT_TYPES("word/document.xml") },
    { name: "word/document.xml", data: Buffer.alloc(megabytes * 1024 * 1024, 0x20) },
  ]);
}

/** A DOCX with `count` entries, most of them empty. */
export function docxWithEntries(count: number): Buffer {
  const entries: Entry[] = [{ name: "[Content_Types].xml", data: CONTENT_TYPES("word/document.xml") }];
  for (let i = 0; i < count; i++) entries.push({ name: `word/media/e${i}.xml`, data: Buffer.alloc(0) });
  return zipOf(entries);
}
