// Timelines: who does what when. From tables that are plans (a time column beside a forum or an
// action column, in any order), from dated list items and lines, and from sentences that state a
// step. A step without a year takes it from the steps around it, else from the heading, lead-in,
// document or agreement period, and says so (`yearInferred`).
import type { Block, DocumentRecord, TimelineItem, YearRange } from "../../../src/model/document.ts";
import { findFullDates, findWhens, parseWhen } from "../dates.ts";
import { cellStep, itemSteps, paragraphSteps, type ClauseStep } from "./clauses.ts";
import { tableSteps } from "./table.ts";
import { calendarYear, dateSteps, fallbackYear, type YearSources } from "./years.ts";
import { pushAll } from "../../../src/lib/arrays.ts";

/**
 * Dated clauses make a plan only when there are at least this many together: one dated sentence in
 * running text is an event mentioned, not a timeline.
 */
const MIN_TEXT_STEPS = 2;
/** Under a heading (or after a lead-in) like these, a single dated step is a plan too ("Næste skridt"). */
const PLAN_HEADING = /plan(?:en)?\b|n(?:æ|ae|e)ste\s+skridt|videre\s+(?:proces|forl(?:ø|o)b)|proces\b|milep(?:æ|ae)l|(?:å|a)rshjul|forl(?:ø|o)b|frister|deadlines|m(?:ø|o)dedatoer|m(?:ø|o)dekalender/iu;
/** The lead-in of a plan: the text blocks just before it, under its heading. */
const LEAD_IN_BLOCKS = 3;
/** A title that names a plan for a year: "Mødeplan 2019", "Årshjul 2025", "Tidsplan for Socialaftale 2021-2022". */
const PLAN_TITLE = /(?:(?:å|a)rs|m(?:ø|o)de|tids|handle|arbejds|proces)plan|(?:å|a)rshjul|m(?:ø|o)de(?:kalender|datoer|oversigt)/iu;

/**
 * Longest paragraph or list item read for dated steps. Reading a text for them looks at what
 * follows each date, so its cost grows with the square of its length; the longest block in the
 * corpus and the development sets is under 1,000 characters, and a plan's line is far shorter.
 * A longer text (a file without paragraph breaks) is kept whole in the record, only not read for steps.
 */
const MAX_STEP_TEXT = 20_000;

interface PendingStep extends ClauseStep {
  page: number;
  source: "list" | "text";
}

