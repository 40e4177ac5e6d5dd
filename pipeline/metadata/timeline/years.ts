// The year of a plan's steps. A step that names its year keeps it; the others take it from the steps
// around them (a plan runs forward, so months that start again mean a new year), and a plan whose
// steps name no year at all takes it from what the reader would look at: the lead-in, the heading,
// the document's own dates, its agreement period. Such steps are marked `yearInferred`.
import type { YearRange } from "../../../src/model/document.ts";
import { findFullDates, parseWhen } from "../dates.ts";
import type { DateRangeValue } from "../types.ts";

/**
 * How far back the months of a plan may step before they count as the next year: a plan lists
 * "oktober-november" then "15. januar" (a new year), but may go back a month or two without one
 * ("juni", then "maj" for a step that runs beside it). Three months is the 2020 plan's widest step back
 * within one year in the sample corpus plus one.
 */
const MONTHS_BACK_WITHIN_YEAR = 2;

/** Words that make a plan one for preparing an agreement: it runs in the year before the agreement. */
const PREPARING = /tidsplan|proces|udarbejdelse|forberedelse|forl(?:ø|o)b|tilblivelse/i;
/** The agreement (or annex, or budget) a plan names with its year: "Rammeaftale 2016", "Takstbilag 2017". */
const AGREEMENT_YEAR = /(?:aftale|strategi|bilag|budget)(?:n|en|et)?\s+((?:19|20)\d\d)(?:\s*[-–]\s*(?:(?:19|20)?\d\d))?(?!\d)/iu;
/** Making the agreement, said in words ("udarbejdelse af den nye socialaftale"). */
const MAKING_AGREEMENT = /(?:udarbejdelse|forberedelse|tilblivelse)\s+af\s+(?:[\p{L}-]+\s+){0,3}[\p{L}-]*(?:aftale|strategi)(?:n|en)?(?![\p{L}])/iu;

export interface YearSources {
  /** The heading the steps stand under (on a slide, its title). */
  heading: string | null;
  /** The text between that heading and the steps: the lines that introduce the plan. */
  leadIn: readonly string[];
  /** The document's title, when it names a plan ("Mødeplan 2019", "Årshjul 2025"): the year of every plan in it. */
  planTitle: string | null;
  /** The year of the first full date the document gives (a meeting date, an "opdateret"). */
  documentYear: number | null;
  period: YearRange | null;
}

/**
 * The year of a plan whose steps name none, most specific source first: a full date in the lines
 * that introduce it ("Tidsplan … (opdateret 1. september 2020):"), the heading it stands under, a
 * year those lines name, the title of a document that is a plan ("Mødeplan 2019"), the document's
 * own first date, its agreement period; null when none says.
 */
export function fallbackYear(sources: YearSources): number | null {
  const lead = sources.leadIn.join("\n");
  const dates = findFullDates(lead);
  if (dates.length) return Number(dates[dates.length - 1]!.iso.slice(0, 4));
  // A plan for making the agreement (or annex) it names runs the year before; a plan for work
  // within the agreement ("Proces for takstfastsættelse") runs in it. Both must be said in one
  // place: a "Tidsplan" heading over a lead-in that names "Styringsaftale 2024" plans within it.
  const texts = [sources.heading ?? "", ...sources.leadIn];
  const prepares = (text: string) => PREPARING.test(text) && (AGREEMENT_YEAR.test(text) || MAKING_AGREEMENT.test(text));
  for (const text of [sources.heading ?? "", lead]) {
    const year = namedYear(text, text === lead ? sources.leadIn.some(prepares) : prepares(text));
    if (year !== null) return year;
  }
  // A memo dated in December for the next year: its title says the plan's year, its date does not.
  const titled = sources.planTitle === null ? null : namedYear(sources.planTitle, prepares(sources.planTitle));
  if (titled !== null) return titled;
  if (sources.documentYear !== null) return sources.documentYear;
  return sources.period ? sources.period.from - (texts.some(prepares) ? 1 : 0) : null;
}

/** "Proces 2019" → 2019; "Tidsplan for Styringsaftale 2019", "… Socialaftale 2021-2022" → the year before. */
function namedYear(text: string, preparing: boolean): number | null {
  const agreement = AGREEMENT_YEAR.exec(text);
  if (agreement) return Number(agreement[1]) - (preparing ? 1 : 0);
  const lone = [...text.matchAll(/(?<![\d-])((?:19|20)\d\d)(?![\d])/g)].map((m) => Number(m[1]));
  return lone.length ? lone[lone.length - 1]! : null;
}

