// Timelines written as text: list items and lines with the date anywhere in them ("12. marts: DAS
// drøfter …", "KKR Nordjylland drøfter i uge 12 …", "Senest 1. oktober godkender byrådene …") and
// sentences of running text ("Den 3. maj behandler DAS udkastet. I september sendes det i høring.").
// The forum is the one that acts: the clause's subject, or the agent of a passive ("godkendes i
// byrådene"), never the one a thing is sent to. The action is the clause without the date, and
// without the forum where the forum is its subject.
import { findWhens, WEEKDAY, type ParsedWhen } from "../dates.ts";
import { forumsIn } from "../forums.ts";
import { pushAll } from "../../../src/lib/arrays.ts";

export interface ClauseStep {
  when: string;
  /** The acting forum's canonical name (the gazetteer's), or null. */
  forum: string | null;
  action: string;
  /** The clause as written. */
  clause: string;
  /** The year the last of the dates joined with this one names ("3. februar og 16. juni 2023"). */
  sharedYear?: number;
  /** It states a dated act firmly enough to stand alone as a plan of one step (see statesDatedAct). */
  firm?: boolean;
}

/**
 * Words that lead into a date and mean nothing without it ("den 3. maj", "senest 1. oktober",
 * "i uge 12"): they go with the date, not the action.
 */
const LEAD_WORDS = new RegExp(
  `(?:^|\\s)(?:den|d\\.|i|pr\\.|per|senest|inden|fra|frem\\s+til|til\\s+og\\s+med|omkring|ca\\.|i\\s+løbet\\s+af|i\\s+lobet\\s+af|fra\\s+og\\s+med|ved|${WEEKDAY})\\s*$`,
  "iu",
);
/** The hour after a date goes with it ("7. september 2021 kl. 10-12", "kl. 13.00–15.00"). */
const TIME_OF_DAY = /^\s*,?\s*(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d\d)?(?:\s*[-–]\s*\d{1,2}(?:[.:]\d\d)?)?/iu;

/**
 * A sentence of running text is a step when its date opens it (after lead words), or when it names
 * a forum: otherwise a date in passing ("… som vedtaget i 2019 …") is no plan.
 */
const OPENS_WITHIN_CHARS = 3;
/**
 * In a paragraph that states this many steps plainly, its other dated clauses are steps too (the
 * "… sendes til kommunerne den 4. april" between two steps with a forum).
 */
const PLAIN_STEPS_FOR_PROSE = 2;

/** A forum after these words is where a thing goes or comes from, not who acts ("sendes til Socialstyrelsen"). */
const NOT_ACTING = /(?:^|\s)(?:til|fra|for|over\s+for|overfor|om|mod)\s*$/iu;
/**
 * The verb of a sentence that reports what was done ("som KKR Nordjylland godkendte den 13. oktober
 * 2022", "DAS drøftede … den 17. november"): a preterite, weak (-ede, -te) or one of the strong and
 * auxiliary forms the material uses. A report is background to a plan, not a step of it.
 */
const PRETERITE = /^(?:\p{L}{2,}(?:ede|te)|blev|vedtog|bad|gav|tog|fik|holdt|var|havde|har|kom|gik)$/iu;
/** Words in -te that are not verbs and stand where a verb could ("DAS næste gang …"). */
const NOT_PRETERITE = /^(?:næste|naeste|sidste|første|forste|eneste|seneste|bedste|største|storste|hele|samme)$/iu;
/**
 * An adverb and a present-tense or modal verb before a forum: the subject after an inverted verb
 * ("Derudover holder KKR Nordjylland …", "Herefter behandler DAS …", "Herefter skal byrådene …").
 */
const INVERTED = /^\p{L}+\s+(?:\p{L}+er|skal|vil|kan|må|ma|bør|bor)$/iu;
/** What joins two dates of one step ("d. 5/3 og d. 18/6", "i uge 9 og igen i uge 24", "3., 10. og 17. maj"). */
const COORDINATED = /^[\s,]*(?:og|samt|eller)?(?:\s+igen)?[\s,]*(?:den|d\.|i|senest)?\s*$/iu;
/** Where a clause of its own starts before a later date in one sentence. */
const JOINT = /(?:[,;]\s+(?:og|samt|hvorefter|mens|hvor|med)?|\s+(?:og|samt|hvorefter|med)\s+)/gu;

