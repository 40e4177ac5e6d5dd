// Timelines from tables: a time column beside a forum column, an action column or both, in any
// order, found by the header's words ("Hvornår | Hvem | Hvad", "Måned | Mødeforum | Emne |
// Bemærkning") or, where the header is missing or unknown, by what the cells hold. A table whose time
// column holds only years (a focus-area overview), or whose other cells hold no words (rates,
// capacities), is not a plan and gives no steps.
import type { TableBlock } from "../../../src/model/document.ts";
import { parseWhen } from "../dates.ts";
import { forumsIn } from "../forums.ts";
import { cellStep } from "./clauses.ts";
import { fold } from "../types.ts";
import { maxOf } from "../../../src/lib/arrays.ts";

type Role = "time" | "forum" | "action" | "note";

/** Header words by the role of their column (folded: å → a, ø → o, æ → e). */
const HEADER_WORDS: Readonly<Record<Role, readonly string[]>> = {
  time: ["tidspunkt", "tidspunkter", "dato", "datoer", "hvornar", "start", "startdato", "opstart", "begynder", "tid", "tidsrum", "periode", "maned", "maaned", "tidsplan", "deadline", "frist", "frister", "uge", "kvartal", "termin", "modedato", "modedatoer", "when"],
  forum: ["forum", "fora", "hvem", "ansvarlig", "ansvarlige", "ansvar", "aktor", "aktorer", "modeforum", "udvalg", "part", "parter", "involverede", "organ", "niveau", "beslutningsniveau", "behandles"],
  action: ["handling", "handlinger", "aktivitet", "aktiviteter", "indhold", "hvad", "emne", "emner", "opgave", "opgaver", "beskrivelse", "proces", "tema", "temaer", "punkt", "milepael", "milepaele", "leverance", "indsats", "skridt", "fase", "beslutning", "sag", "dagsordenspunkt"],
  note: ["bemerkning", "bemerkninger", "note", "noter", "kommentar", "kommentarer", "status"],
};

/** The header of the column that ends the time column's span: "Start | Slut", "Fra | Til". */
const END_HEADER = /^(?:slut|slutdato|afslutning|til|deadline|frist)$/;

/**
 * A column whose cells are read as dates: at least this share of its filled cells must be whole time
 * expressions. Below it a column of labels that happen to hold a date now and then ("Møde 3. maj") is
 * not a time column. Half of the cells plus one in the tables of the sample corpus and the tests.
 */
const TIME_COLUMN_SHARE = 0.6;
/** A forum column by content: this share of its filled cells name a forum and are short. */
const FORUM_COLUMN_SHARE = 0.5;
const FORUM_CELL_MAX_WORDS = 6;
/** A plan's rows say something in words; a rate or capacity table's cells are figures. */
const WORDY_ROW_SHARE = 0.5;

export interface TableStep {
  when: string;
  /** The forum the row names, by its canonical name; null when its Forum cell names none of the gazetteer's. */
  forum: string | null;
  action: string;
  /** The Forum cell as written. */
  whoWritten: string;
}

/** The steps of a table that is a plan; none for any other table. */
export function tableSteps(table: TableBlock): TableStep[] {
  const width = maxOf([0, ...table.rows.map((r) => r.length)]);
  if (width < 2) return [];
  const byHeader = table.rows[0] ? headerRoles(table.rows[0], table.rows.slice(1)) : [];
  const headed = byHeader.includes("time");
  const roles = headed ? byHeader : contentRoles(table.rows, width);
  const body = headed || looksLikeHeader(table.rows[0] ?? [], roles) ? table.rows.slice(1) : table.rows;
  const time = roles.indexOf("time");
  const forum = roles.indexOf("forum");
  const action = roles.indexOf("action");
  if (time === -1) return [];
  const whatOf = (row: readonly string[]) =>
    (action !== -1 ? (row[action] ?? "") : row.filter((_, i) => i !== time && i !== forum && roles[i] !== "note").join(" ")).replace(/\s+/g, " ").trim();
  // A span in two columns: the end column stands next to the start and is named as the end.
  const end = headed && table.rows[0] && END_HEADER.test(fold(table.rows[0][time + 1] ?? "").toLowerCase().trim()) && roles[time + 1] === null ? time + 1 : -1;
  const steps: TableStep[] = [];
  for (const row of body) {
    const start = timeCell(row[time] ?? "");
    const until = end === -1 ? "" : (row[end] ?? "").replace(/\s+/g, " ").trim();
    const when = start && until ? `${start} – ${until}` : start;
    const what = whatOf(row);
    const who = forum !== -1 ? (row[forum] ?? "").replace(/\s+/g, " ").trim() : "";
    if (!when) {
      // A cell that ran onto a second row of the table belongs to the step above.
      const last = steps[steps.length - 1];
      if (last && (what || who)) {
        if (what) last.action = `${last.action} ${what}`.trim();
        if (who) {
          last.whoWritten = `${last.whoWritten} ${who}`.trim();
          last.forum = canonical(last.whoWritten);
        }
      }
      continue;
    }
    // Without a forum column, the action cell names who acts, as a sentence does.
    const clause = forum === -1 ? cellStep(what) : { forum: canonical(who), action: what };
    steps.push({ when, forum: clause.forum, action: clause.action, whoWritten: who });
  }
  if (!isPlan(steps)) return [];
  return steps;
}

