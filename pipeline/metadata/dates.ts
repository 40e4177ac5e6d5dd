// Danish time expressions as plans write them ("9. marts", "Jan-Marts 2022", "Sept./okt. 2022",
// "Forår 2022", "3.-4. juni", "2. halvår 2023", "primo maj", "ultimo 2022", "uge 12", "Q3",
// "1. marts til 15. april") → ISO dates as precise as the source. A missing year can be supplied by
// the caller and is then reported as inferred. Matching runs on folded text (see `fold`), so text
// whose æ ø å were lost to OCR ("Forar 2022", "2. halvar") reads the same; folding keeps every
// offset, so a match's index and length hold in the original.
import { fold, type DateRangeValue } from "./types.ts";

const MONTHS: readonly [RegExp, number][] = [
  [/^jan(?:uar)?$/, 1],
  [/^feb(?:r|ruar)?$/, 2],
  [/^mar(?:ts)?$/, 3],
  [/^apr(?:il)?$/, 4],
  [/^maj$/, 5],
  [/^jun(?:i)?$/, 6],
  [/^jul(?:i)?$/, 7],
  [/^aug(?:ust)?$/, 8],
  [/^sep(?:t|tember)?$/, 9],
  [/^okt(?:ober)?$/, 10],
  [/^nov(?:ember)?$/, 11],
  [/^dec(?:ember)?$/, 12],
];

/** Seasons as Danish planning uses them: spring is March to May, and so on (folded spelling). */
const SEASONS: Readonly<Record<string, [number, number]>> = {
  forar: [3, 5],
  foraret: [3, 5],
  sommer: [6, 8],
  sommeren: [6, 8],
  efterar: [9, 11],
  efteraret: [9, 11],
  vinter: [1, 2],
  vinteren: [1, 2],
};

/**
 * "primo/medio/ultimo" and their plain-word kin. Before a month they keep the month (the source is
 * no more precise than that); before a year they name its first month, its middle two or its last.
 */
const QUALIFIERS: readonly [RegExp, "start" | "middle" | "end"][] = [
  [/^(?:primo|start(?:en)?\s+af|begyndelsen\s+af)$/, "start"],
  [/^(?:medio|midt\s+i|midten\s+af)$/, "middle"],
  [/^(?:ultimo|slut(?:ningen)?\s+af|udgangen\s+af)$/, "end"],
];

// Full month names end where they end; an abbreviation may take its dot ("sept.", "okt.").
const MONTH =
  "(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|(?:jan|febr?|mar|apr|jun|jul|aug|sept?|okt|nov|dec)\\.?)";
const YEAR = "(?:19|20)\\d\\d";
const DAY = "(?:[12]\\d|3[01]|0?[1-9])\\.";
const DAY_NO_DOT = "(?:[12]\\d|3[01]|0?[1-9])";
const SEP = "\\s*(?:-|–|—|/|til|og)\\s*";
const QUALIFIER = "(?:primo|medio|ultimo|start(?:en)?\\s+af|begyndelsen\\s+af|midt\\s+i|midten\\s+af|slut(?:ningen)?\\s+af|udgangen\\s+af)";
const YEAR_TAIL = `(?:,?\\s+${YEAR})?`;

/** One point or span in time, without a range to another. */
const POINT = [
  // 9. marts 2020, 3.-4. juni, 12. maj, and "3-4. marts" as a scan may read it
  `(?:${DAY}|${DAY_NO_DOT}(?=${SEP}))(?:${SEP}${DAY})?\\s*${MONTH}${YEAR_TAIL}`,
  // 03.11.2017, 3/5-2022, 3/5 2022
  `(?:[12]\\d|3[01]|0?[1-9])[./](?:1[0-2]|0?[1-9])(?:\\.|[./-]\\s?|\\s)${YEAR}`,
  // primo marts, ultimo 2022, primo-medio juni, medio/ultimo maj
  `${QUALIFIER}(?:\\s*[-–/]\\s*${QUALIFIER})?\\s+(?:${MONTH}${YEAR_TAIL}|${YEAR})`,
  // 1/10-15/10 2024: a day and month in figures that a dated day in figures closes
  `${DAY_NO_DOT}/(?:1[0-2]|0?[1-9])(?=\\s*[-–]\\s*${DAY_NO_DOT}/(?:1[0-2]|0?[1-9])(?:\\.|[./-]\\s?|\\s)${YEAR})`,
  // marts 2022
  `${MONTH}${YEAR_TAIL}`,
  // forår 2022, efteråret
  `(?:forar(?:et)?|sommer(?:en)?|efterar(?:et)?|vinter(?:en)?)${YEAR_TAIL}`,
  // 2. halvår 2023, 1. kvartal, Q3 2022
  `(?:[12]\\.\\s*halvar(?:et)?|[1-4]\\.(?:\\s*(?:-|–|til)\\s*[1-4]\\.)?\\s*(?:kvartal|kvt\\.?)|q[1-4])${YEAR_TAIL}`,
  // uge 12, uge 10-12 2022, and "luge 11" where a scan read "I uge 11" as one word
  `[l|]?uge(?:rne)?\\s*(?:[1-4]\\d|5[0-3]|0?[1-9])(?:${SEP}(?:[1-4]\\d|5[0-3]|0?[1-9]))?${YEAR_TAIL}`,
  // 2024-03-15, as systems print a date
  `${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?!\\d)`,
  YEAR,
].join("|");