/** The steps a list item states: each of its clauses with a date finer than a year. */
export function itemSteps(text: string): ClauseStep[] {
  const out: ClauseStep[] = [];
  for (const line of datedLines(oneLine(text))) {
    for (const clause of clauses(line)) {
      const when = firstWhen(clause);
      if (when) pushAll(out, stepsAt(clause, when));
    }
  }
  return out;
}

/** The step a table row states in its action cell (a table without a forum column names it there). */
export function cellStep(text: string): { forum: string | null; action: string } {
  const clause = oneLine(text);
  const forum = actingForum(clause);
  return { forum: forum?.name ?? null, action: tidy(forum?.subject ? withoutForum(clause, forum) : clause) };
}

/** The steps of a paragraph: each line that opens with a date, else each sentence that is a step. */
export function paragraphSteps(text: string): ClauseStep[] {
  const found: { step: ClauseStep; plain: boolean }[] = [];
  for (const unit of dateLedUnits(text).flatMap(datedLines)) {
    for (const sentence of sentences(unit).flatMap(clauses)) {
      const when = firstWhen(sentence);
      if (!when) continue;
      const before = sentence.slice(0, when.index).replace(LEAD_WORDS, "").replace(/^[\s\p{P}]+/u, "");
      const opens = before.trim().length <= OPENS_WITHIN_CHARS;
      const firm = statesDatedAct(sentence, when);
      for (const one of stepsAt(sentence, when)) found.push({ step: firm ? { ...one, firm } : one, plain: opens || firm || forumsIn(sentence).length > 0 });
    }
  }
  const planned = found.filter((f) => !reportsPast(f.step));
  const plain = planned.filter((f) => f.plain).length;
  return planned.filter((f) => f.plain || plain >= PLAIN_STEPS_FOR_PROSE).map((f) => f.step);
}

/** A present passive ("offentliggøres", "sendes", "behandles"); not a genitive plural ("kommunernes"). */
const PRESENT_PASSIVE = /^\p{Ll}{3,}(?<!ern|en|in)es$/u;
/** A date that a citation gives ("lov nr. 123 af 3. juni 2014", "jf. brev af 1. maj 2019"). */
const CITED = /(?:\baf|\bnr\.?\s*\d+|\bjf\.?)\s*(?:den\s+|d\.\s*)?$/iu;

/**
 * A sentence that states, on a day it names with its year, what will be done ("Taksterne for 2018
 * offentliggøres på hjemmesiden den 1. december 2017"): a step even where it stands alone.
 */
function statesDatedAct(sentence: string, when: ParsedWhen): boolean {
  if (when.yearMissing || !when.date || !/^\d{4}-\d\d-\d\d$/.test(when.date.from)) return false;
  if (CITED.test(sentence.slice(0, when.index))) return false;
  const words = sentence.replace(when.text, " ").match(/\p{L}+/gu) ?? [];
  return words.some((w) => PRESENT_PASSIVE.test(w));
}

/**
 * A sentence that says what a forum did: its verb, after the acting forum or after a date that
 * opens the sentence ("Den 3. maj godkendte KKR …"), is in the past.
 */
function reportsPast(step: ClauseStep): boolean {
  const forum = actingForum(step.clause);
  const verbs: string[] = [];
  if (forum) verbs.push(firstWord(step.clause.slice(forum.index + forum.length)));
  const when = firstWhen(step.clause);
  if (when && step.clause.slice(0, when.index).replace(LEAD_WORDS, "").trim() === "") verbs.push(firstWord(step.clause.slice(when.index + when.text.length)));
  // A main clause has its verb second ("Formanden bemærkede, at KKR på mødet i marts drøftede …").
  const opening = /^\s*(\p{L}+)\s+(\p{L}+)/u.exec(step.clause);
  if (opening && !DETERMINER.test(opening[1]!)) verbs.push(opening[2]!);
  return verbs.some((w) => PRETERITE.test(w) && !NOT_PRETERITE.test(w));
}

/**
 * Words before a noun, after which a word in -te or -ede is its adjective ("Den godkendte aftale …",
 * "Nye reviderede takster …"), not a verb.
 */
