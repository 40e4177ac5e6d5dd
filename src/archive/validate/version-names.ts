// Version directory names: "v" + a positive integer, padded consistently or not at all (spec 3.3).
import type { IssueLog } from "./issues.ts";

const VERSION_NAME = /^v[0-9]+$/;

export function isVersionName(name: string): boolean {
  return VERSION_NAME.test(name);
}

export function versionNumber(name: string): number {
  return Number.parseInt(name.slice(1), 10);
}

/**
 * Checks the keys of an inventory's `versions` block and returns the well-formed names in version
 * order. Reports E104/E105 (bad names), E009/E010 (sequence), E011/E013 (zero padding) and W001.
 * `warnPadding` is off for version-directory inventories, whose naming the root inventory already covers.
 */
export function checkVersionNames(keys: string[], where: string, log: IssueLog, warnPadding = true): string[] {
  const named: { name: string; number: number }[] = [];
  for (const key of keys) {
    if (!isVersionName(key)) {
      log.error("E104", `${where}: version "${key}" is not a valid version directory name ("v" followed by a number, e.g. v1).`, where);
      continue;
    }
    const number = versionNumber(key);
    if (number < 1) {
      log.error("E105", `${where}: version "${key}" is not numbered from the positive integers 1, 2, 3…`, where);
      continue;
    }
    named.push({ name: key, number });
  }
  named.sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
  const first = named[0];
  if (!first) return [];

  if (first.number !== 1) {
    log.error("E009", `${where}: the version sequence must start at 1, but the first version is ${first.name}.`, where);
  }
  // The first version sets the naming convention: "v1" (unpadded) or e.g. "v001" (padded to 3 digits).
  const digits = first.name.length - 1;
  const padded = first.name[1] === "0";
  if (padded && warnPadding) {
    log.warning("W001", `${where}: version directories use zero-padded names (${first.name}); unpadded names (v1, v2, …) are recommended.`, where);
  }
  for (const { name } of named.slice(1)) {
    const nameDigits = name.length - 1;
    if (padded) {
      if (name[1] !== "0") {
        log.error("E011", `${where}: version ${name} breaks the zero-padding of ${first.name}: padded version names must start with "v0", so ${digits} digits allow at most ${"9".repeat(digits - 1)} versions.`, where);
      }
      if (nameDigits !== digits || name[1] !== "0") {
        log.error("E013", `${where}: version ${name} does not follow the naming convention set by ${first.name} (zero-padded to ${digits} digits).`, where);
      }
    } else if (name[1] === "0") {
      log.error("E013", `${where}: version ${name} is zero-padded but the first version ${first.name} is not; all versions must use one naming convention.`, where);
    }
  }

  const numbers = named.map((entry) => entry.number);
  const duplicates = numbers.filter((number, i) => i > 0 && numbers[i - 1] === number);
  for (const number of new Set(duplicates)) {
    const names = named.filter((entry) => entry.number === number).map((entry) => entry.name);
    log.error("E013", `${where}: version number ${number} appears under several names (${names.join(", ")}).`, where);
  }
  const unique = [...new Set(numbers)];
  const last = unique[unique.length - 1] ?? 0;
  const missing: number[] = [];
  const present = new Set(unique);
  for (let n = 1; n <= last; n++) if (!present.has(n)) missing.push(n);
  if (missing.length > 0 && first.number === 1) {
    log.error("E010", `${where}: the version sequence is not continuous; version number(s) ${missing.join(", ")} are missing.`, where);
  }
  return named.map((entry) => entry.name);
}