/**
 * "d. 5/3", "den 18/6", "14/6: …": a day and month in figures, which only "d." or "den" before it,
 * or the colon or dash of a dated line after it, tells from a fraction.
 */
const DAY_MONTH_FIGURES = `(?:(?:d\\.|den)\\s*${DAY_NO_DOT}(?:/(?:1[0-2]|0?[1-9])(?![\\d/.-])|\\.(?:1[0-2]|0?[1-9])\\.(?!\\d))|${DAY_NO_DOT}/(?:1[0-2]|0?[1-9])(?=\\s*[:–]\\s|\\s+-\\s))`;
const EXPRESSION = `(?:${DAY_MONTH_FIGURES}|(?:(?:d\\.|den)\\s*)?(?:${POINT})(?:${SEP}(?:${POINT}))?)`;

/**
 * A time expression at the start of a text: a table cell, a dated list item, a date as a step
 * wrote it ("14/6" alone is a date there). Test it on `fold(text)`.
 */
export const TIME_EXPRESSION = new RegExp(`^(?:${EXPRESSION}(?![\\p{L}\\d])|${DAY_NO_DOT}/(?:1[0-2]|0?[1-9])(?=\\s*$|\\s*[:–]))`, "iu");

const TIME_ANYWHERE = new RegExp(`(?<![\\p{L}\\d.,/])${EXPRESSION}(?![\\p{L}\\d])`, "giu");

export interface ParsedWhen {
  /** The expression as written. */
  text: string;
  /** Where it stands in the text searched. */
  index: number;
  date: DateRangeValue | null;
  /** The expression names no year (and `date` used the year supplied, if any). */
  yearMissing: boolean;
  /** It is a year or a range of years and nothing finer ("2022", "2021-2022"). */
  yearOnly: boolean;
}

/** The days of the week, which may stand before a date ("Torsdag d. 4. maj"). */
export const WEEKDAY = "mandag|tirsdag|onsdag|torsdag|fredag|l(?:ø|o)rdag|s(?:ø|o)ndag";

/** A word before a cell's date that bounds it or names its weekday ("Senest 15. oktober", "Fra uge 35", "Torsdag d. 4. maj"). */
const LEAD_WORD = new RegExp(`^(?:(?:senest|inden|fra|pr\\.|ca\\.|omkring|efter|i)\\s+|(?:${WEEKDAY})(?:\\s+(?=d\\.|den)|,?\\s+(?=\\d)))(?=\\S)`, "iu");

/** Reads the time expression at the start of `text`; `year` fills in a missing year. */
export function parseWhen(text: string, year: number | null): ParsedWhen | null {
  const lead = text.length - text.trimStart().length + (LEAD_WORD.exec(text.trimStart())?.[0].length ?? 0);
  const m = TIME_EXPRESSION.exec(fold(text.slice(lead).trimEnd()));
  return m ? interpret(text.slice(lead, lead + m[0].length), lead, year) : null;
}

/** Every time expression in running text, in order; `year` fills in a missing year. */
export function findWhens(text: string, year: number | null): ParsedWhen[] {
  return [...fold(text).matchAll(TIME_ANYWHERE)].flatMap((m) => {
    const written = text.slice(m.index, m.index + m[0].length);
    // "11. maj og 7. september 2023" names two days, not the months between them; "3. og 4. juni" is a span.
    const two = TWO_DAYS.exec(fold(written));
    if (!two) return [interpret(written, m.index, year)];
    const second = written.length - two[2]!.length;
    return [interpret(written.slice(0, two[1]!.length), m.index, year), interpret(written.slice(second), m.index + second, year)];
  });
}

/** Two whole days joined by "og" (each with its month), as a list of meeting days writes them. */
const TWO_DAYS = new RegExp(`^((?:(?:d\\.|den)\\s*)?${DAY}\\s*${MONTH}${YEAR_TAIL})\\s+og\\s+((?:(?:d\\.|den)\\s*)?${DAY}\\s*${MONTH}${YEAR_TAIL})$`, "iu");

