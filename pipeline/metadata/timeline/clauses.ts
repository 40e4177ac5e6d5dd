// Timelines written as text: list items and lines with the date anywhere in them ("12. marts: DAS
// drøfter …", "KKR Nordjylland drøfter i uge 12 …", "Senest 1. oktober godkender byrådene …") and
// sentences of running text ("Den 3. maj behandler DAS udkastet. I september sendes det i høring.").
// The forum is the first the gazetteer finds in the clause; the action is the clause without the
// date and the forum.
import { findWhens, type ParsedWhen } from "../dates.ts";
import { forumsIn } from "../forums.ts";

export interface ClauseStep {
  when: string;
  forum: string | null;
  action: string;
  /** The clause as written. */
  clause: string;
}

/**
 * Words that lead into a date and mean nothing without it ("den 3. maj", "senest 1. oktober",
 * "i uge 12"): they go with the date, not the action.
 */
const LEAD_WORDS = /(?:^|\s)(?:den|d\.|i|pr\.|per|senest|inden|fra|frem\s+til|til\s+og\s+med|omkring|ca\.|i\s+løbet\s+af|i\s+lobet\s+af|fra\s+og\s+med|ved)\s*$/iu;

/**
 * A sentence of running text is a step when its date opens it (after lead words), or when it names
 * the forum that acts: otherwise a date in passing ("… som vedtaget i 2019 …") is no plan.
 */
const OPENS_WITHIN_CHARS = 3;

/** The steps a list item states: each of its clauses with a date finer than a year. */
export function itemSteps(text: string): ClauseStep[] {
  const out: ClauseStep[] = [];
  for (const clause of clauses(oneLine(text))) {
    const when = firstWhen(clause);
    if (when) out.push(step(clause, when));
  }
  return out;
}

/** The steps of a paragraph: each line that opens with a date, else each sentence that is a step. */
export function paragraphSteps(text: string): ClauseStep[] {
  const out: ClauseStep[] = [];
  for (const unit of dateLedUnits(text)) {
    for (const sentence of sentences(unit).flatMap(clauses)) {
      const when = firstWhen(sentence);
      if (!when) continue;
      const before = sentence.slice(0, when.index).replace(LEAD_WORDS, "").replace(/^[\s\p{P}]+/u, "");
      const opens = before.trim().length <= OPENS_WITHIN_CHARS;
      if (opens || forumsIn(sentence).length) out.push(step(sentence, when));
    }
  }
  return out;
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
    const joints = [...between.matchAll(/(?:[,;]\s+(?:og|hvorefter|mens|hvor)?|\s+(?:og|hvorefter)\s+)/gu)];
    const joint = joints[joints.length - 1];
    if (joint) cuts.push(from + joint.index + joint[0].length);
    from = when.index + when.text.length;
  }
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(sentence.slice(start, cut).replace(/[\s,;]*(?:og|hvorefter|mens|hvor)?\s*$/u, ""));
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
    const opens = firstWhen(t)?.index === 0;
    if (out.length && !opens) out[out.length - 1] += ` ${t}`;
    else out.push(t);
  }
  return out;
}

/** Sentences: a full stop, ! or ? before a capital or a digit, but not the dot of "3. maj". */
function sentences(text: string): string[] {
  return text
    .split(/(?<=(?<!\b\d{1,2})[.!?])\s+(?=[\p{Lu}])/u)
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

function step(clause: string, when: ParsedWhen): ClauseStep {
  let before = clause.slice(0, when.index);
  for (let m = LEAD_WORDS.exec(before); m && m[0].trim(); m = LEAD_WORDS.exec(before)) before = before.slice(0, m.index);
  const after = clause.slice(when.index + when.text.length);
  let rest = tidy(`${before.trimEnd()} ${after.trimStart()}`);
  const forum = firstForum(rest);
  // The forum that acts is the clause's subject: first, or after the verb where the date opened the
  // clause ("Den 3. maj behandler DAS …"). A forum elsewhere ("sendes til KKR") stays in the action.
  const subjectAt = forum ? subjectPosition(rest, forum.index) : false;
  if (forum && subjectAt) {
    let tail = rest.slice(forum.index + forum.length);
    // "Byrådene og regionsrådet godkender": the second forum acts too.
    const also = /^\s*(?:og|,)\s*/u.exec(tail);
    const next = also ? firstForum(tail.slice(also[0].length)) : undefined;
    if (also && next && next.index === 0) tail = tail.slice(also[0].length + next.length);
    rest = `${rest.slice(0, forum.index).trimEnd()} ${tail.trimStart()}`;
  }
  return {
    when: when.text,
    forum: forum?.forum.name ?? null,
    action: tidy(rest),
    clause,
  };
}

/** The forum stands first in the clause, or second after a one-word verb. */
function subjectPosition(text: string, index: number): boolean {
  const before = text.slice(0, index).trim();
  return before === "" || /^\p{L}+$/u.test(before);
}

/** The first forum named, by its longest name where two start at one place ("KKR Nordjylland", not "KKR"). */
function firstForum(text: string): ReturnType<typeof forumsIn>[number] | undefined {
  const hits = forumsIn(text);
  const first = hits[0];
  if (!first) return undefined;
  return hits.filter((h) => h.index === first.index).sort((a, b) => b.length - a.length)[0];
}

/** The action without the punctuation and connectors left where the date and forum stood. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\s+([,.;:])/g, "$1")
    .replace(/^[\s:–—\-,.;]+|[\s:–—\-,;]+$/gu, "")
    .replace(/\.$/, "")
    .trim();
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
