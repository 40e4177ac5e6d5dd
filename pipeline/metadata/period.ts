// Agreement periods. A document names periods in many ways ("Nordjysk Socialaftale 2021-2022",
// "2023-24", "gældende for år 2023-2024", "Styringsaftale 2022"); not every one is its own: a deck
// made during 2021-2022 announces the "Ny Socialaftale for 2023-2024" and plans its "proces", and a
// web page links to "Takstbilag 2022". Each mention is weighed by where it stands and what it says
// of the period, and the file name counts only where the text does not say otherwise.
import type { YearRange } from "../../src/model/document.ts";
import { excerpt, fold, type EvidenceDraft, type TextUnit } from "./types.ts";

/** An agreement period is one to four years; a longer span ("Arkiv 2007-2022") is not a period. */
const MAX_PERIOD_YEARS = 4;

/** Words that make the period nearby the name of an agreement or a plan for one. */
const AGREEMENT = /(?:social|ramme|styrings|samarbejds|udviklings)?aftal\w*|udviklingsstrategi\w*|takstbilag\w*|aftaleperiode\w*|strategi\w*|gældende\s+for|for\s+år|periode\w*/iu;
/** Words before a period that make it a later agreement than this document's own. */
const FUTURE = /(?<![\p{L}])(?:ny|nye|nyt|kommende|næste|fremtidige)(?![\p{L}])/iu;
/** Words around a period that make it an earlier or a range of agreements, not this one. */
const PAST = /(?<![\p{L}])(?:tidligere|forrige|foregående|arkiv\p{L}*|afløser|afløste|erstatter|erstattede|efterfølger)(?![\p{L}])/iu;
/** Words that say the period is the one in force: "gældende for år 2023-2024". */
const IN_FORCE = /(?<![\p{L}])(?:gældende|gælder|denne aftale)(?![\p{L}])/iu;
/** Headings and lead-ins that plan an agreement that is not yet in force. */
const PREPARATION = /(?<![\p{L}])(?:proces|tidsplan|udarbejdelse|forberedelse)\p{L}*/iu;

export type Stance = "own" | "future" | "past";

export interface PeriodMention {
  period: YearRange;
  stance: Stance;
  unit: TextUnit;
  index: number;
  length: number;
  /** The mention names an agreement ("Socialaftale 2021-2022"), not only years. */
  named: boolean;
  /** The text says the period is in force ("gældende for år 2023-2024"). */
  inForce: boolean;
}

