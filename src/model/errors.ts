// Named failures. The runner reports `code` for every file that could not be processed, so a user
// (or a script reading the run report) can tell a broken file from an unsupported one or a bug.
export const ERROR_CODES = [
  "unsupported-format", // a format arkiv does not read (yet); the message says which
  "corrupt", // the file is damaged beyond what the reader can repair
  "encrypted",
  "password-required",
  "too-large",
  "timeout",
  "empty", // zero bytes or no content at all
  "io-error", // the file could not be read
  "invalid-record", // the pipeline produced a record that fails the schema: a bug in arkiv
  "crashed", // an unexpected exception: a bug in arkiv or a library
  "id-conflict", // two source paths give the same document id ("a b.pdf", "a-b.pdf"); the second is not archived
  "archive-error", // the archive could not be written (disk full, permissions)
  "archive-damaged", // the archive's own files are missing or altered (an inventory, a content file); `arkiv verify` names them
  "not-a-file", // a device, FIFO, socket or a link to one: arkiv reads regular files only
  "publish-error", // the document is archived but could not be written to the output folder
  "interrupted", // the run was stopped (SIGINT, SIGTERM) before the document was finished
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ArkivError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ArkivError";
    this.code = code;
  }
}

/** Turns anything thrown into a named error, keeping the original message. */
export function toArkivError(err: unknown): ArkivError {
  if (err instanceof ArkivError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : "";
  // pdf.js names its failures; map them onto ours.
  if (name === "PasswordException") {
    return new ArkivError("password-required", message, { cause: err });
  }
  // UnknownErrorException: pdf.js's worker failed to parse the file ("Bad (uncompressed) XRef
  // entry", "Illegal character", "Bad encoding in flate stream").
  if (["InvalidPDFException", "FormatError", "MissingPDFException", "UnknownErrorException"].includes(name)) {
    return new ArkivError("corrupt", message, { cause: err });
  }
  if (err instanceof Error && "code" in err && typeof err.code === "string" && /^E[A-Z]+$/.test(err.code)) {
    return new ArkivError("io-error", message, { cause: err });
  }
  return new ArkivError("crashed", message || name || "unknown error", { cause: err });
}

/**
 * A mistake in how arkiv was called (a missing path, an output folder it may not write to): the
 * command exits 2, before anything is processed.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