const DETERMINER =
  /^(?:den|det|de|en|et|alle|hver|nogle|disse|denne|dette|vores|vor|deres|hans|hendes|sin|sit|sine|min|mit|mine|f(?:ø|o)rste|anden|andet|tredje|n(?:æ|ae)ste|sidste|samme|hele|ny|nyt|nye|(?:ø|o)vrige|enkelte|flere|mange|to|tre)$/iu;

function firstWord(text: string): string {
  return /^[\s,]*(\p{L}+)/u.exec(text)?.[1] ?? "";
}

/**
 * A text that runs dated lines together ("… sekretariatet Medio august – DAS gennemgår …", "…
 * udkast. 4. 2. maj: KKR …", as a PDF's paragraph or a list the layout did not see gives them) is
 * cut before each date that a colon or dash follows, with the list number before it.
 */
function datedLines(text: string): string[] {
  const cuts: number[] = [];
  let previousEnd = -1;
  for (const when of findWhens(text, null)) {
    const after = text.slice(when.index + when.text.length);
    // A date joined to the one before it ("11. maj og 7. september 2023") goes on its line.
    const joined = previousEnd >= 0 && COORDINATED.test(text.slice(previousEnd, when.index));
    if (!when.yearOnly) previousEnd = when.index + when.text.length;
    if (joined) continue;
    // "Høringsperiode: 1. juli – 15. august 2024 Godkendelse i byråd: …": a labelled date ends its line.
    if (!when.yearOnly && labelsDate(text.slice(0, when.index)) && /^\s+\p{Lu}/u.test(after)) {
      cuts.push(when.index + when.text.length + after.length - after.trimStart().length);
      continue;
    }
    // A dated line: the date, then ":" or a dash, or the forum that acts ("Marts 2022 KKR Nordjylland
    // Godkendelse …", a table's rows read as lines).
    const dated = /^\s*[:–—-]\s/.test(after) || forumsIn(after.trimStart()).some((hit) => hit.index === 0);
    if (when.index === 0 || !dated) continue;
    // A year inside a line belongs to a name ("Rammeaftale 2019-2020 – implementering …", an agenda item).
    if (when.yearOnly) continue;
    const before = text.slice(0, when.index);
    const number = /(?:^|\s)(\d{1,2}[.)]\s+)$/.exec(before);
    // "… udkast DAS 23/8: opfølgning": the forum just before the date opens the line with it.
    const forum = forumsIn(before).find((hit) => /^\s*$/.test(before.slice(hit.index + hit.length)) && /(?:^|\s)$/.test(before.slice(0, hit.index)));
    const at = number ? when.index - number[1]!.length : forum ? forum.index : when.index;
    // A forum that opens the line names who acts at the date after it ("KKR Nordjylland, 14. juni: …").
    const since = text.slice(cuts[cuts.length - 1] ?? 0, at);
    if (onlyForums(since)) continue;
    if (at > 0 && /\s$/.test(text.slice(0, at))) cuts.push(at);
  }
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(text.slice(start, cut));
    start = cut;
  }
  parts.push(text.slice(start));
  // A list number stays off: "4. 2. maj: …", "1. Primo marts: …", and "5. Juni–august: …" (a day
  // is followed by a month in lower case; a number before a capital is a list's, as layout.ts reads it).
  return parts
    .map((p) => p.trim())
    .map((p) => p.replace(/^\d{1,2}[.)]\s+(?=\S)/, (m) => (firstWhen(p)?.index === 0 && !/^\d{1,2}[.)]\s+\p{Lu}/u.test(p) ? m : "")))
    .filter(Boolean);
}

/** Whether the text just before `start` and just after `end` each name a forum. */
function joinsForums(text: string, start: number, end: number): boolean {
  const hits = forumsIn(text);
  return hits.some((h) => h.index + h.length === start) && hits.some((h) => h.index === end);
}

/** Whether a text names forums and nothing else (punctuation and "og" aside). */
function onlyForums(text: string): boolean {
  const hits = forumsIn(text);
  if (!hits.length) return false;
  const named = new Set(hits.flatMap((hit) => Array.from({ length: hit.length }, (_, i) => hit.index + i)));
  const rest = [...text].map((c, i) => (named.has(i) ? " " : c)).join("");
  return /^(?:[\s\p{P}]|\bog\b)*$/u.test(rest);
}

