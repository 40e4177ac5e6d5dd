// Danish time expressions as a timeline or a header writes them ("9. marts", "Jan-Marts 2022",
// "Sept./okt. 2022", "Forår 2022", "3.-4. juni", "2. halvår 2023") → ISO dates as precise as the
// source. A missing year can be supplied by the caller and is then reported as inferred.
import type { DateRangeValue } from "./types.ts";

const MONTHS: readonly [RegExp, number][] = [
  [/^jan(?:uar)?$/, 1],
  [/^feb(?:ruar)?$/, 2],
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

/** Seasons as Danish planning uses them: spring is March to May, and so on. */
const SEASONS: Readonly<Record<string, [number, number]>> = {
  forår: [3, 5],
  foråret: [3, 5],
  sommer: [6, 8],
  sommeren: [6, 8],
  efterår: [9, 11],
  efteråret: [9, 11],
  vinter: [1, 2],
  vinteren: [1, 2],
};

const MONTH_WORD = "(?:jan(?:uar)?|feb(?:ruar)?|mar(?:ts)?|apr(?:il)?|maj|juni?|juli?|aug(?:ust)?|sept?(?:ember)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const YEAR = "(?:19|20)\\d\\d";
const DAY = "(?:[12]\\d|3[01]|0?[1-9])\\.";
const SEP = "\\s*(?:-|–|/|til|og)\\s*";

/** A time expression at the start of a text, with its length; used on a table cell or a dated list item. */
export const TIME_EXPRESSION = new RegExp(
  "^(?:(?:d\\.|den)\\s+)?(?:" +
    [
      // 3.-4. juni 2022, 9. marts, 9. marts 2020
      `${DAY}(?:${SEP}${DAY})?\\s*${MONTH_WORD}(?:\\s+${YEAR})?`,
      // Jan-Marts 2022, Sept./okt. 2022, marts 2022
      `${MONTH_WORD}(?:${SEP}${MONTH_WORD})?(?:\\s+${YEAR})?`,
      // Forår 2022, efteråret 2021
      `(?:forår(?:et)?|sommer(?:en)?|efterår(?:et)?|vinter(?:en)?)(?:\\s+${YEAR})?`,
      // 2. halvår 2023, 1. kvartal 2022, Q3 2022
      `(?:[12]\\.\\s*halvår|[1-4]\\.\\s*kvartal|Q[1-4])(?:\\s+${YEAR})?`,
      // 2022
      YEAR,
    ].join("|") +
    ")(?![\\p{L}\\d])",
  "iu",
);

export interface ParsedWhen {
  /** The expression as written. */
  text: string;
  date: DateRangeValue | null;
  /** The expression names no year (and `date` used the year supplied, if any). */
  yearMissing: boolean;
}

/** Reads the time expression at the start of `text`; `year` fills in a missing year. */
export function parseWhen(text: string, year: number | null): ParsedWhen | null {
  const m = TIME_EXPRESSION.exec(text.trim());
  if (!m) return null;
  const expr = m[0].trim();
  const lower = expr.toLowerCase().replace(/^(?:d\.|den)\s+/, "");
  const yearMatch = new RegExp(`(${YEAR})\\s*$`).exec(lower);
  const explicit = yearMatch ? Number(yearMatch[1]) : null;
  const y = explicit ?? year;
  const date = y === null ? null : toRange(lower.replace(new RegExp(`\\s*${YEAR}\\s*$`), ""), y);
  return { text: expr, date, yearMissing: explicit === null };
}

function toRange(body: string, year: number): DateRangeValue | null {
  if (!body) return { from: String(year), to: String(year) };
  const season = SEASONS[body];
  if (season) return { from: ym(year, season[0]), to: ym(year, season[1]) };
  const half = /^([12])\.\s*halvår$/.exec(body);
  if (half) return half[1] === "1" ? { from: ym(year, 1), to: ym(year, 6) } : { from: ym(year, 7), to: ym(year, 12) };
  const quarter = /^(?:([1-4])\.\s*kvartal|q([1-4]))$/.exec(body);
  if (quarter) {
    const q = Number(quarter[1] ?? quarter[2]);
    return { from: ym(year, 3 * q - 2), to: ym(year, 3 * q) };
  }
  // Days: "9. marts", "3.-4. juni".
  const days = /^(\d{1,2})\.(?:\s*(?:-|–|\/|til|og)\s*(\d{1,2})\.)?\s*([\p{L}]+)\.?$/u.exec(body);
  if (days) {
    const month = monthNumber(days[3]!);
    if (month === null) return null;
    const from = ymd(year, month, Number(days[1]));
    const to = days[2] ? ymd(year, month, Number(days[2])) : from;
    return from && to ? { from, to } : null;
  }
  // Months: "marts", "jan-marts", "sept./okt.".
  const months = body.split(/\s*(?:-|–|\/|til|og)\s*/).map((part) => monthNumber(part.replace(/\.$/, "")));
  if (!months.length || months.some((mo) => mo === null) || months.length > 2) return null;
  const [first, last] = [months[0]!, months[months.length - 1]!];
  // "nov.-jan." runs into the next year.
  return { from: ym(year, first), to: ym(last < first ? year + 1 : year, last) };
}

export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  for (const [re, n] of MONTHS) if (re.test(w)) return n;
  return null;
}

function ym(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

function ymd(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${ym(year, month)}-${String(day).padStart(2, "0")}`;
}

/** A full date in running text ("1. september 2020", "3. november 2017", "03.11.2017") → ISO. */
export function findFullDates(text: string): { iso: string; index: number; text: string }[] {
  const out: { iso: string; index: number; text: string }[] = [];
  const words = new RegExp(`(\\d{1,2})\\.\\s*(${MONTH_WORD})\\s+(${YEAR})(?!\\d)`, "giu");
  for (const m of text.matchAll(words)) {
    const month = monthNumber(m[2]!);
    const iso = month === null ? null : ymd(Number(m[3]), month, Number(m[1]));
    if (iso) out.push({ iso, index: m.index, text: m[0] });
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})\\.(${YEAR})(?!\\d)`, "g"))) {
    const iso = ymd(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso) out.push({ iso, index: m.index, text: m[0] });
  }
  return out.sort((a, b) => a.index - b.index);
}
