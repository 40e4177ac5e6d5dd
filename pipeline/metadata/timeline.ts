// Timelines: who does what when. From tables with a time column and a forum or action column
// ("Tidspunkt | Forum | Handling"), and from lists or lines that open with a date ("9. marts: DAS
// drøftelse om …"). A step without a year takes it from the plan around it ("Tidsplan … (opdateret
// 1. september 2020)") or, failing that, from the agreement period it prepares, and says so.
import type { Block, DocumentRecord, TableBlock, TimelineItem, YearRange } from "../../src/model/document.ts";
import { findFullDates, parseWhen, TIME_EXPRESSION } from "./dates.ts";
import { forumsIn } from "./forums.ts";
import { fold } from "./types.ts";

const TIME_HEADER = /^(?:tidspunkt|dato|datoer|hvornar|tid|periode|maned|tidsplan|deadline|frist)$/;
const FORUM_HEADER = /^(?:forum|fora|hvem|ansvarlig|aktor|aktorer|modeforum|udvalg|part|involverede)$/;
const ACTION_HEADER = /^(?:handling|handlinger|aktivitet|aktiviteter|indhold|hvad|emne|opgave|beskrivelse|proces|tema)$/;


export function extractTimeline(doc: DocumentRecord, period: YearRange | null): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const page of doc.pages) {
    let context: string[] = [];
    for (const block of page.blocks) {
      if (block.type === "table") items.push(...fromTable(block, page.number));
      else if (block.type === "list") items.push(...fromLines(block.items.flatMap((i) => joinContinuationLines(i.text)), page.number, "list", context, period));
      else if (block.type === "paragraph" && block.text.includes("\n")) items.push(...fromLines(joinContinuationLines(block.text), page.number, "text", context, period));
      context = [...context, ...textOf(block)].slice(-3);
    }
  }
  return items;
}

/** Lines, with those that do not open with a date run into the dated line before them. */
function joinContinuationLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (out.length && !TIME_EXPRESSION.test(line.trim())) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

function textOf(block: Block): string[] {
  return block.type === "heading" || block.type === "paragraph" ? [block.text] : [];
}

function fromTable(table: TableBlock, page: number): TimelineItem[] {
  const [header, ...rows] = table.rows;
  if (!header) return [];
  const role = header.map((cell) => {
    const h = fold(cell.trim()).replace(/[^a-z]/g, "");
    return TIME_HEADER.test(h) ? "time" : FORUM_HEADER.test(h) ? "forum" : ACTION_HEADER.test(h) ? "action" : null;
  });
  const time = role.indexOf("time");
  const forum = role.indexOf("forum");
  const action = role.indexOf("action");
  if (time === -1 || (forum === -1 && action === -1)) return [];
  const items: TimelineItem[] = [];
  for (const row of rows) {
    const when = (row[time] ?? "").trim();
    const what = action !== -1 ? (row[action] ?? "").trim() : row.filter((_, i) => i !== time && i !== forum).join(" ").trim();
    if (!when && !what) continue;
    const parsed = parseWhen(when, null);
    items.push({
      when,
      date: parsed && parsed.text.length >= when.replace(/[.\s]+$/, "").length - 1 ? parsed.date : null,
      forum: forum !== -1 ? (row[forum] ?? "").trim() || null : firstForum(what),
      action: what,
      page,
      yearInferred: false,
      source: "table",
    });
  }
  return items;
}

/**
 * Lines that open with a date and a colon or dash. Two such lines at least make a timeline; a
 * single dated line in running text is an event mentioned, not a plan.
 */
function fromLines(lines: readonly string[], page: number, source: "list" | "text", context: readonly string[], period: YearRange | null): TimelineItem[] {
  const steps: { when: string; rest: string }[] = [];
  for (const line of lines) {
    const t = line.trim();
    const m = TIME_EXPRESSION.exec(t);
    if (!m) continue;
    const after = t.slice(m[0].length);
    const sep = /^\s*[:–-]\s*/.exec(after);
    if (!sep) continue;
    steps.push({ when: m[0].trim(), rest: after.slice(sep[0].length).trim() });
  }
  if (steps.length < 2) return [];
  const contextYear = yearFromContext(context, period);
  let year = contextYear.year;
  let lastMonth = 0;
  return steps.map((step) => {
    const parsed = parseWhen(step.when, year);
    let date = parsed?.date ?? null;
    if (parsed?.yearMissing && date && year !== null) {
      // A plan that runs from autumn into the next spring: the months start again.
      const month = Number(date.from.slice(5, 7));
      if (month && month < lastMonth - 2) {
        year += 1;
        date = parseWhen(step.when, year)!.date;
      }
      lastMonth = Number(date!.from.slice(5, 7)) || lastMonth;
    } else if (date) {
      year = Number(date.from.slice(0, 4));
      lastMonth = Number(date.from.slice(5, 7)) || lastMonth;
    }
    return {
      when: step.when,
      date,
      forum: firstForum(step.rest),
      action: step.rest,
      page,
      yearInferred: Boolean(parsed?.yearMissing && date),
      source,
    };
  });
}

/**
 * The year of a plan whose steps give none: a full date in the lead-in ("opdateret 1. september
 * 2020"), else a lone year there, else the year before the agreement period it prepares.
 */
function yearFromContext(context: readonly string[], period: YearRange | null): { year: number | null } {
  const text = context.join("\n");
  const dates = findFullDates(text);
  if (dates.length) return { year: Number(dates[dates.length - 1]!.iso.slice(0, 4)) };
  const lone = [...text.matchAll(/(?<![\d-])((?:19|20)\d\d)(?![\d-])/g)].map((m) => Number(m[1]));
  if (lone.length) return { year: lone[lone.length - 1]! };
  // A plan for making an agreement runs the year before it starts; a plan within one, its first year.
  const preparing = /udarbejdelse|tidsplan|proces|forberedelse/i.test(text);
  const range = /(?<![\d-])((?:19|20)\d\d)\s*[-–]\s*(?:19|20)?\d\d(?![\d-])/.exec(text);
  if (range) return { year: Number(range[1]) - (preparing ? 1 : 0) };
  return { year: period ? period.from - (preparing ? 1 : 0) : null };
}

function firstForum(text: string): string | null {
  return forumsIn(text)[0]?.forum.name ?? null;
}