function headerRoles(header: readonly string[], rows: readonly (readonly string[])[]): (Role | null)[] {
  const roles = header.map((cell) => {
    const words = fold(cell).split(/[^a-z]+/).filter(Boolean);
    for (const role of ["time", "forum", "action", "note"] as const) {
      if (words.some((w) => HEADER_WORDS[role].includes(w))) return role;
    }
    return null;
  });
  const meanLength = (i: number) => rows.reduce((sum, r) => sum + (r[i] ?? "").length, 0) / Math.max(1, rows.length);
  const actionColumn = roles.map((r, i) => (r === "action" ? i : -1)).filter((i) => i >= 0).sort((a, b) => meanLength(b) - meanLength(a) || a - b)[0] ?? -1;
  // One column per role: the first keeps it, but of several action columns the one that says most
  // ("Fase | Periode | Forum | Indhold": the phase number is no action).
  return roles.map((role, i) => (role && role !== "action" && roles.indexOf(role) === i ? role : role === "action" && i === actionColumn ? role : null));
}

/** Roles from the cells: the time column by its dates, the forum column by its fora, the longest text as the action. */
function contentRoles(rows: readonly (readonly string[])[], width: number): (Role | null)[] {
  const roles: (Role | null)[] = new Array(width).fill(null);
  const column = (i: number) => rows.map((r) => (r[i] ?? "").trim()).filter(Boolean);
  const timeShare = (i: number) => {
    const cells = column(i);
    return cells.length >= 2 ? cells.filter(isWholeWhen).length / cells.length : 0;
  };
  const shares = Array.from({ length: width }, (_, i) => timeShare(i));
  const time = shares.indexOf(maxOf(shares));
  if (shares[time]! < TIME_COLUMN_SHARE) return roles;
  roles[time] = "time";
  for (let i = 0; i < width; i++) {
    if (roles[i]) continue;
    const cells = column(i);
    const fora = cells.filter((c) => forumsIn(c).length > 0 && c.split(/\s+/).length <= FORUM_CELL_MAX_WORDS).length;
    if (cells.length && fora / cells.length >= FORUM_COLUMN_SHARE && !roles.includes("forum")) roles[i] = "forum";
  }
  let longest = -1;
  let longestMean = 0;
  for (let i = 0; i < width; i++) {
    if (roles[i]) continue;
    const cells = column(i);
    const mean = cells.reduce((s, c) => s + c.length, 0) / Math.max(1, cells.length);
    if (mean > longestMean) [longest, longestMean] = [i, mean];
  }
  if (longest !== -1) roles[longest] = "action";
  return roles;
}

/** A first row that is no step: its time cell is not a date while the column's other cells are. */
function looksLikeHeader(row: readonly string[], roles: readonly (Role | null)[]): boolean {
  const time = roles.indexOf("time");
  return time !== -1 && !isWholeWhen((row[time] ?? "").trim());
}

/** A time cell's text; a scan reads a grid's rule before it as a bracket or bar ("[Januar- februar"). */
function timeCell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/^[\s[\]|¦{}]+/u, "").trim();
}

/** The cell is a time expression and little else ("Uge 12", "Forår 2022", "Senest 15. oktober"; "1. marts (foreløbig)" is not). */
function isWholeWhen(raw: string): boolean {
  const cell = timeCell(raw);
  const parsed = parseWhen(cell, 2000);
  return Boolean(parsed && parsed.index + parsed.text.length >= cell.replace(/[.\s:]+$/, "").length - 1);
}

/** The first forum a cell names (forumsIn gives the longest name first where two start at one place). */
function canonical(cell: string): string | null {
  return forumsIn(cell)[0]?.forum.name ?? null;
}

/** Some step dated finer than a year, and words in most of the rows. */
function isPlan(steps: readonly TableStep[]): boolean {
  if (!steps.length) return false;
  const finer = steps.some((s) => {
    const parsed = parseWhen(s.when, 2000);
    return parsed !== null && !parsed.yearOnly;
  });
  const wordy = steps.filter((s) => /\p{L}{3,}/u.test(`${s.action} ${s.forum ?? ""}`)).length;
  return finer && wordy / steps.length >= WORDY_ROW_SHARE;
}