function interpret(written: string, index: number, year: number | null): ParsedWhen {
  const text = written.trim();
  const body = fold(text).toLowerCase().replace(/^(?:d\.|den)\s*/, "");
  const explicit = [...body.matchAll(new RegExp(`(?<!\\d)${YEAR}(?!\\d)`, "g"))].map((m) => Number(m[0]));
  const date = toRange(body, year);
  const yearOnly = new RegExp(`^${YEAR}(?:${SEP}${YEAR})?$`).test(body);
  return { text, index, date, yearMissing: explicit.length === 0, yearOnly };
}

interface Point {
  from: string;
  to: string;
  /** The year was written in this point. */
  ownYear: boolean;
}

/** The expression as a range; a part without its own year takes the other part's, else `year`. */
function toRange(body: string, year: number | null): DateRangeValue | null {
  const whole = point(body, year);
  if (whole) return { from: whole.from, to: whole.to };
  // A range of two points: try every separator, the right part first for a year or a month it shares.
  for (const m of body.matchAll(new RegExp(SEP, "g"))) {
    const left = body.slice(0, m.index).trim();
    const right = body.slice(m.index + m[0].length).trim();
    if (!left || !right) continue;
    const rightYearless = point(right, year ?? 2000);
    const rightPoint = point(right, year);
    const rightYear = rightPoint?.ownYear ? Number(rightPoint.from.slice(0, 4)) : year;
    // "3.-4. juni": the left day takes the right part's month.
    const dayOnly = /^(\d{1,2})\.$/.exec(left);
    if (dayOnly && rightYearless && /^\d{4}-\d\d-\d\d$/.test(rightYearless.from)) {
      if (rightYear === null) return null;
      const from = ymd(rightYear, Number(rightYearless.from.slice(5, 7)), Number(dayOnly[1]));
      return from && rightPoint ? { from, to: rightPoint.to } : null;
    }
    // "uge 10-12": the right number is a week too.
    const weekLeft = /^[l|]?uge(?:rne)?\s*(\d{1,2})$/.exec(left);
    if (weekLeft && /^\d{1,2}(?:,?\s+\d{4})?$/.test(right)) {
      const y = /\d{4}$/.test(right) ? Number(right.slice(-4)) : year;
      const to = y === null ? null : isoWeek(y, Number(right.split(/[,\s]/)[0]));
      const from = y === null ? null : isoWeek(y, Number(weekLeft[1]));
      return from && to ? { from: from.from, to: to.to } : null;
    }
    if (!rightPoint && rightYear === null) continue;
    const r = rightPoint ?? point(right, rightYear);
    if (!r) continue;
    let l = point(left, rightYear);
    if (!l) continue;
    // "nov.-jan. 2023" or "november-januar" from 2014: a range runs forward in time.
    if (l.from > r.from) {
      if (!l.ownYear && r.ownYear) l = point(left, Number(r.from.slice(0, 4)) - 1)!;
      else if (!l.ownYear && !r.ownYear && year !== null) {
        const later = point(right, year + 1);
        return later ? { from: l.from, to: later.to } : null;
      }
    }
    if (l.from > r.from) return null;
    return { from: l.from, to: r.to };
  }
  return null;
}

