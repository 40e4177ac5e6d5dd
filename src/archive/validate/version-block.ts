// One entry of an inventory's `versions` block (spec 3.5.3.1): created, state, message, user.
import { normalizeDigest } from "./digest.ts";
import type { IssueLog } from "./issues.ts";
import { isJsonObject, type JsonObject } from "./json.ts";
import { pathProblem, reportPathConflicts } from "./paths.ts";

export interface VersionState {
  /** The version block as read, for comparing metadata between inventories (W011). */
  block: JsonObject;
  /** Logical path → normalised digest, for the well-formed entries only. */
  state: Map<string, string>;
  /** Normalised digests the state refers to (E107). */
  digests: Set<string>;
}

export interface VersionBlockContext {
  /** The inventory file, for messages and issue paths. */
  file: string;
  /** Manifest keys exactly as written: state digests must match one of them exactly (E050). */
  manifestKeys: Set<string>;
  /** Manifest keys lower-cased, to tell "wrong case" from "absent". */
  manifestDigests: Set<string>;
  /** False for version-directory inventories: the root inventory already reports the SHOULDs. */
  reportShoulds: boolean;
}

const VERSION_KEYS = new Set(["created", "message", "state", "user"]);
const USER_KEYS = new Set(["name", "address"]);

/** RFC 3986 scheme followed by something; OCFL only asks that ids and addresses be URIs (W005, W009). */
export function isUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-](\d{2}):(\d{2}))?$/;

/** Why `created` is not an RFC 3339 date-time with seconds and a timezone (E049), or null if it is. */
export function createdProblem(value: unknown): string | null {
  if (typeof value !== "string") return "must be a date-time string";
  const match = RFC3339.exec(value);
  if (!match) return `"${value}" is not an RFC 3339 date-time (e.g. 2024-01-31T12:00:00Z)`;
  const [, year, month, day, hour, minute, second, , zone, zoneHour, zoneMinute] = match;
  if (second === undefined) return `"${value}" is not given to the second`;
  if (zone === undefined) return `"${value}" has no timezone (add Z or an offset such as +01:00)`;
  const y = Number(year);
  const m = Number(month);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const inRange =
    m >= 1 && m <= 12 &&
    Number(day) >= 1 && Number(day) <= daysInMonth &&
    Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 60 &&
    (zoneHour === undefined || (Number(zoneHour) <= 23 && Number(zoneMinute) <= 59));
  return inRange ? null : `"${value}" is not a real date and time`;
}

export function checkVersionBlock(name: string, value: unknown, context: VersionBlockContext, log: IssueLog): VersionState | null {
  const { file } = context;
  const at = `${file}, version ${name}`;
  if (!isJsonObject(value)) {
    log.error("E047", `${at}: the version must be described by a JSON object.`, file);
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!VERSION_KEYS.has(key)) log.error("E102", `${at}: the key "${key}" is not defined for a version.`, file);
  }

  if (!Object.hasOwn(value, "created")) {
    log.error("E048", `${at}: the version has no "created" date.`, file);
  } else {
    const problem = createdProblem(value.created);
    if (problem) log.error("E049", `${at}: "created" ${problem}.`, file);
  }

  const result: VersionState = { block: value, state: new Map(), digests: new Set() };
  if (!Object.hasOwn(value, "state")) {
    log.error("E048", `${at}: the version has no "state" block.`, file);
  } else if (!isJsonObject(value.state)) {
    log.error("E050", `${at}: "state" must be a JSON object mapping digests to logical paths.`, file);
  } else {
    checkState(value.state, at, context, result, log);
  }

  if (!Object.hasOwn(value, "message")) {
    if (context.reportShoulds) log.warning("W007", `${at}: the version has no "message".`, file);
  } else if (typeof value.message !== "string") {
    log.error("E094", `${at}: "message" must be a string.`, file);
  }

  if (!Object.hasOwn(value, "user")) {
    if (context.reportShoulds) log.warning("W007", `${at}: the version has no "user".`, file);
  } else {
    checkUser(value.user, at, context, log);
  }
  return result;
}

function checkState(state: JsonObject, at: string, context: VersionBlockContext, result: VersionState, log: IssueLog): void {
  const { file } = context;
  const logicalPaths: string[] = [];
  for (const [digest, paths] of Object.entries(state)) {
    const normalized = normalizeDigest(digest);
    if (!context.manifestKeys.has(digest)) {
      if (context.manifestDigests.has(normalized)) {
        log.error("E050", `${at}: state digest ${digest} matches a manifest digest only when case is ignored; it must match exactly.`, file);
      } else {
        log.error("E050", `${at}: state digest ${digest} is not in the manifest.`, file);
      }
    }
    result.digests.add(normalized);
    if (!Array.isArray(paths)) {
      log.error("E050", `${at}: the state entry for digest ${digest} must be an array of logical paths.`, file);
      continue;
    }
    for (const path of paths as unknown[]) {
      if (typeof path !== "string") {
        log.error("E051", `${at}: logical path ${JSON.stringify(path)} must be a string.`, file);
        continue;
      }
      const problem = pathProblem(path);
      if (problem === "slash") {
        log.error("E053", `${at}: logical path "${path}" must not begin or end with "/".`, file);
        continue;
      }
      if (problem === "element") {
        log.error("E052", `${at}: logical path "${path}" has an empty, "." or ".." element.`, file);
        continue;
      }
      logicalPaths.push(path);
      result.state.set(path, normalized);
    }
  }
  reportPathConflicts(logicalPaths, "E095", "logical", `${at} state`, file, log);
}

function checkUser(user: unknown, at: string, context: VersionBlockContext, log: IssueLog): void {
  const { file } = context;
  if (!isJsonObject(user)) {
    log.error("E054", `${at}: "user" must be a JSON object with a "name".`, file);
    return;
  }
  for (const key of Object.keys(user)) {
    if (!USER_KEYS.has(key)) log.error("E102", `${at}: the key "${key}" is not defined for a user.`, file);
  }
  if (typeof user.name !== "string" || user.name === "") {
    log.error("E054", `${at}: "user" must have a non-empty string "name".`, file);
  }
  if (!Object.hasOwn(user, "address")) {
    if (context.reportShoulds) log.warning("W008", `${at}: "user" has no "address".`, file);
  } else if (typeof user.address !== "string") {
    log.error("E054", `${at}: the user's "address" must be a string.`, file);
  } else if (!isUri(user.address) && context.reportShoulds) {
    log.warning("W009", `${at}: the user's address "${user.address}" is not a URI (use mailto:… or a URL such as an ORCID iD).`, file);
  }
}