export function extractTimeline(doc: DocumentRecord, period: YearRange | null): TimelineItem[] {
  const firstDate = firstFullDate(doc, Infinity);
  const documentYear = firstDate === null ? null : Number(firstDate.slice(0, 4));
  const documentDate = firstFullDate(doc, DATELINE_BLOCKS, true);
  const planTitle = [documentHeading(doc), doc.title].find((t): t is string => t !== null && PLAN_TITLE.test(t)) ?? null;
  const items: TimelineItem[] = [];
  let heading: string | null = null;
  let leadIn: string[] = [];
  let pending: PendingStep[] = [];
  let pendingSources: YearSources | null = null;
  // A section whose table is a plan: dated sentences after the table add to that plan.
  let sectionPlanned = false;
  // The time a heading names ("Marts", "2. kvartal") for the undated lines under it.
  let headingWhen: string | null = null;
  const flush = () => {
    const planned = pendingSources !== null && (sectionPlanned || PLAN_HEADING.test([pendingSources.heading ?? "", ...pendingSources.leadIn.slice(-1)].join("\n")));
    // The document's own date where it stands again (a dateline, a dated footer, "Referat … 8. juni
    // 2017") dates the document, not a step; it may be cut from its line as one by a dash after it.
    const steps = pending.filter((s) => !sameDay(s.when, documentDate));
    const alone = steps.length === 1 && steps[0]!.firm === true;
    if (pendingSources && (steps.length >= MIN_TEXT_STEPS || (planned && steps.length) || alone)) pushAll(items, dated(steps, pendingSources));
    pending = [];
    pendingSources = null;
  };
  for (const page of doc.pages) {
    // A slide's plan is under its own title, not the last slide's.
    if (doc.layout === "slides") {
      flush();
      heading = null;
      headingWhen = null;
      leadIn = [];
      sectionPlanned = false;
    }
    for (const block of page.blocks) {
      const sources: YearSources = { heading, leadIn, planTitle, documentYear, period };
      if (block.type === "heading" && whenHeading(block.text) !== null) {
        // "Marts" over what each forum does then: the heading dates the lines under it, and the
        // months of one calendar make one plan under the heading above them.
        headingWhen = whenHeading(block.text);
      } else if (block.type === "heading") {
        flush();
        headingWhen = null;
        heading = block.text;
        // What stood under the last heading introduces nothing under this one.
        leadIn = [];
        sectionPlanned = false;
      } else if (block.type === "table") {
        flush();
        const steps = tableSteps(block);
        // A short line alone just above a table is its caption: the heading the table stands under
        // where the layout did not set it as one ("Plan for 2023" read at body size from a scan).
        const caption = leadIn.length ? captionOf(leadIn[leadIn.length - 1]!) : null;
        if (steps.length && caption) {
          sources.heading = caption;
          sources.leadIn = [];
        }
        if (steps.length) sectionPlanned = true;
        pushAll(items, dated(steps.map((s) => ({ when: s.when, forum: s.forum, action: s.action, clause: s.action, page: page.number, source: "table" as const })), sources));
      } else if (block.type === "list" || block.type === "paragraph") {
        let steps =
          block.type === "list"
            ? block.items.flatMap((item) => (item.text.length > MAX_STEP_TEXT ? [] : itemSteps(item.text)))
            : block.text.length > MAX_STEP_TEXT
              ? []
              : paragraphSteps(block.text);
        if (!steps.length && headingWhen !== null) steps = forumLines(block, headingWhen);
        if (steps.length) {
          pendingSources ??= sources;
          pushAll(pending, steps.map((s) => ({ ...s, page: page.number, source: block.type === "list" ? ("list" as const) : ("text" as const) })));
        } else if (pending.length) {
          flush();
        }
      }
      leadIn = [...leadIn, ...textOf(block)].slice(-LEAD_IN_BLOCKS);
    }
  }
  flush();
  return items;
}

/** The time a heading names when it names nothing else ("Marts", "Uge 12", "2. halvår 2023"), finer than a year. */
function whenHeading(text: string): string | null {
  const t = text.trim().replace(/[.:\s]+$/, "");
  const parsed = parseWhen(t, 2000);
  return parsed && !parsed.yearOnly && parsed.index + parsed.text.length >= t.length ? t : null;
}

/** The lines (or items) of a block under a time heading that name a forum: one step each. */
function forumLines(block: Block, when: string): ClauseStep[] {
  const lines = block.type === "list" ? block.items.map((i) => i.text) : block.type === "paragraph" ? block.text.split("\n") : [];
  return lines.flatMap((line) => {
    const step = cellStep(line);
    return step.forum !== null && step.action ? [{ when, forum: step.forum, action: step.action, clause: line }] : [];
  });
}

function dated(steps: readonly (ClauseStep & { page: number; source: TimelineItem["source"] })[], sources: YearSources): TimelineItem[] {
  const dates = dateSteps(
    // A date whose year a joined date names is dated with it; the step keeps the date as written.
    steps.map((s) => (s.sharedYear === undefined ? s.when : `${s.when} ${s.sharedYear}`)),
    fallbackYear(sources),
    calendarYear(sources),
  );
  return steps.map((s, i) => ({
    when: s.when,
    date: dates[i]!.date,
    forum: s.forum,
    action: s.action,
    page: s.page,
    yearInferred: dates[i]!.yearInferred,
    source: s.source,
  }));
}

/**
 * The document's first heading, as it reads after repair: a title from a legacy PDF's English
 * text layer ("Medeplan 2019") may not match a plan title where the heading read again does.
 */
function documentHeading(doc: DocumentRecord): string | null {
  for (const page of doc.pages) for (const block of page.blocks) if (block.type === "heading") return block.text;
  return null;
}