/**
 * A sentence that states two steps ("I marts drøfter DAS udkastet, og i april sendes det i høring")
 * is cut where the clause of each later date begins: at the last comma, "og" or semicolon before it.
 */
function clauses(sentence: string): string[] {
  const whens = findWhens(sentence, null).filter((w) => !w.yearOnly);
  const cuts: number[] = [];
  let from = whens[0] ? whens[0].index + whens[0].text.length : 0;
  for (const when of whens.slice(1)) {
    const between = sentence.slice(from, when.index);
    if (COORDINATED.test(between)) {
      from = when.index + when.text.length;
      continue;
    }
    // "byråd og regionsråd" joins two fora of one clause, not two clauses.
    const joints = [...between.matchAll(JOINT)].filter((j) => !joinsForums(sentence, from + j.index, from + j.index + j[0].length));
    const joint = joints[joints.length - 1];
    if (joint) cuts.push(from + joint.index + joint[0].length);
    from = when.index + when.text.length;
  }
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(sentence.slice(start, cut).replace(/[\s,;]*(?:og|samt|hvorefter|mens|hvor|med)?\s*$/u, ""));
    start = cut;
  }
  parts.push(sentence.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Lines, with those that do not open with a date run into the line before them (wrapped text). */
function dateLedUnits(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    // A line that labels its date ("Frist for indmelding: 1. marts 2024") is a unit of its own, as a
    // line that opens with one is.
    const opens = firstWhen(t)?.index === 0 || endsLabelled(t) || opensWithForum(t);
    if (out.length && !opens && !endsLabelled(out[out.length - 1]!)) out[out.length - 1] += ` ${t}`;
    else out.push(t);
  }
  return out;
}

/** Text before a date that labels it: it ends in a colon, and lead words may follow ("…: senest"). */
function labelsDate(before: string): boolean {
  let t = before;
  for (let m = LEAD_WORDS.exec(t); m && m[0].trim(); m = LEAD_WORDS.exec(t)) t = t.slice(0, m.index);
  return /\p{L}[^\n:]*:\s*$/u.test(t) && !/^\s*$/.test(t.replace(/:\s*$/, ""));
}

