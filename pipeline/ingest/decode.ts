// Bytes → text for the text-based readers (HTML, .txt). UTF-8 goes through TextDecoder; every other
// encoding through iconv-lite, because Node 20's TextDecoder("windows-1252") decodes bytes
// 0x80–0x9F as Latin-1 control characters (nodejs/node#60888): "–" and "›" would be lost.
import iconv from "iconv-lite";

/** Can this WHATWG encoding name be decoded here? */
export function canDecode(encoding: string): boolean {
  return encoding === "utf-8" || iconv.encodingExists(encoding);
}

/** Decodes without throwing (invalid bytes become U+FFFD); a leading byte order mark is dropped. */
export function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