/** Every period named in a text, with how the text stands to it. */
export function periodsIn(unit: TextUnit): PeriodMention[] {
  const out: PeriodMention[] = [];
  const text = unit.text;
  const range = /(?<![\d-])((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)(?![\d-])/gu;
  for (const m of text.matchAll(range)) {
    const from = Number(m[1]);
    let to = Number(m[2]);
    if (m[2]!.length === 2) to = Math.floor(from / 100) * 100 + to;
    if (to <= from || to - from >= MAX_PERIOD_YEARS) continue;
    if (inLink(unit, m.index)) continue;
    out.push(mention(unit, { from, to }, m.index, m[0].length));
  }
  // A single year right after an agreement's name: "Styringsaftale 2022", "Rammeaftale for 2015".
  const single = /((?:social|ramme|styrings|udviklings)?aftale[nr]?|udviklingsstrategi(?:en)?|takstbilag(?:et)?)\s+(?:for\s+)?(?:år\s+)?((?:19|20)\d\d)(?![\d-])/giu;
  for (const m of text.matchAll(single)) {
    const yearAt = m.index + m[0].length - 4;
    if (out.some((o) => yearAt >= o.index && yearAt < o.index + o.length) || inLink(unit, m.index)) continue;
    const year = Number(m[2]);
    out.push({ ...mention(unit, { from: year, to: year }, m.index, m[0].length), named: true });
  }
  return out;
}

function mention(unit: TextUnit, period: YearRange, index: number, length: number): PeriodMention {
  const before = unit.text.slice(Math.max(0, index - 40), index);
  const phrase = before.split(/[.;:!?]/).pop() ?? "";
  const named = AGREEMENT.test(phrase) || AGREEMENT.test(unit.text.slice(index + length, index + length + 12));
  let stance: Stance = "own";
  if (FUTURE.test(phrase)) stance = "future";
  else if (PAST.test(phrase)) stance = "past";
  else if ((unit.kind === "heading" || unit.kind === "title") && PREPARATION.test(unit.text)) stance = "future";
  else if (unit.heading && PREPARATION.test(unit.heading) && unit.kind !== "heading") stance = "future";
  return { period, stance, unit, index, length, named, inForce: stance === "own" && IN_FORCE.test(phrase) };
}

function inLink(unit: TextUnit, index: number): boolean {
  return unit.linked.some(([s, e]) => index >= s && index < e);
}

const WEIGHT: Readonly<Record<TextUnit["kind"], number>> = { title: 5, heading: 2, paragraph: 1, item: 1, cell: 0.5, furniture: 0.25 };

export interface PeriodResult {
  period: YearRange | null;
  evidence: EvidenceDraft | null;
  mentions: PeriodMention[];
}

/**
 * The document's own period: the best-supported period the text names as its own. The file name
 * decides only when the text names none of its own, and only if it fits what the text does say
 * (a period before the new agreement it plans).
 */
export function documentPeriod(units: readonly TextUnit[], relPath: string): PeriodResult {
  const mentions = units.flatMap((u) => periodsIn(u));
  const scores = new Map<string, { period: YearRange; score: number; best: PeriodMention }>();
  for (const m of mentions) {
    if (m.stance !== "own") continue;
    const weight = WEIGHT[m.unit.kind] * (m.named ? 1.5 : 0.5) * (m.inForce ? 2 : 1);
    const key = `${m.period.from}-${m.period.to}`;
    const entry = scores.get(key);
    if (!entry) scores.set(key, { period: m.period, score: weight, best: m });
    else {
      entry.score += weight;
      if (WEIGHT[m.unit.kind] > WEIGHT[entry.best.unit.kind]) entry.best = m;
    }
  }
  const fromName = periodInFileName(relPath);
  if (fromName) {
    const entry = scores.get(`${fromName.from}-${fromName.to}`);
    if (entry) entry.score += 1;
  }
  const ranked = [...scores.values()].sort((a, b) => b.score - a.score || a.period.from - b.period.from);
  const top = ranked[0];
  if (top && top.score >= 0.75) {
    const total = ranked.reduce((s, r) => s + r.score, 0);
    const confidence = round(Math.min(0.95, 0.5 + 0.45 * (top.score / total) * Math.min(1, top.score / 3)));
    const m = top.best;
    return {
      period: top.period,
      evidence: { value: label(top.period), page: m.unit.kind === "title" ? null : m.unit.page, text: excerpt(m.unit.text, m.index, m.length), source: m.unit.kind === "title" ? "title" : m.unit.kind === "heading" ? "heading" : m.unit.kind === "cell" ? "table" : "text", confidence },
      mentions,
    };
  }
  if (fromName && fitsMentions(fromName, mentions)) {
    return { period: fromName, evidence: { value: label(fromName), page: null, text: relPath, source: "filename", confidence: 0.4 }, mentions };
  }
  return { period: null, evidence: null, mentions };
}

/** A period in the file's path ("slides-2021-2022-png/page-05.png", "styringsaftale_2022.pdf"). */
export function periodInFileName(relPath: string): YearRange | null {
  const name = relPath.replace(/\\/g, "/");
  const range = /(?<!\d)((?:19|20)\d\d)[-_ ]((?:19|20)?\d\d)(?!\d)/.exec(name);
  if (range) {
    const from = Number(range[1]);
    const to = range[2]!.length === 2 ? Math.floor(from / 100) * 100 + Number(range[2]) : Number(range[2]);
    if (to > from && to - from < MAX_PERIOD_YEARS) return { from, to };
  }
  const single = /(?:aftale|strategi|takstbilag)[-_ ]?((?:19|20)\d\d)(?!\d)/i.exec(fold(name));
  return single ? { from: Number(single[1]), to: Number(single[1]) } : null;
}

/** The file name's period must not be one the text calls new (or earlier than one it calls past). */
function fitsMentions(period: YearRange, mentions: readonly PeriodMention[]): boolean {
  return mentions.every((m) => {
    if (m.stance === "future") return period.to < m.period.from;
    if (m.stance === "past") return period.from > m.period.to || (m.period.to - m.period.from >= MAX_PERIOD_YEARS);
    return true;
  });
}

/** The period a section is about: named in its title, else the first agreement its text names. */
export function sectionPeriod(title: string | null, mentions: readonly PeriodMention[]): YearRange | null {
  if (title) {
    const inTitle = mentions.find((m) => m.unit.kind === "heading" && m.unit.text === title);
    if (inTitle) return inTitle.period;
  }
  return mentions.find((m) => m.named && m.stance !== "past")?.period ?? null;
}

export function label(period: YearRange): string {
  return period.from === period.to ? String(period.from) : `${period.from}-${period.to}`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