/** A calendar of one year: "Mødeplan 2023", "Årshjul 2025", "Mødedatoer 2019", "Årsplan for 2021". */
const CALENDAR = /(?:(?:å|a)rs|m(?:ø|o)de)plan|(?:å|a)rshjul|m(?:ø|o)de(?:kalender|datoer|oversigt)/iu;

/**
 * The year of a calendar the steps stand under (their heading, else the document's plan title),
 * when it names one year and no agreement: every step without its own year is in it, in whatever
 * order the text names them (a paragraph per forum, each with its dates).
 */
export function calendarYear(sources: YearSources): number | null {
  for (const text of [sources.heading, sources.planTitle]) {
    if (text === null || !CALENDAR.test(text) || AGREEMENT_YEAR.test(text)) continue;
    const years = [...text.matchAll(/(?<![\d])((?:19|20)\d\d)(?![\d])/g)].map((m) => Number(m[1]));
    if (years.length === 1 && !/(?:19|20)\d\d\s*[-–\/]\s*(?:(?:19|20)?\d\d)(?!\d)/.test(text)) return years[0]!;
    if (years.length) return null;
  }
  return null;
}

export interface DatedStep {
  date: DateRangeValue | null;
  yearInferred: boolean;
}

/**
 * Dates for a plan's steps, in order. Steps before the first that names its year count back from it;
 * steps after it carry the year forward. `fallback` serves a plan that names no year at all; in a
 * `calendar` year's plan every step without a year is in that year.
 */
export function dateSteps(whens: readonly string[], fallback: number | null, calendar: number | null = null): DatedStep[] {
  const own = whens.map((w) => parseWhen(w, null));
  if (calendar !== null) {
    return own.map((parsed, i) => {
      if (parsed && !parsed.yearMissing && parsed.date) return { date: parsed.date, yearInferred: false };
      const date = parseWhen(whens[i]!, calendar)?.date ?? null;
      return { date, yearInferred: Boolean(date) };
    });
  }
  const firstOwn = own.findIndex((p) => p && !p.yearMissing && p.date);
  const out: DatedStep[] = new Array(whens.length);
  let year = firstOwn === -1 ? fallback : startYear(own[firstOwn]!.date!);
  // Backwards from the first step with a year: a month later than the step after it is the year before.
  let nextMonth = firstOwn === -1 ? 0 : month(own[firstOwn]!.date!.from);
  for (let i = firstOwn - 1; i >= 0; i--) {
    const parsed = parseWhen(whens[i]!, year);
    let date = parsed?.date ?? null;
    if (date && month(date.from) > nextMonth + MONTHS_BACK_WITHIN_YEAR && year !== null) {
      year -= 1;
      date = parseWhen(whens[i]!, year)?.date ?? null;
    }
    out[i] = { date, yearInferred: Boolean(date && parsed?.yearMissing) };
    if (date) nextMonth = month(date.from);
  }
  year = firstOwn === -1 ? fallback : startYear(own[firstOwn]!.date!);
  let lastMonth = 0;
  for (let i = Math.max(firstOwn, 0); i < whens.length; i++) {
    const parsed = own[i];
    if (parsed && !parsed.yearMissing && parsed.date) {
      out[i] = { date: parsed.date, yearInferred: false };
      year = startYear({ from: parsed.date.to, to: parsed.date.to });
      lastMonth = month(parsed.date.to);
      continue;
    }
    let date = year === null ? null : (parseWhen(whens[i]!, year)?.date ?? null);
    if (date && year !== null && month(date.from) && month(date.from) < lastMonth - MONTHS_BACK_WITHIN_YEAR) {
      year += 1;
      date = parseWhen(whens[i]!, year)?.date ?? null;
    }
    out[i] = { date, yearInferred: Boolean(date) };
    if (date) {
      year = startYear({ from: date.to, to: date.to });
      lastMonth = month(date.to) || lastMonth;
    }
  }
  return out;
}

function startYear(date: DateRangeValue): number {
  return Number(date.from.slice(0, 4));
}

/** The month of an ISO date, 0 for a bare year. */
function month(iso: string): number {
  return Number(iso.slice(5, 7)) || 0;
}
