// Text from outside (file names, messages that quote them) printed to a terminal. A file name may
// hold control characters: an escape sequence in one would move the cursor, recolour or retitle
// the terminal, or hide what is printed after it; bidirectional overrides would reorder the line.
// They are shown escaped instead.

/** C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate characters. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}