/** One point or span; null when the text is not one, or names no year and none is given. */
function point(text: string, year: number | null): Point | null {
  const iso = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text.trim());
  if (iso) {
    const day = ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day ? { from: day, to: day, ownYear: true } : null;
  }
  const own = new RegExp(`^(.*?)(?:,?\\s*(${YEAR}))?$`).exec(text.trim())!;
  const rest = own[1]!.trim();
  const ownYear = own[2] !== undefined;
  const y = ownYear ? Number(own[2]) : year;
  const make = (from: string | null, to: string | null): Point | null => (from && to ? { from, to, ownYear } : null);
  if (!rest) return ownYear ? make(String(y), String(y)) : null;
  if (y === null) return null;
  // "primo-medio juni" is as precise as "primo juni": the month.
  const qualified = /^(primo|medio|ultimo|start(?:en)?\s+af|begyndelsen\s+af|midt\s+i|midten\s+af|slut(?:ningen)?\s+af|udgangen\s+af)(?:\s*[-–/]\s*(?:primo|medio|ultimo))?(?:\s+(.*))?$/.exec(rest);
  if (qualified) {
    const kind = QUALIFIERS.find(([re]) => re.test(qualified[1]!.replace(/\s+/g, " ")))![1];
    if (!qualified[2]) {
      if (!ownYear) return null;
      if (kind === "start") return make(ym(y, 1), ym(y, 1));
      if (kind === "middle") return make(ym(y, 6), ym(y, 7));
      return make(ym(y, 12), ym(y, 12));
    }
    const month = monthNumber(qualified[2]);
    return month === null ? null : make(ym(y, month), ym(y, month));
  }
  const season = SEASONS[rest];
  if (season) return make(ym(y, season[0]), ym(y, season[1]));
  const half = /^([12])\.\s*halvar(?:et)?$/.exec(rest);
  if (half) return half[1] === "1" ? make(ym(y, 1), ym(y, 6)) : make(ym(y, 7), ym(y, 12));
  const quarter = /^(?:([1-4])\.(?:\s*(?:-|–|til)\s*([1-4])\.)?\s*(?:kvartal|kvt\.?)|q([1-4]))$/.exec(rest);
  if (quarter) {
    const q = Number(quarter[1] ?? quarter[3]);
    const last = Number(quarter[2] ?? q);
    return last >= q ? make(ym(y, 3 * q - 2), ym(y, 3 * last)) : null;
  }
  const week = /^[l|]?uge(?:rne)?\s*(\d{1,2})$/.exec(rest);
  if (week) {
    const span = isoWeek(y, Number(week[1]));
    return span ? make(span.from, span.to) : null;
  }
  const numeric = /^(\d{1,2})[./](\d{1,2})[./-]?$/.exec(rest);
  // Figures without a year are a date only as "d. 5/3" (see DAY_MONTH_FIGURES), which reaches here as "5/3".
  if (numeric && (ownYear || /^\d{1,2}\/\d{1,2}$/.test(rest) || /^\d{1,2}\.\d{1,2}\.$/.test(rest))) {
    const day = ymd(y, Number(numeric[2]), Number(numeric[1]));
    return make(day, day);
  }
  const days = /^(\d{1,2})(?:\.|(?=\s*(?:-|–|—|\/|til|og)))(?:\s*(?:-|–|—|\/|til|og)\s*(\d{1,2})\.)?\s*([\p{L}]+)\.?$/u.exec(rest);
  if (days) {
    const month = monthNumber(days[3]!);
    if (month === null) return null;
    return make(ymd(y, month, Number(days[1])), days[2] ? ymd(y, month, Number(days[2])) : ymd(y, month, Number(days[1])));
  }
  const month = monthNumber(rest);
  return month === null ? null : make(ym(y, month), ym(y, month));
}

export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  for (const [re, n] of MONTHS) if (re.test(w)) return n;
  return null;
}

/** Monday to Sunday of ISO week `week` of `year` (week 1 holds 4 January). */
function isoWeek(year: number, week: number): { from: string; to: string } | null {
  if (week < 1 || week > 53) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000 + (week - 1) * 7 * 86_400_000;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const sunday = monday + 6 * 86_400_000;
  // Week 53 exists only in some years.
  if (week === 53 && new Date(monday).getUTCFullYear() > year) return null;
  return { from: iso(monday), to: iso(sunday) };
}

function ym(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

function ymd(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCFullYear() !== year) return null;
  return `${ym(year, month)}-${String(day).padStart(2, "0")}`;
}

/** Letters a scan reads for the figures of a day ("B. juni 2017" for "8. juni 2017"). */
function scannedDigits(day: string): string {
  return day.replace(/[OBSlI]/g, (c) => ({ O: "0", B: "8", S: "5", l: "1", I: "1" })[c]!);
}

/**
 * A full date in running text ("1. september 2020", "3. november 2017", "03.11.2017") → ISO; a day
 * a scan misread as a letter ("B. juni 2017") is read as the figure it stands for.
 */
export function findFullDates(text: string): { iso: string; index: number; text: string }[] {
  const out: { iso: string; index: number; text: string }[] = [];
  const words = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2}|[BS]|\\d[OlIBS]|[lI]\\d)\\.\\s*(${MONTH})\\s+(${YEAR})(?!\\d)`, "giu");
  for (const m of text.matchAll(words)) {
    // Only capitals stand for figures: "s. 3" or "b." are abbreviations, not a misread day.
    if (/[bso]/.test(m[1]!)) continue;
    const month = monthNumber(m[2]!);
    const iso = month === null ? null : ymd(Number(m[3]), month, Number(scannedDigits(m[1]!)));
    if (iso) out.push({ iso, index: m.index, text: m[0] });
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})\\.(${YEAR})(?!\\d)`, "g"))) {
    const iso = ymd(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso) out.push({ iso, index: m.index, text: m[0] });
  }
  return out.sort((a, b) => a.index - b.index);
}