/** What a block adds to the lead-in: its text when it is a paragraph (a heading is a source of its own). */
function textOf(block: Block): string[] {
  return block.type === "paragraph" ? [block.text] : [];
}

/** A caption names something in a few words on one line and ends without a full stop. */
const CAPTION_MAX_WORDS = 6;

function captionOf(text: string): string | null {
  const t = text.trim();
  if (t.includes("\n") || /[.:;,]$/.test(t) || t.split(/\s+/).length > CAPTION_MAX_WORDS) return null;
  return t;
}

/** Whether a written date is the given ISO day (with its year written out). */
function sameDay(when: string, iso: string | null): boolean {
  if (iso === null) return false;
  return findFullDates(when).some((d) => d.iso === iso);
}

/**
 * The document's own date stands in its first blocks (a header, the title, a dateline or meeting
 * line): a full date further down is a step's or a decision's.
 */
const DATELINE_BLOCKS = 4;
/** A dateline says little besides its date ("Aalborg, den 1. december 2022", "Dato: 8. juni 2017"). */
const DATELINE_MAX_OTHER_WORDS = 4;

/**
 * The first full date in the document's first `blocks` blocks (a meeting date, an update date, a
 * dateline); with `datelineOnly`, only where its block reads as a dateline, not as a step.
 */
function firstFullDate(doc: DocumentRecord, blocks: number, datelineOnly = false): string | null {
  let seen = 0;
  for (const page of doc.pages) {
    for (const block of page.blocks) {
      if (seen++ >= blocks) return null;
      const text = block.type === "list" ? block.items.map((i) => i.text).join("\n") : block.type === "table" ? block.rows.flat().join("\n") : block.text;
      const found = findFullDates(text)[0];
      if (!found) continue;
      if (!datelineOnly) return found.iso;
      if ((block.type === "paragraph" || block.type === "heading") && readsAsDateline(text, found)) return found.iso;
    }
  }
  return null;
}

/**
 * A block whose date is the document's: a label, a place or a meeting's name around the date, not a
 * sentence ("Den 3. maj 2024 behandler KKR … udkastet.") and not a dated line ("14. juni 2022: …").
 */
function readsAsDateline(text: string, date: { index: number; text: string }): boolean {
  // The date's own line: a block may hold the dateline and the text under it.
  const lineStart = text.lastIndexOf("\n", date.index) + 1;
  const lineEnd = text.indexOf("\n", date.index) === -1 ? text.length : text.indexOf("\n", date.index);
  const before = text.slice(lineStart, date.index);
  const after = text.slice(date.index + date.text.length, lineEnd);
  if (!/\p{L}/u.test(before.replace(/\b(?:den|d)\b\.?/giu, "")) && /^\s*[:–—-]\s/u.test(after)) return false;
  // A dateline dates one thing; a line of dates is a plan's.
  if (findWhens(text.slice(lineStart, lineEnd), null).filter((w) => !w.yearOnly).length > 1) return false;
  // "Frist for indmelding: 1. marts 2024" labels a step's date; "Mødedato: …" the document's.
  const label = /([^:·|]*):\s*(?:den\s+|d\.\s*)?$/u.exec(before);
  if (label) return DATE_LABEL.test(label[1]!);
  // "Mødet blev afholdt fredag den 18. juni 2021 …": the line reports the meeting the document is of.
  if (MEETING_HELD.test(text.slice(lineStart, lineEnd))) return true;
  const other = `${before} ${after}`.match(/\p{L}[\p{L}\d.-]*/gu) ?? [];
  return other.length <= DATELINE_MAX_OTHER_WORDS || !/[.!?]\s*$/u.test(text.slice(lineStart, lineEnd).trim());
}

/** A meeting reported as held, in the words minutes open with. */
const MEETING_HELD = /\b(?:afholdt|afholdtes|fandt\s+sted|holdtes)\b/iu;
/** Labels of the document's own date: its date, the meeting's, when it was written or revised. */
const DATE_LABEL = /dato|date|tidspunkt|opdateret|udarbejdet|revideret|udsendt|afholdt|m(?:ø|o)det?\b/iu;
