// The largest image a PDF declares, read from the image dictionaries in its bytes before pdf.js
// decodes anything. pdf.js silently drops an image over its size limit (the page then reads as
// blank); a 35000×35000 JBIG2 page must instead be refused with a named error. Image XObjects are
// streams, and streams never sit inside compressed object streams, so their dictionaries are
// always in the file as plain text.

const IMAGE_SUBTYPE = Buffer.from("/Image");
/** How far around "/Image" a dictionary's /Width and /Height are looked for. */
const WINDOW = 2048;

export interface DeclaredImage {
  width: number;
  height: number;
}

/** The image with the most pixels, or null when the file declares none with literal sizes. */
export function largestDeclaredImage(bytes: Uint8Array): DeclaredImage | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let best: DeclaredImage | null = null;
  for (let at = buffer.indexOf(IMAGE_SUBTYPE); at !== -1; at = buffer.indexOf(IMAGE_SUBTYPE, at + IMAGE_SUBTYPE.length)) {
    // "/ImageMask", "/ImageB" (procsets) are other names.
    const next = buffer[at + IMAGE_SUBTYPE.length];
    if (next !== undefined && /[A-Za-z0-9]/.test(String.fromCharCode(next))) continue;
    const dict = enclosingDictionary(buffer, at);
    if (!dict || !/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const width = /\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const height = /\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!width || !height) continue;
    const image = { width: Number(width[1]), height: Number(height[1]) };
    if (!best || image.width * image.height > best.width * best.height) best = image;
  }
  return best;
}

/** The text of the "<< … >>" around `at`, within WINDOW bytes either side (nested dictionaries counted). */
function enclosingDictionary(buffer: Buffer, at: number): string | null {
  const from = Math.max(0, at - WINDOW);
  const text = buffer.subarray(from, Math.min(buffer.length, at + WINDOW)).toString("latin1");
  const here = at - from;
  let depth = 0;
  let start = -1;
  for (let i = here; i > 0; i--) {
    if (text[i] === ">" && text[i - 1] === ">") {
      depth++;
      i--;
    } else if (text[i] === "<" && text[i - 1] === "<") {
      if (depth === 0) {
        start = i - 1;
        break;
      }
      depth--;
      i--;
    }
  }
  if (start === -1) return null;
  depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === "<" && text[i + 1] === "<") {
      depth++;
      i++;
    } else if (text[i] === ">" && text[i + 1] === ">") {
      depth--;
      i++;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}
