// The shapes a validation reports in, and the collector the checks write into.

export interface ValidationIssue {
  /** The OCFL 1.1 validation code, e.g. "E040" or "W004". */
  code: string;
  /** What is wrong and where, in plain English. */
  message: string;
  /** The file or directory concerned, relative to the root being validated, "/"-separated. */
  path?: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface ValidateOptions {
  /** Skip recomputing content file digests (fixity); structure, inventories, sidecars and inventory digests are still checked. */
  fast?: boolean;
}

/**
 * Collects issues. The same fact is often reachable from two inventories (the root one and a
 * version's copy), so an identical code + message + path is recorded once.
 */
export class IssueLog {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];
  private readonly seen = new Set<string>();

  error(code: string, message: string, path?: string): void {
    this.add(this.errors, code, message, path);
  }

  warning(code: string, message: string, path?: string): void {
    this.add(this.warnings, code, message, path);
  }

  get errorCount(): number {
    return this.errors.length;
  }

  result(): ValidationResult {
    return { valid: this.errors.length === 0, errors: [...this.errors], warnings: [...this.warnings] };
  }

  private add(list: ValidationIssue[], code: string, message: string, path: string | undefined): void {
    const key = `${code}\u0000${message}\u0000${path ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(path === undefined ? { code, message } : { code, message, path });
  }
}