/** A line led by the forum it is about: "KKR Nordjylland: 3. februar og 16. juni 2023", "DAS (marts) – …". */
function opensWithForum(line: string): boolean {
  const lead = /^([^:,(–—]{1,60})\s*[:,(–—]/u.exec(line);
  return Boolean(lead && onlyForums(lead[1]!) && firstWhen(line));
}

/** A line that ends with a date its label names: "Forventet godkendelse i KKR: 14. juni 2024". */
function endsLabelled(line: string): boolean {
  const whens = findWhens(line, null).filter((w) => !w.yearOnly);
  const last = whens[whens.length - 1];
  return Boolean(last && /^[\s.]*$/.test(line.slice(last.index + last.text.length)) && labelsDate(line.slice(0, last.index)) && firstWhen(line)?.index !== 0);
}

/**
 * Sentences: a full stop, ! or ? before a capital, but not the dot of "3. maj" or of a list number.
 * A week's number ends a sentence like any word ("… i uge 38. Medio januar …").
 */
function sentences(text: string): string[] {
  return text
    .split(/(?<=(?:(?<!\b\d{1,2})|(?<=\b[Uu][Gg][Ee]\s+\d{1,2}))[.!?])\s+(?=[\p{Lu}])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The first date finer than a year; a bare year only where it opens the clause before ":" or "–". */
function firstWhen(clause: string): ParsedWhen | null {
  for (const when of findWhens(clause, null)) {
    if (!when.yearOnly) return when;
    if (when.index === 0 && /^\s*[:–-]/.test(clause.slice(when.text.length))) return when;
  }
  return null;
}

/**
 * The steps of a clause at its first date and at the dates joined to it ("KKR mødes d. 5/3 og d.
 * 18/6", "DAS holder møde i uge 9 og igen i uge 24"): one step each, with the same forum and action.
 */
function stepsAt(clause: string, first: ParsedWhen): ClauseStep[] {
  const joined: ParsedWhen[] = [];
  let end = first.index + first.text.length;
  for (const when of findWhens(clause, null)) {
    if (when.index < end || when.yearOnly) continue;
    if (!COORDINATED.test(clause.slice(end, when.index))) break;
    joined.push(when);
    end = when.index + when.text.length;
  }
  if (!joined.length) return [step(clause, first)];
  const firstEnd = first.index + first.text.length;
  const one = step(clause.slice(0, firstEnd) + clause.slice(end), first);
  const last = joined[joined.length - 1]!;
  const sharedYear = last.yearMissing || !last.date ? undefined : Number(last.date.from.slice(0, 4));
  return [first, ...joined].map((when) => ({ ...one, when: when.text, ...(sharedYear !== undefined && when.yearMissing ? { sharedYear } : {}) }));
}

/** Where a clause of its own begins in a sentence ("…, hvorefter udkastet sendes i høring den 1. maj"). */
const CLAUSE_BREAK = /(?:,\s*(?:hvorefter|hvorpå|mens|men|og|så)\s+|;\s+|\s+hvorefter\s+)/giu;
/** The label of a minutes' paragraph, no part of what is done ("Indstilling: …", "Beslutning: …"). */
const PARAGRAPH_LABEL = /^(?:indstilling|sagsfremstilling|beslutning|bem(?:æ|ae)rkning(?:er)?|baggrund|resum(?:é|e)|konklusion|opf(?:ø|o)lgning)\s*:\s*/iu;

function step(written: string, at: ParsedWhen): ClauseStep {
  // The step is the clause its date stands in: what comes before a clause break is another clause.
  const breaks = [...written.slice(0, at.index).matchAll(CLAUSE_BREAK)];
  const cut = breaks.length ? breaks[breaks.length - 1]!.index + breaks[breaks.length - 1]![0].length : 0;
  const label = PARAGRAPH_LABEL.exec(written.slice(cut))?.[0].length ?? 0;
  const clause = written.slice(cut + label);
  const when = { ...at, index: at.index - cut - label };
  let before = clause.slice(0, when.index);
  for (let m = LEAD_WORDS.exec(before); m && m[0].trim(); m = LEAD_WORDS.exec(before)) before = before.slice(0, m.index);
  const after = clause.slice(when.index + when.text.length).replace(TIME_OF_DAY, "");
  const rest = tidy(`${before.trimEnd()} ${after.trimStart()}`);
  const forum = actingForum(rest);
  return {
    when: when.text,
    forum: forum?.name ?? null,
    action: tidy(forum?.subject ? withoutForum(rest, forum) : rest),
    clause,
  };
}

interface Acting {
  name: string;
  index: number;
  length: number;
  /** It stands as the clause's subject: first, or after a one-word verb ("behandler DAS …"). */
  subject: boolean;
}

/** The first forum named that is not where a thing is sent (forumsIn gives the longest name first at one place). */
function actingForum(text: string): Acting | null {
  const hits = forumsIn(text);
  for (const hit of hits) {
    if (NOT_ACTING.test(text.slice(0, hit.index))) continue;
    const before = text.slice(0, hit.index).replace(/^[\s\p{P}\p{S}]+/u, "").trim();
    // A forum in a compound ("På DAS-mødet …") names where, not who as the subject.
    const compound = /^-\p{L}/u.test(text.slice(hit.index + hit.length));
    return { name: hit.forum.name, index: hit.index, length: hit.length, subject: !compound && (before === "" || /^\p{L}+$/u.test(before) || INVERTED.test(before)) };
  }
  return null;
}

/** The clause without its subject forum ("Byrådene og regionsrådet godkender": the second acts too). */
function withoutForum(text: string, forum: Acting): string {
  let tail = text.slice(forum.index + forum.length);
  const also = /^\s*(?:og|,)\s*/u.exec(tail);
  const next = also ? forumsIn(tail.slice(also[0].length))[0] : undefined;
  if (also && next && next.index === 0) tail = tail.slice(also[0].length + next.length);
  return `${text.slice(0, forum.index).trimEnd()} ${tail.trimStart()}`;
}

/** The action without the punctuation and connectors left where the date and forum stood. */
function tidy(text: string): string {
  return text
    .replace(/\(\s*\)/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s+([,.;:])/g, "$1")
    .replace(/^[\s:–—\-,.;→⇒>]+|[\s:–—\-,;→⇒]+$/gu, "")
    .replace(/\.$/, "")
    .trim();
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
