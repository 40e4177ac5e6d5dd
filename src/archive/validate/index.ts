// OCFL 1.1 validation of objects and storage roots, reporting the spec's error (E…) and warning (W…)
// codes (see validation-codes.md of the OCFL 1.1 spec). Issue paths are relative to the root validated.
export type { ValidateOptions, ValidationIssue, ValidationResult } from "./issues.ts";
export { validateObject } from "./object.ts";
export { validateStorageRoot, type StorageRootOptions, type StorageRootResult } from "./storage-root.ts";
