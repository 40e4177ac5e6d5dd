// The political and administrative fora of the agreement, found by a gazetteer of their names,
// aliases and inflected forms. Matching folds Danish letters, so text whose æ ø å were lost to OCR
// ("byradet") still matches, and accepts one wrong letter in long names ("Socia1styrelsen").
import { excerpt, fold, type EvidenceDraft, type TextUnit } from "./types.ts";
import { pushAll } from "../../src/lib/arrays.ts";

interface Forum {
  name: string;
  /** Acronyms, matched as whole words in capitals. */
  acronyms?: readonly string[];
  /** Names, folded (see `fold`), each followed by any of `endings`. */
  names?: readonly string[];
  endings?: readonly string[];
  /** A forum whose name is part of this one's is not also counted where this one matched. */
  contains?: string;
}

const NOUN = ["", "et", "ene", "enes", "ets", "s"];

export const FORUMS: readonly Forum[] = [
  { name: "KKR Nordjylland", acronyms: ["KKR"], names: ["kkr nordjylland", "kommunekontaktrad nordjylland", "kommunekontaktradet nordjylland"] },
  { name: "DAS", acronyms: ["DAS"], names: ["den administrative styregruppe"] },
  { name: "FU", acronyms: ["FU"], names: ["forretningsudvalg"], endings: ["et", "ets"] },
  { name: "Socialpolitisk Dialogforum", names: ["socialpolitisk dialogforum", "socialpolitiske dialogforum"], contains: "Dialogforum" },
  { name: "Dialogforum", names: ["dialogforum"], endings: ["", "et", "s"] },
  // A kommunalbestyrelse is a byråd by its legal name; plans use either.
  { name: "byråd", names: ["byrad", "kommunalbestyrelse"], endings: ["", "et", "ene", "enes", "ets", "s", "n", "ns", "r", "rne", "rnes"] },
  { name: "regionsråd", names: ["regionsrad"], endings: NOUN },
  { name: "socialudvalg", names: ["socialudvalg"], endings: NOUN },
  { name: "fagudvalg", names: ["fagudvalg"], endings: NOUN },
  { name: "Socialstyrelsen", names: ["socialstyrelsen", "social- og boligstyrelsen"] },
  { name: "KL", acronyms: ["KL"], names: ["kommunernes landsforening"] },
  { name: "Kommunaldirektørkredsen", acronyms: ["K17"], names: ["kommunaldirektorkreds"], endings: ["", "en", "ens"] },
];

interface Hit {
  forum: Forum;
  index: number;
  length: number;
}

/** The fora a text names, canonical names, with where each stands. */
export function forumsIn(text: string): Hit[] {
  const hits: Hit[] = [];
  const folded = fold(text);
  for (const forum of FORUMS) {
    for (const acronym of forum.acronyms ?? []) {
      for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\d])${acronym}(?![\\p{Ll}\\p{Lu}\\d])`, "gu"))) hits.push({ forum, index: m.index, length: acronym.length });
    }
    for (const name of forum.names ?? []) {
      const endings = (forum.endings ?? [""]).map(escape).sort((a, b) => b.length - a.length).join("|");
      const re = new RegExp(`(?<![\\p{L}])${escape(name).replace(/ /g, "\\s+")}(?:${endings})(?![\\p{L}])`, "gu");
      for (const m of folded.matchAll(re)) hits.push({ forum, index: m.index, length: m[0].length });
      if (name.length >= 10 && !name.includes(" ")) pushAll(hits, fuzzy(folded, name, forum));
    }
  }
  // "Socialpolitisk Dialogforum" is not also a "Dialogforum"; one place counts once, by its longest name.
  const kept = hits.filter((h) => !hits.some((o) => o.forum.contains === h.forum.name && o.index <= h.index && h.index < o.index + o.length));
  const unique = new Map<string, Hit>();
  for (const h of kept.sort((a, b) => a.index - b.index || b.length - a.length)) if (!unique.has(`${h.forum.name}@${h.index}`)) unique.set(`${h.forum.name}@${h.index}`, h);
  return [...unique.values()];
}

/** One letter wrong in a long one-word name (an OCR slip the repair left). */
function fuzzy(folded: string, name: string, forum: Forum): Hit[] {
  const out: Hit[] = [];
  for (const m of folded.matchAll(/[\p{L}\d]+/gu)) {
    const word = m[0];
    if (word === name || Math.abs(word.length - name.length) > 1 || word.startsWith(name)) continue;
    if (editDistanceAtMost1(word, name)) out.push({ forum, index: m.index, length: word.length });
  }
  return out;
}

function editDistanceAtMost1(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.slice(i) === b.slice(i + 1);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface ForumsResult {
  forums: string[];
  evidence: EvidenceDraft[];
}

/** Every forum the body names, in order of first mention, with its first mention as evidence. */
export function documentForums(units: readonly TextUnit[]): ForumsResult {
  const first = new Map<string, { unit: TextUnit; hit: Hit; count: number }>();
  for (const unit of units) {
    if (unit.kind === "furniture") continue;
    for (const hit of forumsIn(unit.text)) {
      const entry = first.get(hit.forum.name);
      if (entry) entry.count++;
      else first.set(hit.forum.name, { unit, hit, count: 1 });
    }
  }
  const forums = [...first.keys()];
  const evidence = [...first.entries()].map(([name, { unit, hit, count }]) => ({
    value: name,
    page: unit.kind === "title" ? null : unit.page,
    text: excerpt(unit.text, hit.index, hit.length),
    source: unit.kind === "title" ? ("title" as const) : unit.kind === "cell" ? ("table" as const) : unit.kind === "heading" ? ("heading" as const) : ("text" as const),
    // Two-letter acronyms are the likeliest to be something else; repetition makes any surer.
    confidence: Math.min(0.95, (hit.forum.acronyms?.some((a) => a.length <= 2 && unit.text.slice(hit.index, hit.index + a.length) === a) ? 0.6 : 0.8) + 0.05 * (count - 1)),
  }));
  return { forums, evidence };
}
